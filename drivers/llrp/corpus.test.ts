import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeMessage } from './decode.ts';
import { encodeMessage } from './encode.ts';
import { decodeStream, encodeJson } from './tool.ts';
import { generate } from './gen/generate.ts';
import type { LlrpMessage, LlrpParameter } from './types.ts';
import { readCorpus, splitFrames } from './test-support.ts';

const CORPORA = [
  { name: 'dx101_a', frames: 934 },
  { name: 'dx101_b', frames: 24 },
  { name: 'dx101_c', frames: 11 },
] as const;

for (const { name, frames: count } of CORPORA) {
  test(`every frame of ${name} decodes and re-encodes to the same bytes (${count} frames)`, () => {
    const frames = splitFrames(readCorpus(name));
    assert.equal(frames.length, count);
    for (const [i, frame] of frames.entries()) {
      const msg = decodeMessage(frame, { onWarning: (w) => assert.fail(`frame ${i}: ${w.message}`) });
      const again = encodeMessage(msg);
      assert.ok(again.equals(frame), `frame ${i} (${msg.type}) re-encodes differently`);
    }
  });

  test(`${name} round-trips through JSON text (decodeStream -> JSON lines -> encodeJson)`, () => {
    const bytes = readCorpus(name);
    const lines = [...decodeStream(bytes)].map((o) => JSON.stringify(o));
    assert.equal(lines.length, count);
    const back = encodeJson(lines.map((l) => JSON.parse(l) as unknown));
    assert.ok(back.equals(bytes));
  });
}

function byType(frames: Buffer[], type: string): LlrpMessage[] {
  return frames.map((f) => decodeMessage(f)).filter((m) => m.type === type);
}

test('dx101_a values match the LTK decoding (dx101_a.xml)', () => {
  const frames = splitFrames(readCorpus('dx101_a'));
  const first = decodeMessage(frames[0]!);
  // <READER_EVENT_NOTIFICATION MessageID='0'> ... <Microseconds>2007-03-07T17:01:18.714842Z</Microseconds>
  assert.equal(first.type, 'READER_EVENT_NOTIFICATION');
  assert.equal(first.id, 0);
  const data = first['ReaderEventNotificationData'] as LlrpParameter;
  const ts = data['Timestamp'] as LlrpParameter;
  assert.equal(ts.type, 'UTCTimestamp');
  assert.equal(ts['Microseconds'], BigInt(Date.parse('2007-03-07T17:01:18.714Z')) * 1000n + 842n);
  // <ConnectionAttemptEvent><Status>Success</Status>: an enumeration by name.
  assert.deepEqual(data['ConnectionAttemptEvent'], { type: 'ConnectionAttemptEvent', Status: 'Success' });

  // <SET_READER_CONFIG MessageID='101'><ResetToFactoryDefault>true</...>
  const second = decodeMessage(frames[1]!);
  assert.deepEqual(second, { type: 'SET_READER_CONFIG', typeNum: 3, id: 101, version: 1, ResetToFactoryDefault: true });

  // <ADD_ROSPEC MessageID='103'><ROSpec><ROSpecID>1</ROSpecID>...<CurrentState>Disabled</CurrentState>
  const add = byType(frames, 'ADD_ROSPEC')[0]!;
  assert.equal(add.id, 103);
  const rospec = add['ROSpec'] as LlrpParameter;
  assert.equal(rospec['ROSpecID'], 1);
  assert.equal(rospec['CurrentState'], 'Disabled');
  const start = (rospec['ROBoundarySpec'] as LlrpParameter)['ROSpecStartTrigger'] as LlrpParameter;
  assert.equal(start['ROSpecStartTriggerType'], 'GPI');
  const ai = (rospec['SpecParameter'] as LlrpParameter[])[0]!;
  assert.equal(ai.type, 'AISpec');
  assert.deepEqual(ai['AntennaIDs'], [2]);

  // <StatusCode>M_Success</StatusCode>
  const resp = byType(frames, 'SET_READER_CONFIG_RESPONSE')[0]!;
  assert.deepEqual(resp['LLRPStatus'], { type: 'LLRPStatus', StatusCode: 'M_Success', ErrorDescription: '' });

  // <EPC_96><EPC>300833B2DDD9CAFEBABE801E</EPC> ... <ROSpecID>1</ROSpecID>
  const tags = byType(frames, 'RO_ACCESS_REPORT').flatMap((m) => (m['TagReportData'] as LlrpParameter[] | undefined) ?? []);
  const tag = tags.find((t) => (t['EPCParameter'] as LlrpParameter)['EPC'] === '300833b2ddd9cafebabe801e');
  assert.ok(tag, 'EPC 300833B2DDD9CAFEBABE801E is reported');
  assert.equal((tag['EPCParameter'] as LlrpParameter).type, 'EPC_96');
  assert.deepEqual(tag['ROSpecID'], { type: 'ROSpecID', ROSpecID: 1 });
});

test('dx101_b values match the LTK decoding (dx101_b.xml)', () => {
  const frames = splitFrames(readCorpus('dx101_b'));
  // <RO_ACCESS_REPORT MessageID='0'><TagReportData><EPCData><EPC Count='1'>54</EPC>
  const m0 = decodeMessage(frames[0]!);
  const t0 = (m0['TagReportData'] as LlrpParameter[])[0]!;
  assert.deepEqual(t0['EPCParameter'], { type: 'EPCData', EPC: '54', EPCBitCount: 1 });
  // MessageID='1': ROSpecID 1837236224, SpecIndex 65470, AntennaID 25838, TagCount 8610,
  // PC_Bits 21316, CRC 11786, FirstSeenTimestampUTC 2007-10-02T13:54:58.000000Z
  const t1 = (decodeMessage(frames[1]!)['TagReportData'] as LlrpParameter[])[0]!;
  assert.equal((t1['ROSpecID'] as LlrpParameter)['ROSpecID'], 1837236224);
  assert.equal((t1['SpecIndex'] as LlrpParameter)['SpecIndex'], 65470);
  assert.equal((t1['AntennaID'] as LlrpParameter)['AntennaID'], 25838);
  assert.equal((t1['TagSeenCount'] as LlrpParameter)['TagCount'], 8610);
  assert.equal((t1['FirstSeenTimestampUTC'] as LlrpParameter)['Microseconds'], BigInt(Date.parse('2007-10-02T13:54:58Z')) * 1000n);
  assert.deepEqual(t1['AirProtocolTagData'], [{ type: 'C1G2_PC', PC_Bits: 21316 }, { type: 'C1G2_CRC', CRC: 11786 }]);
});

test('dx101_c holds a frame over 1.4 MB that round-trips', () => {
  const frames = splitFrames(readCorpus('dx101_c'));
  const big = frames.reduce((a, b) => (b.length > a.length ? b : a));
  assert.ok(big.length > 1_400_000);
  const msg = decodeMessage(big);
  assert.equal(msg.type, 'RO_ACCESS_REPORT');
  assert.equal((msg['TagReportData'] as unknown[]).length, 10_000);
  assert.ok(encodeMessage(msg).equals(big));
});

test('the checked-in definitions table is what the generator makes of llrp-1x0-def.xml', () => {
  const xml = readFileSync(fileURLToPath(new URL('../../../shared/reference/llrp/llrp-1x0-def.xml', import.meta.url)), 'utf8');
  const checkedIn = readFileSync(fileURLToPath(new URL('./llrp-defs.generated.ts', import.meta.url)), 'utf8');
  const fresh = generate(xml);
  assert.ok(fresh.startsWith('// Generated from llrp-1x0-def.xml of the LLRP Toolkit (LTK), Copyright 2007 Impinj, Inc., Apache License 2.0'));
  assert.equal(fresh, checkedIn);
});
