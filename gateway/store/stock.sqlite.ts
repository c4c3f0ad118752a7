/**
 * Stock reads and the ledger -> balances rebuild.
 */
import { figures, sumLines, balanceKey, type MovementLine, type StockFigures, type StockState } from '../domain/stock.ts';
import type { Movement, Store } from './store.ts';

export interface StockQuery {
  sku?: string;
  bin?: string;
  zone?: string;
  state?: StockState;
  limit?: number;
  offset?: number;
}

export interface StockRow extends StockFigures {
  sku: string;
  product: string | null;
  bin: string;
  zone: string | null;
  zone_kind: string | null;
  pick_seq: number | null;
}

/** Balances per (sku, bin) with every state and the derived available, in pick-path order. */
export function queryStock(store: Store, q: StockQuery): { items: StockRow[]; total: number } {
  const where: string[] = [];
  const args: Record<string, unknown> = {};
  if (q.sku !== undefined) (where.push('b.sku = @sku'), (args.sku = q.sku));
  if (q.bin !== undefined) (where.push('b.bin_id = @bin'), (args.bin = q.bin));
  if (q.zone !== undefined) (where.push('bins.zone_id = @zone'), (args.zone = q.zone));
  // A state filter keeps the (sku, bin) pairs that hold some stock in that state.
  const having = q.state !== undefined ? `HAVING SUM(CASE WHEN b.state = @state THEN b.qty ELSE 0 END) > 0` : '';
  if (q.state !== undefined) args.state = q.state;
  const sql = `
    SELECT b.sku, p.name AS product, b.bin_id AS bin, bins.zone_id AS zone, zones.kind AS zone_kind, bins.pick_seq,
           SUM(CASE WHEN b.state = 'on_hand' THEN b.qty ELSE 0 END) AS on_hand,
           SUM(CASE WHEN b.state = 'reserved' THEN b.qty ELSE 0 END) AS reserved,
           SUM(CASE WHEN b.state = 'held' THEN b.qty ELSE 0 END) AS held,
           SUM(CASE WHEN b.state = 'in_transit' THEN b.qty ELSE 0 END) AS in_transit
    FROM stock_balances b
    LEFT JOIN products p ON p.sku = b.sku
    LEFT JOIN bins ON bins.id = b.bin_id
    LEFT JOIN zones ON zones.id = bins.zone_id
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    GROUP BY b.sku, b.bin_id
    ${having}`;
  const total = store.db.prepare(`SELECT COUNT(*) FROM (${sql})`).pluck().get(args) as number;
  const rows = store.db
    .prepare(`${sql} ORDER BY bins.pick_seq, b.bin_id, b.sku LIMIT @limit OFFSET @offset`)
    .all({ ...args, limit: q.limit ?? 500, offset: q.offset ?? 0 }) as (Omit<StockRow, 'available'> & StockFigures)[];
  return { items: rows.map((r) => ({ ...r, ...figures(r) })), total };
}

export interface MovementQuery {
  sku?: string;
  bin?: string;
  type?: string;
  /** Movements with seq greater than this (a cursor for incremental reads) */
  after?: number;
  limit?: number;
}

export function queryMovements(store: Store, q: MovementQuery): { items: Movement[]; next_after: number | null } {
  const where: string[] = ['m.seq > @after'];
  const args: Record<string, unknown> = { after: q.after ?? 0, limit: q.limit ?? 100 };
  if (q.type !== undefined) (where.push('m.type = @type'), (args.type = q.type));
  if (q.sku !== undefined || q.bin !== undefined) {
    const cond: string[] = [];
    if (q.sku !== undefined) (cond.push('l.sku = @sku'), (args.sku = q.sku));
    if (q.bin !== undefined) (cond.push('l.bin_id = @bin'), (args.bin = q.bin));
    where.push(`EXISTS (SELECT 1 FROM movement_lines l WHERE l.movement_seq = m.seq AND ${cond.join(' AND ')})`);
  }
  const rows = store.db.prepare(`SELECT m.* FROM movements m WHERE ${where.join(' AND ')} ORDER BY m.seq LIMIT @limit`).all(args) as Record<
    string,
    unknown
  >[];
  const items = rows.map((r) => store.movementOf(r));
  const limit = args.limit as number;
  return { items, next_after: items.length === limit ? (items.at(-1)?.seq ?? null) : null };
}

export interface BalanceDiff {
  sku: string;
  bin: string;
  state: StockState;
  live: number;
  ledger: number;
}

/** Balances as the ledger says they are (sum of every movement line). */
export function ledgerBalances(store: Store) {
  const lines = store.db.prepare('SELECT sku, bin_id AS bin, state, qty FROM movement_lines').iterate() as Iterable<MovementLine>;
  return sumLines(lines);
}

/** Differences between the live balances table and the ledger; empty when they agree. */
export function diffBalances(store: Store): BalanceDiff[] {
  const ledger = ledgerBalances(store);
  const live = store.db.prepare('SELECT sku, bin_id AS bin, state, qty FROM stock_balances').all() as (MovementLine & { qty: number })[];
  const diffs: BalanceDiff[] = [];
  const seen = new Set<string>();
  for (const row of live) {
    const key = balanceKey(row);
    seen.add(key);
    const l = ledger.get(key)?.qty ?? 0;
    if (l !== row.qty) diffs.push({ sku: row.sku, bin: row.bin, state: row.state, live: row.qty, ledger: l });
  }
  for (const [key, b] of ledger) if (!seen.has(key)) diffs.push({ sku: b.sku, bin: b.bin, state: b.state, live: 0, ledger: b.qty });
  return diffs;
}

/** Replace the balances table with the ledger's sums, in one transaction. Returns what changed. */
export function rebuildBalances(store: Store): { diffs: BalanceDiff[]; rows: number } {
  return store.transact((tx) => {
    const diffs = diffBalances(store);
    const ledger = ledgerBalances(store);
    const now = new Date().toISOString();
    tx.db.prepare('DELETE FROM stock_balances').run();
    const ins = tx.db.prepare('INSERT INTO stock_balances (sku, bin_id, state, qty, updated_at) VALUES (?, ?, ?, ?, ?)');
    for (const b of ledger.values()) ins.run(b.sku, b.bin, b.state, b.qty, now);
    return { diffs, rows: ledger.size };
  });
}
