/**
 * Print jobs, waybill numbers and counters (migration 3). Plain functions over the store's
 * database; the print service calls the writing ones inside Store.transact.
 */
import type { Db } from './db.ts';

export type PrintJobState = 'queued' | 'sending' | 'sent' | 'printed' | 'failed';
export const OPEN_STATES: readonly PrintJobState[] = ['queued', 'sending', 'sent'];

export interface PrintJobRow {
  seq: number;
  id: string;
  order_ref: string;
  parcel: number;
  reprint_of: string | null;
  carrier: string;
  waybill: string;
  station: string | null;
  assignment: string;
  shipment: string;
  state: PrintJobState;
  printer_id: string | null;
  printer_ref: string | null;
  attempts: number;
  moves: number;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  printed_at: string | null;
}

export function insertPrintJob(db: Db, row: Omit<PrintJobRow, 'seq' | 'attempts' | 'moves' | 'printer_ref' | 'last_error' | 'printed_at'>): PrintJobRow {
  return db
    .prepare(
      `INSERT INTO print_jobs (id, order_ref, parcel, reprint_of, carrier, waybill, station, assignment, shipment, state, printer_id, created_at, updated_at)
       VALUES (@id, @order_ref, @parcel, @reprint_of, @carrier, @waybill, @station, @assignment, @shipment, @state, @printer_id, @created_at, @updated_at)
       RETURNING *`,
    )
    .get(row) as PrintJobRow;
}

export function printJobById(db: Db, id: string): PrintJobRow | undefined {
  return db.prepare('SELECT * FROM print_jobs WHERE id = ?').get(id) as PrintJobRow | undefined;
}

export function originalJob(db: Db, orderRef: string, parcel: number): PrintJobRow | undefined {
  return db.prepare('SELECT * FROM print_jobs WHERE order_ref = ? AND parcel = ? AND reprint_of IS NULL').get(orderRef, parcel) as PrintJobRow | undefined;
}

export interface PrintJobFilter {
  state?: PrintJobState | undefined;
  order_ref?: string | undefined;
  waybill?: string | undefined;
  printer?: string | undefined;
  after: number;
  limit: number;
}

export function listPrintJobs(db: Db, f: PrintJobFilter): PrintJobRow[] {
  const where = ['seq > @after'];
  if (f.state) where.push('state = @state');
  if (f.order_ref) where.push('order_ref = @order_ref');
  if (f.waybill) where.push('waybill = @waybill');
  if (f.printer) where.push('printer_id = @printer');
  return db
    .prepare(`SELECT * FROM print_jobs WHERE ${where.join(' AND ')} ORDER BY seq LIMIT @limit`)
    .all({ after: f.after, limit: f.limit, state: f.state ?? null, order_ref: f.order_ref ?? null, waybill: f.waybill ?? null, printer: f.printer ?? null }) as PrintJobRow[];
}

/** Open jobs (queued, sending, sent) per printer: the "how busy" of routing. */
export function openLoad(db: Db): Map<string, number> {
  const rows = db
    .prepare(`SELECT printer_id AS p, COUNT(*) AS n FROM print_jobs WHERE state IN ('queued','sending','sent') AND printer_id IS NOT NULL GROUP BY printer_id`)
    .all() as { p: string; n: number }[];
  return new Map(rows.map((r) => [r.p, r.n]));
}

export function openCounts(db: Db): { printer: string | null; state: PrintJobState; n: number }[] {
  return db
    .prepare(`SELECT printer_id AS printer, state, COUNT(*) AS n FROM print_jobs WHERE state IN ('queued','sending','sent') GROUP BY printer_id, state`)
    .all() as { printer: string | null; state: PrintJobState; n: number }[];
}

export function jobsOf(db: Db, printerId: string, state: PrintJobState, limit = 100): PrintJobRow[] {
  return db.prepare('SELECT * FROM print_jobs WHERE printer_id = ? AND state = ? ORDER BY seq LIMIT ?').all(printerId, state, limit) as PrintJobRow[];
}

export function unassignedJobs(db: Db, limit = 1000): PrintJobRow[] {
  return db.prepare("SELECT * FROM print_jobs WHERE printer_id IS NULL AND state = 'queued' ORDER BY seq LIMIT ?").all(limit) as PrintJobRow[];
}

/**
 * Move a job from one state to another, guarded by the state (and printer) it is expected
 * in: returns false when someone else moved it first, so no transition happens twice.
 */
export function transition(
  db: Db,
  id: string,
  from: { state: PrintJobState; printer?: string | null },
  to: Partial<Pick<PrintJobRow, 'state' | 'printer_id' | 'printer_ref' | 'last_error' | 'printed_at'>> & { attempt?: boolean; moved?: boolean },
  now: string,
): boolean {
  const sets = ['updated_at = @now'];
  const params: Record<string, unknown> = { id, from: from.state, now };
  for (const k of ['state', 'printer_id', 'printer_ref', 'last_error', 'printed_at'] as const) {
    if (k in to) {
      sets.push(`${k} = @${k}`);
      params[k] = to[k] ?? null;
    }
  }
  if (to.attempt) sets.push('attempts = attempts + 1');
  if (to.moved) sets.push('moves = moves + 1');
  let guard = 'id = @id AND state = @from';
  if (from.printer !== undefined) {
    guard += from.printer === null ? ' AND printer_id IS NULL' : ' AND printer_id = @fromPrinter';
    params.fromPrinter = from.printer;
  }
  return db.prepare(`UPDATE print_jobs SET ${sets.join(', ')} WHERE ${guard}`).run(params).changes === 1;
}

/** Record a waybill as used; false when it already is (by another label). */
export function claimWaybill(db: Db, carrier: string, waybill: string, jobId: string): boolean {
  return db.prepare('INSERT OR IGNORE INTO waybills (carrier, waybill, job_id) VALUES (?, ?, ?)').run(carrier, waybill, jobId).changes === 1;
}

/** Take the next number of a carrier's range: at least `from`, never one handed out before. */
export function takeWaybillNumber(db: Db, carrier: string, from: number): number {
  const row = db.prepare('SELECT next FROM waybill_counters WHERE carrier = ?').get(carrier) as { next: number } | undefined;
  const n = Math.max(row?.next ?? from, from);
  db.prepare('INSERT INTO waybill_counters (carrier, next) VALUES (?, ?) ON CONFLICT(carrier) DO UPDATE SET next = excluded.next').run(carrier, n + 1);
  return n;
}
