/**
 * Runs device drivers and joins them to the bus: what a driver emits goes out on its own
 * device topics, commands on wh/{site}/cmd/{id} come in to it. The gateway runs one host for
 * its in-process devices; `warehouse-gateway daemon <kind> <id>` runs one for a single
 * device in its own process, against the same broker (DESIGN §4). Either way, the rest of the
 * gateway hears devices only through the bus.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Logger } from 'pino';
import type { DeviceConfig } from '../config/schema.ts';
import type { BusClient } from '../bus/client.ts';
import type { Topics } from '../bus/topics.ts';
import type { Driver, DriverFactory, DriverOutput } from '../../drivers/driver.ts';

/**
 * Where drivers come from: keyed by `kind/protocol` (protocol from the device's profile,
 * e.g. `scale/mt-sics`, `rfid-reader/llrp`) or by `kind` alone. Loaded lazily.
 */
export type DriverRegistry = Record<string, () => Promise<DriverFactory>>;

export const DRIVERS: DriverRegistry = {
  'rfid-reader/llrp': async () => (await import('../../drivers/llrp/reader-driver.ts')).createLlrpReaderDriver,
  // 'scale/mt-sics': async () => (await import('../../drivers/serial/scale-driver.ts')).createScaleDriver,
  'scale/mt-sics': async () => (await import('../../drivers/serial/scale-driver.ts')).createSerialScaleDriver,
  'scale/toledo-continuous': async () => (await import('../../drivers/serial/scale-driver.ts')).createSerialScaleDriver,
  'scale/cas': async () => (await import('../../drivers/serial/scale-driver.ts')).createSerialScaleDriver,
  'scale/hid-pos': async () => (await import('../../drivers/usb/hid-scale-driver.ts')).createHidScaleDriver,
  'scanner/line': async () => (await import('../../drivers/serial/scanner-driver.ts')).createSerialScannerDriver,
  'scanner/hid-keyboard': async () => (await import('../../drivers/usb/hid-wedge-scanner-driver.ts')).createHidWedgeScannerDriver,
};

export interface DeviceHostOptions {
  devices: readonly DeviceConfig[];
  profilesDir: string;
  bus: BusClient;
  topics: Topics;
  log: Logger;
  registry?: DriverRegistry;
}

const MAX_PENDING = 10_000;
const FLUSH_WINDOW = 256;

interface Pending {
  topic: string;
  body: Record<string, unknown>;
  retain: boolean;
}

interface Running {
  device: DeviceConfig;
  driver: Driver;
}

/** Does the gateway process run this device's driver? Not for external daemons, nor for devices that publish themselves on the bus (PDAs). */
export function runsInProcess(device: DeviceConfig): boolean {
  return device.daemon === 'in-process' && !('connection' in device && 'type' in device.connection && device.connection.type === 'bus');
}

export function readProfile(profilesDir: string, profile: string): Record<string, unknown> {
  return (parseYaml(readFileSync(path.join(profilesDir, `${profile}.yaml`), 'utf8')) ?? {}) as Record<string, unknown>;
}

export class DeviceHost {
  private readonly running: Running[] = [];
  /** Devices the host could not run, with the reason (shown in /health through their status) */
  readonly unavailable = new Map<string, string>();
  private readonly registry: DriverRegistry;
  private readonly pending: Pending[] = [];
  private flushing = false;
  private flushTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  dropped = 0;

  constructor(private readonly opts: DeviceHostOptions) {
    this.registry = opts.registry ?? DRIVERS;
    opts.bus.client.on('connect', () => void this.flush());
  }

  async start(): Promise<void> {
    for (const device of this.opts.devices) {
      if (!device.enabled) continue;
      const log = this.opts.log.child({ device: device.id, kind: device.kind });
      const profile = readProfile(this.opts.profilesDir, device.profile);
      const protocol = typeof profile.protocol === 'string' ? profile.protocol : undefined;
      const key = protocol && this.registry[`${device.kind}/${protocol}`] ? `${device.kind}/${protocol}` : device.kind;
      const load = this.registry[key];
      if (!load) {
        const reason = `no driver for ${device.kind}${protocol ? ` (protocol ${protocol})` : ''} in this version`;
        this.unavailable.set(device.id, reason);
        log.warn({ profile: device.profile }, `device host: ${reason}`);
        this.publish(device.id, { kind: 'status', status: 'error', detail: reason });
        continue;
      }
      const factory = await load();
      const driver = factory(device as unknown as Parameters<DriverFactory>[0], profile, {
        deviceId: device.id,
        log,
        emit: (out) => this.publish(device.id, out),
      });
      if (driver.command) {
        const command = driver.command.bind(driver);
        this.opts.bus.subscribe(this.opts.topics.command(device.id), (_topic, payload) => {
          let body: unknown;
          try {
            body = JSON.parse(payload.toString('utf8'));
          } catch {
            log.warn('device host: a command that is not JSON was dropped');
            return;
          }
          if (body === null || typeof body !== 'object' || Array.isArray(body)) {
            log.warn('device host: a command must be a JSON object; dropped');
            return;
          }
          command(body as Record<string, unknown>).catch((err: unknown) => log.warn({ err: (err as Error).message, command: body }, 'device host: command failed'));
        });
      }
      this.running.push({ device, driver });
      // A driver that cannot reach its device yet still starts: it reports offline and retries.
      await driver.start();
      log.info({ profile: device.profile, driver: key }, 'device host: driver started');
    }
  }

  private publish(deviceId: string, out: DriverOutput): void {
    const t = this.opts.topics;
    const at = new Date().toISOString();
    let topic: string;
    let body: Record<string, unknown>;
    let retain = false;
    switch (out.kind) {
      case 'status':
        topic = t.deviceStatus(deviceId);
        body = { v: 1, device: deviceId, status: out.status, ...(out.detail !== undefined ? { detail: out.detail } : {}), at };
        retain = true;
        break;
      case 'reads':
        topic = t.rfidReads(deviceId);
        body = { v: 1, reader: deviceId, ...out.payload };
        break;
      case 'gpi':
        topic = t.rfidGpi(deviceId);
        body = { v: 1, reader: deviceId, ...out.payload, at };
        break;
      case 'scan':
        topic = t.scan(deviceId);
        body = { v: 1, device: deviceId, at, ...out.payload };
        break;
      case 'weight':
        topic = t.scaleWeight(deviceId);
        body = { v: 1, device: deviceId, at, ...out.payload };
        break;
      case 'printer-status':
        topic = t.printerStatus(deviceId);
        body = { v: 1, printer: deviceId, at, ...out.payload };
        retain = true;
        break;
    }
    this.send({ topic, body, retain });
  }

  /** Publish, or keep it (bounded) until the bus is back: a scan must survive a broker blip. */
  private send(m: Pending): void {
    if (this.pending.length > 0) {
      this.enqueue(m);
      return;
    }
    this.opts.bus.publish(m.topic, m.body, { qos: 1, retain: m.retain }).catch(() => this.enqueue(m));
  }

  private enqueue(m: Pending): void {
    if (this.pending.length >= MAX_PENDING) {
      this.pending.shift();
      this.dropped++;
      if (this.dropped === 1 || this.dropped % 1000 === 0) {
        this.opts.log.error({ dropped: this.dropped, limit: MAX_PENDING }, 'device host: bus down too long; oldest device messages dropped');
      }
    }
    this.pending.push(m);
    if (this.opts.bus.connected) this.scheduleFlush(50);
  }

  /** Called when the bus (re)connects: send what was kept, in order. */
  async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      // Pipelined, in order: a window of publishes in flight at once, not one round trip each.
      while (this.pending.length > 0 && this.opts.bus.connected) {
        const window = this.pending.slice(0, FLUSH_WINDOW);
        const results = await Promise.allSettled(window.map((m) => this.opts.bus.publish(m.topic, m.body, { qos: 1, retain: m.retain })));
        const firstFailed = results.findIndex((r) => r.status === 'rejected');
        const done = firstFailed === -1 ? window.length : firstFailed;
        this.pending.splice(0, done);
        if (firstFailed !== -1) {
          this.scheduleFlush(1000);
          return;
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  /** Retry a flush later: a publish can fail while the link is up (a timeout under load). */
  private scheduleFlush(ms: number): void {
    if (this.flushTimer || this.stopped) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      void this.flush();
    }, ms);
    this.flushTimer.unref();
  }

  get queued(): number {
    return this.pending.length;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.flushTimer);
    for (const r of this.running.reverse()) {
      try {
        await r.driver.stop();
      } catch (err) {
        this.opts.log.warn({ device: r.device.id, err: (err as Error).message }, 'device host: error while stopping a driver');
      }
    }
    this.running.length = 0;
  }
}
