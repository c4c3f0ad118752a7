/**
 * The dock-door portal service: reader batches from the bus (wh/{site}/rfid/+/reads) into
 * the pure portal state (domain/portal-transit.ts). A timer wakes when the earliest open
 * tag's window passes (nextDueInUs; never sooner than minGapMs after the previous wake, so a
 * busy door's closings share one transaction); the due tracks are closed and each transit
 * is committed in one Store.transact: a `transits` row, the door session's verdict and stock
 * movement when a session is open at that door (services/door-sessions.ts), and an
 * `rfid.transit` outbox event. Suppressed outcomes (stray, cross-read, reversed, parked,
 * untriggered) are only counted (metrics + portal_counters). A commit that fails is retried
 * with backoff (transit ids make a retry safe); nothing closed is dropped while it waits.
 *
 * Invalid payloads are logged (rate-limited), counted and dropped. Time: the readers' clocks
 * in UTC microseconds (estimated from the wall clock and each reader's report lag).
 */
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { Statement } from 'better-sqlite3';
import { z } from 'zod';
import { createPortalState, closeDue, ingestBatch, nextDueInUs, openTracks, type OpenTrack, type DoorLayout, type PortalOutcome, type PortalState, type TagRead, type Transit } from '../domain/portal-transit.ts';
import { decodeEpc } from '../domain/epc.ts';
import type { Metrics, Counter } from '../metrics.ts';
import type { Store } from '../store/store.ts';
import type { DoorConfig } from '../config/schema.ts';
import { PORTAL_EVENTS, type DoorSessions } from './door-sessions.ts';
import { GatewayError } from '../errors.ts';
import { ReaderInput, type Checked } from './reader-input.ts';

const EPC_HEX = /^[0-9a-fA-F]{4,124}$/;
const MAX_READS = 100_000;

/**
 * The reads payload, as a schema (documentation, and the reference the fast validator
 * below is tested against). A reader that does not report antenna, RSSI or first-seen time
 * gives reads the portal cannot place: they are dropped one by one
 * (wg_portal_incomplete_reads_total), not the batch.
 */
export const ReadsPayload = z.object({
  v: z.literal(1),
  reader: z.string().min(1),
  at: z.string().optional(),
  reads: z
    .array(
      z.object({
        epc: z.string().regex(EPC_HEX, 'epc must be hex'),
        antenna: z.number().int().min(1).max(65535).optional(),
        rssi: z.number().finite().optional(),
        firstSeenUs: z.number().finite().nonnegative().optional(),
        lastSeenUs: z.number().finite().nonnegative().optional(),
        seenCount: z.number().int().min(0).optional(),
      }),
    )
    .max(MAX_READS),
});
export type ReadsPayload = z.output<typeof ReadsPayload>;


/**
 * ReadsPayload, checked by hand: the same rules as the schema (a test holds them equal on
 * random payloads), without building a parse result per read. At a dock door's read rate
 * the schema cost about 1.7 µs per read; this costs a tenth of that.
 */
export function checkReadsPayload(json: unknown): Checked<ReadsPayload> {
  const fail = (path: string, message: string): Checked<ReadsPayload> => ({ ok: false, error: `${path}: ${message}` });
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return fail('(root)', 'expected an object');
  const o = json as Record<string, unknown>;
  if (o.v !== 1) return fail('v', 'expected 1');
  if (typeof o.reader !== 'string' || o.reader.length === 0) return fail('reader', 'expected a non-empty string');
  if (o.at !== undefined && typeof o.at !== 'string') return fail('at', 'expected a string');
  const reads = o.reads;
  if (!Array.isArray(reads)) return fail('reads', 'expected an array');
  if (reads.length > MAX_READS) return fail('reads', `at most ${MAX_READS} reads per batch`);
  const out: ReadsPayload['reads'] = new Array(reads.length);
  for (let i = 0; i < reads.length; i++) {
    const r = reads[i] as Record<string, unknown>;
    if (r === null || typeof r !== 'object' || Array.isArray(r)) return fail(`reads.${i}`, 'expected an object');
    const { epc, antenna, rssi, firstSeenUs, lastSeenUs, seenCount } = r;
    if (typeof epc !== 'string' || !EPC_HEX.test(epc)) return fail(`reads.${i}.epc`, 'epc must be hex');
    if (antenna !== undefined && !(Number.isInteger(antenna) && (antenna as number) >= 1 && (antenna as number) <= 65535)) return fail(`reads.${i}.antenna`, 'expected an integer 1-65535');
    if (rssi !== undefined && !Number.isFinite(rssi)) return fail(`reads.${i}.rssi`, 'expected a finite number');
    if (firstSeenUs !== undefined && !(Number.isFinite(firstSeenUs) && (firstSeenUs as number) >= 0)) return fail(`reads.${i}.firstSeenUs`, 'expected a number >= 0');
    if (lastSeenUs !== undefined && !(Number.isFinite(lastSeenUs) && (lastSeenUs as number) >= 0)) return fail(`reads.${i}.lastSeenUs`, 'expected a number >= 0');
    if (seenCount !== undefined && !(Number.isInteger(seenCount) && (seenCount as number) >= 0)) return fail(`reads.${i}.seenCount`, 'expected an integer >= 0');
    const read: ReadsPayload['reads'][number] = { epc };
    if (antenna !== undefined) read.antenna = antenna as number;
    if (rssi !== undefined) read.rssi = rssi as number;
    if (firstSeenUs !== undefined) read.firstSeenUs = firstSeenUs as number;
    if (lastSeenUs !== undefined) read.lastSeenUs = lastSeenUs as number;
    if (seenCount !== undefined) read.seenCount = seenCount as number;
    out[i] = read;
  }
  const value: ReadsPayload = { v: 1, reader: o.reader, reads: out };
  if (o.at !== undefined) value.at = o.at as string;
  return { ok: true, value };
}

export interface PortalServiceOptions {
  store: Store;
  doors: readonly DoorLayout[];
  sessions: DoorSessions;
  metrics: Metrics;
  log: Logger;
  /** Never wake sooner than this (nor than the last tick took) after the previous wake. Default 2 ms */
  minGapMs?: number;
  /** Longest sleep, so a shift in the readers' clock estimate is caught. Default 1000 ms */
  maxSleepMs?: number;
  /** Default for doors without thresholds.parkAfterMs */
  parkAfterMs?: number;
  /** Presence sensors of doors that have one (services/door-triggers.ts); absent: none */
  triggers?: { triggered(door: string, fromUs: number, toUs: number): boolean };
  /** One clock for every door, UTC microseconds (tests, bench); default each door's readers' clocks (see clock()) */
  nowUs?: () => number;
}

interface SkuInfo {
  gtin?: string;
  sku?: string;
}

const GTIN_TTL_MS = 5000;
const LAG_FORGET_US = 30_000_000;

/** Failed commits in a row after which outcomes are committed one by one (isolatePoison). */
const ONE_BY_ONE_AFTER = 3;

/** Closed outcomes kept for a retry while commits fail (then the oldest are dropped). */
const MAX_PENDING = 200_000;

export class PortalService {
  readonly state: PortalState;
  private timer: NodeJS.Timeout | undefined;
  /** When the timer fires (wall clock, ms) */
  private timerAtMs = Number.POSITIVE_INFINITY;
  private running = false;
  private lastWakeMs = 0;
  private readonly input: ReaderInput<ReadsPayload>;
  private readonly outcomes: Counter;
  private readonly batches: Counter;
  private readonly incomplete: Counter;
  private readonly failures: Counter;
  private readonly lost: Counter;
  private readonly stmts: {
    gtinToSku: Statement;
    exists: Statement;
    lastSeq: Statement;
    insert: Statement;
    count: Statement;
  };
  /**
   * Per reader: the lag of its latest batch (wall clock at arrival minus the newest read time
   * in it, µs): the reader's clock offset plus how late the batch was handed over. Closing on
   * "wall clock minus the largest lag" is what keeps a backlog safe: while reports wait to be
   * processed (a busy moment, a broker hiccup), time stands still for the portal, so no tag is
   * closed while reads of it may still be in the queue (that would split one crossing into
   * several transits). A late batch holds closings back only until its reader's next report.
   */
  private readonly offsets = new Map<string, { lagUs: number; atUs: number }>();
  /** How long the last tick took (ms) */
  private lastTickMs = 0;
  /** Share of the recent wall time spent in ticks (exponentially weighted, 0..1) */
  private busy = 0;
  /** Outcomes closed but not committed yet (a commit failed); retried first */
  private pending: PortalOutcome[] = [];
  private retryMs = 0;
  private failedInARow = 0;
  private readonly gtinCache = new Map<string, { sku: string | undefined; at: number }>();
  /** door -> its readers */
  private readonly readersOf: Map<string, string[]>;
  committed = 0;

  constructor(private readonly opts: PortalServiceOptions) {
    this.state = createPortalState(opts.doors);
    this.readersOf = new Map(opts.doors.map((d) => [d.id, d.readers.map((r) => r.device)]));
    this.input = new ReaderInput({ check: checkReadsPayload, bad: opts.metrics.counter('wg_portal_bad_batches_total', 'RFID read batches dropped as invalid, by reason'), log: opts.log, message: 'portal: invalid read batch dropped' });
    this.outcomes = opts.metrics.counter('wg_portal_outcomes_total', 'Portal outcomes by door and kind (transit, stray, cross-read, reversed, parked, untriggered)');
    this.batches = opts.metrics.counter('wg_portal_batches_total', 'RFID read batches ingested');
    this.incomplete = opts.metrics.counter('wg_portal_incomplete_reads_total', 'Tag reads without antenna, RSSI or first-seen time, dropped, by reader');
    this.failures = opts.metrics.counter('wg_portal_commit_failures_total', 'Portal transactions that failed and are retried');
    this.lost = opts.metrics.counter('wg_portal_lost_outcomes_total', 'Closed portal outcomes dropped: refused by the store on their own, or the retry queue was full');
    opts.metrics.gauge('wg_portal_reads_total', 'Tag reads seen by the portal service', () => this.state.stats.reads, 'counter');
    opts.metrics.gauge('wg_portal_open_tracks', 'Tags currently in a door', () => this.state.tracks.size);
    opts.metrics.gauge('wg_portal_pending_outcomes', 'Closed outcomes waiting for a commit to succeed', () => this.pending.length);
    const db = opts.store.db;
    this.stmts = {
      gtinToSku: db.prepare('SELECT sku FROM products WHERE gtin = ?').pluck(),
      exists: db.prepare('SELECT 1 FROM outbox WHERE id = ?').pluck(),
      lastSeq: db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'transits'").pluck(),
      insert: db.prepare(
        `INSERT INTO transits (seq, door, epc, direction, confidence, first_seen_us, last_seen_us, reads, peak_rssi, dithers, cross_reads, gtin, sku, session_id, verdict, event_id, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      count: db.prepare(
        'INSERT INTO portal_counters (door, reason, count, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (door, reason) DO UPDATE SET count = count + excluded.count, updated_at = excluded.updated_at',
      ),
    };
  }

  start(): void {
    this.running = true;
    this.schedule();
  }

  /** Stop the timer and commit what is due now (tracks still open are dropped: their window has not passed). */
  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.tick();
    if (this.pending.length > 0) this.opts.log.error({ outcomes: this.pending.length }, 'portal: stopping with outcomes that could not be committed; they are lost');
  }

  /** Sleep until the earliest due window (or the next retry), within [minGapMs, maxSleepMs]. */
  private schedule(): void {
    if (!this.running) return;
    let waitUs = nextDueInUs(this.state, this.clock()) ?? Number.POSITIVE_INFINITY;
    if (this.pending.length > 0) waitUs = Math.min(waitUs, this.retryMs * 1000);
    if (waitUs === Number.POSITIVE_INFINITY) {
      // Nothing open: sleep until a batch arrives (onMessage schedules).
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      this.timerAtMs = Number.POSITIVE_INFINITY;
      return;
    }
    const nowMs = Date.now();
    // A window has passed when now is after its due time (a wake a little early finds
    // nothing and sleeps again for the rest). One millisecond more, so that a pallet's tags,
    // falling due microseconds apart, close in one wake and one transaction rather than
    // leaving the last few for a commit of their own. When ticks take more than half of the
    // time, a wake waits at least as long as the last tick took, so closings share a
    // transaction (group commit) and reports still get their turn.
    let delayMs = Math.ceil(waitUs / 1000) + 1;
    delayMs = Math.max(delayMs, this.gapMs() - (nowMs - this.lastWakeMs), 0);
    delayMs = Math.min(delayMs, this.opts.maxSleepMs ?? 1000);
    if (this.timer) clearTimeout(this.timer);
    this.timerAtMs = nowMs + delayMs;
    this.timer = setTimeout(() => this.wake(), delayMs);
    this.timer.unref();
  }

  /** The gap the next wake keeps after the previous one (see schedule). */
  private gapMs(): number {
    return this.busy > 0.5 ? Math.max(this.opts.minGapMs ?? 2, this.lastTickMs) : (this.opts.minGapMs ?? 2);
  }

  private wake(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAtMs = Number.POSITIVE_INFINITY;
    const woke = performance.now();
    const sinceLast = Date.now() - this.lastWakeMs;
    this.lastWakeMs = Date.now();
    this.tick();
    this.lastTickMs = performance.now() - woke;
    // Busy share over about the last second: this tick's share of the time since the last wake.
    const weight = Math.min(1, sinceLast / 1000);
    this.busy = this.busy * (1 - weight) + weight * Math.min(1, this.lastTickMs / Math.max(1, sinceLast));
    this.schedule();
  }

  /** One bus message (topic wh/{site}/rfid/{reader}/reads). */
  onMessage(readerFromTopic: string, payload: Buffer): void {
    const batch = this.input.parse(readerFromTopic, payload);
    if (batch === undefined) return;
    const reads: TagRead[] = [];
    let incomplete = 0;
    let newest = 0;
    for (const x of batch.reads) {
      if (x.antenna === undefined || x.rssi === undefined || x.firstSeenUs === undefined) {
        incomplete++;
        continue;
      }
      const lastSeenUs = x.lastSeenUs !== undefined && x.lastSeenUs > x.firstSeenUs ? x.lastSeenUs : x.firstSeenUs;
      if (lastSeenUs > newest) newest = lastSeenUs;
      reads.push({ epc: x.epc.toLowerCase(), antenna: x.antenna, rssi: x.rssi, firstSeenUs: x.firstSeenUs, lastSeenUs, count: Math.max(1, x.seenCount ?? 1) });
    }
    if (incomplete > 0) this.incomplete.inc({ reader: readerFromTopic }, incomplete);
    ingestBatch(this.state, { reader: readerFromTopic, reads });
    if (reads.length > 0) this.noteLag(readerFromTopic, Date.now() * 1000, newest);
    this.batches.inc();
    if (!this.running) return;
    const waitUs = nextDueInUs(this.state, this.clock());
    if (waitUs === undefined) return;
    const nowMs = Date.now();
    // A flood of reports can hold the timer back: a window already past is closed right here.
    if (waitUs < 0 && nowMs < this.timerAtMs && nowMs - this.lastWakeMs >= this.gapMs()) this.wake();
    // A new tag at a door with a short window may be due before the timer.
    else if (nowMs + waitUs / 1000 < this.timerAtMs) this.schedule();
  }

  /**
   * GTIN and product of an EPC (SGTIN-96 only), remembered for one tick; the product of a
   * GTIN for a few seconds (a pallet is mostly one GTIN; a product downloaded or changed is
   * seen within GTIN_TTL_MS).
   */
  private skuOf(epc: string, memo: Map<string, SkuInfo>): SkuInfo {
    let info = memo.get(epc);
    if (info === undefined) {
      const d = decodeEpc(epc);
      if (!d.ok || d.scheme !== 'sgtin-96') info = {};
      else {
        const now = Date.now();
        let known = this.gtinCache.get(d.gtin);
        if (known === undefined || now - known.at > GTIN_TTL_MS) {
          if (this.gtinCache.size > 10_000) this.gtinCache.clear();
          known = { sku: this.stmts.gtinToSku.get(d.gtin) as string | undefined, at: now };
          this.gtinCache.set(d.gtin, known);
        }
        info = known.sku !== undefined ? { gtin: d.gtin, sku: known.sku } : { gtin: d.gtin };
      }
      memo.set(epc, info);
    }
    return info;
  }

  private noteLag(reader: string, wallUs: number, newestReadUs: number): void {
    this.offsets.set(reader, { lagUs: wallUs - newestReadUs, atUs: wallUs });
  }

  /**
   * Now for closeDue: the injected clock (tests, bench), else each door's own: the wall clock
   * minus the largest lag of that door's readers heard in the last 30 s (see offsets), so a
   * door whose reports come late waits for them without holding the other doors back.
   */
  private clock(): number | ((door: string) => number) {
    if (this.opts.nowUs !== undefined) return this.opts.nowUs();
    const wallUs = Date.now() * 1000;
    return (door: string) => {
      let lag = 0;
      for (const r of this.readersOf.get(door) ?? []) {
        const o = this.offsets.get(r);
        if (o !== undefined && wallUs - o.atUs <= LAG_FORGET_US && o.lagUs > lag) lag = o.lagUs;
      }
      return wallUs - lag;
    };
  }

  /** The tags in a door right now, oldest first (GET /api/v1/doors/{door}/tracks). */
  tracksAt(door: string): OpenTrack[] {
    const clock = this.clock();
    const now = typeof clock === 'number' ? clock : clock(door);
    return openTracks(this.state, now, this.opts.parkAfterMs !== undefined ? { parkAfterMs: this.opts.parkAfterMs } : {})
      .filter((t) => t.door === door)
      .sort((a, b) => a.sinceUs - b.sinceUs || (a.epc < b.epc ? -1 : 1));
  }

  /** Close due tracks and commit their outcomes (and any a failed commit left); returns the newly closed ones (tests, bench). */
  tick(nowUs?: number): PortalOutcome[] {
    const sessions = this.opts.sessions;
    const memo = new Map<string, SkuInfo>();
    const triggers = this.opts.triggers;
    const outcomes = closeDue(this.state, nowUs ?? this.clock(), {
      ...(this.opts.parkAfterMs !== undefined ? { parkAfterMs: this.opts.parkAfterMs } : {}),
      ...(triggers !== undefined ? { triggered: (door: string, fromUs: number, toUs: number) => triggers.triggered(door, fromUs, toUs) } : {}),
      expects: (door, epc) => {
        if (!sessions.hasOpen(door)) return false;
        const sku = this.skuOf(epc, memo).sku;
        return sku !== undefined && sessions.expectsSku(door, sku);
      },
    });
    for (const o of outcomes) this.outcomes.inc({ door: o.door, kind: o.kind === 'transit' ? 'transit' : o.reason });
    let work = this.pending.length > 0 ? [...this.pending, ...outcomes] : outcomes;
    if (work.length === 0) return outcomes;
    if (this.failedInARow >= ONE_BY_ONE_AFTER) work = this.isolatePoison(work, memo);
    try {
      this.commit(work, memo);
      this.pending = [];
      this.retryMs = 0;
      this.failedInARow = 0;
    } catch (err) {
      this.failedInARow++;
      // The transaction rolled back; the sessions' tallies in memory may have moved: rebuild them.
      this.failures.inc();
      try {
        sessions.reload();
      } catch {
        // the store is down: the next retry reloads again
      }
      this.retryMs = Math.min(5000, Math.max(100, this.retryMs * 2));
      let keep = work;
      if (keep.length > MAX_PENDING) {
        this.lost.inc({}, keep.length - MAX_PENDING);
        this.opts.log.error({ dropped: keep.length - MAX_PENDING }, 'portal: retry queue full; the oldest closed outcomes are dropped');
        keep = keep.slice(keep.length - MAX_PENDING);
      }
      this.pending = keep;
      this.opts.log.error({ err, outcomes: work.length, retryInMs: this.retryMs }, 'portal: commit failed; retrying');
    }
    return outcomes;
  }

  /**
   * After several failed commits in a row: commit each outcome on its own, so one that can
   * never commit (it breaks a constraint) is logged, counted and set aside instead of holding
   * back every other door. Returns the ones that failed for a reason that may pass (the store
   * itself failing): the normal retry takes those.
   */
  private isolatePoison(work: PortalOutcome[], memo: Map<string, SkuInfo>): PortalOutcome[] {
    const keep: PortalOutcome[] = [];
    for (const o of work) {
      try {
        this.commit([o], memo);
      } catch (err) {
        this.opts.sessions.reload();
        if (err instanceof GatewayError || String((err as { code?: unknown }).code ?? '').startsWith('SQLITE_CONSTRAINT')) {
          // Refused by a rule (stock, a constraint of ours): it will never pass.
          this.lost.inc({}, 1);
          this.opts.log.error({ err, outcome: o }, 'portal: an outcome that cannot be committed was set aside');
        } else keep.push(o);
      }
    }
    return keep;
  }

  private commit(outcomes: PortalOutcome[], memo: Map<string, SkuInfo>): void {
    const now = new Date().toISOString();
    const st = this.stmts;
    let committed = 0;
    this.opts.store.transact((tx) => {
      const suppressed = new Map<string, { door: string; reason: string; n: number }>();
      let seq = (st.lastSeq.get() as number | undefined) ?? 0;
      for (const o of outcomes) {
        if (o.kind === 'suppressed') {
          const key = `${o.door}\u0000${o.reason}`;
          const c = suppressed.get(key);
          if (c) c.n++;
          else suppressed.set(key, { door: o.door, reason: o.reason, n: 1 });
          continue;
        }
        const t: Transit = o;
        const id = `transit:${t.door}:${t.epc}:${t.firstSeenUs}`;
        if (st.exists.get(id) !== undefined) continue; // already recorded (a batch delivered twice): its event has this id
        seq++;
        const { gtin, sku } = this.skuOf(t.epc, memo);
        const judged = this.opts.sessions.judge(tx, t.door, { transitSeq: seq, epc: t.epc, direction: t.direction, sku }, now);
        const firstSeen = isoOfUs(t.firstSeenUs);
        const lastSeen = isoOfUs(t.lastSeenUs);
        const ev = tx.emit({
          id,
          type: PORTAL_EVENTS.transit,
          occurredAt: lastSeen,
          data: {
            door: t.door,
            epc: t.epc,
            direction: t.direction,
            confidence: t.confidence,
            first_seen: firstSeen,
            last_seen: lastSeen,
            reads: t.reads,
            peak_rssi: t.peakRssi,
            dithers: t.dithers,
            cross_reads_from: t.crossReadsFrom,
            gtin: gtin ?? null,
            sku: sku ?? null,
            session: judged?.session ?? null,
            verdict: judged?.verdict.verdict ?? null,
            movement: judged?.movementId ?? null,
          },
        });
        st.insert.run(
          seq,
          t.door,
          t.epc,
          t.direction,
          t.confidence,
          Math.round(t.firstSeenUs),
          Math.round(t.lastSeenUs),
          t.reads,
          t.peakRssi,
          t.dithers,
          t.crossReadsFrom.length ? JSON.stringify(t.crossReadsFrom) : null,
          gtin ?? null,
          sku ?? null,
          judged?.session ?? null,
          judged?.verdict.verdict ?? null,
          ev.id,
          now,
        );
        committed++;
      }
      this.opts.sessions.flush(tx);
      for (const c of suppressed.values()) st.count.run(c.door, c.reason, c.n, now);
    });
    this.committed += committed;
  }
}

let isoSecond = Number.NaN;
let isoPrefix = '';
/**
 * UTC microseconds as ISO 8601 with milliseconds, like Date#toISOString; the date-and-second
 * part is kept from the last call, since a door's reads mostly fall in the same second.
 */
export function isoOfUs(us: number): string {
  const ms = Math.floor(us / 1000);
  const second = Math.floor(ms / 1000);
  if (second !== isoSecond) {
    isoSecond = second;
    isoPrefix = new Date(second * 1000).toISOString().slice(0, 20);
  }
  const frac = ms - second * 1000;
  return `${isoPrefix}${frac < 10 ? '00' : frac < 100 ? '0' : ''}${frac}Z`;
}

/**
 * The config's doors as the pure domain's layouts. A door declared by sets (in = the
 * warehouse side, out = the yard side) becomes one entry per reader, like the readers form.
 */
export function doorLayouts(doors: readonly DoorConfig[]): DoorLayout[] {
  return doors.map((d) => {
    const readers = new Map<string, { device: string; outside: number[]; inside: number[] }>();
    const entry = (device: string) => {
      let r = readers.get(device);
      if (!r) {
        r = { device, outside: [], inside: [] };
        readers.set(device, r);
      }
      return r;
    };
    for (const r of d.readers ?? []) {
      entry(r.device).outside.push(...r.outside);
      entry(r.device).inside.push(...r.inside);
    }
    for (const e of d.sets?.out ?? []) entry(e.device).outside.push(...e.antennas);
    for (const e of d.sets?.in ?? []) entry(e.device).inside.push(...e.antennas);
    return { id: d.id, readers: [...readers.values()], adjacent: [...d.adjacent], thresholds: { ...d.thresholds } };
  });
}
