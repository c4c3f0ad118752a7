import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkLines, sumLines, figures, balanceKey, STOCK_STATES, type MovementLine } from './stock.ts';

test('a line that would take more than the balance is refused with the figures', () => {
  const r = checkLines([{ sku: 'A', bin: 'B1', state: 'on_hand', qty: -5 }], () => 3);
  assert.equal(r.ok, false);
  assert.equal(r.ok === false && r.code, 'INSUFFICIENT_STOCK');
  assert.match(r.ok === false ? r.message : '', /A in B1 \(on_hand\) has 3, cannot take 5/);
});

test('lines on the same key are netted before the check', () => {
  const lines: MovementLine[] = [
    { sku: 'A', bin: 'B1', state: 'on_hand', qty: -5 },
    { sku: 'A', bin: 'B1', state: 'on_hand', qty: 4 },
  ];
  assert.deepEqual(checkLines(lines, () => 1), { ok: true });
  assert.equal(checkLines(lines, () => 0).ok, false);
});

test('a zero or fractional quantity is refused', () => {
  assert.equal(checkLines([{ sku: 'A', bin: 'B', state: 'on_hand', qty: 0 }], () => 10).ok, false);
  assert.equal(checkLines([{ sku: 'A', bin: 'B', state: 'on_hand', qty: 1.5 }], () => 10).ok, false);
});

test('available is on hand less reserved and held', () => {
  assert.deepEqual(figures({ on_hand: 10, reserved: 3, held: 2 }), { on_hand: 10, reserved: 3, held: 2, in_transit: 0, available: 5 });
});

test('summing lines is independent of their order and drops zero balances', () => {
  const line = fc.record({
    sku: fc.constantFrom('A', 'B'),
    bin: fc.constantFrom('X', 'Y'),
    state: fc.constantFrom(...STOCK_STATES),
    qty: fc.integer({ min: -5, max: 5 }).filter((q) => q !== 0),
  });
  fc.assert(
    fc.property(fc.array(line, { maxLength: 40 }), fc.func(fc.integer()), (lines, rnd) => {
      const shuffled = [...lines].sort((a, b) => rnd(a) - rnd(b));
      const a = sumLines(lines);
      const b = sumLines(shuffled);
      assert.deepEqual(new Map([...a].sort()), new Map([...b].sort()));
      for (const v of a.values()) assert.notEqual(v.qty, 0);
      for (const l of lines) {
        const total = lines.filter((m) => balanceKey(m) === balanceKey(l)).reduce((s, m) => s + m.qty, 0);
        assert.equal(a.get(balanceKey(l))?.qty ?? 0, total);
      }
    }),
  );
});
