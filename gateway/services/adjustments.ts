/**
 * Manual stock adjustments (admin): one ledger movement and one `stock.adjusted` outbox
 * event in one transaction. Idempotent by id: a retried request with the same id and the
 * same content returns the first result; the same id with other content is refused.
 */
import { z } from 'zod';
import { GatewayError } from '../errors.ts';
import { ADJUSTMENT_REASONS, figures, type StockFigures, type StockState } from '../domain/stock.ts';
import type { Movement, OutboxEvent, Store } from '../store/store.ts';
import { binExists, productExists } from '../store/master.sqlite.ts';

export const AdjustmentBody = z.strictObject({
  id: z
    .string()
    .min(8)
    .max(100)
    .regex(/^[A-Za-z0-9_.:-]+$/, 'id may hold letters, digits and _ . : -')
    .optional()
    .describe('Idempotency key chosen by the caller (a UUID is best); a retry with the same id is applied once'),
  sku: z.string().min(1).max(64),
  bin: z.string().min(1).max(64),
  qty: z
    .number()
    .int('qty must be a whole number of units')
    .min(-1_000_000)
    .max(1_000_000)
    .refine((q) => q !== 0, 'qty must not be 0')
    .describe('Signed change in units: positive adds stock, negative removes it'),
  state: z.enum(['on_hand', 'held']).default('on_hand').describe('on_hand (default) or held (QC / hold stock)'),
  reason: z.enum(ADJUSTMENT_REASONS).describe(ADJUSTMENT_REASONS.join(', ')),
  note: z.string().max(500).optional(),
  occurred_at: z.iso.datetime({ offset: true }).optional().describe('When it happened; default now'),
});
export type AdjustmentInput = z.output<typeof AdjustmentBody>;

export interface AdjustmentResult {
  replayed: boolean;
  movement: Movement;
  balance: { sku: string; bin: string } & StockFigures;
  event: { id: string; seq: number; type: string } | null;
}

export const ADJUSTED_EVENT = 'stock.adjusted';

export function adjustStock(store: Store, input: AdjustmentInput, actor: string): AdjustmentResult {
  return store.transact((tx) => {
    if (input.id !== undefined) {
      const existing = store.movementById(input.id);
      if (existing) return replay(store, existing, input);
    }
    if (!productExists(store, input.sku)) throw new GatewayError('UNKNOWN_SKU', `no product with sku '${input.sku}' (download products or add it to the seed)`);
    const bin = binExists(store, input.bin);
    if (!bin) throw new GatewayError('UNKNOWN_BIN', `no bin '${input.bin}' in the site config`);
    const movement = tx.move({
      ...(input.id !== undefined ? { id: input.id } : {}),
      type: 'adjustment',
      ...(input.occurred_at !== undefined ? { occurredAt: new Date(input.occurred_at).toISOString() } : {}),
      reason: input.reason,
      ...(input.note !== undefined ? { note: input.note } : {}),
      actor,
      source: 'api',
      lines: [{ sku: input.sku, bin: input.bin, state: input.state, qty: input.qty }],
    });
    const balance = balanceOf(store, input.sku, input.bin);
    const event: OutboxEvent = tx.emit({
      // The event that reports a movement carries the movement's id: one stable key end to end.
      id: movement.id,
      type: ADJUSTED_EVENT,
      occurredAt: movement.occurred_at,
      data: {
        movement_id: movement.id,
        movement_seq: movement.seq,
        sku: input.sku,
        bin: input.bin,
        zone: bin.zone,
        state: input.state,
        qty: input.qty,
        reason: input.reason,
        note: input.note ?? null,
        actor,
        balance_after: balance,
      },
    });
    return { replayed: false, movement, balance: { sku: input.sku, bin: input.bin, ...balance }, event: { id: event.id, seq: event.seq, type: event.type } };
  });
}

function balanceOf(store: Store, sku: string, bin: string): StockFigures {
  const byState: Partial<Record<StockState, number>> = {};
  for (const state of ['on_hand', 'reserved', 'held', 'in_transit'] as const) byState[state] = store.balanceOf({ sku, bin, state });
  return figures(byState);
}

function replay(store: Store, existing: Movement, input: AdjustmentInput): AdjustmentResult {
  const line = existing.lines[0];
  const same =
    existing.type === 'adjustment' &&
    existing.lines.length === 1 &&
    line !== undefined &&
    line.sku === input.sku &&
    line.bin === input.bin &&
    line.state === input.state &&
    line.qty === input.qty &&
    existing.reason === input.reason;
  if (!same) {
    throw new GatewayError('IDEMPOTENCY_CONFLICT', `id '${existing.id}' was already used for a different movement; use a new id for a new adjustment`);
  }
  const event = store.db.prepare('SELECT id, seq, type FROM outbox WHERE id = ?').get(existing.id) as
    | { id: string; seq: number; type: string }
    | undefined;
  return { replayed: true, movement: existing, balance: { sku: input.sku, bin: input.bin, ...balanceOf(store, input.sku, input.bin) }, event: event ?? null };
}
