import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeCrossing, newTally, reconcile, type DoorSession } from './door-session.ts';

const shipment: DoorSession = {
  id: 'sess-1',
  door: 'door-3',
  kind: 'outbound',
  refs: ['SO-100', 'SO-101'],
  lines: [
    { lineId: 'SO-100/1', sku: 'CARTON', expected: 40 },
    { lineId: 'SO-101/1', sku: 'CARTON', expected: 21 },
    { lineId: 'SO-101/2', sku: 'MUG', expected: 2 },
  ],
};
const epc = (i: number) => `3074257bf7194e40000${i.toString(16).padStart(5, '0')}`;

test('a pallet of 60 cartons against a manifest of 61: one missing, nothing else moved', () => {
  const tally = newTally();
  for (let i = 0; i < 60; i++) assert.equal(judgeCrossing(shipment, tally, { epc: epc(i), direction: 'outbound', sku: 'CARTON' }).verdict, 'counted');
  for (let i = 0; i < 2; i++) judgeCrossing(shipment, tally, { epc: epc(100 + i), direction: 'outbound', sku: 'MUG' });
  const r = reconcile(shipment, tally);
  assert.deepEqual(
    r.lines.map((l) => [l.lineId, l.expected, l.seen, l.missing, l.extra]),
    [
      ['SO-100/1', 40, 40, 0, 0],
      ['SO-101/1', 21, 20, 1, 0],
      ['SO-101/2', 2, 2, 0, 0],
    ],
  );
  assert.equal(r.complete, false);
  assert.deepEqual([r.foreign, r.unknown, r.wrongDirection, r.unexpected.length], [0, 0, 0, 0]);
});

test('a tag crossing twice counts once', () => {
  const tally = newTally();
  judgeCrossing(shipment, tally, { epc: epc(1), direction: 'outbound', sku: 'MUG' });
  assert.deepEqual(judgeCrossing(shipment, tally, { epc: epc(1), direction: 'outbound', sku: 'MUG' }), { verdict: 'already-counted', lineId: 'SO-101/2' });
  assert.equal(reconcile(shipment, tally).lines[2]?.seen, 1);
});

test('extra, foreign, unknown and wrong-direction items are exceptions and counted apart', () => {
  const tally = newTally();
  judgeCrossing(shipment, tally, { epc: epc(1), direction: 'outbound', sku: 'MUG' });
  judgeCrossing(shipment, tally, { epc: epc(2), direction: 'outbound', sku: 'MUG' });
  assert.deepEqual(judgeCrossing(shipment, tally, { epc: epc(3), direction: 'outbound', sku: 'MUG' }), { verdict: 'extra', sku: 'MUG', lineId: 'SO-101/2' });
  assert.deepEqual(judgeCrossing(shipment, tally, { epc: epc(4), direction: 'outbound', sku: 'SOUP', otherSession: 'sess-door4' }), { verdict: 'foreign', sku: 'SOUP', session: 'sess-door4' });
  assert.deepEqual(judgeCrossing(shipment, tally, { epc: epc(5), direction: 'outbound', sku: 'BACKPACK' }), { verdict: 'extra', sku: 'BACKPACK' });
  assert.deepEqual(judgeCrossing(shipment, tally, { epc: epc(6), direction: 'outbound', sku: undefined }), { verdict: 'unknown' });
  assert.deepEqual(judgeCrossing(shipment, tally, { epc: epc(7), direction: 'inbound', sku: 'CARTON' }), { verdict: 'wrong-direction', expected: 'outbound', got: 'inbound' });
  const r = reconcile(shipment, tally);
  assert.deepEqual(r.lines[2], { lineId: 'SO-101/2', sku: 'MUG', expected: 2, seen: 2, missing: 0, extra: 1 });
  assert.deepEqual(r.unexpected, [{ sku: 'BACKPACK', count: 1 }]);
  assert.deepEqual([r.foreign, r.unknown, r.wrongDirection], [1, 1, 1]);
});

test('an inbound ASN counts inbound crossings; a transit of unknown direction still counts', () => {
  const asn: DoorSession = { id: 's2', door: 'door-4', kind: 'inbound', refs: ['ASN-7'], lines: [{ lineId: 'ASN-7/1', sku: 'SOUP', expected: 2 }] };
  const tally = newTally();
  assert.equal(judgeCrossing(asn, tally, { epc: epc(1), direction: 'inbound', sku: 'SOUP' }).verdict, 'counted');
  assert.equal(judgeCrossing(asn, tally, { epc: epc(2), direction: 'unknown', sku: 'SOUP' }).verdict, 'counted');
  assert.equal(judgeCrossing(asn, tally, { epc: epc(3), direction: 'outbound', sku: 'SOUP' }).verdict, 'wrong-direction');
  assert.equal(reconcile(asn, tally).complete, true);
});
