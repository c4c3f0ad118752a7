import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertSplitInvariant, latin1 } from './split-invariant.ts';
import { CasParser, parseCasLine } from './cas.ts';



// Lamp byte: bit7 1 + bit6 stable + bit2 gross = 0xC4
const LAMP_STABLE_GROSS = String.fromCharCode(0xc4);
const frame = (state: string, mode: string, weight: string, unit = 'kg', lamp = LAMP_STABLE_GROSS) => `${state},${mode},1${lamp},${weight} ${unit}\r\n`;

test('a CAS 22-byte stable gross frame is a stable weight', () => {
  const f = frame('ST', 'GS', '+00013.5');
  assert.equal(f.length, 22);
  const r = parseCasLine(f.slice(0, 20));
  assert.ok(r.ok);
  assert.deepEqual(r.reading, { kind: 'weight', value: 13.5, unit: 'kg', grams: 13500, stable: true, net: false });
  assert.equal(r.format, 'cas22');
  assert.equal(r.deviceId, '1');
  assert.deepEqual(r.lamps, { stable: true, hold: false, printer: false, gross: true, tare: false, zero: false });
});

test('unstable, net, negative, overload and tonnes are read', () => {
  const us = parseCasLine(frame('US', 'NT', '-0001.25').slice(0, 20));
  assert.ok(us.ok);
  assert.deepEqual(us.reading, { kind: 'weight', value: -1.25, unit: 'kg', grams: -1250, stable: false, net: true });
  const ol = parseCasLine(frame('OL', 'GS', '        ').slice(0, 20));
  assert.ok(ol.ok);
  assert.equal(ol.reading.kind === 'status' && ol.reading.status, 'overload');
  const t = parseCasLine(frame('ST', 'GS', '  1.2500', ' t').slice(0, 20));
  assert.ok(t.ok);
  assert.equal(t.reading.kind === 'weight' && t.reading.grams, 1_250_000);
});

test('the 18-byte AND format is read too', () => {
  const r = parseCasLine('ST,GS,+0012.50kg');
  assert.ok(r.ok);
  assert.equal(r.format, 'and18');
  assert.equal(r.reading.kind === 'weight' && r.reading.value, 12.5);
});

test('malformed frames are errors naming the problem', () => {
  for (const bad of ['ST,GS,1', 'XX,GS,1\u00c4,+00013.5 kg', 'ST,XX,1\u00c4,+00013.5 kg', 'ST,GS,1\u00c4,+0001x.5 kg', 'ST,GS,1\u00c4,+00013.5 zz']) {
    const r = parseCasLine(bad);
    assert.equal(r.ok, false, bad);
    assert.equal(!r.ok && r.code, 'CAS_BAD_FRAME');
  }
});

test('a stream with garbage and a broken frame resynchronises and counts', () => {
  const stream = latin1(`\x00\x13GARB${frame('ST', 'GS', '+00013.5')}ST,GS,1\r\n${frame('US', 'GS', '+00013.6')}${frame('ST', 'NT', '+00000.0')}`);
  const p = new CasParser();
  const r = p.push(stream);
  assert.equal(r.length, 3);
  assert.equal(p.stats.badFrames, 1);
  assert.equal(assertSplitInvariant(() => new CasParser(), stream).length, 3);
});

test('property: random bytes never throw', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => { new CasParser().push(b); }));
});
