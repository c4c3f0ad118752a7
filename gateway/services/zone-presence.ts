/**
 * Zone presence, wired: readers assigned to a zone (devices[].zone) say where tagged items
 * are. When an item settles in another zone (gateway/domain/zone-presence.ts), one unit of
 * its SKU moves: a 'transfer' movement from the first bin of the old zone that holds it on
 * hand (pick-path order) to the first bin of the new zone, with a `stock.transferred` event,
 * in one transaction. An item whose SKU is unknown, or that has no stock in the old zone,
 * moves nothing: a `zone.exception` event says why. First sightings are recorded as the
 * item's zone, without a movement.
 */
import type { Logger } from 'pino';
import type { Store } from '../store/store.ts';
import type { Counter, Metrics } from '../metrics.ts';
import { decodeEpc } from '../domain/epc.ts';
import { createZonePresence, ingestZoneBatch, settleDue, type ZoneOutcome, type ZonePresenceState } from '../domain/zone-presence.ts';
import { checkReadsPayload, type ReadsPayload } from './portal.ts';
import { ReaderInput } from './reader-input.ts';

export interface ZoneServiceOptions {
  store: Store;
  /** reader device id -> zone id */
  readerZones: Record<string, string>;
  metrics: Metrics;
  log: Logger;
  settleMs?: number;
  minReads?: number;
  tickMs?: number;
}

export class ZoneService {
  readonly state: ZonePresenceState;
  private timer: NodeJS.Timeout | undefined;
  private readonly outcomes: Counter;
  private readonly input: ReaderInput<ReadsPayload>;

  constructor(private readonly opts: ZoneServiceOptions) {
    this.state = createZonePresence(opts.readerZones, { settleMs: opts.settleMs ?? 30_000, minReads: opts.minReads ?? 3 });
    this.outcomes = opts.metrics.counter('wg_zone_outcomes_total', 'Zone presence outcomes: located, transfer, exception');
    this.input = new ReaderInput({
      check: checkReadsPayload,
      bad: opts.metrics.counter('wg_zone_bad_batches_total', 'Zone reader batches dropped as invalid, by reader'),
      log: opts.log,
      message: 'zones: invalid read batch dropped',
      labels: (_reason, reader) => ({ reader }),
    });
  }

  handles(reader: string): boolean {
    return reader in this.opts.readerZones;
  }

  start(): void {
    this.timer = setInterval(() => this.tick(Date.now() * 1000), this.opts.tickMs ?? 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  onMessage(reader: string, payload: Buffer): void {
    const batch = this.input.parse(reader, payload);
    if (batch === undefined) return;
    const reads = [];
    for (const r of batch.reads) {
      if (r.firstSeenUs === undefined) continue;
      reads.push({ epc: r.epc.toLowerCase(), antenna: r.antenna ?? 0, rssi: r.rssi ?? 0, firstSeenUs: r.firstSeenUs, lastSeenUs: r.lastSeenUs ?? r.firstSeenUs, count: Math.max(1, r.seenCount ?? 1) });
    }
    ingestZoneBatch(this.state, { reader, reads });
  }

  /** Settle what is due and commit it; returns the outcomes (tests). */
  tick(nowUs: number): ZoneOutcome[] {
    const outcomes = settleDue(this.state, nowUs);
    for (const o of outcomes) {
      try {
        this.commit(o);
      } catch (err) {
        this.opts.log.error({ err, epc: o.epc }, 'zones: commit failed');
      }
    }
    return outcomes;
  }

  private commit(o: ZoneOutcome): void {
    const { store } = this.opts;
    const decoded = decodeEpc(o.epc);
    const gtin = decoded.ok && decoded.scheme === 'sgtin-96' ? decoded.gtin : undefined;
    const sku = gtin ? (store.db.prepare('SELECT sku FROM products WHERE gtin = ?').pluck().get(gtin) as string | undefined) : undefined;
    if (o.kind === 'located') {
      this.outcomes.inc({ kind: 'located' });
      return;
    }
    store.transact((tx) => {
      const exception = (reason: string) => {
        this.outcomes.inc({ kind: 'exception' });
        tx.emit({ type: 'zone.exception', data: { epc: o.epc, sku: sku ?? null, from_zone: o.from, to_zone: o.to, reason } });
      };
      if (!sku) return exception(gtin ? 'no product has this GTIN' : 'the EPC is not an SGTIN-96');
      const from = tx.db
        .prepare(
          `SELECT b.bin_id FROM stock_balances b JOIN bins ON bins.id = b.bin_id
           WHERE b.sku = ? AND b.state = 'on_hand' AND b.qty > 0 AND bins.zone_id = ? ORDER BY bins.pick_seq, bins.id LIMIT 1`,
        )
        .pluck()
        .get(sku, o.from) as string | undefined;
      const to = tx.db.prepare('SELECT id FROM bins WHERE zone_id = ? AND active = 1 ORDER BY pick_seq, id LIMIT 1').pluck().get(o.to) as string | undefined;
      if (!from) return exception(`no ${sku} on hand in zone ${o.from}`);
      if (!to) return exception(`zone ${o.to} has no bin`);
      // Stock held by orders stays reserved where it is: only what is available moves.
      const reserved = tx.balance({ sku, bin: from, state: 'reserved' }) + tx.balance({ sku, bin: from, state: 'held' });
      if (tx.balance({ sku, bin: from, state: 'on_hand' }) - reserved < 1) return exception(`the ${sku} in ${from} is all reserved or held`);
      const m = tx.move({
        type: 'transfer',
        reason: 'zone presence',
        ref: o.epc,
        source: 'rfid-zone',
        occurredAt: new Date(o.atUs / 1000).toISOString(),
        lines: [
          { sku, bin: from, state: 'on_hand', qty: -1 },
          { sku, bin: to, state: 'on_hand', qty: 1 },
        ],
      });
      tx.emit({ id: m.id, type: 'stock.transferred', occurredAt: m.occurred_at, data: { movement_id: m.id, epc: o.epc, sku, qty: 1, from_zone: o.from, from_bin: from, to_zone: o.to, to_bin: to } });
      this.outcomes.inc({ kind: 'transfer' });
    });
  }
}
