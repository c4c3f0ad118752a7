import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertSplitInvariant } from './split-invariant.ts';
import { ToledoContinuousParser, toledoChecksum, encodeToledoFrame, decodeToledoFrame } from './toledo-continuous.ts';


const SWA_2DP = 0x2c; // 0010 1100: bit5 always 1, bits 3-4 = 01 (increment x1), bits 0-2 = 4 (XXXX.XX)
const SWB_KG = 0x30; // bit5 always 1, bit4 kg
const SWC = 0x20; // bit5 always 1

test('the checksum is the 7-bit two\'s complement of the 7-bit sum, worked by hand', () => {
  // STX 02, SWA 2C, SWB 30, SWC 20, "001234" (30 30 31 32 33 34), "000000" (6 x 30), CR 0D
  const frame = [0x02, 0x2c, 0x30, 0x20, 0x30, 0x30, 0x31, 0x32, 0x33, 0x34, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x0d];
  // status: 02+2C+30+20 = 0x7E (126); weight 30+30+31+32+33+34 = 0x12A (298); tare 6 x 30 = 0x120 (288); CR 0x0D (13)
  // total = 725 = 0x2D5; low 7 bits = 0x55 (85); two's complement in 7 bits = 0x80 - 0x55 = 0x2B (43)
  assert.equal(toledoChecksum(frame), 0x2b);
  const sum = frame.reduce((a, b) => a + (b & 0x7f), 0) + 0x2b;
  assert.equal(sum & 0x7f, 0);
});

test('a frame with two decimals in kg reads 12.34 kg, stable, gross', () => {
  const f = encodeToledoFrame({ swa: SWA_2DP, swb: SWB_KG, swc: SWC, weight: 1234, tare: 0 });
  assert.equal(f[17], 0x2b);
  const p = new ToledoContinuousParser();
  assert.deepEqual(p.push(f), [{ kind: 'weight', value: 12.34, unit: 'kg', grams: 12340, stable: true, net: false }]);
  assert.equal(p.stats.frames, 1);
});

test('decimal point codes cover x100, x10, x1 and 0.1 .. 0.00001', () => {
  const expect: Array<[number, number]> = [[0, 123400], [1, 12340], [2, 1234], [3, 123.4], [4, 12.34], [5, 1.234], [6, 0.1234], [7, 0.01234]];
  for (const [code, value] of expect) {
    const d = decodeToledoFrame(encodeToledoFrame({ swa: 0x28 | code, swb: SWB_KG, swc: SWC, weight: 1234, tare: 0 }));
    assert.equal(d?.weight, value, `code ${code}`);
  }
});

test('negative, motion, net with tare, lb and grams are read from the status bits', () => {
  const p = new ToledoContinuousParser();
  // SWB: net (bit0) + negative (bit1) + motion (bit3), lb (bit4 clear)
  const r1 = p.push(encodeToledoFrame({ swa: SWA_2DP, swb: 0x20 | 0x01 | 0x02 | 0x08, swc: SWC, weight: 150, tare: 500 }));
  assert.deepEqual(r1, [{ kind: 'weight', value: -1.5, unit: 'lb', grams: -680.389, stable: false, net: true, tare: 5 }]);
  // SWC bit0: grams
  const r2 = p.push(encodeToledoFrame({ swa: 0x2a, swb: 0x20, swc: 0x21, weight: 250, tare: 0 }));
  assert.deepEqual(r2, [{ kind: 'weight', value: 250, unit: 'g', grams: 250, stable: true, net: false }]);
});

test('out of range is overload, or underload when negative; power-up is busy', () => {
  const p = new ToledoContinuousParser();
  const over = p.push(encodeToledoFrame({ swa: SWA_2DP, swb: SWB_KG | 0x04, swc: SWC, weight: 0, tare: 0 }));
  assert.equal(over[0]?.kind === 'status' && over[0].status, 'overload');
  const under = p.push(encodeToledoFrame({ swa: SWA_2DP, swb: SWB_KG | 0x04 | 0x02, swc: SWC, weight: 0, tare: 0 }));
  assert.equal(under[0]?.kind === 'status' && under[0].status, 'underload');
  const power = p.push(encodeToledoFrame({ swa: SWA_2DP, swb: SWB_KG | 0x40, swc: SWC, weight: 0, tare: 0 }));
  assert.equal(power[0]?.kind === 'status' && power[0].status, 'busy');
});

test('parity bits (bit 7) are ignored', () => {
  const f = encodeToledoFrame({ swa: SWA_2DP, swb: SWB_KG, swc: SWC, weight: 1234, tare: 0 });
  const withParity = f.map((b, i) => (i === 1 || i === 5 ? b | 0x80 : b));
  assert.equal(new ToledoContinuousParser().push(withParity)[0]?.kind, 'weight');
});

test('a bad checksum is counted and skipped, garbage is skipped, and the stream resynchronises', () => {
  const good = encodeToledoFrame({ swa: SWA_2DP, swb: SWB_KG, swc: SWC, weight: 1234, tare: 0 });
  const corrupt = good.slice();
  corrupt[17] = (corrupt[17] as number) ^ 0x01;
  const truncated = good.slice(0, 9); // a frame cut short, then a new frame starts
  const stream = Uint8Array.from([0x41, 0x42, 0x0d, ...corrupt, ...truncated, ...good, 0x00, 0xff, ...good]);
  const p = new ToledoContinuousParser();
  const r = p.push(stream);
  assert.equal(r.length, 2);
  assert.equal(p.stats.badChecksums, 1);
  assert.ok((p.stats.badFrames ?? 0) >= 1);
  assert.ok((p.stats.discardedBytes ?? 0) > 0);
  assertSplitInvariant(() => new ToledoContinuousParser(), stream);
});

test('frames without the checksum byte are read when configured', () => {
  const f = encodeToledoFrame({ swa: SWA_2DP, swb: SWB_KG, swc: SWC, weight: 1, tare: 0 }, { checksum: false });
  assert.equal(f.length, 17);
  const readings = assertSplitInvariant(() => new ToledoContinuousParser({ checksum: false }), Uint8Array.from([...f, ...f]));
  assert.equal(readings.length, 2);
});

test('a stream of frames gives the same readings however it is split', () => {
  const frames = [1234, 1240, 1250].map((w, i) => encodeToledoFrame({ swa: SWA_2DP, swb: SWB_KG | (i === 0 ? 0x08 : 0), swc: SWC, weight: w, tare: 0 }));
  const stream = Uint8Array.from(frames.flatMap((f) => [...f]));
  assert.equal(assertSplitInvariant(() => new ToledoContinuousParser(), stream).length, 3);
});

test('property: any valid frame round-trips; random bytes never throw', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 999999 }), fc.integer({ min: 0, max: 999999 }), fc.boolean(), (dp, w, t, kg) => {
      const f = encodeToledoFrame({ swa: 0x28 | dp, swb: 0x20 | (kg ? 0x10 : 0), swc: SWC, weight: w, tare: t });
      const r = new ToledoContinuousParser().push(f);
      assert.equal(r.length, 1);
      assert.equal(r[0]?.kind, 'weight');
    }),
  );
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => { new ToledoContinuousParser().push(b); }));
});
