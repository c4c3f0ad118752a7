/**
 * The gateway's store. `transact` is the one way to change stock: state changes, ledger rows
 * and outbox rows commit in one SQLite transaction or not at all (transactional outbox).
 * Listeners hear about committed events only after the commit.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { GatewayError } from '../errors.ts';
import { checkLines, sumLines, type BalanceKey, type MovementLine, type MovementType, type StockState } from '../domain/stock.ts';
import { openDatabase, STORE_FILE, type Db } from './db.ts';

export interface MovementDraft {
  /** Stable id (idempotency key); generated when absent */
  id?: string;
  type: MovementType;
  occurredAt?: string;
  reason?: string;
  note?: string;
  ref?: string;
  actor?: string;
  source?: string;
  lines: MovementLine[];
}

export interface Movement {
  seq: number;
  id: string;
  type: MovementType;
  occurred_at: string;
  recorded_at: string;
  reason: string | null;
  note: string | null;
  ref: string | null;
  actor: string | null;
  source: string | null;
  lines: MovementLine[];
}

export interface EventDraft {
  id?: string;
  type: string;
  occurredAt?: string;
  data: unknown;
}

/** An outbox row in the shape of the ERP contract (DESIGN §7), plus the gateway id. */
export interface OutboxEvent {
  id: string;
  type: string;
  site: string;
  gateway: string;
  seq: number;
  occurred_at: string;
  data: unknown;
}

export interface Tx {
  readonly db: Db;
  /** Append a movement and apply its lines to the balances; throws INSUFFICIENT_STOCK (rolling back). */
  move(draft: MovementDraft): Movement;
  /**
   * Append several movements; the balances move once per key by their combined net, and the
   * stock check is on that net (so, as within one movement, lines that cancel out never dip
   * below zero midway). For bulk bookings such as a pallet's cartons: one ledger entry each,
   * a fraction of the statements.
   */
  moveMany(drafts: readonly MovementDraft[]): Movement[];
  /** Append an event to the outbox; it is published and forwarded after the commit. */
  emit(draft: EventDraft): OutboxEvent;
  balance(key: BalanceKey): number;
}

export class StockError extends GatewayError {}

interface Row {
  [k: string]: unknown;
}

export interface StoreOptions {
  site: string;
  gatewayId: string;
  now?: () => Date;
}

export class Store {
  readonly db: Db;
  readonly file: string;
  readonly appliedMigrations: number[];
  private readonly site: string;
  private readonly gatewayId: string;
  private readonly now: () => Date;
  private readonly listeners = new Set<(events: OutboxEvent[]) => void>();
  private readonly stmts;
  private inTx = false;
  /** The current transaction's time (ISO), taken once per transaction */
  private txNow: string | undefined;

  static open(dataDir: string, options: StoreOptions): Store {
    return new Store(path.join(dataDir, STORE_FILE), options);
  }

  constructor(file: string, options: StoreOptions) {
    const { db, applied } = openDatabase(file);
    this.db = db;
    this.file = file;
    this.appliedMigrations = applied.map((m) => m.version);
    this.site = options.site;
    this.gatewayId = options.gatewayId;
    this.now = options.now ?? (() => new Date());
    this.stmts = {
      insertMovement: db.prepare(
        `INSERT INTO movements (id, type, occurred_at, recorded_at, reason, note, ref, actor, source)
         VALUES (@id, @type, @occurred_at, @recorded_at, @reason, @note, @ref, @actor, @source)`,
      ),
      insertLine: db.prepare('INSERT INTO movement_lines (movement_seq, line, sku, bin_id, state, qty) VALUES (?, ?, ?, ?, ?, ?)'),
      balance: db.prepare('SELECT qty FROM stock_balances WHERE sku = ? AND bin_id = ? AND state = ?').pluck(),
      // UPDATE then INSERT, not an upsert: SQLite checks CHECK (qty >= 0) on the candidate
      // row of an INSERT before ON CONFLICT applies, which would refuse any decrement.
      addToBalance: db.prepare('UPDATE stock_balances SET qty = qty + ?, updated_at = ? WHERE sku = ? AND bin_id = ? AND state = ?'),
      insertBalance: db.prepare('INSERT INTO stock_balances (sku, bin_id, state, qty, updated_at) VALUES (?, ?, ?, ?, ?)'),
      dropZero: db.prepare('DELETE FROM stock_balances WHERE sku = ? AND bin_id = ? AND state = ? AND qty = 0'),
      insertEvent: db.prepare(
        'INSERT INTO outbox (id, type, occurred_at, data, created_at) VALUES (?, ?, ?, ?, ?) RETURNING seq',
      ),
      movementById: db.prepare('SELECT * FROM movements WHERE id = ?'),
      linesOf: db.prepare('SELECT sku, bin_id AS bin, state, qty FROM movement_lines WHERE movement_seq = ? ORDER BY line'),
    };
  }

  /** Called with the events of each committed transaction, after the commit. */
  onCommit(listener: (events: OutboxEvent[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Run `work` in one transaction. Everything it does through `tx` (and any SQL on tx.db)
   * commits together; a throw rolls everything back and is rethrown.
   */
  transact<T>(work: (tx: Tx) => T): T {
    if (this.inTx) throw new GatewayError('STORE_NESTED_TX', 'transact() called inside a transaction: pass the Tx down instead');
    const emitted: OutboxEvent[] = [];
    const tx: Tx = {
      db: this.db,
      move: (draft) => this.insertMovements([draft])[0] as Movement,
      moveMany: (drafts) => this.insertMovements(drafts),
      emit: (draft) => {
        const ev = this.insertEvent(draft);
        emitted.push(ev);
        return ev;
      },
      balance: (k) => this.balanceOf(k),
    };
    this.inTx = true;
    this.txNow = undefined;
    let result: T;
    try {
      result = this.db.transaction(() => work(tx)).immediate();
    } finally {
      this.inTx = false;
      this.txNow = undefined;
    }
    if (emitted.length > 0) for (const l of this.listeners) l(emitted);
    return result;
  }

  balanceOf(k: BalanceKey): number {
    return (this.stmts.balance.get(k.sku, k.bin, k.state) as number | undefined) ?? 0;
  }

  /** Now as ISO, the same for everything one transaction records. */
  private stamp(): string {
    if (!this.inTx) return this.now().toISOString();
    this.txNow ??= this.now().toISOString();
    return this.txNow;
  }

  private insertMovements(drafts: readonly MovementDraft[]): Movement[] {
    const all: MovementLine[] = [];
    for (const draft of drafts) {
      if (draft.lines.length === 0) throw new StockError('EMPTY_MOVEMENT', 'a movement needs at least one line');
      all.push(...draft.lines);
    }
    const check = checkLines(all, (k) => this.balanceOf(k));
    if (!check.ok) throw new StockError(check.code, check.message, { details: { line: check.line } });
    const recorded = this.stamp();
    const out: Movement[] = [];
    for (const draft of drafts) {
      const row = {
        id: draft.id ?? randomUUID(),
        type: draft.type,
        occurred_at: draft.occurredAt ?? recorded,
        recorded_at: recorded,
        reason: draft.reason ?? null,
        note: draft.note ?? null,
        ref: draft.ref ?? null,
        actor: draft.actor ?? null,
        source: draft.source ?? null,
      };
      const seq = Number(this.stmts.insertMovement.run(row).lastInsertRowid);
      draft.lines.forEach((l, i) => this.stmts.insertLine.run(seq, i + 1, l.sku, l.bin, l.state, l.qty));
      out.push({ seq, ...row, type: draft.type, lines: draft.lines.map((l) => ({ ...l })) });
    }
    // Balances move by each key's net, so lines that cancel out never dip below zero midway.
    for (const b of sumLines(all).values()) {
      if (b.qty === 0) continue;
      if (this.stmts.addToBalance.run(b.qty, recorded, b.sku, b.bin, b.state).changes === 0) {
        this.stmts.insertBalance.run(b.sku, b.bin, b.state, b.qty, recorded);
      } else if (b.qty < 0) {
        this.stmts.dropZero.run(b.sku, b.bin, b.state);
      }
    }
    return out;
  }

  private insertEvent(draft: EventDraft): OutboxEvent {
    const created = this.stamp();
    const id = draft.id ?? randomUUID();
    const occurred = draft.occurredAt ?? created;
    const seq = this.stmts.insertEvent.pluck().get(id, draft.type, occurred, JSON.stringify(draft.data ?? null), created) as number;
    return { id, type: draft.type, site: this.site, gateway: this.gatewayId, seq, occurred_at: occurred, data: draft.data ?? null };
  }

  movementById(id: string): Movement | undefined {
    const row = this.stmts.movementById.get(id) as Row | undefined;
    return row ? this.movementOf(row) : undefined;
  }

  movementOf(row: Row): Movement {
    return { ...(row as unknown as Omit<Movement, 'lines'>), lines: this.stmts.linesOf.all(row.seq) as MovementLine[] };
  }

  /** Shape an outbox row as the event the bus and the ERP receive. */
  eventOf(row: Row): OutboxEvent {
    return {
      id: row.id as string,
      type: row.type as string,
      site: this.site,
      gateway: this.gatewayId,
      seq: row.seq as number,
      occurred_at: row.occurred_at as string,
      data: JSON.parse(row.data as string) as unknown,
    };
  }

  integrityCheck(): string {
    return this.db.pragma('quick_check', { simple: true }) as string;
  }

  close(): void {
    if (this.db.open) {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.db.close();
    }
  }
}

export type { StockState };
