/**
 * Door schedules, pure: a door's time slots (weekdays, from, to, in the site's time zone)
 * turned into slot instances on the time line, the one active at an instant, and the next
 * instant at which that answer changes. Time is passed in (epoch ms); the wall clock of the
 * zone comes from Intl.DateTimeFormat, so no time-zone data of our own.
 *
 * Rules (documented choices):
 * - An instance belongs to the local day it starts on: `days` filters that day. A slot whose
 *   `to` is not after its `from` (22:00-06:00) runs past midnight into the next local day.
 * - Its id is `{door}@{local date}T{from}`, e.g. `door-3@2026-11-27T14:00`: stable across
 *   restarts and time-zone offsets. Two slots of one door that start at the same local time
 *   on the same day are one instance (the first listed wins).
 * - DST, wall times that do not exist (spring forward, 02:00-03:00 in Europe/Berlin): a
 *   start or end in the gap moves to the first instant after it (03:00 the new offset).
 *   So a 02:30-03:30 slot on that day runs 03:00-03:30; a slot entirely inside the gap
 *   (02:10-02:50) has no instance that day.
 * - DST, wall times that happen twice (fall back, 02:00-03:00 twice): the first occurrence
 *   is taken, for start and end alike. So a 02:30-03:30 slot on that day runs 2 hours of
 *   real time (02:30 summer time to 03:30 winter time); 02:10-02:40 runs 30 minutes.
 * - Instances may overlap (two slots of one door): the one that started last is active
 *   (a later slot takes the door over); on a tie, the one listed first.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The time part of a config slot (doors[].schedule[]); other keys ride along untouched. */
export interface ScheduleSlot {
  /** Weekdays the slot starts on; absent: every day */
  days?: readonly Weekday[] | undefined;
  /** HH:MM, local */
  from: string;
  /** HH:MM, local; not after `from`: the next day */
  to: string;
}

export interface SlotInstance<S extends ScheduleSlot = ScheduleSlot> {
  /** `{door}@{YYYY-MM-DD}T{HH:MM}`: the door and the local wall time the slot starts at */
  id: string;
  door: string;
  slot: S;
  /** Position of the slot in the door's schedule */
  index: number;
  /** The configured local start, `YYYY-MM-DDTHH:MM` (even when DST moved the real start) */
  localStart: string;
  /** Epoch ms, inclusive */
  start: number;
  /** Epoch ms, exclusive */
  end: number;
}

export interface ScheduleState<S extends ScheduleSlot = ScheduleSlot> {
  active: SlotInstance<S> | undefined;
  /** The first instant after `at` at which the active instance is another one (or none); undefined: never (no slots) */
  next: number | undefined;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Instances are looked for from this many local days before `at` (a slot lasts less than 25 hours)... */
const DAYS_BEFORE = 2;
/** ...to this many after (a slot on one weekday recurs within 7 days). */
const DAYS_AFTER = 9;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Throws a RangeError for an unknown zone (the config checks it at load).
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock of `timeZone` at `t`, as epoch ms of the same wall time read in UTC. */
export function wallTime(timeZone: string, t: number): number {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(t))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const ms = t - Math.floor(t / 1000) * 1000;
  return Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0) + ms;
}

const offsetAt = (timeZone: string, t: number): number => wallTime(timeZone, t) - t;

/**
 * The instant a local wall time (given as epoch ms of that wall time read in UTC) happens
 * in `timeZone`: its first occurrence when it happens twice, the end of the gap when it
 * does not happen at all.
 */
export function instantOf(timeZone: string, wall: number): number {
  const before = offsetAt(timeZone, wall - DAY);
  const after = offsetAt(timeZone, wall + DAY);
  const found = [...new Set([before, after])].map((o) => wall - o).filter((t) => wallTime(timeZone, t) === wall);
  if (found.length > 0) return Math.min(...found);
  // In a gap: the transition lies between the two readings; find its first instant.
  let lo = Math.min(wall - before, wall - after);
  let hi = Math.max(wall - before, wall - after);
  const first = offsetAt(timeZone, lo);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(timeZone, mid) === first) lo = mid;
    else hi = mid;
  }
  return hi;
}

const pad = (n: number) => String(n).padStart(2, '0');
function localText(wall: number): string {
  const d = new Date(wall);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

function minutesOf(hhmm: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new RangeError(`a time of day is HH:MM, got '${hhmm}'`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) throw new RangeError(`a time of day is HH:MM 00:00-23:59, got '${hhmm}'`);
  return h * 60 + min;
}

/** Monday = 'mon' of the local date whose midnight is `wallDay` (wall ms). */
const weekdayOf = (wallDay: number): Weekday => WEEKDAYS[(new Date(wallDay).getUTCDay() + 6) % 7] as Weekday;

/**
 * Every instance of the door's slots that starts on a local day from `DAYS_BEFORE` days
 * before the local date of `at` to `DAYS_AFTER` days after it, in start order. Instances that
 * DST leaves empty are left out.
 */
export function slotInstances<S extends ScheduleSlot>(door: string, slots: readonly S[], timeZone: string, at: number): SlotInstance<S>[] {
  if (slots.length === 0) return [];
  const parsed = slots.map((slot, index) => ({ slot, index, from: minutesOf(slot.from), to: minutesOf(slot.to), days: new Set(slot.days ?? WEEKDAYS) }));
  const today = Math.floor(wallTime(timeZone, at) / DAY) * DAY;
  const out: SlotInstance<S>[] = [];
  const seen = new Set<string>();
  for (let k = -DAYS_BEFORE; k <= DAYS_AFTER; k++) {
    const day = today + k * DAY;
    const weekday = weekdayOf(day);
    for (const p of parsed) {
      if (!p.days.has(weekday)) continue;
      const startWall = day + p.from * MINUTE;
      const endWall = day + (p.to <= p.from ? DAY : 0) + p.to * MINUTE;
      const localStart = localText(startWall);
      const id = `${door}@${localStart}`;
      if (seen.has(id)) continue;
      const start = instantOf(timeZone, startWall);
      const end = instantOf(timeZone, endWall);
      if (end <= start) continue;
      seen.add(id);
      out.push({ id, door, slot: p.slot, index: p.index, localStart, start, end });
    }
  }
  return out.sort((a, b) => a.start - b.start || a.index - b.index);
}

/** Of `instances`, the one active at `t`: started last, on a tie listed first. */
function pick<S extends ScheduleSlot>(instances: readonly SlotInstance<S>[], t: number): SlotInstance<S> | undefined {
  let best: SlotInstance<S> | undefined;
  for (const i of instances) {
    if (i.start > t || t >= i.end) continue;
    if (!best || i.start > best.start || (i.start === best.start && i.index < best.index)) best = i;
  }
  return best;
}

/** The slot instance active at `at` and when that changes. */
export function scheduleAt<S extends ScheduleSlot>(door: string, slots: readonly S[], timeZone: string, at: number): ScheduleState<S> {
  const instances = slotInstances(door, slots, timeZone, at);
  const active = pick(instances, at);
  const bounds = [...new Set(instances.flatMap((i) => [i.start, i.end]))].filter((b) => b > at).sort((a, b) => a - b);
  for (const b of bounds) {
    if (pick(instances, b)?.id !== active?.id) return { active, next: b };
  }
  return { active, next: undefined };
}

export function activeSlot<S extends ScheduleSlot>(door: string, slots: readonly S[], timeZone: string, at: number): SlotInstance<S> | undefined {
  return scheduleAt(door, slots, timeZone, at).active;
}

export function nextChange(door: string, slots: readonly ScheduleSlot[], timeZone: string, at: number): number | undefined {
  return scheduleAt(door, slots, timeZone, at).next;
}
