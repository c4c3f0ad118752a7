/**
 * Door sessions, wired to the store: open (manifest from order_lines or asn_lines), judge
 * each transit at the door (domain/door-session.ts), book its stock effect, close with one
 * reconciliation per session (a line per manifest line) through the outbox.
 *
 * State lives in SQLite (door_sessions, door_crossings); the in-memory tally of an open
 * session is a cache, rebuilt at start (and after a failed transaction) by replaying the
 * stored crossings through the pure judge, so a restart in the middle of a session resumes it.
 *
 * Stock effects (choices, documented):
 * - outbound, counted: an 'issue' movement of one unit from the bin where the order holds it
 *   reserved (reserved -1, on_hand -1; order_reservations -1). An order that holds nothing
 *   of that SKU any more: the crossing counts, no stock moves, and a portal.exception
 *   'not-reserved' says so.
 * - inbound, counted: a 'receipt' movement of one unit on_hand into the receiving bin chosen
 *   when the session opened: the first active bin (pick path order) of a 'qc' zone, else of
 *   a 'shipping' zone (the dock); no such bin refuses the session (NO_RECEIVING_BIN).
 * - close, outbound: for each line with missing units, a 'hold' movement turns up to that
 *   many units of what the order still holds reserved into 'held' in the same bin (the hold
 *   is a state, not a move to the hold zone: the cartons were never found, so nobody can
 *   carry them there); order_reservations fall by the same amount. The orders' status
 *   becomes 'shipped' or 'short-shipped' (no longer managed by the download: locked).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { GatewayError } from '../errors.ts';
import { judgeCrossing, newTally, reconcile, type DoorSession, type ManifestLine, type Reconciliation, type SessionKind, type SessionTally, type Verdict } from '../domain/door-session.ts';
import type { Direction } from '../domain/portal-transit.ts';
import type { MovementDraft, Store, Tx } from '../store/store.ts';
import { prepared } from '../store/db.ts';

export const PORTAL_EVENTS = {
  transit: 'rfid.transit',
  exception: 'portal.exception',
  opened: 'door.session.opened',
  shipment: 'shipment.reconciled',
  receipt: 'receipt.reconciled',
} as const;

export interface OpenRequest {
  kind: SessionKind;
  orders?: string[] | undefined;
  asn?: string | undefined;
  /** Inbound: several ASNs received through the door in one session (with or instead of asn) */
  asns?: string[] | undefined;
}

/** The most orders (or ASNs) one session is opened for, through the API or by a door schedule. */
export const MAX_SESSION_REFS = 200;

interface Live {
  session: DoorSession;
  tally: SessionTally;
  receivingBin: string | null;
}

export interface CrossingInput {
  transitSeq: number;
  epc: string;
  direction: Direction;
  sku: string | undefined;
}

export interface CrossingResult {
  session: string;
  verdict: Verdict;
  movementId?: string;
}

interface SessionRow {
  id: string;
  door: string;
  kind: SessionKind;
  refs: string;
  lines: string;
  receiving_bin: string | null;
  status: 'open' | 'closed';
  opened_by: string | null;
  opened_at: string;
  closed_by: string | null;
  closed_at: string | null;
  reconciliation: string | null;
}

interface CrossingRow {
  transit_seq: number;
  epc: string;
  direction: Direction;
  sku: string | null;
  other_session: string | null;
  verdict: string;
  line_id: string | null;
  movement_id: string | null;
  at: string;
}

const EXCEPTIONS = new Set(['extra', 'foreign', 'unknown', 'wrong-direction']);

/** What the crossings of one transaction book, at its end (DoorSessions.flush). */
interface Batch {
  tx: Tx;
  drafts: MovementDraft[];
  /** order + sku -> the bins where that order holds it, and how much this batch took */
  available: Map<string, { orderId: string; sku: string; bin: string; left: number; taken: number }[]>;
}

export class DoorSessions {
  private readonly live = new Map<string, Live>();
  private batch: Batch | undefined;

  constructor(
    private readonly store: Store,
    private readonly doors: ReadonlySet<string>,
    private readonly log: Logger,
  ) {
    this.reload();
  }

  /** Load every open session and rebuild its tally from its stored crossings. */
  reload(): void {
    this.live.clear();
    this.batch = undefined;
    const rows = this.store.db.prepare("SELECT * FROM door_sessions WHERE status = 'open' ORDER BY opened_at").all() as SessionRow[];
    for (const r of rows) {
      const session = sessionOf(r);
      const tally = newTally();
      const crossings = this.store.db.prepare('SELECT * FROM door_crossings WHERE session_id = ? ORDER BY transit_seq').all(r.id) as CrossingRow[];
      for (const c of crossings) {
        judgeCrossing(session, tally, { epc: c.epc, direction: c.direction, sku: c.sku ?? undefined, ...(c.other_session !== null ? { otherSession: c.other_session } : {}) });
      }
      this.live.set(r.door, { session, tally, receivingBin: r.receiving_bin });
    }
    if (rows.length > 0) this.log.info({ sessions: rows.map((r) => ({ id: r.id, door: r.door })) }, 'door sessions: resumed open sessions');
  }

  private checkDoor(door: string): void {
    if (!this.doors.has(door)) throw new GatewayError('UNKNOWN_DOOR', `no door '${door}' in the site config (doors)`);
  }

  /**
   * Does the open session at `door` still expect this SKU (portal arbitration): a line of it
   * that is not complete yet? A door whose lines of the SKU are all loaded does not win a
   * cross-read on its manifest alone (the item would only be an extra there).
   */
  expectsSku(door: string, sku: string): boolean {
    const l = this.live.get(door);
    if (!l) return false;
    return l.session.lines.some((x) => x.sku === sku && (l.tally.perLine.get(x.lineId) ?? 0) < x.expected);
  }

  hasDoor(door: string): boolean {
    return this.doors.has(door);
  }

  hasOpen(door: string): boolean {
    return this.live.has(door);
  }

  open(door: string, req: OpenRequest, actor: string): SessionView {
    this.checkDoor(door);
    if (this.live.has(door)) {
      throw new GatewayError('SESSION_ALREADY_OPEN', `door '${door}' already has open session ${this.live.get(door)?.session.id}; close it first`);
    }
    const id = randomUUID();
    const now = new Date().toISOString();
    let lines: ManifestLine[];
    let refs: string[];
    let receivingBin: string | null = null;
    const db = this.store.db;
    if (req.kind === 'outbound') {
      refs = [...new Set(req.orders ?? [])];
      if (refs.length === 0) throw new GatewayError('VALIDATION_FAILED', 'an outbound session needs orders');
      lines = [];
      for (const o of refs) {
        const order = db.prepare('SELECT status FROM orders WHERE id = ?').get(o) as { status: string } | undefined;
        if (!order) throw new GatewayError('UNKNOWN_ORDER', `no order '${o}' on this gateway`);
        if (order.status === 'cancelled' || order.status === 'shipped') throw new GatewayError('ORDER_NOT_OPEN', `order '${o}' is ${order.status}`);
        for (const other of this.live.values()) {
          if (other.session.kind === 'outbound' && other.session.refs.includes(o)) {
            throw new GatewayError('SESSION_ALREADY_OPEN', `order '${o}' is already loading at door '${other.session.door}' (session ${other.session.id})`);
          }
        }
        for (const l of db.prepare('SELECT line, sku, qty FROM order_lines WHERE order_id = ? ORDER BY line').all(o) as { line: number; sku: string; qty: number }[]) {
          lines.push({ lineId: `${o}#${l.line}`, sku: l.sku, expected: l.qty });
        }
      }
    } else {
      refs = [...new Set([...(req.asn !== undefined ? [req.asn] : []), ...(req.asns ?? [])])];
      if (refs.length === 0) throw new GatewayError('VALIDATION_FAILED', 'an inbound session needs asn (or asns)');
      lines = [];
      for (const a of refs) {
        const asn = db.prepare('SELECT status FROM asns WHERE id = ?').get(a) as { status: string } | undefined;
        if (!asn) throw new GatewayError('UNKNOWN_ASN', `no ASN '${a}' on this gateway`);
        if (asn.status !== 'open') throw new GatewayError('ASN_NOT_OPEN', `ASN '${a}' is ${asn.status}`);
        for (const l of db.prepare('SELECT line, sku, qty FROM asn_lines WHERE asn_id = ? ORDER BY line').all(a) as { line: number; sku: string; qty: number }[]) {
          lines.push({ lineId: `${a}#${l.line}`, sku: l.sku, expected: l.qty });
        }
      }
      receivingBin = this.receivingBin();
    }
    const session: DoorSession = { id, door, kind: req.kind, refs, lines };
    this.store.transact((tx) => {
      tx.db
        .prepare("INSERT INTO door_sessions (id, door, kind, refs, lines, receiving_bin, status, opened_by, opened_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?)")
        .run(id, door, req.kind, JSON.stringify(refs), JSON.stringify(lines), receivingBin, actor, now);
      tx.emit({ id: `door-session:${id}:opened`, type: PORTAL_EVENTS.opened, data: { session: id, door, kind: req.kind, refs, lines, receiving_bin: receivingBin } });
    });
    this.live.set(door, { session, tally: newTally(), receivingBin });
    this.log.info({ session: id, door, kind: req.kind, refs, lines: lines.length }, 'door session opened');
    return this.view(id) as SessionView;
  }

  private receivingBin(): string {
    const bin = this.store.db
      .prepare(
        `SELECT bins.id FROM bins JOIN zones ON zones.id = bins.zone_id WHERE bins.active = 1 AND zones.kind IN ('qc', 'shipping')
         ORDER BY CASE zones.kind WHEN 'qc' THEN 0 ELSE 1 END, bins.pick_seq, bins.id LIMIT 1`,
      )
      .pluck()
      .get() as string | undefined;
    if (bin === undefined) throw new GatewayError('NO_RECEIVING_BIN', 'an inbound session needs a bin in a qc or shipping zone to receive into (config bins/zones)');
    return bin;
  }

  private batchFor(tx: Tx): Batch {
    if (this.batch !== undefined && this.batch.tx !== tx) throw new Error('DoorSessions: judge() in a new transaction before flush() of the previous one');
    this.batch ??= { tx, drafts: [], available: new Map() };
    return this.batch;
  }

  /**
   * Book the stock effects of the crossings judged in this transaction (one movement per
   * counted EPC, balances and reservations moved once per key). The caller runs it at the end
   * of the transaction in which it called judge().
   */
  flush(tx: Tx): void {
    const b = this.batch;
    this.batch = undefined;
    if (b === undefined) return;
    if (b.tx !== tx) throw new Error('DoorSessions: flush() with another transaction than judge()');
    if (b.drafts.length > 0) tx.moveMany(b.drafts);
    for (const list of b.available.values()) {
      for (const r of list) if (r.taken > 0) decReservation(tx, r.orderId, r.sku, r.bin, r.taken);
    }
  }

  /**
   * Judge a transit at `door` against its open session, inside the caller's transaction; its
   * stock movement is booked by flush(tx) before the transaction ends. Returns undefined when
   * the door has no open session.
   */
  judge(tx: Tx, door: string, input: CrossingInput, now: string): CrossingResult | undefined {
    const l = this.live.get(door);
    if (!l) return undefined;
    const { session, tally } = l;
    let otherSession: string | undefined;
    if (input.sku !== undefined) {
      for (const [d, other] of this.live) if (d !== door && other.session.lines.some((x) => x.sku === input.sku)) otherSession = other.session.id;
    }
    const verdict = judgeCrossing(session, tally, { epc: input.epc, direction: input.direction, sku: input.sku, otherSession });
    let movementId: string | undefined;
    let note: string | undefined;
    if (verdict.verdict === 'counted' && input.sku !== undefined) {
      const epc = input.epc.toLowerCase();
      const batch = this.batchFor(tx);
      if (session.kind === 'outbound') {
        const orderId = verdict.lineId.slice(0, verdict.lineId.lastIndexOf('#'));
        const from = takeReserved(tx, batch, orderId, input.sku);
        if (from !== undefined) {
          movementId = `portal:${session.id}:${epc}:issue`;
          batch.drafts.push({
            id: movementId,
            type: 'issue',
            ref: epc,
            source: 'portal',
            note: `door ${door} session ${session.id} order ${orderId}`,
            lines: [
              { sku: input.sku, bin: from, state: 'reserved', qty: -1 },
              { sku: input.sku, bin: from, state: 'on_hand', qty: -1 },
            ],
          });
        } else note = 'not-reserved';
      } else if (l.receivingBin !== null) {
        movementId = `portal:${session.id}:${epc}:receipt`;
        batch.drafts.push({
          id: movementId,
          type: 'receipt',
          ref: epc,
          source: 'portal',
          note: `door ${door} session ${session.id} asn ${verdict.lineId.slice(0, verdict.lineId.lastIndexOf('#'))}`,
          lines: [{ sku: input.sku, bin: l.receivingBin, state: 'on_hand', qty: 1 }],
        });
      }
    }
    const lineId = 'lineId' in verdict ? (verdict.lineId ?? null) : null;
    prepared(tx.db, 'INSERT INTO door_crossings (session_id, transit_seq, epc, direction, sku, other_session, verdict, line_id, movement_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(session.id, input.transitSeq, input.epc.toLowerCase(), input.direction, input.sku ?? null, otherSession ?? null, verdict.verdict, lineId, movementId ?? null, now);
    if (EXCEPTIONS.has(verdict.verdict) || note !== undefined) {
      tx.emit({
        id: `portal-exception:${session.id}:${input.transitSeq}`,
        type: PORTAL_EVENTS.exception,
        data: { session: session.id, door, kind: session.kind, epc: input.epc.toLowerCase(), sku: input.sku ?? null, direction: input.direction, exception: note ?? verdict.verdict, verdict },
      });
    }
    return { session: session.id, verdict, ...(movementId !== undefined ? { movementId } : {}) };
  }

  close(door: string, id: string, actor: string): SessionView {
    this.checkDoor(door);
    const l = this.live.get(door);
    if (!l || l.session.id !== id) {
      const row = this.store.db.prepare('SELECT door, status FROM door_sessions WHERE id = ?').get(id) as { door: string; status: string } | undefined;
      if (!row || row.door !== door) throw new GatewayError('NOT_FOUND', `no session '${id}' at door '${door}'`);
      throw new GatewayError('SESSION_CLOSED', `session '${id}' is already closed`);
    }
    const rec = reconcile(l.session, l.tally);
    const now = new Date().toISOString();
    const held: { lineId: string; sku: string; bin: string; qty: number }[] = [];
    try {
      this.store.transact((tx) => {
        if (l.session.kind === 'outbound') {
          for (const line of rec.lines) {
            if (line.missing <= 0) continue;
            const orderId = line.lineId.slice(0, line.lineId.lastIndexOf('#'));
            let left = line.missing;
            const res = tx.db.prepare('SELECT bin_id AS bin, qty FROM order_reservations WHERE order_id = ? AND sku = ? ORDER BY bin_id').all(orderId, line.sku) as { bin: string; qty: number }[];
            for (const r of res) {
              if (left <= 0) break;
              const q = Math.min(left, r.qty, tx.balance({ sku: line.sku, bin: r.bin, state: 'reserved' }));
              if (q <= 0) continue;
              tx.move({
                id: `portal:${id}:${line.lineId}:${r.bin}:hold`,
                type: 'hold',
                ref: orderId,
                source: 'portal',
                reason: 'short-shipment',
                note: `door ${door} session ${id}: ${line.missing} missing at the door`,
                lines: [
                  { sku: line.sku, bin: r.bin, state: 'reserved', qty: -q },
                  { sku: line.sku, bin: r.bin, state: 'held', qty: q },
                ],
              });
              decReservation(tx, orderId, line.sku, r.bin, q);
              held.push({ lineId: line.lineId, sku: line.sku, bin: r.bin, qty: q });
              left -= q;
            }
          }
        }
        if (l.session.kind === 'outbound') {
          // The orders leave the gateway's management (an ERP update no longer re-reserves them).
          for (const o of l.session.refs) {
            const short = rec.lines.some((x) => x.lineId.startsWith(`${o}#`) && x.missing > 0);
            tx.db.prepare('UPDATE orders SET status = ?, updated_at = ? WHERE id = ?').run(short ? 'short-shipped' : 'shipped', now, o);
          }
        }
        const type = l.session.kind === 'outbound' ? PORTAL_EVENTS.shipment : PORTAL_EVENTS.receipt;
        const totals = {
          expected: rec.lines.reduce((s, x) => s + x.expected, 0),
          seen: rec.lines.reduce((s, x) => s + x.seen, 0),
          missing: rec.lines.reduce((s, x) => s + x.missing, 0),
          extra: rec.lines.reduce((s, x) => s + x.extra, 0) + rec.unexpected.reduce((s, x) => s + x.count, 0),
          foreign: rec.foreign,
          unknown: rec.unknown,
          wrong_direction: rec.wrongDirection,
        };
        for (const line of rec.lines) {
          tx.emit({
            id: `door-session:${id}:${line.lineId}:reconciled`,
            type,
            data: {
              session: id,
              door,
              kind: l.session.kind,
              refs: l.session.refs,
              line: line.lineId,
              sku: line.sku,
              expected: line.expected,
              seen: line.seen,
              missing: line.missing,
              extra: line.extra,
              held: held.filter((h) => h.lineId === line.lineId).reduce((s, h) => s + h.qty, 0),
              totals,
              unexpected: rec.unexpected,
              complete: rec.complete,
            },
          });
        }
        if (rec.lines.length === 0) {
          tx.emit({ id: `door-session:${id}:reconciled`, type, data: { session: id, door, kind: l.session.kind, refs: l.session.refs, line: null, totals, unexpected: rec.unexpected, complete: rec.complete } });
        }
        const r = tx.db
          .prepare("UPDATE door_sessions SET status = 'closed', closed_by = ?, closed_at = ?, reconciliation = ? WHERE id = ? AND status = 'open'")
          .run(actor, now, JSON.stringify({ ...rec, held }), id);
        if (r.changes !== 1) throw new GatewayError('SESSION_CLOSED', `session '${id}' is already closed`);
      });
    } catch (err) {
      this.reload();
      throw err;
    }
    this.live.delete(door);
    this.log.info({ session: id, door, complete: rec.complete, held: held.length }, 'door session closed');
    return this.view(id) as SessionView;
  }

  current(door: string): SessionView | undefined {
    this.checkDoor(door);
    const l = this.live.get(door);
    return l ? this.view(l.session.id) : undefined;
  }

  view(id: string): SessionView | undefined {
    const r = this.store.db.prepare('SELECT * FROM door_sessions WHERE id = ?').get(id) as SessionRow | undefined;
    if (!r) return undefined;
    const session = sessionOf(r);
    const crossings = this.store.db.prepare('SELECT * FROM door_crossings WHERE session_id = ? ORDER BY transit_seq').all(id) as CrossingRow[];
    const l = this.live.get(r.door);
    let rec: Reconciliation;
    if (l && l.session.id === id) rec = reconcile(session, l.tally);
    else if (r.reconciliation !== null) rec = JSON.parse(r.reconciliation) as Reconciliation;
    else {
      const tally = newTally();
      for (const c of crossings) judgeCrossing(session, tally, { epc: c.epc, direction: c.direction, sku: c.sku ?? undefined, ...(c.other_session !== null ? { otherSession: c.other_session } : {}) });
      rec = reconcile(session, tally);
    }
    return {
      id: r.id,
      door: r.door,
      kind: r.kind,
      status: r.status,
      refs: session.refs,
      receiving_bin: r.receiving_bin,
      opened_by: r.opened_by,
      opened_at: r.opened_at,
      closed_by: r.closed_by,
      closed_at: r.closed_at,
      lines: rec.lines,
      totals: { unexpected: rec.unexpected, foreign: rec.foreign, unknown: rec.unknown, wrong_direction: rec.wrongDirection, complete: rec.complete },
      counted: crossings.filter((c) => c.verdict === 'counted').length,
      exceptions: crossings
        .filter((c) => EXCEPTIONS.has(c.verdict) || (c.verdict === 'counted' && c.movement_id === null))
        .map((c) => ({ epc: c.epc, sku: c.sku, direction: c.direction, exception: EXCEPTIONS.has(c.verdict) ? c.verdict : 'not-reserved', at: c.at, ...(c.other_session ? { other_session: c.other_session } : {}) })),
      ...(r.reconciliation !== null ? { reconciliation: JSON.parse(r.reconciliation) as unknown } : {}),
    };
  }
}

export interface SessionView {
  id: string;
  door: string;
  kind: SessionKind;
  status: 'open' | 'closed';
  refs: string[];
  receiving_bin: string | null;
  opened_by: string | null;
  opened_at: string;
  closed_by: string | null;
  closed_at: string | null;
  lines: Reconciliation['lines'];
  totals: { unexpected: Reconciliation['unexpected']; foreign: number; unknown: number; wrong_direction: number; complete: boolean };
  counted: number;
  exceptions: { epc: string; sku: string | null; direction: string; exception: string; at: string; other_session?: string }[];
  reconciliation?: unknown;
}

function sessionOf(r: SessionRow): DoorSession {
  return { id: r.id, door: r.door, kind: r.kind, refs: JSON.parse(r.refs) as string[], lines: JSON.parse(r.lines) as ManifestLine[] };
}

/** One unit of what `orderId` holds reserved of `sku`, from the first bin (by id) that still has it; its bin, or undefined. */
function takeReserved(tx: Tx, batch: Batch, orderId: string, sku: string): string | undefined {
  const key = `${orderId}\u0000${sku}`;
  let list = batch.available.get(key);
  if (list === undefined) {
    const rows = prepared(tx.db, 'SELECT bin_id AS bin, qty FROM order_reservations WHERE order_id = ? AND sku = ? AND qty > 0 ORDER BY bin_id').all(orderId, sku) as { bin: string; qty: number }[];
    list = rows.map((r) => ({ orderId, sku, bin: r.bin, taken: 0, left: Math.min(r.qty, tx.balance({ sku, bin: r.bin, state: 'reserved' }), tx.balance({ sku, bin: r.bin, state: 'on_hand' })) }));
    batch.available.set(key, list);
  }
  const from = list.find((r) => r.left > 0);
  if (from === undefined) return undefined;
  from.left--;
  from.taken++;
  return from.bin;
}

function decReservation(tx: Tx, orderId: string, sku: string, bin: string, qty: number): void {
  const gone = prepared(tx.db, 'DELETE FROM order_reservations WHERE order_id = ? AND sku = ? AND bin_id = ? AND qty <= ?').run(orderId, sku, bin, qty).changes;
  if (gone === 0) prepared(tx.db, 'UPDATE order_reservations SET qty = qty - ? WHERE order_id = ? AND sku = ? AND bin_id = ?').run(qty, orderId, sku, bin);
}
