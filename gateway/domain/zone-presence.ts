/**
 * Zone presence, pure: readers that watch a zone (not a door) say where an EPC is. A tag
 * settles in a zone when that zone has seen it at least `minReads` times over at least
 * `settleMs`, and its current zone has not seen it for `settleMs`. The first settling is a
 * location; a settling in another zone is a transfer (the service books the movement).
 * Time in UTC microseconds, passed in.
 */
import type { ReadBatch } from './portal-transit.ts';

export interface ZonePresenceOptions {
  settleMs: number;
  minReads: number;
}

export type ZoneOutcome =
  | { kind: 'located'; epc: string; zone: string; atUs: number }
  | { kind: 'transfer'; epc: string; from: string; to: string; atUs: number };

interface Sighting {
  first: number;
  last: number;
  reads: number;
}

interface Tag {
  zone: string | undefined;
  /** per zone: sightings since the tag last settled */
  seen: Map<string, Sighting>;
}

export interface ZonePresenceState {
  readonly readerZones: ReadonlyMap<string, string>;
  readonly tags: Map<string, Tag>;
  readonly options: ZonePresenceOptions;
}

export function createZonePresence(readerZones: Record<string, string>, options: ZonePresenceOptions): ZonePresenceState {
  return { readerZones: new Map(Object.entries(readerZones)), tags: new Map(), options };
}

export function ingestZoneBatch(state: ZonePresenceState, batch: ReadBatch): void {
  const zone = state.readerZones.get(batch.reader);
  if (zone === undefined) return;
  for (const r of batch.reads) {
    const epc = r.epc.toLowerCase();
    let tag = state.tags.get(epc);
    if (!tag) {
      tag = { zone: undefined, seen: new Map() };
      state.tags.set(epc, tag);
    }
    const s = tag.seen.get(zone);
    if (!s) tag.seen.set(zone, { first: r.firstSeenUs, last: r.lastSeenUs, reads: Math.max(1, r.count) });
    else {
      if (r.firstSeenUs < s.first) s.first = r.firstSeenUs;
      if (r.lastSeenUs > s.last) s.last = r.lastSeenUs;
      s.reads += Math.max(1, r.count);
    }
  }
}

/** Settle what can be settled at `nowUs`; outcomes ordered by time, then EPC. */
export function settleDue(state: ZonePresenceState, nowUs: number): ZoneOutcome[] {
  const settleUs = state.options.settleMs * 1000;
  const out: ZoneOutcome[] = [];
  for (const [epc, tag] of state.tags) {
    const current = tag.zone !== undefined ? tag.seen.get(tag.zone) : undefined;
    const currentQuiet = current === undefined || nowUs - current.last >= settleUs;
    let best: { zone: string; s: Sighting } | undefined;
    for (const [zone, s] of tag.seen) {
      if (zone === tag.zone) continue;
      const qualifies = s.reads >= state.options.minReads && s.last - s.first >= settleUs;
      if (!qualifies) continue;
      if (!best || s.last > best.s.last || (s.last === best.s.last && zone < best.zone)) best = { zone, s };
    }
    if (best && currentQuiet) {
      out.push(tag.zone === undefined ? { kind: 'located', epc, zone: best.zone, atUs: best.s.first + settleUs } : { kind: 'transfer', epc, from: tag.zone, to: best.zone, atUs: best.s.first + settleUs });
      tag.zone = best.zone;
      tag.seen = new Map([[best.zone, best.s]]);
      continue;
    }
    // Forget stale sightings of other zones (a cross-read long ago must not add up later).
    for (const [zone, s] of tag.seen) if (zone !== tag.zone && nowUs - s.last > 2 * settleUs) tag.seen.delete(zone);
  }
  return out.sort((a, b) => a.atUs - b.atUs || (a.epc < b.epc ? -1 : 1));
}

export function zoneOf(state: ZonePresenceState, epc: string): string | undefined {
  return state.tags.get(epc.toLowerCase())?.zone;
}
