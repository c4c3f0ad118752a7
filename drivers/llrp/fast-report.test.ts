import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeMessage } from './decode.ts';
import { encodeMessage } from './encode.ts';
import { LlrpError } from './errors.ts';
import { TagReadBatch, decodeTagReport, encodeTagReport, tagReadsFromMessage, type TagReportInput } from './fast-report.ts';
import { hex, readCorpus, splitFrames } from './test-support.ts';

function fast(frame: Buffer, offset?: number) {
  const batch = new TagReadBatch(2); // small, so growing is exercised
  decodeTagReport(frame, batch);
  return batch.toReads(offset);
}

/** The generic object for the same read (what encodeMessage takes). */
function genericTag(r: TagReportInput): Record<string, unknown> {
  const epc = typeof r.epc === 'string' ? r.epc : r.epc.toString('hex');
  const t: Record<string, unknown> = { EPCParameter: epc.length === 24 ? { type: 'EPC_96', EPC: epc } : { type: 'EPCData', EPC: epc } };
  if (r.antenna !== undefined) t.AntennaID = { AntennaID: r.antenna };
  if (r.rssi !== undefined) t.PeakRSSI = { PeakRSSI: r.rssi };
  if (r.firstSeenUs !== undefined) t[r.uptime ? 'FirstSeenTimestampUptime' : 'FirstSeenTimestampUTC'] = { Microseconds: BigInt(r.firstSeenUs) };
  if (r.lastSeenUs !== undefined) t[r.uptime ? 'LastSeenTimestampUptime' : 'LastSeenTimestampUTC'] = { Microseconds: BigInt(r.lastSeenUs) };
  if (r.seenCount !== undefined) t.TagSeenCount = { TagCount: r.seenCount };
  const custom = [];
  if (r.impinjRssi !== undefined) custom.push({ type: 'ImpinjPeakRSSI', RSSI: r.impinjRssi });
  if (r.phase !== undefined) custom.push({ type: 'ImpinjRFPhaseAngle', PhaseAngle: r.phase });
  if (r.doppler !== undefined) custom.push({ type: 'ImpinjRFDopplerFrequency', DopplerFrequency: r.doppler });
  if (custom.length > 0) t.Custom = custom;
  return t;
}

test('one 43-byte tag read, field by field, from the fast encoder and the generic one', () => {
  const bytes = hex(`
    04 3d 00 00 00 35 00 00 00 07  # RO_ACCESS_REPORT (61), length 53, id 7
    00 f0 00 2b                    # TagReportData (TLV 240), length 43
    8d 3034257bf7194e4000001a85    #   EPC_96 (TV 13): 12 bytes
    81 00 03                       #   AntennaID (TV 1): 3
    86 d6                          #   PeakRSSI (TV 6): s8 -42 dBm
    82 00060a2e4d1f5c00            #   FirstSeenTimestampUTC (TV 2): u64 µs
    84 00060a2e4d20f3c8            #   LastSeenTimestampUTC (TV 4): u64 µs
    88 00 05                       #   TagSeenCount (TV 8): 5
  `);
  const read: TagReportInput = { epc: '3034257bf7194e4000001a85', antenna: 3, rssi: -42, firstSeenUs: 0x00060a2e4d1f5c00, lastSeenUs: 0x00060a2e4d20f3c8, seenCount: 5 };
  assert.deepEqual(encodeTagReport(7, [read]), bytes);
  assert.deepEqual(encodeMessage({ type: 'RO_ACCESS_REPORT', id: 7, TagReportData: [genericTag(read)] }), bytes);
  assert.deepEqual(fast(bytes), [{ epc: '3034257bf7194e4000001a85', antenna: 3, rssi: -42, firstSeenUs: 0x00060a2e4d1f5c00, lastSeenUs: 0x00060a2e4d20f3c8, seenCount: 5 }]);
});

test('every RO_ACCESS_REPORT of the dx101 corpora gives the same reads on the fast path as on the generic one', () => {
  let reports = 0;
  let tags = 0;
  for (const name of ['dx101_a', 'dx101_b', 'dx101_c'] as const) {
    for (const frame of splitFrames(readCorpus(name))) {
      if (frame.readUInt16BE(0) !== ((1 << 10) | 61)) continue;
      const expected = tagReadsFromMessage(decodeMessage(frame), 1000);
      assert.deepEqual(fast(frame, 1000), expected);
      reports++;
      tags += expected.length;
    }
  }
  assert.ok(reports >= 24 && tags > 1000, `${reports} reports, ${tags} tags`);
});

const u64 = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const tagInput: fc.Arbitrary<TagReportInput> = fc.record(
  {
    epc: fc.oneof(fc.uint8Array({ minLength: 12, maxLength: 12 }), fc.uint8Array({ minLength: 0, maxLength: 62 })).map((b) => Buffer.from(b).toString('hex')),
    antenna: fc.integer({ min: 0, max: 0xffff }),
    rssi: fc.integer({ min: -128, max: 127 }),
    impinjRssi: fc.integer({ min: -0x8000, max: 0x7fff }),
    firstSeenUs: u64,
    lastSeenUs: u64,
    uptime: fc.boolean(),
    seenCount: fc.integer({ min: 0, max: 0xffff }),
    phase: fc.integer({ min: 0, max: 4095 }),
    doppler: fc.integer({ min: -0x8000, max: 0x7fff }),
  },
  { requiredKeys: ['epc'] },
);

test('random reports: the fast encoder matches the generic encoder and the fast decoder matches the generic decoder', () => {
  fc.assert(
    fc.property(fc.array(tagInput, { maxLength: 20 }), fc.integer({ min: 0, max: 0xffffffff }), (reads, id) => {
      const frame = encodeTagReport(id, reads);
      assert.deepEqual(frame, encodeMessage({ type: 'RO_ACCESS_REPORT', id, TagReportData: reads.map(genericTag) }));
      assert.deepEqual(fast(frame, 5), tagReadsFromMessage(decodeMessage(frame), 5));
    }),
    { numRuns: 1500 },
  );
});

test('mutated reports: the fast decoder throws only LlrpError, and decodes the same reads wherever the generic decoder succeeds', () => {
  const seeds = [
    ...splitFrames(readCorpus('dx101_b')).filter((f) => f.length < 4000),
    encodeTagReport(1, [{ epc: '3034257bf7194e4000001a85', antenna: 1, rssi: -50, impinjRssi: -5012, phase: 9, doppler: -2, firstSeenUs: 5, lastSeenUs: 9, seenCount: 2 }, { epc: 'abcd', antenna: 2 }]),
  ];
  const mutated = fc
    .tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'cut', 'insert')), { minLength: 1, maxLength: 4 }), fc.boolean())
    .map(([frame, edits, fixLength]) => {
      let b = Buffer.from(frame);
      for (const [at, v, op] of edits) {
        const i = at % b.length;
        if (op === 'set') b[i] = v;
        else if (op === 'cut') b = Buffer.concat([b.subarray(0, i), b.subarray(i + 1)]);
        else b = Buffer.concat([b.subarray(0, i), Buffer.from([v]), b.subarray(i)]);
      }
      if (fixLength && b.length >= 10) b.writeUInt32BE(b.length, 2);
      return b;
    });
  fc.assert(
    fc.property(mutated, (frame) => {
      let generic;
      try {
        const m = decodeMessage(frame, { onWarning: () => {} });
        generic = m.type === 'RO_ACCESS_REPORT' ? tagReadsFromMessage(m, 0) : undefined;
      } catch (e) {
        assert.ok(e instanceof LlrpError);
      }
      let got;
      try {
        got = fast(frame, 0);
      } catch (e) {
        assert.ok(e instanceof LlrpError, String(e));
        assert.equal(generic, undefined, `the generic decoder read this frame: ${(e as Error).message}`);
        return;
      }
      if (generic !== undefined) assert.deepEqual(got, generic);
    }),
    { numRuns: 5000 },
  );
});

test('a report with a bad length or a truncated parameter names the message and the byte offset', () => {
  const good = encodeTagReport(9, [{ epc: '3034257bf7194e4000001a85', antenna: 1 }]);
  const cut = Buffer.from(good.subarray(0, good.length - 1));
  cut.writeUInt32BE(cut.length, 2);
  assert.throws(() => fast(cut), (e: LlrpError) => e.code === 'LLRP_TRUNCATED' && /RO_ACCESS_REPORT id 9: .* at byte \d+/.test(e.message) && typeof e.offset === 'number');
  const wrongLength = Buffer.from(good);
  wrongLength.writeUInt32BE(good.length + 3, 2);
  assert.throws(() => fast(wrongLength), (e: LlrpError) => e.code === 'LLRP_BAD_FRAME' && e.offset === 2);
});
