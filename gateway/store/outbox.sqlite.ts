/**
 * Outbox reads: what is still to publish on the bus, what the ERP has not acknowledged yet.
 * Rows are never deleted here; delivery marks them.
 */
import type { OutboxEvent, Store } from './store.ts';
import { prepared } from './db.ts';

export function unpublishedEvents(store: Store, limit = 500): OutboxEvent[] {
  const rows = store.db.prepare('SELECT * FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT ?').all(limit) as Record<string, unknown>[];
  return rows.map((r) => store.eventOf(r));
}

export function markPublished(store: Store, seqs: readonly number[], at = new Date()): void {
  if (seqs.length === 0) return;
  // One statement for the batch. A published mark needs no fsync of its own: lost in a power
  // cut, the event is published again (consumers take events at least once, by id), and the
  // next full commit makes it durable anyway.
  const db = store.db;
  db.pragma('synchronous = NORMAL');
  try {
    prepared(db, 'UPDATE outbox SET published_at = ? WHERE seq IN (SELECT value FROM json_each(?)) AND published_at IS NULL').run(at.toISOString(), JSON.stringify(seqs));
  } finally {
    db.pragma('synchronous = FULL');
  }
}

export function eventsAfter(store: Store, afterSeq: number, limit = 100): OutboxEvent[] {
  const rows = store.db.prepare('SELECT * FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?').all(afterSeq, limit) as Record<string, unknown>[];
  return rows.map((r) => store.eventOf(r));
}

export interface OutboxStats {
  lastSeq: number;
  unpublished: number;
  undelivered: number;
  oldestUndeliveredAt: string | null;
}

/** Cheap at any backlog: each count walks a partial index of the pending rows only. */
export function outboxStats(store: Store): OutboxStats {
  const db = store.db;
  const lastSeq = (db.prepare('SELECT MAX(seq) FROM outbox').pluck().get() as number | null) ?? 0;
  const unpublished = db.prepare('SELECT COUNT(*) FROM outbox WHERE published_at IS NULL').pluck().get() as number;
  const undelivered = db.prepare('SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL').pluck().get() as number;
  const oldest = db.prepare('SELECT created_at FROM outbox WHERE delivered_at IS NULL ORDER BY seq LIMIT 1').pluck().get() as string | undefined;
  return { lastSeq, unpublished, undelivered, oldestUndeliveredAt: oldest ?? null };
}
