/**
 * Label printing: carrier assignment, waybill numbers, routing to the least busy healthy
 * printer of the carrier, a persistent queue, failover, and exactly-once printing.
 *
 * Exactly once: a job is marked `sending` (committed) before its bytes leave, and `sent` with
 * the printer's reference after. After a crash or an ambiguous error, a `sending` job is
 * resolved by asking its printer whether it has the job (IPP Get-Jobs by job-name; ZPL ^HW
 * for the job's marker object) before anything else goes to that printer. Only `queued` jobs
 * (no byte sent) ever move to a sibling; a job a printer holds stays with it.
 *
 * One worker per printer sends one job at a time and follows it to done. A poller per printer
 * reads its status; a printer that is not ready is skipped and its queued jobs move.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import { GatewayError } from '../errors.ts';
import { assignCarrier, formatWaybill, type Assignment, type CarrierDef, type CarrierPlan, type Shipment } from '../domain/carrier.ts';
import { labelData } from '../domain/label.ts';
import { renderZpl } from '../domain/label-zpl.ts';
import { renderPdf } from '../domain/label-pdf.ts';
import type { Store, Tx } from '../store/store.ts';
import {
  claimWaybill,
  insertPrintJob,
  jobsOf,
  listPrintJobs,
  openCounts,
  openLoad,
  originalJob,
  printJobById,
  takeWaybillNumber,
  transition,
  unassignedJobs,
  type PrintJobFilter,
  type PrintJobRow,
} from '../store/print.sqlite.ts';
import type { PrintDocument, PrinterStatus, PrinterTransport } from '../../drivers/printers/transport.ts';

const Party = z.strictObject({
  name: z.string().min(1).max(200),
  phone: z.string().max(40).optional(),
  address: z.string().min(1).max(500),
  city: z.string().max(100).optional(),
  province: z.string().max(100).optional(),
  postcode: z.string().max(20).optional(),
});

export const ShipmentBody = z.strictObject({
  order_ref: z.string().min(1).max(100).regex(/^[\x21-\x7e]+$/, 'order_ref: printable ASCII without spaces').describe('The order this parcel belongs to'),
  parcel: z.number().int().min(1).max(999).default(1).describe('Parcel number within the order; (order_ref, parcel) gets exactly one label. Default 1'),
  carrier: z.string().min(1).max(40).optional().describe('The carrier the customer chose (rule by: customer)'),
  channel: z.string().min(1).max(100).optional().describe('Sales channel (rule by: channel)'),
  skus: z.array(z.string().min(1).max(64)).max(500).default([]).describe('SKUs in the parcel (rule by: sku)'),
  weight_grams: z.number().int().min(1).max(1_000_000),
  sender: Party,
  receiver: Party.describe('Also the destination: province, city, postcode (rules by: area, rate zones)'),
  waybill: z.string().min(4).max(40).regex(/^[\x21-\x7e]+$/, 'waybill: printable ASCII').optional().describe('A waybill number the order already has; else one from the carrier range'),
  station: z.string().min(1).max(64).optional().describe('Packing station: prefer the printers serving it'),
});
export type ShipmentInput = z.input<typeof ShipmentBody>;

export const ReprintBody = z
  .strictObject({
    waybill: z.string().min(1).max(40).optional(),
    order_ref: z.string().min(1).max(100).optional(),
    station: z.string().min(1).max(64).optional(),
  })
  .refine((b) => (b.waybill === undefined) !== (b.order_ref === undefined), 'give exactly one of waybill or order_ref');
export type ReprintInput = z.output<typeof ReprintBody>;

export interface PrinterEntry {
  id: string;
  carriers: readonly string[];
  stations: readonly string[];
  language: 'zpl' | 'pdf';
  transport: PrinterTransport;
  pollMs: number;
  cjkFont?: string | undefined;
  labelWidthMm?: number | undefined;
  labelHeightMm?: number | undefined;
}

export interface CarrierConfig extends CarrierDef {
  template: string;
}

export interface PrintServiceOptions {
  store: Store;
  printers: readonly PrinterEntry[];
  plan: { carriers: CarrierConfig[]; zones: CarrierPlan['zones']; rules: CarrierPlan['rules'] };
  /** ZPL template text by name (firmware-configs/labels/{name}.zpl) */
  templates: ReadonlyMap<string, string>;
  log: Logger;
  /** Printer state for wh/{site}/printer/{id}/status */
  publishPrinter?: (printerId: string, payload: Record<string, unknown>) => void;
  /** Device status for wh/{site}/device/{id}/status (online/offline/error) */
  publishDevice?: (printerId: string, status: 'online' | 'offline' | 'error', detail?: string) => void;
  /** While a printer holds a job, how often to ask about it. Default 100 ms */
  followMs?: number;
}

/** A job as the API shows it: the stored row, with the printer named `printer`, the assignment parsed, and no internals. */
export type PrintJob = Omit<PrintJobRow, 'seq' | 'printer_id' | 'assignment' | 'shipment'> & {
  printer: string | null;
  assignment: unknown;
};

export interface PrinterView {
  id: string;
  kind: 'ipp' | 'raw';
  address: string;
  language: 'zpl' | 'pdf';
  carriers: readonly string[];
  stations: readonly string[];
  healthy: boolean;
  state: PrinterStatus['state'] | 'unknown';
  reasons: string[];
  detail?: string;
  queue: { queued: number; sending: number; sent: number };
  printed: number;
  checked_at: string | null;
}

export const LABEL_QUEUED = 'label.queued';
export const LABEL_PRINTED = 'label.printed';
export const LABEL_FAILED = 'label.failed';

interface Worker {
  entry: PrinterEntry;
  status: PrinterStatus | undefined;
  healthy: boolean;
  checkedAt: string | null;
  printed: number;
  wake: () => void;
  wakeup: Promise<void>;
  timer: NodeJS.Timeout | undefined;
  running: Promise<void> | undefined;
  lastPublished: string;
  /** Printed, not yet committed: committed with the next job's "sending" (one commit per label) */
  done: { job: PrintJobRow; ref: string } | undefined;
}

const norm = (s: string) => s.trim().toLowerCase();

export function jobView(r: PrintJobRow): PrintJob {
  return {
    id: r.id,
    order_ref: r.order_ref,
    parcel: r.parcel,
    reprint_of: r.reprint_of,
    carrier: r.carrier,
    waybill: r.waybill,
    station: r.station,
    state: r.state,
    printer: r.printer_id,
    printer_ref: r.printer_ref,
    attempts: r.attempts,
    moves: r.moves,
    last_error: r.last_error,
    assignment: JSON.parse(r.assignment) as unknown,
    created_at: r.created_at,
    updated_at: r.updated_at,
    printed_at: r.printed_at,
  };
}

export function toShipment(input: z.output<typeof ShipmentBody>): Shipment {
  return {
    orderRef: input.order_ref,
    parcel: input.parcel,
    carrier: input.carrier,
    channel: input.channel,
    skus: input.skus,
    weightGrams: input.weight_grams,
    sender: input.sender,
    receiver: input.receiver,
    waybill: input.waybill,
  };
}

export class PrintService {
  private readonly workers = new Map<string, Worker>();
  private readonly carriers: Map<string, CarrierConfig>;
  private readonly log: Logger;
  private stopped = false;
  private readonly followMs: number;
  /** Counters for /metrics */
  readonly stats = { submitted: 0, printed: 0, moved: 0, recovered: 0, failed: 0 };

  constructor(private readonly opts: PrintServiceOptions) {
    this.log = opts.log;
    this.followMs = opts.followMs ?? 100;
    this.carriers = new Map(opts.plan.carriers.map((c) => [norm(c.id), c]));
    for (const c of opts.plan.carriers) {
      if (!opts.templates.has(c.template)) throw new GatewayError('LABEL_TEMPLATE_MISSING', `carrier ${c.id}: no label template '${c.template}' (firmware-configs/labels/${c.template}.zpl)`);
    }
    for (const p of opts.printers) {
      const unknown = p.carriers.filter((c) => !this.carriers.has(norm(c)));
      if (unknown.length > 0 && opts.plan.carriers.length > 0) {
        this.log.warn({ printer: p.id, carriers: unknown }, 'print: printer serves carriers that are not in carriers.list');
      }
      let wake!: () => void;
      const wakeup = new Promise<void>((r) => (wake = r));
      this.workers.set(p.id, { entry: p, status: undefined, healthy: false, checkedAt: null, printed: 0, wake, wakeup, timer: undefined, running: undefined, lastPublished: '', done: undefined });
    }
  }

  /** Read every printer's status once, then run the pollers and workers. */
  async start(): Promise<void> {
    await Promise.all([...this.workers.values()].map((w) => this.poll(w)));
    this.assignUnassigned();
    for (const w of this.workers.values()) {
      const tick = () => {
        if (this.stopped) return;
        void this.poll(w).finally(() => {
          if (!this.stopped) w.timer = setTimeout(tick, w.entry.pollMs);
        });
      };
      w.timer = setTimeout(tick, w.entry.pollMs);
      w.running = this.run(w).catch((err: unknown) => this.log.error({ err, printer: w.entry.id }, 'print: worker stopped on an error'));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const w of this.workers.values()) {
      if (w.timer) clearTimeout(w.timer);
      this.wake(w);
    }
    await Promise.all([...this.workers.values()].map((w) => w.running));
    for (const w of this.workers.values()) this.flushDone(w);
    await Promise.all([...this.workers.values()].map((w) => w.entry.transport.close()));
  }

  private get db() {
    return this.opts.store.db;
  }

  // ---- submit, reprint, queries ------------------------------------------------------------

  explain(input: z.output<typeof ShipmentBody>): Assignment {
    return assignCarrier(this.opts.plan, toShipment(input));
  }

  /** Queue one label; idempotent by (order_ref, parcel): a repeat returns the first job. */
  submit(input: z.output<typeof ShipmentBody>, actor = 'api'): { job: PrintJob; replayed: boolean } {
    const shipment = toShipment(input);
    const result = this.opts.store.transact((tx) => {
      const existing = originalJob(tx.db, shipment.orderRef, shipment.parcel);
      if (existing) return { row: existing, replayed: true };
      const a = assignCarrier(this.opts.plan, shipment);
      if (!a.ok) throw new GatewayError(a.code, a.explanation);
      const carrier = this.carriers.get(norm(a.carrier)) as CarrierConfig;
      if (!this.printersOf(carrier.id, input.station).length) {
        throw new GatewayError('NO_PRINTER_FOR_CARRIER', `no printer is configured for carrier ${carrier.id} (devices[].carriers)`);
      }
      const id = randomUUID();
      const waybill = this.waybillFor(tx, carrier, shipment, id);
      const printer = this.route(tx, carrier.id, input.station ?? null);
      const now = new Date().toISOString();
      const assignment = { rule: a.rule, by: a.by, explanation: a.explanation, zone: a.zone, ...(a.price !== undefined ? { price: a.price } : {}) };
      const row = insertPrintJob(tx.db, {
        id,
        order_ref: shipment.orderRef,
        parcel: shipment.parcel,
        reprint_of: null,
        carrier: carrier.id,
        waybill,
        station: input.station ?? null,
        assignment: JSON.stringify(assignment),
        shipment: JSON.stringify(shipment),
        state: 'queued',
        printer_id: printer,
        created_at: now,
        updated_at: now,
      });
      tx.emit({
        type: LABEL_QUEUED,
        data: { job: id, order_ref: shipment.orderRef, parcel: shipment.parcel, carrier: carrier.id, waybill, assignment, printer, actor },
      });
      return { row, replayed: false };
    });
    if (!result.replayed) {
      this.stats.submitted++;
      this.wakePrinter(result.row.printer_id);
    }
    return { job: jobView(result.row), replayed: result.replayed };
  }

  /** Print again, same waybill, as new jobs (routed anew). */
  reprint(input: ReprintInput, actor = 'api'): PrintJob[] {
    const rows = this.opts.store.transact((tx) => {
      const originals = (
        input.waybill !== undefined
          ? tx.db.prepare('SELECT * FROM print_jobs WHERE waybill = ? AND reprint_of IS NULL ORDER BY seq').all(input.waybill)
          : tx.db.prepare('SELECT * FROM print_jobs WHERE order_ref = ? AND reprint_of IS NULL ORDER BY seq').all(input.order_ref)
      ) as PrintJobRow[];
      if (originals.length === 0) {
        throw new GatewayError('NOT_FOUND', input.waybill !== undefined ? `no label with waybill ${input.waybill}` : `no label for order ${input.order_ref}`);
      }
      const now = new Date().toISOString();
      return originals.map((o) => {
        const station = input.station ?? o.station;
        const id = randomUUID();
        const row = insertPrintJob(tx.db, {
          id,
          order_ref: o.order_ref,
          parcel: o.parcel,
          reprint_of: o.id,
          carrier: o.carrier,
          waybill: o.waybill,
          station,
          assignment: o.assignment,
          shipment: o.shipment,
          state: 'queued',
          printer_id: this.route(tx, o.carrier, station),
          created_at: now,
          updated_at: now,
        });
        tx.emit({ type: LABEL_QUEUED, data: { job: id, reprint_of: o.id, order_ref: o.order_ref, parcel: o.parcel, carrier: o.carrier, waybill: o.waybill, printer: row.printer_id, actor } });
        return row;
      });
    });
    for (const r of rows) this.wakePrinter(r.printer_id);
    return rows.map(jobView);
  }

  job(id: string): PrintJob | undefined {
    const r = printJobById(this.opts.store.db, id);
    return r ? jobView(r) : undefined;
  }

  jobs(filter: PrintJobFilter): { items: PrintJob[]; next_after: number | null } {
    const rows = listPrintJobs(this.opts.store.db, filter);
    return { items: rows.map(jobView), next_after: rows.length === filter.limit ? (rows.at(-1)?.seq ?? null) : null };
  }

  printers(): PrinterView[] {
    const counts = openCounts(this.opts.store.db);
    return [...this.workers.values()].map((w) => {
      const q = { queued: 0, sending: 0, sent: 0 };
      for (const c of counts) if (c.printer === w.entry.id) q[c.state as keyof typeof q] = c.n;
      return {
        id: w.entry.id,
        kind: w.entry.transport.kind,
        address: w.entry.transport.address,
        language: w.entry.language,
        carriers: w.entry.carriers,
        stations: w.entry.stations,
        healthy: w.healthy,
        state: w.status?.state ?? 'unknown',
        reasons: w.status?.reasons ?? [],
        ...(w.status?.detail ? { detail: w.status.detail } : {}),
        queue: q,
        printed: w.printed,
        checked_at: w.checkedAt,
      };
    });
  }

  /** For /health: problems a person should look at. */
  health(): { status: 'ok' | 'degraded'; problems: string[]; printers: PrinterView[]; waiting_for_printer: number } {
    const printers = this.printers();
    const problems: string[] = [];
    for (const p of printers) if (!p.healthy) problems.push(`printer ${p.id}: ${p.reasons.join(', ') || p.state}${p.detail ? ` (${p.detail})` : ''}`);
    const waiting = openCounts(this.opts.store.db)
      .filter((c) => c.printer === null)
      .reduce((a, c) => a + c.n, 0);
    if (waiting > 0) problems.push(`${waiting} label(s) wait for a healthy printer of their carrier`);
    const failed = this.opts.store.db.prepare("SELECT COUNT(*) FROM print_jobs WHERE state = 'failed'").pluck().get() as number;
    if (failed > 0) problems.push(`${failed} label(s) failed and need a reprint (GET /api/v1/print-jobs?state=failed)`);
    return { status: problems.length ? 'degraded' : 'ok', problems, printers, waiting_for_printer: waiting };
  }

  // ---- routing ---------------------------------------------------------------------------

  private printersOf(carrier: string, station: string | null | undefined): Worker[] {
    const all = [...this.workers.values()].filter((w) => w.entry.carriers.some((c) => norm(c) === norm(carrier)));
    if (station) {
      const atStation = all.filter((w) => w.entry.stations.includes(station));
      if (atStation.length > 0) return [...atStation, ...all.filter((w) => w.entry.stations.length === 0)];
    }
    return all;
  }

  /** The least busy healthy printer of the carrier (ties: config order), or null. */
  private route(tx: Tx | undefined, carrier: string, station: string | null, exclude?: string): string | null {
    const candidates = this.printersOf(carrier, station).filter((w) => w.healthy && w.entry.id !== exclude);
    if (candidates.length === 0) return null;
    if (candidates.length === 1) return (candidates[0] as Worker).entry.id;
    const load = openLoad(tx?.db ?? this.opts.store.db);
    let best = candidates[0] as Worker;
    for (const w of candidates) if ((load.get(w.entry.id) ?? 0) < (load.get(best.entry.id) ?? 0)) best = w;
    return best.entry.id;
  }

  private waybillFor(tx: Tx, carrier: CarrierConfig, s: Shipment, jobId: string): string {
    if (s.waybill !== undefined) {
      if (!claimWaybill(tx.db, carrier.id, s.waybill, jobId)) throw new GatewayError('WAYBILL_IN_USE', `waybill ${s.waybill} of ${carrier.id} is already on another label`);
      return s.waybill;
    }
    const range = carrier.waybill;
    if (!range) throw new GatewayError('NO_WAYBILL', `carrier ${carrier.id} has no waybill range (carriers.list[].waybill) and the shipment brings no waybill`);
    for (;;) {
      const n = takeWaybillNumber(tx.db, carrier.id, range.from);
      const wb = formatWaybill(range, n);
      if (wb === undefined) throw new GatewayError('WAYBILL_RANGE_EXHAUSTED', `carrier ${carrier.id}: the waybill range ${range.from}-${range.to} is used up; configure a new range`);
      if (claimWaybill(tx.db, carrier.id, wb, jobId)) return wb; // else an order brought that number: skip it
    }
  }

  /** Move a printer's queued jobs (no byte sent) to siblings; those with none wait unassigned. */
  private failover(from: Worker): void {
    const moved = this.opts.store.transact((tx) => {
      const rows = jobsOf(tx.db, from.entry.id, 'queued', 10_000);
      const now = new Date().toISOString();
      const touched = new Set<string | null>();
      for (const r of rows) {
        const to = this.route(tx, r.carrier, r.station, from.entry.id);
        if (transition(tx.db, r.id, { state: 'queued', printer: from.entry.id }, { printer_id: to, moved: true }, now)) touched.add(to);
      }
      return { n: rows.length, touched };
    });
    if (moved.n > 0) {
      this.stats.moved += moved.n;
      this.log.warn({ printer: from.entry.id, jobs: moved.n, to: [...moved.touched] }, 'print: printer not ready; its queued labels moved');
      for (const p of moved.touched) this.wakePrinter(p);
    }
  }

  private assignUnassigned(): void {
    const touched = this.opts.store.transact((tx) => {
      const now = new Date().toISOString();
      const t = new Set<string>();
      for (const r of unassignedJobs(tx.db)) {
        const to = this.route(tx, r.carrier, r.station);
        if (to && transition(tx.db, r.id, { state: 'queued', printer: null }, { printer_id: to }, now)) t.add(to);
      }
      return t;
    });
    for (const p of touched) this.wakePrinter(p);
  }

  // ---- printer state -----------------------------------------------------------------------

  private async poll(w: Worker): Promise<void> {
    let status: PrinterStatus;
    try {
      status = await w.entry.transport.status();
    } catch (err) {
      if (this.stopped) return; // the transport was closed under a poll in flight
      throw err;
    }
    // A status that arrives after stop() must not touch the store (it may be closed by now).
    if (this.stopped) return;
    this.apply(w, status);
  }

  private apply(w: Worker, s: PrinterStatus): void {
    const was = w.healthy;
    w.status = s;
    w.healthy = s.ready;
    w.checkedAt = new Date().toISOString();
    if (was !== w.healthy || w.lastPublished === '') {
      this.log[w.healthy ? 'info' : 'warn']({ printer: w.entry.id, state: s.state, reasons: s.reasons, detail: s.detail }, `print: printer ${w.healthy ? 'ready' : 'not ready'}`);
      this.opts.publishDevice?.(w.entry.id, s.state === 'offline' ? 'offline' : w.healthy ? 'online' : 'error', s.reasons.join(', ') || undefined);
      if (!w.healthy) this.failover(w);
      else {
        this.assignUnassigned();
        this.wake(w);
      }
    }
    this.publish(w);
  }

  private publish(w: Worker): void {
    if (!this.opts.publishPrinter) return;
    const view = this.printers().find((p) => p.id === w.entry.id);
    if (!view) return;
    const payload = { state: view.state, healthy: view.healthy, reasons: view.reasons, queue: view.queue, printed: view.printed, ...(view.detail ? { detail: view.detail } : {}) };
    const key = JSON.stringify(payload);
    if (key === w.lastPublished) return;
    w.lastPublished = key;
    this.opts.publishPrinter(w.entry.id, payload);
  }

  private wakePrinter(id: string | null): void {
    const w = id ? this.workers.get(id) : undefined;
    if (w) this.wake(w);
  }

  private wake(w: Worker): void {
    const resolve = w.wake;
    w.wakeup = new Promise<void>((r) => (w.wake = r));
    resolve();
  }

  private sleep(w: Worker, ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      void w.wakeup.then(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  // ---- the worker --------------------------------------------------------------------------

  private async run(w: Worker): Promise<void> {
    const id = w.entry.id;
    const db = this.db;
    while (!this.stopped) {
      if (w.done) {
        // The last label printed: commit it together with the next one's "sending".
        const next = w.healthy ? jobsOf(db, id, 'queued', 1)[0] : undefined;
        if (next) {
          await this.send(w, next);
          continue;
        }
        this.flushDone(w);
      }
      if (!w.healthy) {
        await this.sleep(w, w.entry.pollMs);
        continue;
      }
      // 1. Jobs whose bytes may have left (crash, or an ambiguous error): ask the printer.
      const sending = jobsOf(db, id, 'sending', 1)[0];
      if (sending) {
        await this.resolveSending(w, sending);
        continue;
      }
      // 2. The job the printer holds: follow it to done.
      const sent = jobsOf(db, id, 'sent', 1)[0];
      if (sent) {
        await this.follow(w, sent);
        continue;
      }
      // 3. The next queued job.
      const next = jobsOf(db, id, 'queued', 1)[0];
      if (!next) {
        this.publish(w);
        await this.sleep(w, 5_000);
        continue;
      }
      await this.send(w, next);
    }
  }

  private async resolveSending(w: Worker, job: PrintJobRow): Promise<void> {
    let found: { ref: string } | null;
    try {
      found = await w.entry.transport.findJob(job.id);
    } catch (err) {
      this.log.warn({ printer: w.entry.id, job: job.id, err: (err as Error).message }, 'print: cannot ask the printer about a job that may have reached it; will ask again');
      this.apply(w, await w.entry.transport.status());
      await this.sleep(w, Math.min(w.entry.pollMs, 1000));
      return;
    }
    const now = new Date().toISOString();
    this.stats.recovered++;
    if (found) {
      transition(this.db, job.id, { state: 'sending', printer: w.entry.id }, { state: 'sent', printer_ref: found.ref }, now);
      this.log.info({ printer: w.entry.id, job: job.id, ref: found.ref }, 'print: the printer has the job: not sending it again');
    } else {
      transition(this.db, job.id, { state: 'sending', printer: w.entry.id }, { state: 'queued' }, now);
      this.log.info({ printer: w.entry.id, job: job.id }, 'print: the printer never got the job: queued again');
    }
  }

  private async follow(w: Worker, job: PrintJobRow): Promise<void> {
    const p = await w.entry.transport.jobState(job.printer_ref ?? '');
    const now = new Date().toISOString();
    if (p.state === 'done') {
      this.opts.store.transact((tx) => this.markPrinted(tx, w, job, 'sent', job.printer_ref ?? ''));
      this.publish(w);
      return;
    }
    if (p.state === 'failed') {
      // The printer says it did not print it (aborted/cancelled): another printer may.
      const to = this.route(undefined, job.carrier, job.station, w.entry.id);
      transition(this.db, job.id, { state: 'sent', printer: w.entry.id }, { state: 'queued', printer_id: to, printer_ref: null, last_error: p.detail ?? 'aborted by the printer', moved: true }, now);
      this.stats.moved++;
      this.log.warn({ printer: w.entry.id, job: job.id, to, detail: p.detail }, 'print: the printer aborted the job; queued again');
      this.wakePrinter(to);
      return;
    }
    if (p.state === 'unknown') {
      const s = await w.entry.transport.status();
      if (s.state === 'offline') {
        this.apply(w, s);
        return;
      }
      // Reachable but it forgot the job (restarted): it may or may not have printed. A person decides.
      this.opts.store.transact((tx) => {
        if (transition(tx.db, job.id, { state: 'sent', printer: w.entry.id }, { state: 'failed', last_error: `printer ${w.entry.id} no longer knows job ${job.printer_ref}: check whether the label came out, then reprint` }, now)) {
          tx.emit({ type: LABEL_FAILED, data: { job: job.id, order_ref: job.order_ref, waybill: job.waybill, printer: w.entry.id, reason: 'printer-lost-job' } });
        }
      });
      this.stats.failed++;
      return;
    }
    await this.sleep(w, this.followMs);
  }

  /** printed + label.printed, in the caller's transaction; false when the job moved meanwhile. */
  private markPrinted(tx: Tx, w: Worker, job: PrintJobRow, from: 'sending' | 'sent', ref: string): boolean {
    const now = new Date().toISOString();
    if (!transition(tx.db, job.id, { state: from, printer: w.entry.id }, { state: 'printed', printer_ref: ref, printed_at: now, last_error: null }, now)) return false;
    tx.emit({
      type: LABEL_PRINTED,
      data: { job: job.id, order_ref: job.order_ref, parcel: job.parcel, carrier: job.carrier, waybill: job.waybill, printer: w.entry.id, printer_ref: ref, reprint_of: job.reprint_of, attempts: job.attempts, moves: job.moves },
    });
    w.printed++;
    this.stats.printed++;
    return true;
  }

  private flushDone(w: Worker, tx?: Tx): void {
    const done = w.done;
    if (!done) return;
    w.done = undefined;
    if (tx) this.markPrinted(tx, w, done.job, 'sending', done.ref);
    else {
      this.opts.store.transact((t) => this.markPrinted(t, w, done.job, 'sending', done.ref));
      this.publish(w);
    }
  }

  private async send(w: Worker, job: PrintJobRow): Promise<void> {
    const status = await w.entry.transport.status();
    this.apply(w, status);
    if (!w.healthy) {
      this.flushDone(w);
      return;
    }
    let doc: PrintDocument;
    try {
      doc = this.render(w.entry, job);
    } catch (err) {
      this.flushDone(w);
      this.opts.store.transact((tx) => {
        if (transition(tx.db, job.id, { state: 'queued', printer: w.entry.id }, { state: 'failed', last_error: (err as Error).message }, new Date().toISOString())) {
          tx.emit({ type: LABEL_FAILED, data: { job: job.id, order_ref: job.order_ref, waybill: job.waybill, printer: w.entry.id, reason: 'render', message: (err as Error).message } });
        }
      });
      this.stats.failed++;
      this.log.error({ job: job.id, err: (err as Error).message }, 'print: cannot render the label');
      return;
    }
    // Committed before a byte leaves: after a crash, this says "ask the printer". The label
    // printed before it is committed in the same transaction (one commit per label).
    const claimed = this.opts.store.transact((tx) => {
      this.flushDone(w, tx);
      return transition(tx.db, job.id, { state: 'queued', printer: w.entry.id }, { state: 'sending', attempt: true }, new Date().toISOString());
    });
    if (!claimed) return;
    try {
      const { ref } = await w.entry.transport.submit(doc);
      // Follow it here while it prints; a label the printer holds longer (a fault) is
      // committed as sent and followed by the main loop.
      const deadline = Date.now() + Math.max(2000, 2 * w.entry.pollMs);
      for (;;) {
        const p = await w.entry.transport.jobState(ref);
        if (p.state === 'done') {
          w.done = { job: { ...job, attempts: job.attempts + 1 }, ref };
          return;
        }
        if (p.state === 'pending' && Date.now() < deadline && !this.stopped) {
          await new Promise((r) => setTimeout(r, this.followMs));
          continue;
        }
        transition(this.db, job.id, { state: 'sending', printer: w.entry.id }, { state: 'sent', printer_ref: ref, last_error: null }, new Date().toISOString());
        return;
      }
    } catch (err) {
      const e = err as Error & { code?: string };
      const now = new Date().toISOString();
      if (e.code === 'PRINTER_UNREACHABLE' || e.code === 'PRINTER_BUSY' || e.code === 'PRINTER_REFUSED') {
        // Nothing reached the printer (no connection, or it said no): safe to send again.
        const to = e.code === 'PRINTER_REFUSED' ? this.route(undefined, job.carrier, job.station, w.entry.id) : w.entry.id;
        transition(this.db, job.id, { state: 'sending', printer: w.entry.id }, { state: 'queued', printer_id: to, last_error: e.message, ...(to !== w.entry.id ? { moved: true } : {}) }, now);
        if (to !== w.entry.id) this.wakePrinter(to);
      } else {
        this.db.prepare('UPDATE print_jobs SET last_error = ?, updated_at = ? WHERE id = ?').run(e.message, now, job.id);
      }
      this.log.warn({ printer: w.entry.id, job: job.id, code: e.code, err: e.message }, 'print: submit failed');
      if (e.code === 'PRINTER_BUSY') await this.sleep(w, 200);
      else this.apply(w, await w.entry.transport.status());
    }
  }

  /** The document for this printer: ZPL from the carrier's template, or a PDF. */
  render(p: PrinterEntry, job: Pick<PrintJobRow, 'id' | 'carrier' | 'waybill' | 'shipment'>): PrintDocument {
    const shipment = JSON.parse(job.shipment) as Shipment;
    const carrier = this.carriers.get(norm(job.carrier));
    const d = labelData(shipment, { id: job.carrier, name: carrier?.name }, job.waybill);
    if (p.language === 'pdf') {
      return { key: job.id, format: 'application/pdf', data: Buffer.from(renderPdf(d, { widthMm: p.labelWidthMm, heightMm: p.labelHeightMm }), 'latin1') };
    }
    const template = this.opts.templates.get(carrier?.template ?? 'default') ?? this.opts.templates.get('default');
    if (template === undefined) throw new GatewayError('LABEL_TEMPLATE_MISSING', `no ZPL template for carrier ${job.carrier}`);
    return { key: job.id, format: 'application/vnd.zebra-zpl', data: Buffer.from(renderZpl(template, d, p.cjkFont ? { cjkFont: p.cjkFont } : {}), 'utf8') };
  }
}

