/**
 * Incremental download of master data, orders, ASNs and expected returns (DESIGN §7):
 * each resource is read page by page from its stored cursor; each page is validated item by
 * item (an invalid item is logged, counted and skipped, never stops the others) and applied
 * together with its next cursor in one transaction, so a crash mid-download resumes from the
 * last applied page and re-applying a page changes nothing. Runs every syncIntervalS, and on
 * demand (POST /api/v1/sync). Passes never overlap; a failed pass is retried with backoff.
 */
import type { Logger } from 'pino';
import { Backoff } from '../drivers/backoff.ts';
import type { PageOutcome } from './erp-client.ts';
import { ITEM_SCHEMAS } from './erp-schemas.ts';
import { RESOURCES, realClock, type Clock, type DownloadSink, type ItemsOf, type Resource } from './ports.ts';

export interface DownloaderOptions {
  client: { getPage(resource: string, cursor: string | null, limit: number, signal?: AbortSignal): Promise<PageOutcome> };
  sink: DownloadSink;
  pageSize: number;
  intervalMs: number;
  retryInitialMs: number;
  retryMaxMs: number;
  log: Logger;
  clock?: Clock;
  /** Called for every item that failed validation */
  onInvalid?: (resource: Resource) => void;
}

export interface SyncOptions {
  /** Start every resource from the beginning (the stored cursors are ignored, then replaced) */
  full?: boolean;
  resources?: readonly Resource[];
}

export interface ResourceSummary {
  pages: number;
  items: number;
  applied: number;
  unchanged: number;
  invalid: number;
  cursor: string | null;
}

export interface SyncSummary {
  ok: boolean;
  started_at: string;
  finished_at: string;
  resources: Partial<Record<Resource, ResourceSummary>>;
  /** Orders that were short and could now be reserved */
  orders_reserved_after_retry: number;
  error?: string;
}

export interface DownloaderStatus {
  state: 'idle' | 'syncing' | 'waiting-retry' | 'stopped';
  last_sync_at: string | null;
  last_ok_at: string | null;
  last_error: string | null;
  next_sync_at: string | null;
  passes_total: number;
  invalid_items_total: number;
}

const MAX_PAGES_PER_PASS = 100_000;

export class Downloader {
  private readonly o: DownloaderOptions;
  private readonly clock: Clock;
  private readonly backoff: Backoff;
  private readonly stopper = new AbortController();
  private chain: Promise<unknown> = Promise.resolve();
  private loop: Promise<void> | undefined;
  private readonly s: DownloaderStatus = {
    state: 'idle',
    last_sync_at: null,
    last_ok_at: null,
    last_error: null,
    next_sync_at: null,
    passes_total: 0,
    invalid_items_total: 0,
  };

  constructor(options: DownloaderOptions) {
    this.o = options;
    this.clock = options.clock ?? realClock;
    this.backoff = new Backoff({ initialMs: options.retryInitialMs, maxMs: Math.min(options.retryMaxMs, options.intervalMs) });
  }

  /** Sync now, then every intervalMs (sooner, with backoff, after a failure). */
  start(): void {
    this.loop ??= (async () => {
      while (!this.stopper.signal.aborted) {
        const summary = await this.syncNow();
        if (this.stopper.signal.aborted) break;
        const delay = summary.ok ? (this.backoff.reset(), this.o.intervalMs) : this.backoff.next();
        this.s.next_sync_at = new Date(this.clock.now() + delay).toISOString();
        if (!summary.ok) this.s.state = 'waiting-retry';
        await this.clock.sleep(delay, this.stopper.signal);
      }
      this.s.state = 'stopped';
    })();
  }

  /** Run a pass after any running one; resolves with its summary (never throws). */
  syncNow(options: SyncOptions = {}): Promise<SyncSummary> {
    const run = this.chain.then(() => this.pass(options));
    this.chain = run.catch(() => undefined);
    return run;
  }

  status(): DownloaderStatus {
    return { ...this.s };
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    await this.loop;
    await this.chain;
    this.s.state = 'stopped';
  }

  private async pass(options: SyncOptions): Promise<SyncSummary> {
    const started = new Date(this.clock.now()).toISOString();
    const summary: SyncSummary = { ok: true, started_at: started, finished_at: started, resources: {}, orders_reserved_after_retry: 0 };
    if (this.stopper.signal.aborted) return { ...summary, ok: false, error: 'stopped' };
    this.s.state = 'syncing';
    this.s.passes_total++;
    try {
      for (const resource of options.resources ?? RESOURCES) {
        summary.resources[resource] = await this.download(resource, options.full === true);
      }
      summary.orders_reserved_after_retry = this.o.sink.afterSync();
      this.s.last_ok_at = new Date(this.clock.now()).toISOString();
      this.s.last_error = null;
    } catch (err) {
      summary.ok = false;
      summary.error = (err as Error).message;
      this.s.last_error = summary.error;
      this.o.log.warn({ err: summary.error }, 'download: pass failed; it resumes from the last applied page');
    }
    summary.finished_at = new Date(this.clock.now()).toISOString();
    this.s.last_sync_at = summary.finished_at;
    this.s.state = 'idle';
    const changed = Object.values(summary.resources).reduce((n, r) => n + (r?.applied ?? 0), 0);
    if (summary.ok) this.o.log[changed > 0 ? 'info' : 'debug']({ resources: summary.resources, reservedAfterRetry: summary.orders_reserved_after_retry }, 'download: pass done');
    return summary;
  }

  private async download<R extends Resource>(resource: R, full: boolean): Promise<ResourceSummary> {
    const schema = ITEM_SCHEMAS[resource];
    let cursor = full ? null : this.o.sink.cursor(resource);
    const sum: ResourceSummary = { pages: 0, items: 0, applied: 0, unchanged: 0, invalid: 0, cursor };
    for (let page = 0; page < MAX_PAGES_PER_PASS; page++) {
      const outcome = await this.o.client.getPage(resource, cursor, this.o.pageSize, this.stopper.signal);
      if (outcome.kind === 'retry') throw new Error(`GET ${resource}: ${outcome.reason}`);
      const valid: ItemsOf[R][] = [];
      for (const raw of outcome.items) {
        const parsed = schema.safeParse(raw);
        if (parsed.success) valid.push(parsed.data as ItemsOf[R]);
        else {
          sum.invalid++;
          this.s.invalid_items_total++;
          this.o.onInvalid?.(resource);
          const id = raw !== null && typeof raw === 'object' ? ((raw as Record<string, unknown>).id ?? (raw as Record<string, unknown>).sku) : undefined;
          this.o.log.warn({ resource, id, problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(item)'}: ${i.message}`) }, 'download: invalid item skipped');
        }
      }
      const next = outcome.nextCursor ?? cursor;
      const r = this.o.sink.applyPage(resource, valid, next);
      sum.pages++;
      sum.items += outcome.items.length;
      sum.applied += r.applied;
      sum.unchanged += r.unchanged;
      sum.cursor = next;
      if (outcome.items.length < this.o.pageSize || outcome.nextCursor == null || next === cursor) break;
      cursor = next;
    }
    return sum;
  }
}
