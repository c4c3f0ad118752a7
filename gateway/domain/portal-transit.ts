/**
 * Dock-door portals, pure: tag reads in, transits out. Time is passed in (UTC microseconds,
 * as the reader daemon publishes it); nothing here does I/O.
 *
 * A track is one EPC at one door. It opens at the first read that passes the door's RSSI
 * floor and closes when no door has seen the EPC for the door's window. At close:
 * - tracks of the same EPC at adjacent doors are arbitrated: the door whose manifest expects
 *   the item wins, otherwise the stronger evidence (peak RSSI, then reads); the others are
 *   recorded as suppressed cross-reads;
 * - fewer reads than the door's minimum: a stray, ignored and counted;
 * - read longer than the parking limit: a parked tag (it sits in the door), reported once
 *   while still there; its evidence then restarts, so only a later real crossing (reads on
 *   both sides) makes a transit of it, and going quiet where it lay makes nothing more;
 * - seen on both sides: the direction is the order of the sides (their read-weighted mean
 *   times); starting and ending on the same side after visiting the other is a reversal
 *   (the forklift backed out), not a transit; every side change beyond the one crossing is
 *   a dither, counted once on the transit;
 * - seen on one side only: a transit of unknown direction with low confidence.
 * Reads are ordered canonically inside each batch, so the same reads in any order give the
 * same result.
 */

export type Side = 'outside' | 'inside';
export type Direction = 'inbound' | 'outbound' | 'unknown';

export interface TagRead {
  epc: string;
  antenna: number;
  /** Peak RSSI in dBm */
  rssi: number;
  firstSeenUs: number;
  lastSeenUs: number;
  /** How many times the reader saw it in this report (>= 1) */
  count: number;
}

export interface ReadBatch {
  reader: string;
  reads: readonly TagRead[];
}

export interface DoorThresholds {
  windowMs: number;
  minReads: number;
  rssiFloorDbm: number;
  /** A track open this long is a parked tag; default PortalOptions.parkAfterMs */
  parkAfterMs?: number;
}

export interface DoorLayout {
  id: string;
  readers: readonly { device: string; outside: readonly number[]; inside: readonly number[] }[];
  adjacent: readonly string[];
  thresholds: DoorThresholds;
}

export interface PortalOptions {
  /** A track open this long is a parked tag, for doors without their own. Default 120 s. */
  parkAfterMs?: number;
  /** While sessions are open: does this door's manifest expect this EPC? */
  expects?: (door: string, epc: string) => boolean;
  /**
   * For doors with a presence sensor: did it see something between these times (UTC µs)?
   * false suppresses the track as 'untriggered'. Absent: every door counts as triggered.
   */
  triggered?: (door: string, fromUs: number, toUs: number) => boolean;
}

export interface Transit {
  kind: 'transit';
  door: string;
  epc: string;
  direction: Direction;
  /** 0..1 */
  confidence: number;
  firstSeenUs: number;
  lastSeenUs: number;
  reads: number;
  peakRssi: number;
  /** Side changes beyond the crossing itself (a tag dithering in the door), suppressed */
  dithers: number;
  /** Doors whose reads of the same tag lost the arbitration */
  crossReadsFrom: string[];
}

export interface Suppressed {
  kind: 'suppressed';
  door: string;
  epc: string;
  reason: 'stray' | 'cross-read' | 'reversed' | 'parked' | 'untriggered';
  reads: number;
  peakRssi: number;
  firstSeenUs: number;
  lastSeenUs: number;
  /** For a cross-read: the door that won */
  wonBy?: string;
}

export type PortalOutcome = Transit | Suppressed;

export interface PortalStats {
  reads: number;
  belowRssiFloor: number;
  unknownAntenna: number;
  transits: number;
  stray: number;
  crossReads: number;
  reversed: number;
  parked: number;
  untriggered: number;
  dithers: number;
}

interface SideStats {
  reads: number;
  /** sum of read time x count, for the read-weighted mean time */
  timeSum: number;
  first: number;
  last: number;
}

interface Track {
  door: string;
  /** First read ever (kept when a parked tag's evidence restarts) */
  since: number;
  first: number;
  last: number;
  reads: number;
  peakRssi: number;
  outside: SideStats;
  inside: SideStats;
  /** Runs of reads on one side, in time order */
  segments: { side: Side; reads: number }[];
  lastSideTime: number;
  /** Reported parked while still being read; its evidence restarts at each parking limit */
  parked: boolean;
}

export interface PortalState {
  /** epc -> door -> track */
  readonly tracks: Map<string, Map<string, Track>>;
  readonly stats: PortalStats;
  /** reader -> antenna -> where it points */
  readonly antennaMap: Map<string, Map<number, Placement>>;
  readonly doors: Map<string, DoorLayout>;
  /**
   * Per door, when each open EPC may be due there (min-heap on dueUs). An entry is pushed
   * when an EPC's first track opens; a popped entry whose EPC was read again since, or that
   * waits for another door (its readers heard later), is pushed back with its due time into
   * the heap of the door it waits for. Closing costs O(log n) per EPC, not a scan of every
   * open track.
   */
  readonly due: Map<string, DueHeap>;
}

interface Placement {
  door: DoorLayout;
  side: Side;
}

const CLEAR_SEPARATION_US = 500_000;

export function createPortalState(doors: readonly DoorLayout[]): PortalState {
  const antennaMap = new Map<string, Map<number, Placement>>();
  const place = (reader: string, antenna: number, p: Placement) => {
    let m = antennaMap.get(reader);
    if (!m) {
      m = new Map();
      antennaMap.set(reader, m);
    }
    m.set(antenna, p);
  };
  for (const d of doors) {
    for (const r of d.readers) {
      for (const a of r.outside) place(r.device, a, { door: d, side: 'outside' });
      for (const a of r.inside) place(r.device, a, { door: d, side: 'inside' });
    }
  }
  return {
    tracks: new Map(),
    antennaMap,
    due: new Map(doors.map((d) => [d.id, new DueHeap()])),
    doors: new Map(doors.map((d) => [d.id, d])),
    stats: { reads: 0, belowRssiFloor: 0, unknownAntenna: 0, transits: 0, stray: 0, crossReads: 0, reversed: 0, parked: 0, untriggered: 0, dithers: 0 },
  };
}

const emptySide = (): SideStats => ({ reads: 0, timeSum: 0, first: Number.POSITIVE_INFINITY, last: Number.NEGATIVE_INFINITY });

function compareReads(a: TagRead, b: TagRead): number {
  return a.firstSeenUs - b.firstSeenUs || a.lastSeenUs - b.lastSeenUs || a.antenna - b.antenna || (a.epc < b.epc ? -1 : a.epc > b.epc ? 1 : 0) || a.rssi - b.rssi || a.count - b.count;
}

function inCanonicalOrder(reads: readonly TagRead[]): boolean {
  for (let i = 1; i < reads.length; i++) if (compareReads(reads[i - 1] as TagRead, reads[i] as TagRead) > 0) return false;
  return true;
}

/** Add one reader report to the state. */
export function ingestBatch(state: PortalState, batch: ReadBatch): void {
  const reads = batch.reads.length > 1 && !inCanonicalOrder(batch.reads) ? [...batch.reads].sort(compareReads) : batch.reads;
  const antennas = state.antennaMap.get(batch.reader);
  state.stats.reads += reads.length;
  for (const r of reads) {
    const where = antennas?.get(r.antenna);
    if (!where) {
      state.stats.unknownAntenna++;
      continue;
    }
    const door = where.door;
    if (r.rssi < door.thresholds.rssiFloorDbm) {
      state.stats.belowRssiFloor++;
      continue;
    }
    const epc = r.epc.toLowerCase();
    let byDoor = state.tracks.get(epc);
    if (!byDoor) {
      byDoor = new Map();
      state.tracks.set(epc, byDoor);
      (state.due.get(door.id) as DueHeap).push(r.lastSeenUs + door.thresholds.windowMs * 1000, epc);
    }
    let t = byDoor.get(door.id);
    if (!t) {
      t = { door: door.id, since: r.firstSeenUs, first: r.firstSeenUs, last: r.lastSeenUs, reads: 0, peakRssi: r.rssi, outside: emptySide(), inside: emptySide(), segments: [], lastSideTime: Number.NEGATIVE_INFINITY, parked: false };
      byDoor.set(door.id, t);
    }
    const count = Math.max(1, r.count);
    t.reads += count;
    if (r.firstSeenUs < t.first) t.first = r.firstSeenUs;
    if (r.lastSeenUs > t.last) t.last = r.lastSeenUs;
    if (r.rssi > t.peakRssi) t.peakRssi = r.rssi;
    const s = t[where.side];
    s.reads += count;
    s.timeSum += ((r.firstSeenUs + r.lastSeenUs) / 2) * count;
    if (r.firstSeenUs < s.first) s.first = r.firstSeenUs;
    if (r.lastSeenUs > s.last) s.last = r.lastSeenUs;
    // The side sequence follows time; a read older than the last recorded side change
    // (a late report) does not rewrite history.
    const seg = t.segments.at(-1);
    if (seg !== undefined && (seg.side === where.side || r.firstSeenUs < t.lastSideTime)) {
      seg.reads += count;
    } else {
      t.segments.push({ side: where.side, reads: count });
    }
    if (r.firstSeenUs > t.lastSideTime) t.lastSideTime = r.firstSeenUs;
  }
}

/** When an EPC's window passes: its last read at any door plus the longest window of those doors. */
function dueOf(state: PortalState, byDoor: Map<string, Track>): number {
  let last = Number.NEGATIVE_INFINITY;
  let windowUs = 0;
  for (const t of byDoor.values()) {
    if (t.last > last) last = t.last;
    const w = (state.doors.get(t.door) as DoorLayout).thresholds.windowMs * 1000;
    if (w > windowUs) windowUs = w;
  }
  return last + windowUs;
}

/**
 * Close every EPC whose window has passed at every door that saw it (due < now there), and
 * return what happened, in a stable order (by last seen, then EPC, then door). `now` is one
 * time for every door, or each door's own (its readers' clocks, as far as their reports
 * have arrived: a door heard late does not hold the others back).
 */
export function closeDue(state: PortalState, now: number | ((door: string) => number), options: PortalOptions = {}): PortalOutcome[] {
  const out: PortalOutcome[] = [];
  const parkUs = (options.parkAfterMs ?? 120_000) * 1000;
  const nowAt = typeof now === 'number' ? () => now : now;
  const later: [string, number, string][] = [];
  for (const [door, heap] of state.due) {
    const doorNow = nowAt(door);
    while (heap.size > 0 && heap.peekDue() < doorNow) {
      const epc = heap.pop();
      const byDoor = state.tracks.get(epc);
      if (!byDoor) continue;
      const due = dueOf(state, byDoor);
      // The door it waits for: the one heard latest among those that saw it.
      let waitDoor = door;
      let waitNow = doorNow;
      for (const d of byDoor.keys()) {
        const n = d === door ? doorNow : nowAt(d);
        if (n < waitNow) {
          waitNow = n;
          waitDoor = d;
        }
      }
      if (due >= waitNow) {
        later.push([waitDoor, due, epc]);
        for (const t of byDoor.values()) checkParked(state, epc, t, parkUs, out);
        continue;
      }
      state.tracks.delete(epc);
      out.push(...resolveEpc(state, epc, [...byDoor.values()], parkUs, options));
    }
  }
  for (const [door, due, epc] of later) (state.due.get(door) as DueHeap).push(due, epc);
  out.sort((a, b) => a.lastSeenUs - b.lastSeenUs || (a.epc < b.epc ? -1 : a.epc > b.epc ? 1 : 0) || (a.door < b.door ? -1 : a.door > b.door ? 1 : 0));
  return out;
}

/**
 * A tag still being read after the parking limit sits in the door (a carton left on the
 * floor by it): reported parked once, then its evidence restarts at every parking limit, so
 * that if it is carried through later, that crossing is judged on its own reads.
 */
function checkParked(state: PortalState, epc: string, t: Track, defaultParkUs: number, out: PortalOutcome[]): void {
  const own = (state.doors.get(t.door) as DoorLayout).thresholds.parkAfterMs;
  const parkUs = own !== undefined ? own * 1000 : defaultParkUs;
  if (t.last - t.first <= parkUs) return;
  if (!t.parked) {
    state.stats.parked++;
    out.push(suppressed(epc, t, 'parked'));
    t.parked = true;
  }
  t.first = t.last;
  t.reads = 0;
  t.peakRssi = Number.NEGATIVE_INFINITY;
  t.outside = emptySide();
  t.inside = emptySide();
  t.segments = [];
  t.lastSideTime = Number.NEGATIVE_INFINITY;
}

/**
 * How long until closeDue may have something to close (µs; 0 or less: now), with the same
 * `now` as closeDue; undefined when no tag is in any door. May be early (the EPC was read
 * again since), never late.
 */
export function nextDueInUs(state: PortalState, now: number | ((door: string) => number)): number | undefined {
  let soonest: number | undefined;
  for (const [door, heap] of state.due) {
    if (heap.size === 0) continue;
    const wait = heap.peekDue() - (typeof now === 'number' ? now : now(door));
    if (soonest === undefined || wait < soonest) soonest = wait;
  }
  return soonest;
}

/** A binary min-heap of (due time, EPC); ties in any order. */
export class DueHeap {
  private readonly dues: number[] = [];
  private readonly epcs: string[] = [];

  get size(): number {
    return this.dues.length;
  }

  peekDue(): number {
    return this.dues[0] as number;
  }

  push(due: number, epc: string): void {
    const d = this.dues;
    const e = this.epcs;
    let i = d.length;
    d.push(due);
    e.push(epc);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((d[parent] as number) <= due) break;
      d[i] = d[parent] as number;
      e[i] = e[parent] as string;
      i = parent;
    }
    d[i] = due;
    e[i] = epc;
  }

  pop(): string {
    const d = this.dues;
    const e = this.epcs;
    const top = e[0] as string;
    const lastDue = d.pop() as number;
    const lastEpc = e.pop() as string;
    const n = d.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && (d[r] as number) < (d[l] as number) ? r : l;
      if ((d[c] as number) >= lastDue) break;
      d[i] = d[c] as number;
      e[i] = e[c] as string;
      i = c;
    }
    d[i] = lastDue;
    e[i] = lastEpc;
    return top;
  }
}

/** A tag in a door right now (views: what is parked at a door). */
export interface OpenTrack {
  epc: string;
  door: string;
  /** First read at this door, UTC µs */
  sinceUs: number;
  lastSeenUs: number;
  reads: number;
  parked: boolean;
}

/** Tags with an open track (for parked-tag views and tests). */
export function openTracks(state: PortalState, nowUs: number, options: PortalOptions = {}): OpenTrack[] {
  const parkUs = (options.parkAfterMs ?? 120_000) * 1000;
  const res: OpenTrack[] = [];
  for (const [epc, byDoor] of state.tracks) {
    for (const t of byDoor.values()) {
      const own = (state.doors.get(t.door) as DoorLayout).thresholds.parkAfterMs;
      const parked = t.parked || nowUs - t.first > (own !== undefined ? own * 1000 : parkUs);
      res.push({ epc, door: t.door, sinceUs: t.since, lastSeenUs: t.last, reads: t.reads, parked });
    }
  }
  return res;
}

function score(t: Track): [number, number] {
  return [t.peakRssi, t.reads];
}

function resolveEpc(state: PortalState, epc: string, tracks: Track[], parkUs: number, options: PortalOptions): PortalOutcome[] {
  const out: PortalOutcome[] = [];
  // Strays and tracks no presence sensor confirms first: they take no part in arbitration.
  const candidates: Track[] = [];
  for (const t of tracks) {
    const door = state.doors.get(t.door) as DoorLayout;
    if (t.parked && !(t.outside.reads >= door.thresholds.minReads && t.inside.reads >= door.thresholds.minReads)) {
      // Reported parked already, and no crossing since: it went quiet where it lay.
      continue;
    }
    if (t.reads < door.thresholds.minReads) {
      state.stats.stray++;
      out.push(suppressed(epc, t, 'stray'));
    } else if (options.triggered !== undefined && !options.triggered(t.door, t.first, t.last)) {
      state.stats.untriggered++;
      out.push(suppressed(epc, t, 'untriggered'));
    } else candidates.push(t);
  }
  // Arbitration within each group of mutually adjacent doors.
  const done = new Set<Track>();
  for (const t of candidates) {
    if (done.has(t)) continue;
    const group = [t];
    done.add(t);
    for (let i = 0; i < group.length; i++) {
      const g = group[i] as Track;
      const adj = (state.doors.get(g.door) as DoorLayout).adjacent;
      for (const other of candidates) {
        if (done.has(other)) continue;
        const otherAdj = (state.doors.get(other.door) as DoorLayout).adjacent;
        if (adj.includes(other.door) || otherAdj.includes(g.door)) {
          group.push(other);
          done.add(other);
        }
      }
    }
    const winner = pickWinner(epc, group, options);
    for (const loser of group) {
      if (loser === winner) continue;
      state.stats.crossReads++;
      out.push({ ...suppressed(epc, loser, 'cross-read'), wonBy: winner.door });
    }
    out.push(judge(state, epc, winner, group.filter((x) => x !== winner).map((x) => x.door), parkUs));
  }
  return out;
}

function pickWinner(epc: string, group: Track[], options: PortalOptions): Track {
  if (group.length === 1) return group[0] as Track;
  const expected = options.expects ? group.filter((t) => options.expects?.(t.door, epc)) : [];
  const pool = expected.length > 0 ? expected : group;
  let best = pool[0] as Track;
  for (const t of pool) {
    const [a1, a2] = score(t);
    const [b1, b2] = score(best);
    if (a1 > b1 || (a1 === b1 && (a2 > b2 || (a2 === b2 && t.door < best.door)))) best = t;
  }
  return best;
}

function suppressed(epc: string, t: Track, reason: Suppressed['reason']): Suppressed {
  return { kind: 'suppressed', door: t.door, epc, reason, reads: t.reads, peakRssi: t.peakRssi, firstSeenUs: t.first, lastSeenUs: t.last };
}

function judge(state: PortalState, epc: string, t: Track, crossReadsFrom: string[], defaultParkUs: number): PortalOutcome {
  const door = state.doors.get(t.door) as DoorLayout;
  const parkUs = door.thresholds.parkAfterMs !== undefined ? door.thresholds.parkAfterMs * 1000 : defaultParkUs;
  if (t.last - t.first > parkUs) {
    state.stats.parked++;
    return suppressed(epc, t, 'parked');
  }
  const windowUs = door.thresholds.windowMs * 1000;
  const { outside, inside } = t;
  let direction: Direction = 'unknown';
  let confidence = 0.3;
  let dithers = 0;
  if (outside.reads > 0 && inside.reads > 0) {
    // Runs shorter than the door's minimum are blips (a reflection, a read through the
    // pallet): they do not decide the path, and count as dithers.
    const runs: Side[] = [];
    let blips = 0;
    for (const seg of t.segments) {
      if (seg.reads < door.thresholds.minReads && t.segments.length > 1) {
        blips++;
        continue;
      }
      if (runs.at(-1) !== seg.side) runs.push(seg.side);
    }
    if (runs.length === 0) runs.push((t.segments[0] as { side: Side }).side);
    const start = runs[0] as Side;
    const end = runs.at(-1) as Side;
    if (runs.length > 1 && start === end) {
      // Went to the other side and came back: no crossing.
      state.stats.reversed++;
      return suppressed(epc, t, 'reversed');
    }
    dithers = Math.max(0, runs.length - 2) + blips;
    if (start === end) {
      // Every run on the other side was a blip: one side really.
      state.stats.transits++;
      state.stats.dithers += dithers;
      return transit(epc, t, 'unknown', 0.35, dithers, crossReadsFrom);
    }
    const meanOut = outside.timeSum / outside.reads;
    const meanIn = inside.timeSum / inside.reads;
    direction = start === 'outside' ? 'inbound' : 'outbound';
    // Agreement of the side order with the read-weighted mean times, evidence on both
    // sides, and a clear separation in time raise confidence.
    const agrees = direction === 'inbound' ? meanOut <= meanIn : meanIn <= meanOut;
    // Half a second between the sides' mean times is a clear crossing (a forklift at walking
    // speed through a portal of a metre or two); less counts in proportion.
    const separation = Math.min(1, Math.abs(meanIn - meanOut) / Math.min(CLEAR_SEPARATION_US, Math.max(1, windowUs / 2)));
    const bothSides = outside.reads >= door.thresholds.minReads && inside.reads >= door.thresholds.minReads;
    confidence = (agrees ? 0.55 : 0.35) + (bothSides ? 0.2 : 0) + 0.25 * separation - Math.min(0.2, 0.05 * dithers);
  }
  state.stats.transits++;
  state.stats.dithers += dithers;
  return transit(epc, t, direction, confidence, dithers, crossReadsFrom);
}

function transit(epc: string, t: Track, direction: Direction, confidence: number, dithers: number, crossReadsFrom: string[]): Transit {
  return {
    kind: 'transit',
    door: t.door,
    epc,
    direction,
    confidence: Math.round(Math.max(0, Math.min(1, confidence)) * 100) / 100,
    firstSeenUs: t.first,
    lastSeenUs: t.last,
    reads: t.reads,
    peakRssi: t.peakRssi,
    dithers,
    crossReadsFrom,
  };
}
