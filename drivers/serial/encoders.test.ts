import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeCasFrame, parseCasLine } from './cas.ts';
import { formatMtSicsWeight, parseMtSicsLine } from './mt-sics.ts';

const latin1 = (b: Uint8Array) => String.fromCharCode(...b);

test('an MT-SICS weight reply as the simulator sends it reads back', () => {
  const line = formatMtSicsWeight('S', 'S', 100, 'g', 2);
  assert.equal(line, 'S S     100.00 g\r\n');
  assert.deepEqual(parseMtSicsLine(line.trimEnd()), { kind: 'weight', value: 100, unit: 'g', grams: 100, stable: true });
  assert.deepEqual(parseMtSicsLine(formatMtSicsWeight('S', 'D', -12.5, 'g', 1).trimEnd()), { kind: 'weight', value: -12.5, unit: 'g', grams: -12.5, stable: false });
});

test('a CAS frame as the simulator sends it is 22 bytes and reads back', () => {
  const f = encodeCasFrame({ state: 'US', mode: 'NT', lamps: { tare: true }, value: -1.25, decimals: 3, unit: 'kg' });
  assert.equal(f.length, 22);
  assert.equal(latin1(f.subarray(9)), '-001.250 kg\r\n');
  const r = parseCasLine(latin1(f.subarray(0, 20)));
  assert.ok(r.ok);
  assert.deepEqual(r.reading, { kind: 'weight', value: -1.25, unit: 'kg', grams: -1250, stable: false, net: true });
  assert.equal(r.lamps?.tare, true);
});
