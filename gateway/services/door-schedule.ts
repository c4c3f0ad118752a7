/**
 * Door schedules, wired: the time slots of doors[].schedule open a door session when a slot
 * begins and close it when the slot ends, through DoorSessions (so the session, its
 * manifest and its reconciliation are the same as when a PDA opens one).
 *
 * The timer wakes at the next start or end (domain/door-schedule.ts), at most every
 * `maxWaitMs` (60 s) so a clock jump is noticed; each wake-up is one `tick()`, which looks
 * only at the store and the clock, so it can run any number of times:
 * - A session this schedule opened carries `schedule:{slot instance id}` in
 *   door_sessions.opened_by (e.g. `schedule:door-3@2026-11-27T14:00`). Once the instance is no
 *   longer the door's active one (its end passed, the gateway was down over its end, the slot
 *   left the config, a later slot took the door), that session is closed. Sessions opened by
 *   anyone else are never closed here.
 * - While an instance is active and no session was ever opened for it (opened_by), the door
 *   gets one: outbound with the orders ready to load, inbound with the ASNs expected in the
 *   instance (choices below). A session for the instance that someone closed by hand is not
 *   opened again. So a restart inside the slot (kill -9 included) neither opens a second
 *   session nor forgets to close the first; the open itself is one transaction.
 * - A door that has someone else's session when the schedule would open it: the instance is
 *   skipped with a warning, and stays skipped (recorded in meta under
 *   `door-schedule:skipped:{door}`, so a restart keeps skipping) even if that session closes
 *   before the slot ends.
 * - Nothing to load: no session; logged at info once per instance, and looked for again on each
 *   tick, so orders that become ready (or ASNs that arrive) later in the slot open it then.
 *
 * What a slot takes (choices, documented):
 * - outbound: orders with status 'reserved' (stock locked, not short, not cancelled, not yet
 *   shipped or short-shipped), of the slot's carrier when it names one, that are in no open
 *   outbound session; highest priority first, then earliest ship_by, then oldest; at most
 *   MAX_SESSION_REFS (the rest wait for the next slot, with a warning).
 * - inbound: ASNs with status 'open', of the slot's supplier when it names one, whose
 *   expected_at lies in the instance (start inclusive, end exclusive), and that no inbound
 *   session (open or closed) has taken yet; earliest expected first, at most MAX_SESSION_REFS,
 *   all in one session.
 */
import type { Logger } from 'pino';
import type { DoorConfig } from '../config/schema.ts';
import { scheduleAt, type SlotInstance } from '../domain/door-schedule.ts';
import type { Counter, Metrics } from '../metrics.ts';
import type { Store } from '../store/store.ts';
import { MAX_SESSION_REFS, type DoorSessions } from './door-sessions.ts';

export type DoorSlot = DoorConfig['schedule'][number];

/** opened_by (and closed_by) of the sessions a schedule opens: this prefix and the slot instance id. */
export const SCHEDULE_ACTOR = 'schedule:';
const SKIPPED_KEY = 'door-schedule:skipped:';

export interface DoorScheduleOptions {
  store: Store;
  sessions: DoorSessions;
  /** Every door of the site (a door without slots still gets a left-over scheduled session closed) */
  doors: readonly { id: string; schedule: readonly DoorSlot[] }[];
  /** IANA zone of the slots' wall times; default the machine's zone */
  timeZone?: string | undefined;
  metrics: Metrics;
  log: Logger;
  /** The clock (epoch ms); tests pass their own */
  now?: () => number;
  /** Longest sleep between two ticks. Default 60 000 */
  maxWaitMs?: number;
}

export type ScheduleAction =
  | { action: 'opened'; door: string; slot: string; session: string; kind: DoorSlot['kind']; refs: string[] }
  | { action: 'closed'; door: string; slot: string; session: string }
  | { action: 'skipped'; door: string; slot: string; reason: 'busy' | 'empty' | 'error'; detail?: string };

export interface TickResult {
  at: number;
  /** The next start or end of a slot of any door; undefined: no slots */
  next: number | undefined;
  actions: ScheduleAction[];
}

interface OpenRow {
  id: string;
  kind: DoorSlot['kind'];
  opened_by: string | null;
}

export class DoorScheduleService {
  readonly timeZone: string;
  private readonly now: () => number;
  private readonly maxWaitMs: number;
  private readonly opened: Counter;
  private readonly closed: Counter;
  private readonly skipped: Counter;
  /** `{door}:{reason}` -> the slot instance last logged for it (log once per instance) */
  private readonly noted = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(private readonly o: DoorScheduleOptions) {
    this.timeZone = o.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    this.now = o.now ?? Date.now;
    this.maxWaitMs = o.maxWaitMs ?? 60_000;
    this.opened = o.metrics.counter('wg_door_schedule_opened_total', 'Door sessions opened by a schedule slot, by door and kind');
    this.closed = o.metrics.counter('wg_door_schedule_closed_total', 'Door sessions closed at the end of their schedule slot, by door and kind');
    this.skipped = o.metrics.counter('wg_door_schedule_skipped_total', 'Schedule slots that opened no session, by door and reason (busy, empty, error); once per slot instance');
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const slots = this.o.doors.reduce((n, d) => n + d.schedule.length, 0);
    this.o.log.info({ timeZone: this.timeZone, slots }, 'door schedule: started');
    this.run();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private run(): void {
    this.timer = undefined;
    if (!this.running) return;
    let next: number | undefined;
    try {
      next = this.tick().next;
    } catch (err) {
      this.o.log.error({ err }, 'door schedule: tick failed; trying again');
    }
    // A little after the change (a timer may fire early against the wall clock), at most maxWaitMs.
    const wait = next === undefined ? this.maxWaitMs : Math.min(this.maxWaitMs, Math.max(0, next - this.now()) + 25);
    this.timer = setTimeout(() => this.run(), wait);
    this.timer.unref();
  }

  /** Bring every door in line with its schedule at the clock's now. Safe to call any number of times. */
  tick(): TickResult {
    const at = this.now();
    const actions: ScheduleAction[] = [];
    let next: number | undefined;
    for (const door of this.o.doors) {
      try {
        const state = scheduleAt(door.id, door.schedule, this.timeZone, at);
        if (state.next !== undefined) next = next === undefined ? state.next : Math.min(next, state.next);
        this.apply(door.id, state.active, actions);
      } catch (err) {
        this.o.log.error({ err, door: door.id }, 'door schedule: could not apply the schedule to the door; trying again');
      }
    }
    return { at, next, actions };
  }

  private apply(door: string, active: SlotInstance<DoorSlot> | undefined, actions: ScheduleAction[]): void {
    const db = this.o.store.db;
    let current = db.prepare("SELECT id, kind, opened_by FROM door_sessions WHERE door = ? AND status = 'open'").get(door) as OpenRow | undefined;
    const actor = active ? `${SCHEDULE_ACTOR}${active.id}` : undefined;

    // The end: a session of a schedule instance that is no longer the active one.
    if (current?.opened_by?.startsWith(SCHEDULE_ACTOR) && current.opened_by !== actor) {
      const slot = current.opened_by.slice(SCHEDULE_ACTOR.length);
      this.o.sessions.close(door, current.id, current.opened_by);
      this.closed.inc({ door, kind: current.kind });
      this.o.log.info({ door, slot, session: current.id }, 'door schedule: slot over, session closed');
      actions.push({ action: 'closed', door, slot, session: current.id });
      current = undefined;
    }
    if (!active || actor === undefined) return;

    // The start (or the first look inside the instance).
    if (db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(`${SKIPPED_KEY}${door}`) === active.id) return;
    if (db.prepare('SELECT 1 FROM door_sessions WHERE door = ? AND opened_by = ? LIMIT 1').get(door, actor) !== undefined) return;
    if (current) {
      this.o.store.transact((tx) => tx.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(`${SKIPPED_KEY}${door}`, active.id));
      this.skipped.inc({ door, reason: 'busy' });
      this.o.log.warn({ door, slot: active.id, session: current.id, opened_by: current.opened_by }, 'door schedule: the door already has a session; this slot is skipped');
      actions.push({ action: 'skipped', door, slot: active.id, reason: 'busy' });
      return;
    }
    const slot = active.slot;
    const refs = slot.kind === 'outbound' ? this.readyOrders(door, active) : this.expectedAsns(active);
    if (refs.length === 0) {
      if (this.once(door, 'empty', active.id)) {
        this.skipped.inc({ door, reason: 'empty' });
        this.o.log.info(
          { door, slot: active.id, kind: slot.kind, ...(slot.carrier !== undefined ? { carrier: slot.carrier } : {}), ...(slot.supplier !== undefined ? { supplier: slot.supplier } : {}) },
          'door schedule: nothing to load in this slot; no session (looking again until it ends)',
        );
        actions.push({ action: 'skipped', door, slot: active.id, reason: 'empty' });
      }
      return;
    }
    try {
      const view = this.o.sessions.open(door, slot.kind === 'outbound' ? { kind: 'outbound', orders: refs } : { kind: 'inbound', asns: refs }, actor);
      this.opened.inc({ door, kind: slot.kind });
      this.o.log.info({ door, slot: active.id, session: view.id, kind: slot.kind, refs: refs.length, until: new Date(active.end).toISOString() }, 'door schedule: slot began, session opened');
      actions.push({ action: 'opened', door, slot: active.id, session: view.id, kind: slot.kind, refs });
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      if (this.once(door, 'error', active.id)) {
        this.skipped.inc({ door, reason: 'error' });
        this.o.log.warn({ door, slot: active.id, err: detail }, 'door schedule: could not open the session; trying again until the slot ends');
        actions.push({ action: 'skipped', door, slot: active.id, reason: 'error', detail });
      }
    }
  }

  private once(door: string, reason: string, slot: string): boolean {
    const key = `${door}:${reason}`;
    if (this.noted.get(key) === slot) return false;
    this.noted.set(key, slot);
    return true;
  }

  /** Orders ready to load for this slot (see the file comment). */
  private readyOrders(door: string, inst: SlotInstance<DoorSlot>): string[] {
    const rows = this.o.store.db
      .prepare(
        `SELECT o.id, o.priority, o.ship_by, o.received_at FROM orders o
         WHERE o.status = 'reserved' AND (@carrier IS NULL OR o.carrier = @carrier)
           AND NOT EXISTS (SELECT 1 FROM door_sessions s, json_each(s.refs) j WHERE s.status = 'open' AND s.kind = 'outbound' AND j.value = o.id)`,
      )
      .all({ carrier: inst.slot.carrier ?? null }) as { id: string; priority: number; ship_by: string | null; received_at: string }[];
    const shipBy = (s: string | null) => (s === null ? Number.POSITIVE_INFINITY : Date.parse(s));
    rows.sort((a, b) => b.priority - a.priority || shipBy(a.ship_by) - shipBy(b.ship_by) || cmp(a.received_at, b.received_at) || cmp(a.id, b.id));
    if (rows.length > MAX_SESSION_REFS) {
      this.o.log.warn({ door, slot: inst.id, ready: rows.length, taken: MAX_SESSION_REFS }, 'door schedule: more orders ready than one session takes; the rest wait');
    }
    return rows.slice(0, MAX_SESSION_REFS).map((r) => r.id);
  }

  /** ASNs expected within this slot instance (see the file comment). */
  private expectedAsns(inst: SlotInstance<DoorSlot>): string[] {
    const rows = this.o.store.db
      .prepare(
        `SELECT a.id, a.expected_at FROM asns a
         WHERE a.status = 'open' AND a.expected_at IS NOT NULL AND (@supplier IS NULL OR a.supplier = @supplier)
           AND NOT EXISTS (SELECT 1 FROM door_sessions s, json_each(s.refs) j WHERE s.kind = 'inbound' AND j.value = a.id)`,
      )
      .all({ supplier: inst.slot.supplier ?? null }) as { id: string; expected_at: string }[];
    return rows
      .map((r) => ({ id: r.id, at: Date.parse(r.expected_at) }))
      .filter((r) => r.at >= inst.start && r.at < inst.end)
      .sort((a, b) => a.at - b.at || cmp(a.id, b.id))
      .slice(0, MAX_SESSION_REFS)
      .map((r) => r.id);
  }
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
