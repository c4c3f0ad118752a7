/**
 * The cloud bridge: one ERP client, the outbox forwarder and the downloader, started and
 * stopped together. Built by the composition root only when cloud.baseUrl is set.
 */
import type { Logger } from 'pino';
import { ErpClient } from './erp-client.ts';
import { Forwarder, type ForwarderStatus } from './forwarder.ts';
import { Downloader, type DownloaderStatus } from './downloader.ts';
import type { Backlog, Clock, DownloadSink, OutboxPort, Resource } from './ports.ts';

export interface CloudBridgeOptions {
  baseUrl: string;
  token?: string | undefined;
  timeoutMs: number;
  batchSize: number;
  batchDelayMs: number;
  syncIntervalS: number;
  retryInitialMs: number;
  retryMaxMs: number;
  pageSize: number;
  site: string;
  gateway: string;
  outbox: OutboxPort;
  sink: DownloadSink;
  log: Logger;
  userAgent?: string;
  clock?: Clock;
  onInvalidItem?: (resource: Resource) => void;
}

export class CloudBridge {
  readonly client: ErpClient;
  readonly forwarder: Forwarder;
  readonly downloader: Downloader;

  constructor(o: CloudBridgeOptions) {
    this.client = new ErpClient({ baseUrl: o.baseUrl, token: o.token, timeoutMs: o.timeoutMs, ...(o.userAgent ? { userAgent: o.userAgent } : {}) });
    this.forwarder = new Forwarder({
      outbox: o.outbox,
      client: this.client,
      site: o.site,
      gateway: o.gateway,
      batchSize: o.batchSize,
      batchDelayMs: o.batchDelayMs,
      retryInitialMs: o.retryInitialMs,
      retryMaxMs: o.retryMaxMs,
      log: o.log.child({ part: 'forwarder' }),
      ...(o.clock ? { clock: o.clock } : {}),
    });
    this.downloader = new Downloader({
      client: this.client,
      sink: o.sink,
      pageSize: o.pageSize,
      intervalMs: o.syncIntervalS * 1000,
      retryInitialMs: o.retryInitialMs,
      retryMaxMs: o.retryMaxMs,
      log: o.log.child({ part: 'download' }),
      ...(o.clock ? { clock: o.clock } : {}),
      ...(o.onInvalidItem ? { onInvalid: o.onInvalidItem } : {}),
    });
  }

  start(): void {
    this.forwarder.start();
    this.downloader.start();
  }

  async stop(): Promise<void> {
    await Promise.all([this.forwarder.stop(), this.downloader.stop()]);
    this.client.close();
  }
}

export interface CloudHealth {
  status: 'ok' | 'degraded' | 'disabled';
  base_url: string | null;
  backlog: number;
  oldest_undelivered_age_s: number | null;
  dead_letters: number;
  forwarder?: ForwarderStatus;
  download?: DownloaderStatus;
}

/** Failing this long before /health calls the link degraded (a blip is not a problem). */
const FAILING_GRACE_MS = 60_000;

/** The `cloud` section of /health and the problems it adds (each one makes the gateway degraded). */
export function cloudHealth(bridge: CloudBridge | undefined, backlog: Backlog, now: number): { section: CloudHealth; problems: string[] } {
  const problems: string[] = [];
  const age = backlog.oldestCreatedAt ? Math.max(0, Math.round((now - Date.parse(backlog.oldestCreatedAt)) / 1000)) : null;
  if (backlog.deadLetters > 0) {
    problems.push(`cloud: ${backlog.deadLetters} event(s) rejected by the ERP wait in the dead letters (GET /api/v1/dead-letters, then retry)`);
  }
  if (!bridge) {
    return {
      section: { status: problems.length ? 'degraded' : 'disabled', base_url: null, backlog: backlog.count, oldest_undelivered_age_s: age, dead_letters: backlog.deadLetters },
      problems,
    };
  }
  const f = bridge.forwarder.status();
  const d = bridge.downloader.status();
  if (f.reachable === false && f.last_error_at !== null) {
    const since = f.last_success_at ? now - Date.parse(f.last_success_at) : Infinity;
    if (since > FAILING_GRACE_MS) problems.push(`cloud: events cannot reach the ERP (${f.last_error}); ${backlog.count} waiting, retry at ${f.next_attempt_at}`);
  }
  if (f.state === 'stopped' && f.last_error) problems.push(`cloud: forwarder ${f.last_error}`);
  if (d.last_error) problems.push(`cloud: download failing (${d.last_error})`);
  return {
    section: {
      status: problems.length ? 'degraded' : 'ok',
      base_url: bridge.client.baseUrl,
      backlog: backlog.count,
      oldest_undelivered_age_s: age,
      dead_letters: backlog.deadLetters,
      forwarder: f,
      download: d,
    },
    problems,
  };
}
