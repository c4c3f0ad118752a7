/**
 * Composition of the cloud bridge (part of the composition root): the store-backed ports,
 * the bridge itself when cloud.baseUrl is set, its gauges, its /health section and the
 * hooks the API needs. Without a baseUrl, events stay in the outbox (their backlog and the
 * dead letters still show) and POST /api/v1/sync says the cloud is not configured.
 */
import type { Logger } from 'pino';
import { CloudBridge, cloudHealth, type CloudHealth } from '../../cloud-bridge/bridge.ts';
import type { SiteConfig } from '../config/schema.ts';
import type { Metrics } from '../metrics.ts';
import type { Store } from '../store/store.ts';
import { sqliteOutbox } from '../store/delivery.sqlite.ts';
import { sqliteDownloadSink } from '../store/orders.sqlite.ts';
import type { HealthReport } from '../services/health.ts';
import type { CloudApiDeps } from '../api/cloud.routes.ts';

export interface CloudWiring {
  bridge: CloudBridge | undefined;
  api: CloudApiDeps;
  /** Add the cloud section (and its problems) to a health report */
  health(report: HealthReport): HealthReport & { cloud: CloudHealth };
  close(): Promise<void>;
}

export function wireCloud(config: SiteConfig, store: Store, metrics: Metrics, log: Logger, version: string): CloudWiring {
  const outbox = sqliteOutbox(store);
  const cloud = config.cloud;
  const invalid = metrics.counter('wg_cloud_invalid_items_total', 'Downloaded items refused by validation, by resource');
  let bridge: CloudBridge | undefined;
  let unlisten = () => {};
  if (cloud.baseUrl) {
    bridge = new CloudBridge({
      baseUrl: cloud.baseUrl,
      token: cloud.token,
      timeoutMs: cloud.timeoutMs,
      batchSize: cloud.batchSize,
      batchDelayMs: cloud.batchDelayMs,
      syncIntervalS: cloud.syncIntervalS,
      retryInitialMs: cloud.retryInitialMs,
      retryMaxMs: cloud.retryMaxMs,
      pageSize: cloud.pageSize,
      site: config.site.id,
      gateway: config.site.gatewayId,
      outbox,
      sink: sqliteDownloadSink(store, log),
      log,
      userAgent: `warehouse-gateway/${version}`,
      onInvalidItem: (resource) => invalid.inc({ resource }),
    });
    const b = bridge;
    unlisten = store.onCommit(() => b.forwarder.wake());
    bridge.start();
    log.info({ baseUrl: cloud.baseUrl, batchSize: cloud.batchSize, syncIntervalS: cloud.syncIntervalS }, 'cloud bridge started');
  } else {
    log.info('cloud bridge off (no cloud.baseUrl): events stay in the outbox');
  }

  // Backlog figures are read once per scrape / health call, not per gauge.
  let cached: { at: number; value: ReturnType<typeof outbox.backlog> } | undefined;
  const backlog = () => {
    const now = Date.now();
    if (!cached || now - cached.at > 500) cached = { at: now, value: outbox.backlog() };
    return cached.value;
  };
  metrics.gauge('wg_cloud_backlog', 'Events waiting for the ERP (dead letters excluded)', () => backlog().count);
  metrics.gauge('wg_cloud_oldest_undelivered_age_seconds', 'Age of the oldest event waiting for the ERP; 0 when none', () => {
    const oldest = backlog().oldestCreatedAt;
    return oldest ? Math.max(0, Math.round((Date.now() - Date.parse(oldest)) / 1000)) : 0;
  });
  metrics.gauge('wg_cloud_dead_letters', 'Events rejected by the ERP waiting for an admin', () => backlog().deadLetters);
  if (bridge) {
    const f = () => (bridge as CloudBridge).forwarder.status();
    metrics.gauge('wg_cloud_delivery_rate', 'Events delivered per second over the last minute', () => f().rate_per_s);
    metrics.gauge('wg_cloud_delivered_total', 'Events the ERP acknowledged (accepted or duplicate)', () => f().delivered_total, 'counter');
    metrics.gauge('wg_cloud_duplicates_total', 'Events the ERP already had (a resend after a lost answer)', () => f().duplicates_total, 'counter');
    metrics.gauge('wg_cloud_dead_lettered_total', 'Events the ERP rejected', () => f().dead_lettered_total, 'counter');
    metrics.gauge('wg_cloud_retries_total', 'Failed deliveries retried with backoff', () => f().retries_total, 'counter');
    metrics.gauge('wg_cloud_reachable', '1 when the last call to the ERP was answered', () => (f().reachable === false ? 0 : 1));
    metrics.gauge('wg_cloud_sync_passes_total', 'Download passes', () => (bridge as CloudBridge).downloader.status().passes_total, 'counter');
  }

  return {
    bridge,
    api: bridge
      ? { syncNow: (o) => (bridge as CloudBridge).downloader.syncNow(o), rescan: () => (bridge as CloudBridge).forwarder.rescan() }
      : {},
    health(report) {
      let section: CloudHealth;
      let problems: string[] = [];
      try {
        ({ section, problems } = cloudHealth(bridge, backlog(), Date.now()));
      } catch (err) {
        section = { status: 'degraded', base_url: cloud.baseUrl ?? null, backlog: -1, oldest_undelivered_age_s: null, dead_letters: -1 };
        problems = [`cloud: ${(err as Error).message}`];
      }
      const status = report.status === 'down' ? 'down' : problems.length > 0 ? 'degraded' : report.status;
      return { ...report, status, problems: [...report.problems, ...problems], cloud: section };
    },
    async close() {
      unlisten();
      await bridge?.stop();
    },
  };
}
