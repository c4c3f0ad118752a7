/**
 * The gateway's MQTT client: MQTT 3.1.1 (the embedded aedes refuses 5), our own reconnect
 * with capped exponential backoff and jitter, subscriptions that survive reconnects, JSON
 * payloads, and a retained status with a last will for the identity it speaks for.
 */
import mqtt, { type MqttClient, type IClientOptions } from 'mqtt';
import type { Logger } from 'pino';
import { Backoff } from '../../drivers/backoff.ts';
import { GatewayError } from '../errors.ts';

export interface BusClientOptions {
  url: string;
  clientId: string;
  username?: string | undefined;
  password?: string | undefined;
  rejectUnauthorized?: boolean;
  log: Logger;
  /** Retained status topic: 'online' on connect, 'offline' as the last will and on close */
  statusTopic?: string;
  statusBody?: Record<string, unknown>;
  /** Publish 'online' on connect (default). A device daemon leaves that to its driver, which knows whether the device answers. */
  announceOnline?: boolean;
  keepaliveS?: number;
  backoff?: Backoff;
}

export type MessageHandler = (topic: string, payload: Buffer) => void;

/** Does an MQTT topic filter (with + and #) match a topic? MQTT 3.1.1 §4.7 */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

export class BusClient {
  readonly client: MqttClient;
  readonly stats = { connects: 0, disconnects: 0, received: 0, published: 0, publishErrors: 0, handlerErrors: 0 };
  private readonly handlers: { filter: string; handler: MessageHandler }[] = [];
  private readonly backoff: Backoff;
  private readonly log: Logger;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private closing = false;
  private lastError: string | undefined;
  private readonly opts: BusClientOptions;

  constructor(options: BusClientOptions) {
    this.opts = options;
    this.log = options.log;
    this.backoff = options.backoff ?? new Backoff({ initialMs: 500, maxMs: 30_000 });
    const status = (s: string) =>
      JSON.stringify({ v: 1, ...(options.statusBody ?? {}), status: s, at: new Date().toISOString() });
    const mqttOptions: IClientOptions = {
      protocolVersion: 4,
      clientId: options.clientId,
      clean: true,
      keepalive: options.keepaliveS ?? 30,
      reconnectPeriod: 0, // we reconnect ourselves, with backoff and jitter
      queueQoSZero: false,
      connectTimeout: 10_000,
      rejectUnauthorized: options.rejectUnauthorized ?? true,
      ...(options.username !== undefined ? { username: options.username } : {}),
      ...(options.password !== undefined ? { password: options.password } : {}),
      ...(options.statusTopic !== undefined
        ? { will: { topic: options.statusTopic, payload: Buffer.from(status('offline')), qos: 1, retain: true } }
        : {}),
    };
    this.client = mqtt.connect(options.url, mqttOptions);
    this.client.on('connect', () => {
      // No Nagle: small QoS 1 packets and their PUBACKs must not wait on delayed ACKs (40 ms).
      (this.client.stream as { setNoDelay?: (on: boolean) => void } | undefined)?.setNoDelay?.(true);
      this.stats.connects++;
      this.backoff.reset();
      this.lastError = undefined;
      this.log.info({ url: options.url, clientId: options.clientId }, 'bus: connected');
      if (options.statusTopic && options.announceOnline !== false) this.client.publish(options.statusTopic, status('online'), { qos: 1, retain: true });
      // Clean session: the broker forgot our subscriptions. (mqtt.js restores them only when it
      // runs the reconnects itself, which we do not: it has no backoff.)
      const filters = [...new Set(this.handlers.map((h) => h.filter))];
      if (filters.length > 0) this.client.subscribe(filters, { qos: 1 });
    });
    this.client.on('message', (topic, payload) => {
      this.stats.received++;
      for (const h of this.handlers) {
        if (!topicMatches(h.filter, topic)) continue;
        try {
          h.handler(topic, payload);
        } catch (err) {
          this.stats.handlerErrors++;
          this.log.error({ err, topic }, 'bus: a message handler failed; the message is dropped for that handler');
        }
      }
    });
    this.client.on('error', (err) => {
      if (this.closing) return;
      this.lastError = err.message;
      this.log.warn({ err: err.message, url: options.url }, 'bus: connection error');
    });
    this.client.on('close', () => {
      if (this.closing) return;
      this.stats.disconnects++;
      const delay = this.backoff.next();
      this.log.warn({ url: options.url, retryInMs: delay, attempt: this.backoff.attempts }, 'bus: disconnected, will reconnect');
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = setTimeout(() => {
        if (!this.closing) this.client.reconnect();
      }, delay);
      this.reconnectTimer.unref();
    });
  }

  get connected(): boolean {
    return this.client.connected;
  }

  get error(): string | undefined {
    return this.lastError;
  }

  /** Resolves at the first successful connect; rejects after timeoutMs. */
  waitConnected(timeoutMs = 10_000): Promise<void> {
    if (this.client.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.client.off('connect', onConnect);
        reject(new Error(`could not connect to the MQTT broker at ${this.opts.url} within ${timeoutMs} ms${this.lastError ? `: ${this.lastError}` : ''}`));
      }, timeoutMs);
      const onConnect = () => {
        clearTimeout(timer);
        resolve();
      };
      this.client.once('connect', onConnect);
    });
  }

  subscribe(filter: string, handler: MessageHandler): void {
    this.handlers.push({ filter, handler });
    if (this.client.connected) this.client.subscribe(filter, { qos: 1 });
  }

  /**
   * Publish JSON (or raw bytes). QoS 1 resolves on PUBACK. Offline, it rejects at once
   * (BUS_OFFLINE) instead of queueing in memory: callers that must not lose a message keep it
   * (the outbox does) and publish again after the reconnect. No PUBACK within
   * `timeoutMs` also rejects, so a half-dead link cannot hang a caller.
   */
  publish(topic: string, payload: unknown, options: { qos?: 0 | 1; retain?: boolean; timeoutMs?: number } = {}): Promise<void> {
    if (!this.client.connected) {
      this.stats.publishErrors++;
      return Promise.reject(new GatewayError('BUS_OFFLINE', `not connected to the MQTT broker at ${this.opts.url}`));
    }
    const body = Buffer.isBuffer(payload) ? payload : Buffer.from(JSON.stringify(payload));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.stats.publishErrors++;
        reject(new GatewayError('BUS_TIMEOUT', `no acknowledgement from the MQTT broker for ${topic} within ${options.timeoutMs ?? 10_000} ms`));
      }, options.timeoutMs ?? 10_000);
      timer.unref();
      this.client.publish(topic, body, { qos: options.qos ?? 1, retain: options.retain ?? false }, (err) => {
        clearTimeout(timer);
        if (err) {
          this.stats.publishErrors++;
          reject(err);
        } else {
          this.stats.published++;
          resolve();
        }
      });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.reconnectTimer);
    if (this.client.connected && this.opts.statusTopic && this.opts.announceOnline !== false) {
      const body = JSON.stringify({ v: 1, ...(this.opts.statusBody ?? {}), status: 'offline', detail: 'stopped', at: new Date().toISOString() });
      await new Promise<void>((resolve) => this.client.publish(this.opts.statusTopic as string, body, { qos: 1, retain: true }, () => resolve()));
    }
    // A graceful end waits for in-flight acknowledgements; a broker that never sends them
    // must not hold a shutdown hostage, so force it after a grace period.
    const ended = new Promise<void>((resolve) => this.client.end(false, {}, () => resolve()));
    const grace = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), 2000).unref());
    if ((await Promise.race([ended, grace])) === 'late') {
      this.log.warn('bus: broker did not acknowledge in time; closing the connection anyway');
      await new Promise<void>((resolve) => this.client.end(true, {}, () => resolve()));
    }
  }
}
