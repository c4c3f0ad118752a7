/**
 * Door presence sensors (a photo-eye or motion sensor wired to a reader's GPI input): when did
 * each door's sensor see something? Pure: levels in, answers out, time passed in.
 *
 * A door's sensor is kept as its observed levels, sorted by time: `recordLevel` inserts one
 * (an edge from a GPI event, or a state read on connect) wherever its time puts it, so edges
 * that arrive late, out of order or twice give the same answers as in order. The sensor is
 * active from an active observation until the next inactive one: intervals [from, to), the
 * last one open (to = Infinity) while the sensor still sees something. Before its first
 * observation a sensor's state is unknown and counts as inactive. Two observations at the same
 * microsecond: the active one is taken as the later (a glitch does not hide a pallet).
 *
 * `triggered(state, door, fromUs, toUs)`: does an active interval, widened by the door's
 * graceMs on both sides, overlap [fromUs, toUs]? Doors without a sensor are always triggered.
 * Memory: `pruneBefore` drops what is older than a horizon (keeping the observation that gives
 * the state at the horizon), and each door keeps at most `maxObservations` (oldest dropped).
 */

export interface DoorTriggerConfig {
  door: string;
  /** true: the sensor sees something while its input is high */
  activeHigh: boolean;
  /** Reads this long before the sensor fires or after it clears still count */
  graceMs: number;
}

interface Observation {
  atUs: number;
  active: boolean;
}

interface DoorSensor {
  readonly config: DoorTriggerConfig;
  /** Sorted by (atUs, inactive before active); no exact duplicates */
  readonly observations: Observation[];
  /** Active intervals, rebuilt from the observations when they change */
  intervals: { fromUs: number; toUs: number }[] | undefined;
}

export interface DoorTriggerState {
  readonly doors: Map<string, DoorSensor>;
  readonly maxObservations: number;
  stats: { levels: number; duplicates: number; pruned: number; capped: number };
}

export interface SensorView {
  door: string;
  /** undefined: no level observed yet */
  active: boolean | undefined;
  /** Time (UTC µs) of the observation that gives the current state */
  sinceUs: number | undefined;
  /** Observations kept */
  observations: number;
}

/** Per door, this many observations at most (a chattering sensor cannot grow memory). */
export const DEFAULT_MAX_OBSERVATIONS = 4096;

export function createDoorTriggerState(doors: readonly DoorTriggerConfig[], options: { maxObservations?: number } = {}): DoorTriggerState {
  const map = new Map<string, DoorSensor>();
  for (const d of doors) map.set(d.door, { config: { ...d }, observations: [], intervals: [] });
  return { doors: map, maxObservations: Math.max(2, options.maxObservations ?? DEFAULT_MAX_OBSERVATIONS), stats: { levels: 0, duplicates: 0, pruned: 0, capped: 0 } };
}

/** Sort key order: time, then inactive before active at the same time. */
function before(a: Observation, atUs: number, active: boolean): boolean {
  return a.atUs < atUs || (a.atUs === atUs && !a.active && active);
}

/**
 * The sensor input of `door` was at `level` (true = high) at `atUs` (UTC µs). Returns false
 * when it changes nothing: an unknown door, a bad time, or an observation already recorded.
 */
export function recordLevel(state: DoorTriggerState, door: string, atUs: number, level: boolean): boolean {
  const s = state.doors.get(door);
  if (!s || !Number.isFinite(atUs)) return false;
  const active = level === s.config.activeHigh;
  const obs = s.observations;
  // Binary search for the first observation not before (atUs, active).
  let lo = 0;
  let hi = obs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(obs[mid] as Observation, atUs, active)) lo = mid + 1;
    else hi = mid;
  }
  const at = obs[lo];
  if (at !== undefined && at.atUs === atUs && at.active === active) {
    state.stats.duplicates++;
    return false;
  }
  obs.splice(lo, 0, { atUs, active });
  state.stats.levels++;
  if (obs.length > state.maxObservations) {
    const drop = obs.length - state.maxObservations;
    obs.splice(0, drop);
    state.stats.capped += drop;
  }
  s.intervals = undefined;
  return true;
}

function intervalsOf(s: DoorSensor): { fromUs: number; toUs: number }[] {
  if (s.intervals) return s.intervals;
  const out: { fromUs: number; toUs: number }[] = [];
  let openAt: number | undefined;
  for (const o of s.observations) {
    if (o.active) {
      if (openAt === undefined) openAt = o.atUs;
    } else if (openAt !== undefined) {
      out.push({ fromUs: openAt, toUs: o.atUs });
      openAt = undefined;
    }
  }
  if (openAt !== undefined) out.push({ fromUs: openAt, toUs: Number.POSITIVE_INFINITY });
  s.intervals = out;
  return out;
}

/** The door's active intervals [fromUs, toUs), oldest first; the last is open (toUs Infinity) while active. */
export function activeIntervals(state: DoorTriggerState, door: string): readonly { fromUs: number; toUs: number }[] {
  const s = state.doors.get(door);
  return s ? intervalsOf(s) : [];
}

/** Whether `door` has a presence sensor at all. */
export function hasTrigger(state: DoorTriggerState, door: string): boolean {
  return state.doors.has(door);
}

/**
 * Did the door's sensor see something between fromUs and toUs (UTC µs, a track's first and
 * last read), give or take its graceMs? Doors without a sensor: always true.
 */
export function triggered(state: DoorTriggerState, door: string, fromUs: number, toUs: number): boolean {
  const s = state.doors.get(door);
  if (!s) return true;
  const graceUs = s.config.graceMs * 1000;
  const lo = Math.min(fromUs, toUs) - graceUs;
  const hi = Math.max(fromUs, toUs) + graceUs;
  const iv = intervalsOf(s);
  // The last interval starting at or before hi has the latest end of all that could overlap
  // (intervals are disjoint and sorted).
  let a = 0;
  let b = iv.length;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if ((iv[mid] as { fromUs: number }).fromUs <= hi) a = mid + 1;
    else b = mid;
  }
  const last = iv[a - 1];
  return last !== undefined && last.toUs > lo;
}

/** The sensor's current state: its latest observation. */
export function sensorView(state: DoorTriggerState, door: string): SensorView | undefined {
  const s = state.doors.get(door);
  if (!s) return undefined;
  const last = s.observations[s.observations.length - 1];
  return { door, active: last?.active, sinceUs: last === undefined ? undefined : sinceOf(s), observations: s.observations.length };
}

/** When the current state began: the first observation of the run of equal states at the end. */
function sinceOf(s: DoorSensor): number | undefined {
  const obs = s.observations;
  const last = obs[obs.length - 1];
  if (!last) return undefined;
  let i = obs.length - 1;
  while (i > 0 && (obs[i - 1] as Observation).active === last.active) i--;
  return (obs[i] as Observation).atUs;
}

/**
 * Forgets observations older than `horizonUs`, keeping the last one at or before it (it gives
 * the state at the horizon): answers for times from the horizon on do not change. Returns how
 * many were dropped.
 */
export function pruneBefore(state: DoorTriggerState, horizonUs: number): number {
  let dropped = 0;
  for (const s of state.doors.values()) {
    const obs = s.observations;
    let k = -1; // last index with atUs <= horizon
    let lo = 0;
    let hi = obs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((obs[mid] as Observation).atUs <= horizonUs) lo = mid + 1;
      else hi = mid;
    }
    k = lo - 1;
    if (k > 0) {
      obs.splice(0, k);
      dropped += k;
      s.intervals = undefined;
    }
  }
  state.stats.pruned += dropped;
  return dropped;
}
