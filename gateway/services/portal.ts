/**
 * The dock-door portal service: reader batches from the bus (wh/{site}/rfid/+/reads) into
 * the pure portal state (domain/portal-transit.ts); every `tickMs` the tracks whose window has
 * passed are closed, and each transit is committed in one Store.transact: a `transits` row,
 * the door session's verdict and stock movement when a session is open at that door
 * (services/door-sessions.ts), and an `rfid.transit` outbox event. Suppressed outcomes
 * (stray, cross-read, reversed, parked) are only counted (metrics + portal_counters).
 *
 * Invalid payloads are logged (rate-limited), counted and dropped. Time: the clock in UTC
 * microseconds (the readers' timestamps are UTC microseconds too).
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import { createPortalState, closeDue, ingestBatch, type DoorLayout, type PortalOutcome, type PortalState, type TagRead, type Transit } from '../domain/portal-transit.ts';
import { decodeEpc } from '../domain/epc.ts';
import type { Metrics, Counter } from '../metrics.ts';
import type { Store } from '../store/store.ts';
import type { DoorConfig } from '../config/schema.ts';
import { PORTAL_EVENTS, type DoorSessions } from './door-sessions.ts';

export const ReadsPayload = z.object({
  v: z.literal(1),
  reader: z.string().min(1),
  at: z.string().optional(),
  reads: z
    .array(
      z.object({
        epc: z.string().regex(/^[0-9a-fA-F]{4,124}$/, 'epc must be hex'),
        // A reader that does not report one of these gives reads the portal cannot place:
        // they are dropped one by one (wg_portal_incomplete_reads_total), not the batch.
        antenna: z.number().int().min(1).max(65535).optional(),
        rssi: z.number().finite().optional(),
        firstSeenUs: z.number().finite().nonnegative().optional(),
        lastSeenUs: z.number().finite().nonnegative().optional(),
        seenCount: z.number().int().min(0).optional(),
      }),
    )
    .max(100_000),
});

export interface PortalServiceOptions {
  store: Store;
  doors: readonly DoorLayout[];
  sessions: DoorSessions;
  metrics: Metrics;
  log: Logger;
  tickMs?: number;
  parkAfterMs?: number;
  /** Presence sensors of doors that have one (services/door-triggers.ts); absent: none */
  triggers?: { triggered(door: string, fromUs: number, toUs: number): boolean };
  /** UTC microseconds; default the wall clock */
  nowUs?: () => number;
}

export class PortalService {
  readonly state: PortalState;
  private timer: NodeJS.Timeout | undefined;
  private readonly bad: Counter;
  private readonly outcomes: Counter;
  private readonly batches: Counter;
  private readonly incomplete: Counter;
  private readonly gtinToSku;
  private lastBadLog = 0;
  /** Per reader: wall clock minus the newest read time of its last batch (µs) */
  private readonly offsets = new Map<string, { offsetUs: number; atUs: number }>();
  private readonly nowUs: () => number;
  committed = 0;

  constructor(private readonly opts: PortalServiceOptions) {
    this.state = createPortalState(opts.doors);
    this.bad = opts.metrics.counter('wg_portal_bad_batches_total', 'RFID read batches dropped as invalid, by reason');
    this.outcomes = opts.metrics.counter('wg_portal_outcomes_total', 'Portal outcomes by door and kind (transit, stray, cross-read, reversed, parked, untriggered)');
    this.batches = opts.metrics.counter('wg_portal_batches_total', 'RFID read batches ingested');
    this.incomplete = opts.metrics.counter('wg_portal_incomplete_reads_total', 'Tag reads without antenna, RSSI or first-seen time, dropped, by reader');
    opts.metrics.gauge('wg_portal_reads_total', 'Tag reads seen by the portal service', () => this.state.stats.reads, 'counter');
    opts.metrics.gauge('wg_portal_open_tracks', 'Tags currently in a door', () => this.state.tracks.size);
    this.gtinToSku = opts.store.db.prepare('SELECT sku FROM products WHERE gtin = ?').pluck();
    this.nowUs = opts.nowUs ?? (() => this.readerClockUs(Date.now() * 1000));
  }

  start(): void {
    this.timer = setInterval(() => this.tick(), this.opts.tickMs ?? 50);
    this.timer.unref();
  }

  /** Stop the timer and commit what is due now (tracks still open are dropped: their window has not passed). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.tick();
  }

  /** One bus message (topic wh/{site}/rfid/{reader}/reads). */
  onMessage(readerFromTopic: string, payload: Buffer): void {
    let json: unknown;
    try {
      json = JSON.parse(payload.toString('utf8'));
    } catch {
      return this.drop('json', readerFromTopic, 'not JSON');
    }
    const r = ReadsPayload.safeParse(json);
    if (!r.success) return this.drop('schema', readerFromTopic, r.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    if (r.data.reader !== readerFromTopic) return this.drop('reader-mismatch', readerFromTopic, `payload reader '${r.data.reader}' on the topic of '${readerFromTopic}'`);
    const reads: TagRead[] = [];
    let incomplete = 0;
    for (const x of r.data.reads) {
      if (x.antenna === undefined || x.rssi === undefined || x.firstSeenUs === undefined) {
        incomplete++;
        continue;
      }
      reads.push({ epc: x.epc.toLowerCase(), antenna: x.antenna, rssi: x.rssi, firstSeenUs: x.firstSeenUs, lastSeenUs: Math.max(x.firstSeenUs, x.lastSeenUs ?? x.firstSeenUs), count: Math.max(1, x.seenCount ?? 1) });
    }
    if (incomplete > 0) this.incomplete.inc({ reader: readerFromTopic }, incomplete);
    ingestBatch(this.state, { reader: readerFromTopic, reads });
    if (reads.length > 0) {
      let last = 0;
      for (const x of reads) if (x.lastSeenUs > last) last = x.lastSeenUs;
      const wallUs = Date.now() * 1000;
      this.offsets.set(readerFromTopic, { offsetUs: wallUs - last, atUs: wallUs });
    }
    this.batches.inc();
  }

  private drop(reason: string, reader: string, detail: string): void {
    this.bad.inc({ reason });
    const now = Date.now();
    if (now - this.lastBadLog > 5000) {
      this.lastBadLog = now;
      this.opts.log.warn({ reader, reason, detail }, 'portal: invalid read batch dropped');
    }
  }

  private skuOf(epc: string): { gtin?: string; sku?: string } {
    const d = decodeEpc(epc);
    if (!d.ok || d.scheme !== 'sgtin-96') return {};
    const sku = this.gtinToSku.get(d.gtin) as string | undefined;
    return sku !== undefined ? { gtin: d.gtin, sku } : { gtin: d.gtin };
  }

  /**
   * Now, on the readers' clocks: the wall clock minus the largest lag (wall time of arrival
   * minus the newest read time of the batch) of the readers heard in the last 30 s. A reader
   * whose clock is behind (or whose reports arrive late) so never has its tracks closed
   * before their window passed on its own clock; one that is ahead only closes a little late.
   */
  private readerClockUs(wallUs: number): number {
    let lag: number | undefined;
    for (const [reader, o] of this.offsets) {
      if (wallUs - o.atUs > 30_000_000) {
        this.offsets.delete(reader);
        continue;
      }
      if (lag === undefined || o.offsetUs > lag) lag = o.offsetUs;
    }
    return wallUs - (lag ?? 0);
  }

  /** Close due tracks and commit their outcomes; returns them (tests, bench). */
  tick(nowUs = this.nowUs()): PortalOutcome[] {
    const sessions = this.opts.sessions;
    const outcomes = closeDue(this.state, nowUs, {
      ...(this.opts.parkAfterMs !== undefined ? { parkAfterMs: this.opts.parkAfterMs } : {}),
      ...(this.opts.triggers !== undefined ? { triggered: (door: string, fromUs: number, toUs: number) => (this.opts.triggers as NonNullable<PortalServiceOptions['triggers']>).triggered(door, fromUs, toUs) } : {}),
      expects: (door, epc) => {
        if (!sessions.hasOpen(door)) return false;
        const sku = this.skuOf(epc).sku;
        return sku !== undefined && sessions.expectsSku(door, sku);
      },
    });
    if (outcomes.length === 0) return outcomes;
    for (const o of outcomes) this.outcomes.inc({ door: o.door, kind: o.kind === 'transit' ? 'transit' : o.reason });
    try {
      this.commit(outcomes);
    } catch (err) {
      // A failed commit rolled back; the tallies in memory may have moved: rebuild them.
      sessions.reload();
      this.opts.log.error({ err, outcomes: outcomes.length }, 'portal: commit failed; these transits are lost');
    }
    return outcomes;
  }

  private commit(outcomes: PortalOutcome[]): void {
    const now = new Date().toISOString();
    this.opts.store.transact((tx) => {
      const insert = tx.db.prepare(
        `INSERT INTO transits (id, door, epc, direction, confidence, first_seen_us, last_seen_us, reads, peak_rssi, dithers, cross_reads, gtin, sku, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING seq`,
      );
      const finish = tx.db.prepare('UPDATE transits SET session_id = ?, verdict = ?, event_id = ? WHERE seq = ?');
      const count = tx.db.prepare(
        'INSERT INTO portal_counters (door, reason, count, updated_at) VALUES (?, ?, 1, ?) ON CONFLICT (door, reason) DO UPDATE SET count = count + 1, updated_at = excluded.updated_at',
      );
      for (const o of outcomes) {
        if (o.kind === 'suppressed') {
          count.run(o.door, o.reason, now);
          continue;
        }
        const t: Transit = o;
        const id = `transit:${t.door}:${t.epc}:${t.firstSeenUs}`;
        const { gtin, sku } = this.skuOf(t.epc);
        const seq = insert.pluck().get(id, t.door, t.epc, t.direction, t.confidence, Math.round(t.firstSeenUs), Math.round(t.lastSeenUs), t.reads, t.peakRssi, t.dithers, t.crossReadsFrom.length ? JSON.stringify(t.crossReadsFrom) : null, gtin ?? null, sku ?? null, now) as
          | number
          | undefined;
        if (seq === undefined) continue; // already recorded
        const judged = this.opts.sessions.judge(tx, t.door, { transitSeq: seq, epc: t.epc, direction: t.direction, sku }, now);
        const ev = tx.emit({
          id,
          type: PORTAL_EVENTS.transit,
          occurredAt: new Date(Math.floor(t.lastSeenUs / 1000)).toISOString(),
          data: {
            door: t.door,
            epc: t.epc,
            direction: t.direction,
            confidence: t.confidence,
            first_seen: new Date(Math.floor(t.firstSeenUs / 1000)).toISOString(),
            last_seen: new Date(Math.floor(t.lastSeenUs / 1000)).toISOString(),
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
        finish.run(judged?.session ?? null, judged?.verdict.verdict ?? null, ev.id, seq);
        this.committed++;
      }
    });
  }
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
