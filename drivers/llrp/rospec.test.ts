import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMessage } from './decode.ts';
import { encodeMessage } from './encode.ts';
import { parseReaderProfile } from './reader-profile.ts';
import { addRoSpecMessage, addWriteEpcAccessSpec, pickPowerLevel, readerConfigMessage, type ReaderCapabilities } from './rospec.ts';

const table = [10, 20, 30, 31.5].map((dbm, i) => ({ index: i + 1, dbm }));
const caps = (impinj: boolean): ReaderCapabilities => ({ manufacturer: impinj ? 25882 : 161, model: 1, firmware: '1', maxAntennas: 4, utcClock: true, powerTable: table, hopTableId: 1, impinj });

test('transmit power maps to the highest table entry not above the asked dBm; none asked is the maximum', () => {
  assert.equal(pickPowerLevel(table, 30)?.index, 3);
  assert.equal(pickPowerLevel(table, 29.9)?.index, 2);
  assert.equal(pickPowerLevel(table, 5)?.index, 1, 'below the table: its lowest entry');
  assert.equal(pickPowerLevel(table, undefined)?.index, 4);
  assert.equal(pickPowerLevel([], 30), undefined);
});

test('the ROSpec from a profile: antennas, power index, session, population, Impinj search mode and report selector', () => {
  const profile = parseReaderProfile({ antennas: [1, 3], transmitPowerDbm: 30, session: 2, tagPopulation: 64, searchMode: 'single-target', reportEveryTags: 10, reportPhase: true });
  const m = decodeMessage(encodeMessage(addRoSpecMessage(5, profile, caps(true))));
  const ro = m.ROSpec as Record<string, any>;
  const ai = ro.SpecParameter[0];
  assert.deepEqual(ai.AntennaIDs, [1, 3]);
  const ac = ai.InventoryParameterSpec[0].AntennaConfiguration;
  assert.deepEqual(ac.map((a: any) => [a.AntennaID, a.RFTransmitter.TransmitPower]), [[1, 3], [3, 3]]);
  const cmd = ac[0].AirProtocolInventoryCommandSettings[0];
  assert.deepEqual([cmd.C1G2SingulationControl.Session, cmd.C1G2SingulationControl.TagPopulation], [2, 64]);
  assert.deepEqual(cmd.Custom, [{ type: 'ImpinjInventorySearchMode', InventorySearchMode: 'Single_Target' }]);
  assert.equal(ro.ROReportSpec.N, 10);
  assert.equal(ro.ROReportSpec.Custom[0].type, 'ImpinjTagReportContentSelector');
  assert.ok(ro.ROReportSpec.Custom[0].ImpinjEnableRFPhaseAngle);
  const generic = decodeMessage(encodeMessage(addRoSpecMessage(5, profile, caps(false)))).ROSpec as Record<string, any>;
  assert.equal(generic.ROReportSpec.Custom, undefined, 'no Impinj extensions for other vendors');
  assert.equal(generic.SpecParameter[0].InventoryParameterSpec[0].AntennaConfiguration[0].AirProtocolInventoryCommandSettings[0].Custom, undefined);
});

test('SET_READER_CONFIG carries the keepalive period; the write AccessSpec targets the current EPC and writes from word 2', () => {
  const cfg = decodeMessage(encodeMessage(readerConfigMessage(1, parseReaderProfile({ keepaliveMs: 1234 }))));
  assert.deepEqual(cfg.KeepaliveSpec, { type: 'KeepaliveSpec', KeepaliveTriggerType: 'Periodic', PeriodicTriggerValue: 1234 });
  const a = decodeMessage(encodeMessage(addWriteEpcAccessSpec(2, 100, 100, '3034000000000000000000aa', '3034000000000000000000bb'))).AccessSpec as Record<string, any>;
  assert.deepEqual(a.AccessCommand.AirProtocolTagSpec.C1G2TargetTag[0], { type: 'C1G2TargetTag', MB: 1, Match: true, Pointer: 32, TagMask: 'ffffffffffffffffffffffff', TagData: '3034000000000000000000aa' });
  assert.deepEqual(a.AccessCommand.AccessCommandOpSpec[0], { type: 'C1G2Write', OpSpecID: 100, AccessPassword: 0, MB: 1, WordPointer: 2, WriteData: '3034000000000000000000bb' });
  assert.equal(a.AccessSpecStopTrigger.OperationCountValue, 1);
});

test('a bad profile is refused with the key and what is wrong; the shipped defaults are complete', () => {
  assert.throws(() => parseReaderProfile({ antennas: [] }), /antennas: expected a non-empty list/);
  assert.throws(() => parseReaderProfile({ session: 4 }), /session: expected an integer in 0\.\.3, got 4/);
  assert.throws(() => parseReaderProfile({ searchMode: 'fast' }), /searchMode: expected one of/);
  assert.throws(() => parseReaderProfile({ reportEveryTags: 0, reportEveryMs: 0 }), /would never report/);
  assert.throws(() => parseReaderProfile({ protocol: 'serial' }), /protocol: expected 'llrp'/);
  const p = parseReaderProfile({});
  assert.deepEqual([p.antennas, p.session, p.reportEveryMs, p.keepaliveMs, p.missedKeepalives, p.reconnect.maxMs], [[1], 1, 250, 5000, 3, 30000]);
});
