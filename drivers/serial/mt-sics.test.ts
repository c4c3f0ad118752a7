import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertSplitInvariant } from './split-invariant.ts';
import { MtSicsParser, parseMtSicsLine, buildMtSicsCommand } from './mt-sics.ts';

const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));


test('a stable S reply is a stable weight in grams', () => {
  assert.deepEqual(parseMtSicsLine('S S     100.00 g'), { kind: 'weight', value: 100, unit: 'g', grams: 100, stable: true });
});

test('a dynamic SI reply is an unstable weight, negative values and kg/lb convert', () => {
  assert.deepEqual(parseMtSicsLine('S D      -1.235 kg'), { kind: 'weight', value: -1.235, unit: 'kg', grams: -1235, stable: false });
  assert.deepEqual(parseMtSicsLine('S S       2.50 lb'), { kind: 'weight', value: 2.5, unit: 'lb', grams: 1133.981, stable: true });
});

test('busy, overload and underload replies are statuses', () => {
  assert.equal((parseMtSicsLine('S I') as { status: string }).status, 'busy');
  assert.equal((parseMtSicsLine('S +') as { status: string }).status, 'overload');
  assert.equal((parseMtSicsLine('S -') as { status: string }).status, 'underload');
  assert.equal((parseMtSicsLine('T I') as { status: string }).status, 'busy');
  assert.equal((parseMtSicsLine('Z +') as { status: string }).status, 'overload');
});

test('ES, ET and EL are errors with a readable detail', () => {
  for (const [line, word] of [['ES', 'syntax'], ['ET', 'transmission'], ['EL', 'logical']] as const) {
    const r = parseMtSicsLine(line);
    assert.equal(r?.kind === 'status' && r.status, 'error');
    assert.match(r?.kind === 'status' ? r.detail : '', new RegExp(word));
  }
});

test('a tare reply is net zero with the tare, and Z A is zero', () => {
  assert.deepEqual(parseMtSicsLine('T S     100.00 g'), { kind: 'weight', value: 0, unit: 'g', grams: 0, stable: true, net: true, tare: 100 });
  assert.deepEqual(parseMtSicsLine('Z A'), { kind: 'status', status: 'zero', detail: 'zero set (Z A)' });
});

test('other replies are not readings and are counted', () => {
  assert.equal(parseMtSicsLine('I4 A "B021002593"'), undefined);
  const p = new MtSicsParser();
  assert.deepEqual(p.push(bytes('I4 A "B021002593"\r\n')), []);
  assert.equal(p.stats.unrecognised, 1);
});

test('an unknown unit is an error reading, not a throw', () => {
  assert.equal((parseMtSicsLine('S S 1.0 furlong') as { status: string }).status, 'error');
});

test('a stream of replies gives the same readings however it is split', () => {
  const stream = bytes('S S     100.00 g\r\nS D      99.98 g\r\nS I\r\nT S      12.00 g\r\nZ A\r\nES\r\nS +\r\nS -\r\n');
  const readings = assertSplitInvariant(() => new MtSicsParser(), stream);
  assert.equal(readings.length, 8);
});

test('an overlong line is dropped and counted, the next reply still parses', () => {
  const p = new MtSicsParser({ maxLineLength: 32 });
  const r = p.push(bytes(`${'X'.repeat(100)}\r\nS S 1.00 g\r\n`));
  assert.equal(r.length, 1);
  assert.equal(p.stats.overlong, 1);
});

test('command builders end in CR LF', () => {
  assert.deepEqual([...buildMtSicsCommand('S')], [0x53, 0x0d, 0x0a]);
  assert.equal(Buffer.from(buildMtSicsCommand('SI')).toString('latin1'), 'SI\r\n');
  assert.equal(Buffer.from(buildMtSicsCommand('T')).toString('latin1'), 'T\r\n');
  assert.equal(Buffer.from(buildMtSicsCommand('Z')).toString('latin1'), 'Z\r\n');
});

test('property: random bytes never throw', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => { new MtSicsParser().push(b); }));
});
