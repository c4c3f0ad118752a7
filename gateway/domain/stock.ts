/**
 * Stock arithmetic, pure. A movement is a set of signed lines on (sku, bin, state); balances
 * are the running sum of lines; the ledger is the truth and balances can always be rebuilt.
 *
 * States (DESIGN §6): on_hand, reserved (locked by orders), held (QC / hold), in_transit.
 * available = on_hand - reserved - held, derived, never stored.
 */

export const STOCK_STATES = ['on_hand', 'reserved', 'held', 'in_transit'] as const;
export type StockState = (typeof STOCK_STATES)[number];

export const MOVEMENT_TYPES = ['initial', 'adjustment', 'receipt', 'issue', 'transfer', 'reserve', 'release', 'hold', 'release-hold'] as const;
export type MovementType = (typeof MOVEMENT_TYPES)[number];

export const ADJUSTMENT_REASONS = ['count-correction', 'damaged', 'found', 'lost', 'expired', 'sample', 'other'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

export interface MovementLine {
  sku: string;
  bin: string;
  state: StockState;
  /** Signed quantity in units; never 0 */
  qty: number;
}

export interface BalanceKey {
  sku: string;
  bin: string;
  state: StockState;
}

export const balanceKey = (k: BalanceKey): string => `${k.sku}\u0000${k.bin}\u0000${k.state}`;

export type StockCheck =
  | { ok: true }
  | { ok: false; code: 'INSUFFICIENT_STOCK'; message: string; line: MovementLine; balance: number }
  | { ok: false; code: 'ZERO_QUANTITY'; message: string; line: MovementLine };

/**
 * Would these lines leave every touched balance >= 0? `balanceOf` returns the current
 * balance; lines on the same key are summed first, so a transfer within one bin is fine.
 */
export function checkLines(lines: readonly MovementLine[], balanceOf: (k: BalanceKey) => number): StockCheck {
  const net = new Map<string, { line: MovementLine; qty: number }>();
  for (const line of lines) {
    if (!Number.isInteger(line.qty) || line.qty === 0) {
      return { ok: false, code: 'ZERO_QUANTITY', message: `quantity of ${line.sku} in ${line.bin} must be a non-zero whole number`, line };
    }
    const key = balanceKey(line);
    const entry = net.get(key);
    if (entry) entry.qty += line.qty;
    else net.set(key, { line, qty: line.qty });
  }
  for (const { line, qty } of net.values()) {
    if (qty >= 0) continue;
    const balance = balanceOf(line);
    if (balance + qty < 0) {
      return {
        ok: false,
        code: 'INSUFFICIENT_STOCK',
        message: `${line.sku} in ${line.bin} (${line.state}) has ${balance}, cannot take ${-qty}`,
        line,
        balance,
      };
    }
  }
  return { ok: true };
}

/** Sum lines into balances (rebuild from the ledger); zero balances are dropped. */
export function sumLines(lines: Iterable<MovementLine>): Map<string, BalanceKey & { qty: number }> {
  const out = new Map<string, BalanceKey & { qty: number }>();
  for (const l of lines) {
    const key = balanceKey(l);
    const b = out.get(key);
    if (b) b.qty += l.qty;
    else out.set(key, { sku: l.sku, bin: l.bin, state: l.state, qty: l.qty });
  }
  for (const [k, b] of out) if (b.qty === 0) out.delete(k);
  return out;
}

export interface StockFigures {
  on_hand: number;
  reserved: number;
  held: number;
  in_transit: number;
  available: number;
}

export function figures(byState: Partial<Record<StockState, number>>): StockFigures {
  const on_hand = byState.on_hand ?? 0;
  const reserved = byState.reserved ?? 0;
  const held = byState.held ?? 0;
  return { on_hand, reserved, held, in_transit: byState.in_transit ?? 0, available: on_hand - reserved - held };
}
