/**
 * The composition root: the only place that wires config, store, bus, services and API
 * together. `startGateway` returns once the gateway is ready (API listening, broker up,
 * bus client connected or, for an external broker, still retrying in the background).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Logger } from 'pino';
import type { SiteConfig } from '../config/schema.ts';
import { parseListen, PACKAGE_ROOT, DEFAULT_PROFILES_DIR } from '../config/load.ts';
import { GatewayError } from '../errors.ts';
import { randomToken, sha256Hex } from '../secrets.ts';
import { Store } from '../store/store.ts';
import { applySeed, syncLayout } from '../store/master.sqlite.ts';
import { outboxStats } from '../store/outbox.sqlite.ts';
import { topicsFor } from '../bus/topics.ts';
import { startEmbeddedBroker, type EmbeddedBroker } from '../bus/broker.ts';
import { BusClient } from '../bus/client.ts';
import { Metrics } from '../metrics.ts';
import { DeviceRegistry } from '../services/devices.ts';
import { healthReport, type BusHealth } from '../services/health.ts';
import { EventRelay } from '../services/event-relay.ts';
import { DeviceHost, runsInProcess } from '../services/device-host.ts';
import { createPrintService, registerPrintGauges, withPrintHealth } from '../services/print-setup.ts';
import { createApi } from '../api/app.ts';
import { DoorSessions } from '../services/door-sessions.ts';
import { PortalService, doorLayouts } from '../services/portal.ts';
import { startCheckpointer } from '../store/checkpointer.ts';
import { DoorTriggers, withDoorTriggerHealth } from '../services/door-triggers.ts';
import { ZoneService } from '../services/zone-presence.ts';
import { DoorScheduleService } from '../services/door-schedule.ts';
import { wireCloud } from './cloud.ts';
import type { ApiClient } from '../api/auth.ts';

export const VERSION: string = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export interface Gateway {
  readonly apiUrl: string;
  readonly busUrl: string;
  readonly store: Store;
  readonly config: SiteConfig;
  readonly readyMs: number;
  close(): Promise<void>;
}

export interface StartOptions {
  log: Logger;
  /** How long to wait for an external broker before starting anyway (it keeps retrying). */
  externalBusWaitMs?: number;
}

export async function startGateway(config: SiteConfig, options: StartOptions): Promise<Gateway> {
  const started = performance.now();
  const log = options.log;
  const closers: { name: string; close: () => Promise<void> | void }[] = [];
  const closeAll = async () => {
    for (const c of closers.reverse()) {
      try {
        await c.close();
      } catch (err) {
        log.error({ err, component: c.name }, 'error while closing');
      }
    }
  };

  try {
    const metrics = new Metrics();
    const topics = topicsFor(config.site.id);

    // Store: open, migrate, bring the layout and seed in line with the config.
    const storeLog = log.child({ component: 'store' });
    const store = Store.open(path.resolve(config.dataDir), { site: config.site.id, gatewayId: config.site.gatewayId });
    closers.push({ name: 'store', close: () => store.close() });
    // WAL checkpoints off the main thread (store/checkpointer.ts): no commit stalls on one.
    const checkpointer = startCheckpointer(store.db, store.file, log.child({ component: 'store' }));
    closers.push({ name: 'store checkpoints', close: () => checkpointer.stop() });
    if (store.appliedMigrations.length > 0) storeLog.info({ file: store.file, migrations: store.appliedMigrations }, 'store: migrations applied');
    syncLayout(store, config);
    const seeded = applySeed(store, config);
    storeLog.info({ file: store.file, seededMovements: seeded.booked, outbox: outboxStats(store) }, 'store: ready');

    // Bus: the embedded broker, or an external one.
    const busLog = log.child({ component: 'bus' });
    let broker: EmbeddedBroker | undefined;
    let busUrl: string;
    let clientAuth: { username?: string; password?: string; rejectUnauthorized?: boolean } = {};
    if (config.bus.broker === 'embedded') {
      const internalPassword = randomToken();
      const { host, port } = parseListen(config.bus.listen);
      broker = await startEmbeddedBroker({
        host,
        port,
        allowAnonymous: config.bus.allowAnonymous,
        topics,
        log: busLog,
        users: [
          ...config.bus.users.map((u) => ({
            username: u.username,
            passwordSha256: u.passwordSha256 ?? sha256Hex(u.password ?? ''),
            role: u.role,
            device: u.device,
          })),
          // The gateway's own client: a fresh secret each run, never written anywhere.
          { username: `gateway:${config.site.gatewayId}`, passwordSha256: sha256Hex(internalPassword), role: 'service' as const },
        ],
      });
      const b = broker;
      closers.push({ name: 'broker', close: () => b.close() });
      busUrl = broker.url;
      clientAuth = { username: `gateway:${config.site.gatewayId}`, password: internalPassword };
    } else {
      busUrl = config.bus.url;
      clientAuth = {
        ...(config.bus.username !== undefined ? { username: config.bus.username } : {}),
        ...(config.bus.password !== undefined ? { password: config.bus.password } : {}),
        rejectUnauthorized: config.bus.rejectUnauthorized,
      };
    }
    const bus = new BusClient({
      url: busUrl,
      clientId: config.bus.broker === 'external' && config.bus.clientId ? config.bus.clientId : `warehouse-gateway-${config.site.id}-${config.site.gatewayId}`,
      ...clientAuth,
      log: busLog,
      statusTopic: topics.deviceStatus(config.site.gatewayId),
      statusBody: { device: config.site.gatewayId, kind: 'gateway', version: VERSION },
    });
    closers.push({ name: 'bus client', close: () => bus.close() });
    if (broker) await bus.waitConnected(5_000);
    else {
      await bus.waitConnected(options.externalBusWaitMs ?? 3_000).catch((err: Error) => {
        busLog.warn({ err: err.message }, 'bus: external broker not reachable yet; starting anyway and retrying');
      });
    }

    // Services.
    const badMessages = metrics.counter('wg_bus_bad_messages_total', 'Bus messages dropped as invalid, by reason');
    const devices = new DeviceRegistry(store, config.devices, log.child({ component: 'devices' }), badMessages);
    bus.subscribe(topics.allDeviceStatus, (topic, payload) => {
      const parsed = topics.parse(topic);
      if (parsed?.kind === 'device-status' && parsed.id !== config.site.gatewayId) devices.onStatusMessage(parsed.id, payload);
    });
    // With the embedded broker, events go in from inside the process (no TCP round trip per event).
    const relay = new EventRelay(store, broker ? broker.local : bus, topics, log.child({ component: 'event-relay' }));
    const unlisten = store.onCommit((events) => relay.committed(events));
    bus.client.on('connect', () => relay.wake());
    closers.push({
      name: 'event relay',
      close: async () => {
        unlisten();
        await relay.stop();
      },
    });
    relay.wake(); // publish what a previous run committed but did not publish

    // Dock-door portals: transits from reader batches, door sessions (only with doors in the
    // config); zone readers (devices[].zone): where tagged items are, transfers between zones.
    let doorSessions: DoorSessions | undefined;
    const readerZones = Object.fromEntries(config.devices.flatMap((d) => (d.kind === 'rfid-reader' && d.zone !== undefined ? [[d.id, d.zone]] : [])));
    const zones = Object.keys(readerZones).length > 0 ? new ZoneService({ store, readerZones, metrics, log: log.child({ component: 'zones' }) }) : undefined;
    let portal: PortalService | undefined;
    let doorTriggers: DoorTriggers | undefined;
    if (config.doors.length > 0) {
      const portalLog = log.child({ component: 'portal' });
      const sessions = new DoorSessions(store, new Set(config.doors.map((d) => d.id)), portalLog);
      // Door presence sensors (doors[].trigger) on reader GPI inputs: untriggered tracks make no transit.
      const triggers = config.doors.some((d) => d.trigger) ? new DoorTriggers({ doors: config.doors, metrics, log: portalLog }) : undefined;
      if (triggers) {
        bus.subscribe(topics.allRfidGpi, (topic, payload) => {
          const parsed = topics.parse(topic);
          if (parsed?.kind === 'rfid-gpi') triggers.onMessage(parsed.id, payload);
        });
        doorTriggers = triggers;
      }
      const p = new PortalService({ store, doors: doorLayouts(config.doors), sessions, metrics, log: portalLog, ...(triggers ? { triggers } : {}) });
      p.start();
      closers.push({ name: 'portal', close: () => p.stop() });
      doorSessions = sessions;
      portal = p;
    }
    if (zones) {
      zones.start();
      closers.push({ name: 'zones', close: () => zones.stop() });
    }
    if (portal || zones) {
      // With the embedded broker, the busiest topic comes in from inside the process.
      (broker ? broker.local : bus).subscribe(topics.allRfidReads, (topic, payload) => {
        const parsed = topics.parse(topic);
        if (parsed?.kind !== 'rfid-reads') return;
        if (zones?.handles(parsed.id)) zones.onMessage(parsed.id, payload);
        else portal?.onMessage(parsed.id, payload);
      });
    }
    // Door schedules (doors[].schedule): sessions opened and closed by the clock. With every door,
    // so a scheduled session left open after its slot left the config still gets closed.
    if (doorSessions) {
      const schedule = new DoorScheduleService({ store, sessions: doorSessions, doors: config.doors, timeZone: config.site.timezone, metrics, log: log.child({ component: 'door-schedule' }) });
      schedule.start();
      closers.push({ name: 'door schedule', close: () => schedule.stop() });
    }

    // Devices run by this process (the others run as `warehouse-gateway daemon`).
    const host = new DeviceHost({
      // Printers belong to the print service (below), not to a device driver.
      devices: config.devices.filter((d) => runsInProcess(d) && d.kind !== 'printer'),
      profilesDir: DEFAULT_PROFILES_DIR,
      bus,
      topics,
      log: log.child({ component: 'devices' }),
    });
    closers.push({ name: 'device host', close: () => host.stop() });
    await host.start();

    // Label printing: carrier assignment, per-carrier printers with failover, exactly once.
    const hasPrinters = config.devices.some((d) => d.kind === 'printer' && d.enabled);
    const print = hasPrinters
      ? createPrintService(config, {
          store,
          log: log.child({ component: 'print' }),
          profilesDir: DEFAULT_PROFILES_DIR,
          labelsDir: path.join(PACKAGE_ROOT, 'firmware-configs', 'labels'),
          publishPrinter: (id, payload) => void bus.publish(topics.printerStatus(id), { v: 1, printer: id, at: new Date().toISOString(), ...payload }, { qos: 1, retain: true }).catch(() => undefined),
          publishDevice: (id, status, detail) =>
            void bus.publish(topics.deviceStatus(id), { v: 1, device: id, status, ...(detail ? { detail } : {}), at: new Date().toISOString() }, { qos: 1, retain: true }).catch(() => undefined),
        })
      : undefined;
    if (print) {
      closers.push({ name: 'print service', close: () => print.stop() });
      await print.start();
    }

    const busHealth = (): BusHealth => ({
      status: bus.connected ? 'ok' : 'down',
      broker: config.bus.broker,
      url: busUrl,
      connected: bus.connected,
      ...(broker ? { connected_clients: broker.connectedClients() } : {}),
      ...(bus.error ? { error: bus.error } : {}),
    });
    // Cloud bridge: forwarder and downloader when cloud.baseUrl is set; its gauges and /health section.
    const cloud = wireCloud(config, store, metrics, log.child({ component: 'cloud' }), VERSION);
    closers.push({ name: 'cloud bridge', close: () => cloud.close() });
    const health = () => withDoorTriggerHealth(withPrintHealth(cloud.health(healthReport({ site: config.site.id, gateway: config.site.gatewayId, version: VERSION, store, bus: busHealth, devices })), print), doorTriggers);
    registerGauges(metrics, store, bus, broker, devices, relay);
    registerPrintGauges(metrics, print);

    // API.
    const clients: ApiClient[] = config.api.clients.map((c) => ({ name: c.name, role: c.role, tokenSha256: c.tokenSha256 ?? sha256Hex(c.token ?? '') }));
    const app = createApi({
      store,
      clients,
      metrics,
      log: log.child({ component: 'api' }),
      health,
      maxBodyBytes: config.api.maxBodyBytes,
      version: VERSION,
      site: config.site.id,
      cloud: cloud.api,
      ...(print ? { print } : {}),
      ...(doorSessions ? { doors: doorSessions } : {}),
      ...(portal ? { portal } : {}),
    });
    const listen = parseListen(config.api.listen);
    const server = await listenHttp(app.fetch, listen.host, listen.port);
    closers.push({
      name: 'api',
      // Stop accepting; let requests in flight finish (5 s at most), drop idle keep-alives.
      close: () =>
        new Promise<void>((resolve) => {
          const http = server as { closeIdleConnections?: () => void; closeAllConnections?: () => void };
          const force = setTimeout(() => http.closeAllConnections?.(), 5000);
          server.close(() => {
            clearTimeout(force);
            resolve();
          });
          http.closeIdleConnections?.();
        }),
    });
    const addr = server.address() as AddressInfo;
    const apiUrl = `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`;
    const readyMs = Math.round(performance.now() - started);
    log.info({ api: apiUrl, bus: busUrl, site: config.site.id, readyMs, version: VERSION }, 'gateway ready');

    let closed: Promise<void> | undefined;
    return {
      apiUrl,
      busUrl,
      store,
      config,
      readyMs,
      close() {
        closed ??= closeAll().then(() => log.info('gateway stopped'));
        return closed;
      },
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

function listenHttp(fetch: (req: Request) => Response | Promise<Response>, host: string, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname: host, port });
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new GatewayError(
          'API_LISTEN_FAILED',
          `the API cannot listen on ${host}:${port}: ${err.code === 'EADDRINUSE' ? 'the port is in use (is another gateway running?); set api.listen' : err.message}`,
          { cause: err },
        ),
      ),
    );
    server.once('listening', () => resolve(server));
  });
}

function registerGauges(metrics: Metrics, store: Store, bus: BusClient, broker: EmbeddedBroker | undefined, devices: DeviceRegistry, relay: EventRelay): void {
  metrics.gauge('wg_process_resident_memory_bytes', 'Resident memory', () => process.memoryUsage().rss);
  metrics.gauge('wg_process_uptime_seconds', 'Seconds since start', () => Math.round(process.uptime()));
  metrics.gauge('wg_outbox_undelivered', 'Events not yet acknowledged by the ERP', () => outboxStats(store).undelivered);
  metrics.gauge('wg_outbox_unpublished', 'Events committed but not yet published on the bus', () => outboxStats(store).unpublished);
  metrics.gauge('wg_outbox_last_seq', 'Highest event seq', () => outboxStats(store).lastSeq);
  metrics.gauge('wg_events_published_total', 'Events published on the bus by this process', () => relay.published, 'counter');
  metrics.gauge('wg_bus_connected', '1 when the gateway is connected to the bus', () => (bus.connected ? 1 : 0));
  metrics.gauge('wg_bus_reconnects_total', 'Bus disconnects seen by the gateway client', () => bus.stats.disconnects, 'counter');
  if (broker) {
    metrics.gauge('wg_broker_clients', 'Clients connected to the embedded broker', () => broker.connectedClients());
    metrics.gauge('wg_broker_auth_failures_total', 'Refused broker logins', () => broker.stats.authFailures, 'counter');
    metrics.gauge('wg_broker_acl_denied_total', 'Publishes and subscribes refused by the ACL', () => broker.stats.publishDenied + broker.stats.subscribeDenied, 'counter');
  }
  metrics.gauge('wg_device_up', '1 when the device reports online', () =>
    devices.list().map((d) => ({ labels: { device: d.id, kind: d.kind }, value: d.status === 'online' ? 1 : 0 })),
  );
}
