import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createZonePresence, ingestZoneBatch, settleDue, zoneOf } from './zone-presence.ts';

const S = 1_000_000;
const EPC = '30740242201d8840000fe632';
const seen = (reader: string, t: number, count = 2) => ({ reader, reads: [{ epc: EPC, antenna: 1, rssi: -55, firstSeenUs: t, lastSeenUs: t, count }] });

function state() {
  return createZonePresence({ 'res-reader': 'RES-1', 'pick-reader': 'PICK-A' }, { settleMs: 30_000, minReads: 3 });
}

test('a tag first settles as located, then moving to another zone is one transfer', () => {
  const s = state();
  for (let t = 0; t <= 40; t += 10) ingestZoneBatch(s, seen('res-reader', t * S));
  assert.deepEqual(settleDue(s, 40 * S), [{ kind: 'located', epc: EPC, zone: 'RES-1', atUs: 30 * S }]);
  // The pallet is moved to the pick face: seen there for a minute, no longer in reserve.
  for (let t = 100; t <= 160; t += 10) ingestZoneBatch(s, seen('pick-reader', t * S));
  assert.deepEqual(settleDue(s, 160 * S), [{ kind: 'transfer', epc: EPC, from: 'RES-1', to: 'PICK-A', atUs: 130 * S }]);
  assert.equal(zoneOf(s, EPC), 'PICK-A');
  assert.deepEqual(settleDue(s, 200 * S), [], 'settled once');
});

test('a cross-read from another zone while the tag stays put moves nothing', () => {
  const s = state();
  for (let t = 0; t <= 40; t += 10) ingestZoneBatch(s, seen('res-reader', t * S));
  settleDue(s, 40 * S);
  for (let t = 50; t <= 200; t += 10) {
    ingestZoneBatch(s, seen('res-reader', t * S));
    if (t % 50 === 0) ingestZoneBatch(s, seen('pick-reader', t * S, 5));
    assert.deepEqual(settleDue(s, t * S), []);
  }
  assert.equal(zoneOf(s, EPC), 'RES-1');
});

test('too few reads, or too short a stay, do not settle', () => {
  const s = state();
  ingestZoneBatch(s, seen('pick-reader', 0, 1));
  ingestZoneBatch(s, seen('pick-reader', 40 * S, 1));
  assert.deepEqual(settleDue(s, 41 * S), []);
  const t = state();
  ingestZoneBatch(t, seen('pick-reader', 0, 10));
  ingestZoneBatch(t, seen('pick-reader', 5 * S, 10));
  assert.deepEqual(settleDue(t, 60 * S), []);
});
