/**
 * Delivery state of the outbox for the cloud bridge (the OutboxPort of cloud-bridge/ports.ts)
 * and the dead letters: events the ERP rejected, held back with the reason, an alert event
 * raised in the same transaction, until an admin hands them back to the forwarder.
 */
import type { Backlog, OutboxPort, PendingEvent, Rejection } from '../../cloud-bridge/ports.ts';
import type { Store } from './store.ts';

export const DEAD_LETTER_ALERT = 'alert.dead_letter';

export function sqliteOutbox(store: Store): OutboxPort {
  const db = store.db;
  const pending = db.prepare(
    `SELECT o.seq, o.id, o.type, o.occurred_at, o.data AS data_json, o.created_at FROM outbox o
     WHERE o.delivered_at IS NULL AND o.seq > ?
       AND NOT EXISTS (SELECT 1 FROM dead_letters d WHERE d.seq = o.seq AND d.status = 'open')
     ORDER BY o.seq LIMIT ?`,
  );
  const delivered = db.prepare('UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE seq = ? AND delivered_at IS NULL');
  const failed = db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?');
  const rejectRow = db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?');
  const upsertDead = db.prepare(
    `INSERT INTO dead_letters (seq, event_id, type, code, message, attempts, status, created_at, updated_at)
     VALUES (@seq, @id, @type, @code, @message, 1, 'open', @at, @at)
     ON CONFLICT (seq) DO UPDATE SET code = excluded.code, message = excluded.message, attempts = attempts + 1, status = 'open', updated_at = excluded.updated_at`,
  );
  const undelivered = db.prepare('SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL').pluck();
  const openDead = db.prepare("SELECT COUNT(*) FROM dead_letters d JOIN outbox o ON o.seq = d.seq WHERE d.status = 'open' AND o.delivered_at IS NULL").pluck();
  const oldest = db
    .prepare(
      `SELECT o.created_at FROM outbox o WHERE o.delivered_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM dead_letters d WHERE d.seq = o.seq AND d.status = 'open')
       ORDER BY o.seq LIMIT 1`,
    )
    .pluck();

  return {
    pending: (afterSeq, limit) => pending.all(afterSeq, limit) as PendingEvent[],
    settle(seqs: readonly number[], rejected: readonly Rejection[], at: Date) {
      const iso = at.toISOString();
      if (rejected.length === 0) {
        if (seqs.length === 0) return;
        db.transaction(() => {
          for (const s of seqs) delivered.run(iso, s);
        })();
        return;
      }
      store.transact((tx) => {
        for (const s of seqs) delivered.run(iso, s);
        for (const r of rejected) {
          const message = r.message.slice(0, 2000);
          upsertDead.run({ seq: r.event.seq, id: r.event.id, type: r.event.type, code: r.code.slice(0, 100), message, at: iso });
          rejectRow.run(`rejected: ${r.code}: ${message}`, r.event.seq);
          // An alert about an alert that was rejected would loop: that one is only logged.
          if (r.event.type !== DEAD_LETTER_ALERT) {
            tx.emit({
              type: DEAD_LETTER_ALERT,
              data: { seq: r.event.seq, event_id: r.event.id, event_type: r.event.type, code: r.code, message, dead_lettered_at: iso },
            });
          }
        }
      });
    },
    recordFailure(seqs, error) {
      const e = error.slice(0, 500);
      db.transaction(() => {
        for (const s of seqs) failed.run(e, s);
      })();
    },
    backlog(): Backlog {
      const dead = openDead.get() as number;
      return { count: (undelivered.get() as number) - dead, oldestCreatedAt: (oldest.get() as string | undefined) ?? null, deadLetters: dead };
    },
  };
}

export interface DeadLetter {
  seq: number;
  event_id: string;
  type: string;
  code: string;
  message: string;
  attempts: number;
  status: 'open' | 'retried';
  created_at: string;
  updated_at: string;
  occurred_at: string;
  data: unknown;
}

export function listDeadLetters(store: Store, q: { status?: 'open' | 'retried' | 'all'; after?: number; limit?: number }): { items: DeadLetter[]; next_after: number | null } {
  const status = q.status ?? 'open';
  const limit = q.limit ?? 100;
  const rows = store.db
    .prepare(
      `SELECT d.*, o.occurred_at, o.data FROM dead_letters d JOIN outbox o ON o.seq = d.seq
       WHERE d.seq > @after ${status === 'all' ? '' : 'AND d.status = @status'} ORDER BY d.seq LIMIT @limit`,
    )
    .all({ after: q.after ?? 0, status, limit }) as (Omit<DeadLetter, 'data'> & { data: string })[];
  const items = rows.map((r) => ({ ...r, data: JSON.parse(r.data) as unknown }));
  return { items, next_after: items.length === limit ? (items.at(-1)?.seq ?? null) : null };
}

/** Hand dead letters back to the forwarder (all open ones when `seqs` is absent). Returns the seqs. */
export function retryDeadLetters(store: Store, seqs?: readonly number[], at = new Date()): number[] {
  return store.db.transaction(() => {
    const open = (
      seqs === undefined
        ? store.db.prepare("SELECT seq FROM dead_letters WHERE status = 'open' ORDER BY seq").pluck().all()
        : seqs.filter((s) => store.db.prepare("SELECT 1 FROM dead_letters WHERE seq = ? AND status = 'open'").get(s) !== undefined)
    ) as number[];
    const mark = store.db.prepare("UPDATE dead_letters SET status = 'retried', updated_at = ? WHERE seq = ?");
    for (const s of open) mark.run(at.toISOString(), s);
    return open;
  })();
}

export function deadLetterExists(store: Store, seq: number): boolean {
  return store.db.prepare('SELECT 1 FROM dead_letters WHERE seq = ?').get(seq) !== undefined;
}
