/**
 * What the simulated reader's antennas can see: scenes that put tags in front of antennas as
 * functions of time. Deterministic for a seed. Pure apart from its own clock (passed in).
 *
 * A door has outside antennas (facing the yard) and inside antennas (facing the warehouse).
 * Positions are metres along the path through the door: negative outside, positive inside.
 */

export interface DoorLayout {
  outside: number[];
  inside: number[];
}

export type Scene =
  /** A pallet of `cartons` tagged cartons crossing the door at `speedMps` */
  | { kind: 'pallet'; cartons: number; direction?: 'inbound' | 'outbound' | 'in-and-back'; speedMps?: number; startMs?: number; epcPrefix?: string }
  /** One tag that stays in the door */
  | { kind: 'parked'; epc?: string; antennas?: number[]; startMs?: number; durationMs?: number }
  /**
   * Tags at the adjacent door, seen weakly and now and then on our antennas: `tags` made-up
   * EPCs (from `epcPrefix`), or exactly `epcs` (the cartons going through the door next
   * door); `readsPerSec` per tag and antenna (default 1), RSSI uniform in `rssiDbm`
   * (default [-78, -72]), on `antennas` (default all)
   */
  | { kind: 'cross-read'; tags?: number; startMs?: number; durationMs?: number; epcPrefix?: string; epcs?: string[]; readsPerSec?: number; rssiDbm?: [number, number]; antennas?: number[] }
  /** Random single reads of tags that are not really there */
  | { kind: 'stray'; ratePerSec?: number; startMs?: number; durationMs?: number }
  /** A high read rate: `readsPerSec` reads spread over `tags` distinct tags */
  | { kind: 'flood'; readsPerSec: number; tags?: number; startMs?: number; durationMs?: number; epcPrefix?: string };

export interface Observation {
  /** EPC as lowercase hex */
  epc: string;
  antenna: number;
  /** dBm */
  rssi: number;
  /** Raw Impinj phase 0..4095 */
  phase: number;
  doppler: number;
}

/** mulberry32: a small seeded generator */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The EPC of carton/tag `n` of a scene with this `epcPrefix` (up to 16 hex digits, then `n`) */
export function epcOf(prefix: string, n: number): string {
  const p = prefix.toLowerCase().replace(/[^0-9a-f]/g, '').slice(0, 16);
  return (p + n.toString(16).padStart(24 - p.length, '0')).slice(0, 24);
}

interface Active {
  scene: Scene;
  /** World time the scene starts at */
  at: number;
  /** Read-rate remainders per key, so low rates still produce reads over time */
  carry: Map<string, number>;
  serial: number;
  /** Flood EPCs, made once (their strings, and so their hashes, are reused) */
  epcs?: string[];
}

const READS_PER_SEC_IN_FIELD = 40;
const DOOR_DEPTH_M = 4;

export class World {
  private readonly scenes: Active[] = [];
  /** EPCs rewritten by AccessSpec writes: old -> new */
  private readonly rewrites = new Map<string, string>();
  readonly random: () => number;

  constructor(readonly layout: DoorLayout = { outside: [1, 2], inside: [3, 4] }, seed = 1) {
    this.random = seededRandom(seed);
  }

  /** Adds a scene starting `scene.startMs` after world time `now`. */
  add(scene: Scene, now: number): void {
    this.scenes.push({ scene, at: now + (scene.startMs ?? 0), carry: new Map(), serial: 0 });
  }

  clear(): void {
    this.scenes.length = 0;
  }

  /** Takes one scene (the object given to `add`) out of the world from now on; false when it was not there. */
  remove(scene: Scene): boolean {
    const i = this.scenes.findIndex((s) => s.scene === scene);
    if (i < 0) return false;
    this.scenes.splice(i, 1);
    return true;
  }

  /** The tag whose EPC is `from` answers with `to` from now on (C1G2Write of its EPC). */
  rewrite(from: string, to: string): void {
    for (const [k, v] of this.rewrites) if (v === from) this.rewrites.set(k, to);
    this.rewrites.set(from, to);
  }

  private epc(e: string): string {
    return this.rewrites.get(e) ?? e;
  }

  /** Reads between world times `t0` and `t1` (ms) on `antennas` (empty: all). */
  observe(t0: number, t1: number, antennas: readonly number[], out: Observation[] = []): Observation[] {
    const all = [...this.layout.outside, ...this.layout.inside];
    const on = (a: number) => antennas.length === 0 || antennas.includes(a);
    const dt = (t1 - t0) / 1000;
    for (const s of this.scenes) {
      const sc = s.scene;
      const rel = t1 - s.at;
      if (rel < 0) continue;
      if ('durationMs' in sc && sc.durationMs !== undefined && rel > sc.durationMs) continue;
      switch (sc.kind) {
        case 'pallet': this.pallet(s, sc, rel, dt, on, out); break;
        case 'parked': {
          const epc = sc.epc ?? epcOf('3034', 0xbeef);
          for (const a of sc.antennas ?? all) if (on(a)) this.emit(s, `${epc}/${a}`, 10 * dt, epc, a, -52 + this.random() * 4, out);
          break;
        }
        case 'cross-read': {
          const n = sc.epcs?.length ?? sc.tags ?? 5;
          const [lo, hi] = sc.rssiDbm ?? [-78, -72];
          const rate = sc.readsPerSec ?? 1;
          for (let i = 0; i < n; i++) {
            const epc = sc.epcs?.[i]?.toLowerCase() ?? epcOf(sc.epcPrefix ?? '30340adjacent', i);
            for (const a of sc.antennas ?? all) if (on(a)) this.emit(s, `${epc}/${a}`, rate * dt, epc, a, lo + this.random() * (hi - lo), out);
          }
          break;
        }
        case 'stray': {
          const n = this.count(s, 'stray', (sc.ratePerSec ?? 1) * dt);
          for (let i = 0; i < n; i++) {
            const a = all[Math.floor(this.random() * all.length)] ?? 1;
            if (!on(a)) continue;
            const epc = epcOf('3034ffff', Math.floor(this.random() * 0xffffff));
            out.push({ epc: this.epc(epc), antenna: a, rssi: -76 + this.random() * 4, phase: Math.floor(this.random() * 4096), doppler: 0 });
          }
          break;
        }
        case 'flood': {
          const n = this.count(s, 'flood', sc.readsPerSec * dt);
          const tags = sc.tags ?? 10_000;
          const ants = all.filter(on);
          if (ants.length === 0) break;
          for (let i = 0; i < n; i++) {
            const k = s.serial++;
            const epcs = (s.epcs ??= new Array<string>(tags));
            const epc = (epcs[k % tags] ??= epcOf(sc.epcPrefix ?? '3034f100', k % tags));
            out.push({ epc: this.rewrites.size > 0 ? this.epc(epc) : epc, antenna: ants[k % ants.length]!, rssi: -45 - (k % 30), phase: (k * 37) & 4095, doppler: 0 });
          }
          break;
        }
      }
    }
    return out;
  }

  private count(s: Active, key: string, expected: number): number {
    const v = (s.carry.get(key) ?? 0) + expected;
    const n = Math.floor(v);
    s.carry.set(key, v - n);
    return n;
  }

  private emit(s: Active, key: string, expected: number, epc: string, antenna: number, rssi: number, out: Observation[]): void {
    const n = this.count(s, key, expected);
    const e = this.epc(epc);
    for (let i = 0; i < n; i++) out.push({ epc: e, antenna, rssi: Math.round(rssi), phase: Math.floor(this.random() * 4096), doppler: Math.round((this.random() - 0.5) * 8) });
  }

  /**
   * Cartons spaced 0.1 m apart on a pallet moving through the door. Outside antennas see
   * positions -4..+0.5 m (best at -1), inside antennas -0.5..+4 m (best at +1).
   */
  private pallet(s: Active, sc: Extract<Scene, { kind: 'pallet' }>, rel: number, dt: number, on: (a: number) => boolean, out: Observation[]): void {
    const speed = sc.speedMps ?? 1;
    const dir = sc.direction ?? 'inbound';
    const travelMs = ((2 * DOOR_DEPTH_M) / speed) * 1000;
    let x: number;
    if (dir === 'inbound') x = -DOOR_DEPTH_M + (speed * rel) / 1000;
    else if (dir === 'outbound') x = DOOR_DEPTH_M - (speed * rel) / 1000;
    else x = rel <= travelMs ? -DOOR_DEPTH_M + (speed * rel) / 1000 : DOOR_DEPTH_M - (speed * (rel - travelMs)) / 1000;
    if (x < -DOOR_DEPTH_M - 1 || x > DOOR_DEPTH_M + 1) return;
    const perTag = Math.max(1, READS_PER_SEC_IN_FIELD / Math.sqrt(sc.cartons));
    for (let i = 0; i < sc.cartons; i++) {
      const xi = x - (i % 10) * 0.1;
      const epc = epcOf(sc.epcPrefix ?? '30340c0ffee0', i);
      for (const a of this.layout.outside) {
        if (!on(a) || xi < -DOOR_DEPTH_M || xi > 0.5) continue;
        this.emit(s, `${epc}/${a}`, perTag * dt, epc, a, -40 - 8 * Math.abs(xi + 1), out);
      }
      for (const a of this.layout.inside) {
        if (!on(a) || xi < -0.5 || xi > DOOR_DEPTH_M) continue;
        this.emit(s, `${epc}/${a}`, perTag * dt, epc, a, -40 - 8 * Math.abs(xi - 1), out);
      }
    }
  }
}
