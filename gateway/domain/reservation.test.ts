import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { planReservation, type BinStock } from './reservation.ts';

const stock: Record<string, BinStock[]> = {
  A: [
    { bin: 'R1', pick_seq: 1, zone_kind: 'reserve', available: 100 },
    { bin: 'P2', pick_seq: 20, zone_kind: 'pick', available: 3 },
    { bin: 'P1', pick_seq: 10, zone_kind: 'pick', available: 2 },
    { bin: 'Q1', pick_seq: 0, zone_kind: 'qc', available: 50 },
  ],
  B: [{ bin: 'P1', pick_seq: 10, zone_kind: 'pick', available: 1 }],
};
const of = (sku: string) => stock[sku] ?? [];

test('an order is reserved from pick faces in pick-path order, then from reserve locations', () => {
  const plan = planReservation([{ sku: 'A', qty: 7 }], of);
  assert.deepEqual(plan, {
    ok: true,
    lines: [
      { sku: 'A', bin: 'P1', qty: 2 },
      { sku: 'A', bin: 'P2', qty: 3 },
      { sku: 'A', bin: 'R1', qty: 2 },
    ],
  });
});

test('lines of the same sku are added up before planning', () => {
  const plan = planReservation([{ sku: 'A', qty: 1 }, { sku: 'A', qty: 1 }], of);
  assert.deepEqual(plan, { ok: true, lines: [{ sku: 'A', bin: 'P1', qty: 2 }] });
});

test('an order that cannot be fully covered gets no plan, only its shortfall; QC stock never counts', () => {
  const plan = planReservation([{ sku: 'A', qty: 1 }, { sku: 'B', qty: 2 }, { sku: 'C', qty: 1 }], of);
  assert.deepEqual(plan, {
    ok: false,
    shortfall: [
      { sku: 'B', wanted: 2, available: 1 },
      { sku: 'C', wanted: 1, available: 0 },
    ],
  });
});

test('a plan never takes more than a bin has available and always covers the order exactly', () => {
  const binArb = fc.record({ bin: fc.constantFrom('a', 'b', 'c', 'd'), pick_seq: fc.nat(50), zone_kind: fc.constantFrom('pick', 'reserve', 'hold', 'fast-mover'), available: fc.integer({ min: -3, max: 20 }) });
  fc.assert(
    fc.property(fc.uniqueArray(binArb, { selector: (b) => b.bin }), fc.integer({ min: 1, max: 60 }), (bins, qty) => {
      const plan = planReservation([{ sku: 'X', qty }], () => bins);
      const usable = bins.filter((b) => b.available > 0 && b.zone_kind !== 'hold').reduce((n, b) => n + b.available, 0);
      if (!plan.ok) return usable < qty;
      const total = plan.lines.reduce((n, l) => n + l.qty, 0);
      return total === qty && plan.lines.every((l) => l.qty > 0 && l.qty <= (bins.find((b) => b.bin === l.bin)?.available ?? 0));
    }),
  );
});
