/**
 * The embedded MQTT broker (aedes, MQTT 3.1.1) with authentication and a topic ACL:
 * - on a non-loopback listen address every client must authenticate (allowAnonymous auto);
 * - a `device` identity may publish only its own device topics and subscribe only to its
 *   own command and feedback topics; an `observer` may only subscribe; a `service` may do all.
 * Passwords are kept as SHA-256 and compared in constant time.
 */
import { createServer, type AddressInfo, type Server } from 'node:net';
import { Aedes, type Client } from 'aedes';
import type { Logger } from 'pino';
import { GatewayError } from '../errors.ts';
import { sha256Hex, safeEqualHex } from '../secrets.ts';
import { isLoopbackHost } from '../config/load.ts';
import type { Topics } from './topics.ts';

export type BusRole = 'device' | 'service' | 'observer';

export interface BrokerUser {
  username: string;
  passwordSha256: string;
  role: BusRole;
  device?: string | undefined;
}

export interface EmbeddedBrokerOptions {
  host: string;
  port: number;
  allowAnonymous: 'auto' | 'yes' | 'no';
  users: BrokerUser[];
  topics: Topics;
  log: Logger;
}

export interface EmbeddedBroker {
  readonly host: string;
  readonly port: number;
  readonly url: string;
  readonly aedes: Aedes;
  readonly anonymousAllowed: boolean;
  connectedClients(): number;
  /**
   * Publish from inside this process, as the broker itself (no TCP, no client encoding, no
   * PUBACK round trip): for the gateway's own event relay. Resolves once aedes has handed the
   * message to every matching subscription (queued for QoS 1 ones).
   */
  readonly local: LocalPublisher;
  /** Counters for /metrics */
  readonly stats: { authFailures: number; publishDenied: number; subscribeDenied: number };
  close(): Promise<void>;
}

export interface LocalPublisher {
  readonly connected: boolean;
  publish(topic: string, payload: unknown, options?: { qos?: 0 | 1; retain?: boolean }): Promise<void>;
  /**
   * Subscribe from inside this process: messages reach `handler` straight from the broker
   * (no TCP, no client decoding). A handler that throws loses that message for itself only.
   */
  subscribe(filter: string, handler: (topic: string, payload: Buffer) => void): void;
}

interface Identity {
  username: string | null;
  role: BusRole;
  device?: string | undefined;
}

export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const { topics, log } = options;
  const anonymousAllowed = anonymousAllowedOn(options.host, options.allowAnonymous);
  const users = new Map(options.users.map((u) => [u.username, u]));
  const identities = new WeakMap<Client, Identity>();
  const stats = { authFailures: 0, publishDenied: 0, subscribeDenied: 0 };

  const aedes = await Aedes.createBroker({
    authenticate(client, username, password, done) {
      if (username === undefined || username === '') {
        if (anonymousAllowed) {
          identities.set(client, { username: null, role: 'service' });
          return done(null, true);
        }
        stats.authFailures++;
        log.warn({ clientId: client.id }, 'bus: refused an anonymous client (set bus.users, or listen on loopback)');
        return done(Object.assign(new Error('not authorized'), { returnCode: 5 as const }), false);
      }
      const user = users.get(username);
      const given = password ? sha256Hex(password) : '';
      if (!user || !safeEqualHex(given, user.passwordSha256)) {
        stats.authFailures++;
        log.warn({ clientId: client.id, username }, 'bus: bad username or password');
        return done(Object.assign(new Error('bad username or password'), { returnCode: 4 as const }), false);
      }
      identities.set(client, { username, role: user.role, device: user.device });
      return done(null, true);
    },
    authorizePublish(client, packet, callback) {
      if (client === null) return callback(null); // the broker's own messages (wills are checked at connect)
      const who = identities.get(client);
      if (mayPublish(who, packet.topic, topics)) return callback(null);
      stats.publishDenied++;
      log.warn({ clientId: client.id, username: who?.username, topic: packet.topic }, 'bus: publish denied by the ACL');
      return callback(new Error(`publish to ${packet.topic} not allowed`));
    },
    authorizeSubscribe(client, sub, callback) {
      const who = identities.get(client);
      if (maySubscribe(who, sub.topic, topics)) return callback(null, sub);
      stats.subscribeDenied++;
      log.warn({ clientId: client.id, username: who?.username, topic: sub.topic }, 'bus: subscribe denied by the ACL');
      // MQTT 3.1.1 §3.9.3: a refused subscription is answered with return code 0x80.
      return callback(null, null);
    },
  });

  // No Nagle: a QoS 1 PUBACK or a small report must not wait for the peer's delayed ACK (40 ms).
  const server: Server = createServer({ noDelay: true }, aedes.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new GatewayError(
          'BUS_LISTEN_FAILED',
          `the embedded MQTT broker cannot listen on ${options.host}:${options.port}: ${err.code === 'EADDRINUSE' ? 'the port is in use (another broker or gateway?); set bus.listen' : err.message}`,
          { cause: err },
        ),
      ),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  log.info({ listen: `${hostForUrl}:${address.port}`, anonymous: anonymousAllowed, users: users.size }, 'bus: embedded broker listening');

  let closed = false;
  const local: LocalPublisher = {
    get connected() {
      return !closed;
    },
    publish: (topic, payload, opts = {}) =>
      new Promise<void>((resolve, reject) => {
        if (closed) return reject(new Error('the embedded broker is closed'));
        const body = Buffer.isBuffer(payload) ? payload : Buffer.from(JSON.stringify(payload));
        aedes.publish({ cmd: 'publish', topic, payload: body, qos: opts.qos ?? 1, retain: opts.retain ?? false, dup: false }, (err?: Error) => (err ? reject(err) : resolve()));
      }),
    subscribe: (filter, handler) => {
      aedes.subscribe(
        filter,
        (packet, done) => {
          try {
            handler(packet.topic, Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload));
          } catch (err) {
            log.error({ err, topic: packet.topic }, 'bus: an in-process message handler failed; the message is dropped for it');
          }
          done();
        },
        () => {},
      );
    },
  };
  return {
    host: address.address,
    port: address.port,
    url: `mqtt://${hostForUrl}:${address.port}`,
    aedes,
    anonymousAllowed,
    stats,
    connectedClients: () => aedes.connectedClients,
    local,
    async close() {
      closed = true;
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** DESIGN §9.6: anonymous clients only on a loopback listener, unless told otherwise. */
export function anonymousAllowedOn(host: string, setting: 'auto' | 'yes' | 'no'): boolean {
  return setting === 'yes' || (setting === 'auto' && isLoopbackHost(host));
}

export function mayPublish(who: Identity | undefined, topic: string, topics: Topics): boolean {
  if (!who) return false;
  if (who.role === 'service') return true;
  if (who.role === 'observer' || who.device === undefined) return false;
  return topics.devicePublishable(who.device).includes(topic);
}

export function maySubscribe(who: Identity | undefined, filter: string, topics: Topics): boolean {
  if (!who) return false;
  if (who.role === 'service') return true;
  if (who.role === 'observer') return filter === topics.all || filter.startsWith(`${topics.root}/`);
  if (who.device === undefined) return false;
  return filter === topics.command(who.device) || filter === topics.feedback(who.device);
}
