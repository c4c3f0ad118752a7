/**
 * The LLRP client: one reader connection kept alive for months (LLRP 1.0.1 §3, §9-§14).
 *
 * Each connection: wait for the reader's ConnectionAttemptEvent (§13.2.6.11; a reader that
 * already has a client says so), GET_READER_CAPABILITIES, Impinj enable extensions when the
 * reader is an Impinj, factory reset, SET_READER_CONFIG (events, keepalive, access reports),
 * delete stale AccessSpecs and ROSpecs, ADD / ENABLE / START our ROSpec built from the reader
 * profile. Then: ACK keepalives, declare the link dead after `missedKeepalives` silent periods,
 * ask for a report every `reportEveryMs` (GET_REPORT, §13.1.1), hand each RO_ACCESS_REPORT to
 * `onReport` through the allocation-light decoder (fast-report.ts); GPI events (enabled in the
 * reader config) and the GPI levels read once installed go to `onGpi`. Any failure closes the
 * connection and reconnects with capped exponential backoff and jitter, reset after a
 * successful install, which is redone from scratch. A malformed frame is logged, counted and
 * dropped; a frame stream out of step (bad length) resets the connection.
 *
 * The transport is injected (`connect`): node:net or node:tls by default.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { Logger } from 'pino';
import { Backoff } from '../backoff.ts';
import { decodeMessage, readHeader } from './decode.ts';
import { encodeMessage, type EncodeInput } from './encode.ts';
import { LlrpError, LlrpStatusError } from './errors.ts';
import { LlrpFramer } from './framer.ts';
import { TagReadBatch, decodeTagReport } from './fast-report.ts';
import type { LlrpMessage } from './types.ts';
import type { ReaderProfile } from './reader-profile.ts';
import {
  ROSPEC_ID, addRoSpecMessage, addWriteEpcAccessSpec, gpiStateRequest, parseCapabilities, parseGpiStates, pickPowerLevel, readerConfigMessage, simpleMessage,
  type ReaderCapabilities,
} from './rospec.ts';

export interface ConnectTarget {
  host: string;
  port: number;
  tls: boolean;
  tlsVerify: boolean;
}

/** Opens the transport; the socket must emit 'connect' (plain) or 'secureConnect' (TLS). */
export type SocketFactory = (target: ConnectTarget) => net.Socket;

export const defaultSocketFactory: SocketFactory = (t) =>
  t.tls
    ? tls.connect({ host: t.host, port: t.port, rejectUnauthorized: t.tlsVerify, ...(net.isIP(t.host) ? {} : { servername: t.host }) })
    : net.connect({ host: t.host, port: t.port });

export type ClientState = 'connecting' | 'online' | 'offline' | 'error';

export interface LlrpClientOptions {
  host: string;
  /** Default 5084, or 5085 with TLS */
  port?: number;
  tls?: boolean;
  profile: ReaderProfile;
  log: Logger;
  connect?: SocketFactory;
  /** Random source of the backoff jitter (tests) */
  random?: () => number;
  onState?: (state: ClientState, detail: string) => void;
  /** Each RO_ACCESS_REPORT, decoded into a batch reused by the next report. */
  onReport?: (batch: TagReadBatch, client: LlrpClient) => void;
  /** Each READER_EVENT_NOTIFICATION, decoded. */
  onEvent?: (msg: LlrpMessage) => void;
  /** Each GPI input level: a GPIEvent, or the state read once the ROSpec is installed. */
  onGpi?: (gpi: GpiLevel) => void;
}

/** A GPI input's level (LLRP 1.0.1 §16.2.7.6.2): port from 1, state true = high. */
export interface GpiLevel {
  port: number;
  state: boolean;
  /** When, in UTC microseconds on the reader's clock (converted from uptime when it has no UTC clock) */
  atUs: number;
  /** 'event': a GPIEvent; 'read': the current state read on connect (GET_READER_CONFIG) */
  source: 'event' | 'read';
}

export interface ClientStats {
  connects: number;
  installs: number;
  disconnects: number;
  reports: number;
  tagReads: number;
  keepalives: number;
  keepaliveTimeouts: number;
  requestTimeouts: number;
  malformedFrames: number;
  framingErrors: number;
  statusErrors: number;
  unknownMessages: number;
  gpiEvents: number;
}

export interface WriteEpcResult {
  epc: string;
  previousEpc: string;
  wordsWritten: number;
  /** The new EPC was read back by the inventory */
  verified: boolean;
}

interface Pending {
  type: string;
  resolve: (m: LlrpMessage) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

interface AccessWaiter {
  resolve: (r: { result: string; words: number }) => void;
  reject: (e: Error) => void;
}

/** One TCP connection's state; discarded when it closes. */
class Connection {
  readonly framer = new LlrpFramer();
  readonly pending = new Map<number, Pending>();
  readonly timers: NodeJS.Timeout[] = [];
  rxFrames = 0;
  closed = false;
  installed = false;
  reason = '';
  attempt: { resolve: (m: LlrpMessage) => void; reject: (e: Error) => void } | undefined;
  readonly done: Promise<string>;
  private markDone!: (reason: string) => void;

  constructor(readonly socket: net.Socket) {
    this.done = new Promise((r) => (this.markDone = r));
  }

  /** Closes the socket once, fails what waits on it, stops its timers. */
  kill(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.reason = reason;
    for (const t of this.timers) clearInterval(t);
    this.timers.length = 0;
    const err = new LlrpError('LLRP_CONNECTION', `connection closed: ${reason}`);
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    this.pending.clear();
    this.attempt?.reject(err);
    this.attempt = undefined;
    this.socket.destroy();
    this.markDone(reason);
  }
}

const VENDORS: Record<number, string> = { 25882: 'Impinj', 161: 'Zebra', 17996: 'Alien' };

export class LlrpClient {
  readonly stats: ClientStats = {
    connects: 0, installs: 0, disconnects: 0, reports: 0, tagReads: 0, keepalives: 0, keepaliveTimeouts: 0,
    requestTimeouts: 0, malformedFrames: 0, framingErrors: 0, statusErrors: 0, unknownMessages: 0, gpiEvents: 0,
  };
  capabilities: ReaderCapabilities | undefined;
  /** Add to a reader-uptime timestamp to get UTC microseconds (readers without a UTC clock). */
  uptimeOffsetUs: number | undefined;
  state: ClientState = 'offline';
  detail = 'not started';

  private readonly port: number;
  private readonly backoff: Backoff;
  private readonly connectSocket: SocketFactory;
  private readonly batch = new TagReadBatch();
  private conn: Connection | undefined;
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private sleepTimer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private nextId = 1000;
  private nextAccessSpecId = 100;
  /** Whether the ROSpec should run (start/stop commands; kept across reconnects) */
  private inventoryWanted = true;
  private readonly accessWaiters = new Map<number, AccessWaiter>();
  private readonly epcWatchers = new Set<{ epc: Buffer; resolve: () => void }>();
  /** Reader clock minus wall clock (µs), from the last event's timestamp */
  private readerSkewUs = 0;
  /** GPIEvents seen, and per port the count when its last one arrived (a state read older than that is stale) */
  private gpiSeq = 0;
  private readonly gpiSeqByPort = new Map<number, number>();

  constructor(private readonly opts: LlrpClientOptions) {
    this.port = opts.port ?? (opts.tls ? 5085 : 5084);
    this.backoff = new Backoff({ ...opts.profile.reconnect, ...(opts.random ? { random: opts.random } : {}) });
    this.connectSocket = opts.connect ?? defaultSocketFactory;
  }

  get online(): boolean {
    return this.conn !== undefined && !this.conn.closed && this.conn.installed;
  }

  /** Starts connecting in the background; failures are retried, never thrown. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  /** STOP_ROSPEC and CLOSE_CONNECTION when connected, then closes; no socket or timer is left. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    if (this.sleepTimer) clearTimeout(this.sleepTimer);
    this.wake?.();
    const conn = this.conn;
    if (conn && !conn.closed) {
      const t = Math.min(2000, this.opts.profile.responseTimeoutMs);
      if (conn.installed) await this.request(conn, simpleMessage('STOP_ROSPEC', 0, { ROSpecID: ROSPEC_ID }), t).catch(() => undefined);
      if (!conn.closed) await this.request(conn, simpleMessage('CLOSE_CONNECTION', 0), t).catch(() => undefined);
      conn.socket.end();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([conn.done, new Promise((r) => (timer = setTimeout(r, 1000)))]);
      clearTimeout(timer);
      conn.kill('stopped');
    }
    await this.loopDone;
    for (const w of this.accessWaiters.values()) w.reject(new LlrpError('LLRP_CONNECTION', 'client stopped'));
    this.accessWaiters.clear();
    this.setState('offline', 'stopped');
  }

  /** START_ROSPEC now (if online) and after every reconnect. */
  async startInventory(): Promise<void> {
    this.inventoryWanted = true;
    const conn = this.conn;
    if (conn && conn.installed && !conn.closed) await this.request(conn, simpleMessage('START_ROSPEC', 0, { ROSpecID: ROSPEC_ID }));
  }

  /** STOP_ROSPEC now (if online); the ROSpec stays installed but stopped across reconnects. */
  async stopInventory(): Promise<void> {
    this.inventoryWanted = false;
    const conn = this.conn;
    if (conn && conn.installed && !conn.closed) await this.request(conn, simpleMessage('STOP_ROSPEC', 0, { ROSpecID: ROSPEC_ID }));
  }

  /**
   * Commissions a tag: an AccessSpec writes `newEpc` over the tag whose EPC is `currentEpc`
   * (same length; C1G2Write from word 2 of the EPC bank), then waits until the inventory reads
   * the new EPC back. Needs the ROSpec running.
   */
  async writeEpc(currentEpc: string, newEpc: string, options: { timeoutMs?: number; accessPassword?: number } = {}): Promise<WriteEpcResult> {
    const hex = /^(?:[0-9a-f]{4})+$/;
    const cur = currentEpc.toLowerCase();
    const next = newEpc.toLowerCase();
    if (!hex.test(cur) || !hex.test(next)) throw new LlrpError('LLRP_BAD_VALUE', 'writeEpc: EPCs are hex in whole 16-bit words');
    if (cur.length !== next.length) throw new LlrpError('LLRP_BAD_VALUE', `writeEpc: the new EPC must have the length of the current one (${cur.length / 2} bytes)`);
    const conn = this.conn;
    if (!conn || conn.closed || !conn.installed) throw new LlrpError('LLRP_CONNECTION', 'writeEpc: the reader is not connected');
    const timeoutMs = options.timeoutMs ?? 10_000;
    const accessSpecId = this.nextAccessSpecId++;
    if (this.nextAccessSpecId > 0xffff) this.nextAccessSpecId = 100;
    const opSpecId = accessSpecId & 0xffff;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new LlrpError('LLRP_TIMEOUT', `writeEpc ${cur} -> ${next}: no result in ${timeoutMs} ms (is the tag in the field?)`)), timeoutMs);
    });
    const result = new Promise<{ result: string; words: number }>((resolve, reject) => this.accessWaiters.set(opSpecId, { resolve, reject }));
    result.catch(() => undefined);
    const watcher = { epc: Buffer.from(next, 'hex'), resolve: () => {} };
    const seen = new Promise<void>((r) => (watcher.resolve = r));
    let executed = false;
    try {
      await this.request(conn, addWriteEpcAccessSpec(0, accessSpecId, opSpecId, cur, next, options.accessPassword ?? 0));
      await this.request(conn, simpleMessage('ENABLE_ACCESSSPEC', 0, { AccessSpecID: accessSpecId }));
      const r = await Promise.race([result, timeout]);
      executed = true;
      if (r.result !== 'Success') throw new LlrpError('LLRP_STATUS', `writeEpc ${cur} -> ${next}: the tag answered ${r.result}`);
      this.epcWatchers.add(watcher);
      await Promise.race([seen, timeout]);
      return { epc: next, previousEpc: cur, wordsWritten: r.words, verified: true };
    } finally {
      clearTimeout(timer);
      this.accessWaiters.delete(opSpecId);
      this.epcWatchers.delete(watcher);
      // An AccessSpec deletes itself after its operation count (§11.2.1.1); one that never ran
      // must not be left behind to rewrite a tag later.
      if (!executed && !conn.closed) await this.request(conn, simpleMessage('DELETE_ACCESSSPEC', 0, { AccessSpecID: accessSpecId })).catch(() => undefined);
    }
  }

  // ---------------------------------------------------------------- connection loop

  private setState(state: ClientState, detail: string): void {
    this.state = state;
    this.detail = detail;
    try {
      this.opts.onState?.(state, detail);
    } catch (err) {
      this.opts.log.warn({ err: (err as Error).message }, 'llrp: state listener failed');
    }
  }

  private async loop(): Promise<void> {
    const where = `${this.opts.host}:${this.port}${this.opts.tls ? ' (TLS)' : ''}`;
    while (this.running) {
      let failure: unknown;
      try {
        await this.session(where);
      } catch (err) {
        failure = err;
      }
      // Whatever ended the session, its socket and timers go with it.
      this.conn?.kill((failure as Error | undefined)?.message ?? 'session ended');
      if (!this.running) break;
      this.stats.disconnects++;
      const delay = this.backoff.next();
      const err = failure as LlrpError | undefined;
      const why = err?.message ?? 'connection closed';
      const isError = err instanceof LlrpStatusError || err?.code === 'LLRP_READER_BUSY';
      this.opts.log[isError ? 'error' : 'warn'](
        { reader: where, code: err?.code, ...(err instanceof LlrpStatusError ? { statusCode: err.statusCode, statusText: err.statusText } : {}), retryInMs: delay, attempt: this.backoff.attempts },
        `llrp: ${why}; reconnecting`,
      );
      this.setState(isError ? 'error' : 'offline', `${why}; retry in ${delay} ms`);
      await this.sleep(delay);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = undefined;
        resolve();
      };
      this.sleepTimer = setTimeout(() => this.wake?.(), ms);
    });
  }

  private async session(where: string): Promise<void> {
    const p = this.opts.profile;
    this.setState('connecting', `connecting to ${where}`);
    const socket = this.connectSocket({ host: this.opts.host, port: this.port, tls: this.opts.tls === true, tlsVerify: p.tlsVerify });
    const conn = new Connection(socket);
    this.conn = conn;
    socket.setNoDelay?.(true);
    socket.on('data', (chunk: Buffer) => this.onData(conn, chunk));
    socket.on('error', (err: Error) => conn.kill(err.message));
    socket.on('close', () => conn.kill('closed by the reader'));
    socket.on('end', () => conn.kill('closed by the reader'));

    // 1. TCP (TLS) connect, then the reader's ConnectionAttemptEvent (LLRP 1.0.1 §13.2.6.11).
    const attempt = new Promise<LlrpMessage>((resolve, reject) => (conn.attempt = { resolve, reject }));
    attempt.catch(() => undefined);
    await this.within(conn, p.connectTimeoutMs, `connecting to ${where}`, new Promise<void>((resolve, reject) => {
      socket.once(this.opts.tls ? 'secureConnect' : 'connect', () => resolve());
      void conn.done.then((reason) => reject(new LlrpError('LLRP_CONNECTION', `cannot connect to ${where}: ${reason}`)));
    }));
    this.stats.connects++;
    const event = await this.within(conn, p.responseTimeoutMs, 'waiting for the ConnectionAttemptEvent', attempt);
    const status = String(((event.ReaderEventNotificationData as Record<string, unknown>).ConnectionAttemptEvent as Record<string, unknown>).Status);
    if (status !== 'Success') {
      const busy = status.includes('Already_Exists');
      throw new LlrpError('LLRP_READER_BUSY', busy
        ? `reader ${where} refused the connection: it already has another client (${status})`
        : `reader ${where} refused the connection (${status})`);
    }

    // 2. Install (each step checks the LLRPStatus of its response).
    const caps = parseCapabilities(await this.request(conn, { type: 'GET_READER_CAPABILITIES', RequestedData: 'All' }));
    this.capabilities = caps;
    if (caps.impinj) await this.request(conn, { type: 'IMPINJ_ENABLE_EXTENSIONS' }); // again after every reconnect
    await this.request(conn, { type: 'SET_READER_CONFIG', ResetToFactoryDefault: true });
    await this.request(conn, readerConfigMessage(0, p));
    await this.request(conn, simpleMessage('DELETE_ACCESSSPEC', 0, { AccessSpecID: 0 }));
    await this.request(conn, simpleMessage('DELETE_ROSPEC', 0, { ROSpecID: 0 }));
    const bad = p.antennas.filter((a) => caps.maxAntennas > 0 && a > caps.maxAntennas);
    if (bad.length > 0) this.opts.log.warn({ antennas: bad, maxAntennas: caps.maxAntennas }, 'llrp: the profile names antennas this reader does not have');
    await this.request(conn, addRoSpecMessage(0, p, caps));
    await this.request(conn, simpleMessage('ENABLE_ROSPEC', 0, { ROSpecID: ROSPEC_ID }));
    if (this.inventoryWanted) await this.request(conn, simpleMessage('START_ROSPEC', 0, { ROSpecID: ROSPEC_ID }));
    if ((caps.gpis ?? 0) > 0 && this.opts.onGpi) await this.readGpiStates(conn);
    conn.installed = true;
    this.stats.installs++;
    this.backoff.reset();

    // 3. Watch the link: silence for missedKeepalives periods means it is dead.
    let lastRx = conn.rxFrames;
    let silent = 0;
    conn.timers.push(setInterval(() => {
      if (conn.rxFrames !== lastRx) {
        lastRx = conn.rxFrames;
        silent = 0;
        return;
      }
      if (++silent >= p.missedKeepalives) {
        this.stats.keepaliveTimeouts++;
        conn.kill(`no keepalive or other message from the reader for ${silent * p.keepaliveMs} ms`);
      }
    }, p.keepaliveMs));
    if (p.reportEveryMs > 0) {
      conn.timers.push(setInterval(() => {
        if (!conn.closed && this.inventoryWanted) this.send(conn, { type: 'GET_REPORT', id: this.takeId() });
      }, p.reportEveryMs));
    }
    const power = pickPowerLevel(caps.powerTable, p.transmitPowerDbm);
    const vendor = VENDORS[caps.manufacturer] ?? `vendor ${caps.manufacturer}`;
    const detail = `${vendor} model ${caps.model} firmware ${caps.firmware || '?'}; ROSpec ${this.inventoryWanted ? 'running' : 'stopped'} on antennas ${p.antennas.join(',')}${power ? ` at ${power.dbm} dBm` : ''}`;
    this.opts.log.info({ reader: where, manufacturer: caps.manufacturer, model: caps.model, firmware: caps.firmware, antennas: p.antennas, powerDbm: power?.dbm, extensions: caps.impinj }, 'llrp: reader configured');
    this.setState('online', detail);

    const reason = await conn.done;
    throw new LlrpError('LLRP_CONNECTION', `connection to ${where} lost: ${reason}`);
  }

  /** The GPI inputs' current levels (GPI events only tell changes); a reader that refuses is only logged. */
  private async readGpiStates(conn: Connection): Promise<void> {
    const seq = this.gpiSeq;
    let res: LlrpMessage;
    try {
      res = await this.request(conn, gpiStateRequest(0));
    } catch (err) {
      if (!(err instanceof LlrpStatusError)) throw err;
      this.opts.log.info({ statusCode: err.statusCode, statusText: err.statusText }, 'llrp: the reader does not report its GPI states; waiting for GPI events');
      return;
    }
    const atUs = Date.now() * 1000 + this.readerSkewUs;
    for (const g of parseGpiStates(res)) {
      // A GPIEvent of this port that arrived meanwhile is newer than this answer.
      if ((this.gpiSeqByPort.get(g.port) ?? -1) >= seq) continue;
      this.gpi({ ...g, atUs, source: 'read' });
    }
  }

  private gpi(level: GpiLevel): void {
    try {
      this.opts.onGpi?.(level);
    } catch (err) {
      this.opts.log.warn({ err: (err as Error).message }, 'llrp: GPI listener failed');
    }
  }

  private async within<T>(conn: Connection, ms: number, what: string, p: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        p,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            const err = new LlrpError('LLRP_TIMEOUT', `${what}: nothing in ${ms} ms`);
            conn.kill(err.message);
            reject(err);
          }, ms);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private takeId(): number {
    const id = this.nextId;
    this.nextId = this.nextId >= 0xfffffffe ? 1000 : this.nextId + 1;
    return id;
  }

  private send(conn: Connection, msg: EncodeInput): void {
    if (conn.closed) return;
    const frame = encodeMessage(msg);
    if (this.opts.log.isLevelEnabled('trace')) this.opts.log.trace({ hex: frame.toString('hex') }, `llrp: -> ${msg.type}`);
    conn.socket.write(frame);
  }

  /** Sends a request and resolves with its response; an error LLRPStatus rejects (LlrpStatusError). */
  private request(conn: Connection, msg: EncodeInput, timeoutMs = this.opts.profile.responseTimeoutMs): Promise<LlrpMessage> {
    if (conn.closed) return Promise.reject(new LlrpError('LLRP_CONNECTION', `${msg.type}: connection closed`));
    const id = this.takeId();
    const out = { ...msg, id };
    return new Promise<LlrpMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        conn.pending.delete(id);
        this.stats.requestTimeouts++;
        const err = new LlrpError('LLRP_TIMEOUT', `${msg.type} id ${id}: no response in ${timeoutMs} ms`, { messageType: msg.type, messageId: id });
        reject(err);
        conn.kill(err.message); // a reader that stops answering is reconnected
      }, timeoutMs);
      conn.pending.set(id, {
        type: msg.type,
        timer,
        reject,
        resolve: (res) => {
          const st = res.LLRPStatus as { StatusCode?: unknown; ErrorDescription?: unknown } | undefined;
          if (st && st.StatusCode !== 'M_Success') {
            this.stats.statusErrors++;
            reject(new LlrpStatusError(msg.type, String(st.StatusCode), String(st.ErrorDescription ?? ''), id));
          } else resolve(res);
        },
      });
      try {
        this.send(conn, out);
      } catch (err) {
        clearTimeout(timer);
        conn.pending.delete(id);
        reject(err as Error);
      }
    });
  }

  // ---------------------------------------------------------------- receiving

  private onData(conn: Connection, chunk: Buffer): void {
    if (conn.closed) return;
    try {
      conn.framer.push(chunk, (frame) => this.onFrame(conn, frame));
    } catch (err) {
      // The length of a frame is wrong: the stream is out of step and LLRP has no marker to
      // resynchronise on, so the connection is reset (and reinstalled).
      this.stats.framingErrors++;
      this.opts.log.error({ err: (err as Error).message, code: (err as LlrpError).code, offset: (err as LlrpError).offset }, 'llrp: framing lost; resetting the connection');
      conn.kill(`framing lost: ${(err as Error).message}`);
    }
  }

  private malformed(err: unknown, frame: Buffer): void {
    this.stats.malformedFrames++;
    const n = this.stats.malformedFrames;
    const e = err as LlrpError;
    if (!(err instanceof LlrpError)) this.opts.log.error({ err: e.message }, 'llrp: unexpected error while decoding a frame');
    if (n <= 10 || n % 1000 === 0) {
      this.opts.log.warn({ err: e.message, code: e.code, offset: e.offset, malformedFrames: n }, 'llrp: malformed frame dropped');
    }
    if (this.opts.log.isLevelEnabled('trace')) this.opts.log.trace({ hex: frame.toString('hex') }, 'llrp: malformed frame');
  }

  private onFrame(conn: Connection, frame: Buffer): void {
    conn.rxFrames++;
    const typeNum = ((frame[0]! & 3) << 8) | frame[1]!;
    if (typeNum === 61) {
      this.onReport(frame);
      return;
    }
    let msg: LlrpMessage;
    try {
      msg = decodeMessage(frame, {
        onWarning: (w) => {
          this.stats.unknownMessages++;
          this.opts.log.warn({ typeNum: w.typeNum, id: w.id }, `llrp: ${w.message}`);
        },
      });
    } catch (err) {
      this.malformed(err, frame);
      // A response we cannot read fails its request rather than waiting for the timeout.
      const { id } = readHeader(frame);
      const p = typeNum === 62 || typeNum === 63 ? undefined : conn.pending.get(id);
      if (p) {
        conn.pending.delete(id);
        clearTimeout(p.timer);
        p.reject(err as Error);
      }
      return;
    }
    if (this.opts.log.isLevelEnabled('trace')) this.opts.log.trace({ hex: frame.toString('hex') }, `llrp: <- ${msg.type}`);
    switch (msg.type) {
      case 'KEEPALIVE':
        this.stats.keepalives++;
        this.send(conn, { type: 'KEEPALIVE_ACK', id: msg.id }); // §13.1.3: same message ID
        return;
      case 'READER_EVENT_NOTIFICATION':
        this.onReaderEvent(conn, msg);
        return;
      default:
        break;
    }
    const p = conn.pending.get(msg.id);
    if (p) {
      conn.pending.delete(msg.id);
      clearTimeout(p.timer);
      p.resolve(msg);
      return;
    }
    if (msg.type === 'ERROR_MESSAGE') {
      const st = msg.LLRPStatus as { StatusCode?: unknown; ErrorDescription?: unknown };
      this.stats.statusErrors++;
      this.opts.log.error({ statusCode: st.StatusCode, statusText: st.ErrorDescription, id: msg.id }, 'llrp: reader sent ERROR_MESSAGE');
      return;
    }
    this.opts.log.debug({ type: msg.type, id: msg.id }, 'llrp: unexpected message ignored');
  }

  private onReaderEvent(conn: Connection, msg: LlrpMessage): void {
    const data = (msg.ReaderEventNotificationData ?? {}) as Record<string, Record<string, unknown> | undefined>;
    const ts = data.Timestamp;
    if (ts?.type === 'Uptime') this.uptimeOffsetUs = Date.now() * 1000 - Number(ts.Microseconds as bigint);
    // LLRP 1.0.1 §16.2.7.6: every event carries the reader's UTCTimestamp or Uptime.
    const eventUs = ts?.type === 'UTCTimestamp' ? Number(ts.Microseconds as bigint) : ts?.type === 'Uptime' ? Number(ts.Microseconds as bigint) + (this.uptimeOffsetUs ?? 0) : undefined;
    if (eventUs !== undefined) this.readerSkewUs = eventUs - Date.now() * 1000;
    if (data.ConnectionAttemptEvent && conn.attempt) {
      conn.attempt.resolve(msg);
      conn.attempt = undefined;
      return;
    }
    if (data.ConnectionCloseEvent) {
      this.opts.log.warn('llrp: the reader is closing the connection (ConnectionCloseEvent)');
    }
    if (data.ReaderExceptionEvent) {
      this.opts.log.error({ message: data.ReaderExceptionEvent.Message }, 'llrp: reader exception event');
    }
    if (data.AntennaEvent) {
      this.opts.log.warn({ antenna: data.AntennaEvent.AntennaID, event: data.AntennaEvent.EventType }, 'llrp: antenna event');
    }
    if (data.GPIEvent) {
      // LLRP 1.0.1 §16.2.7.6.2: GPIPortNumber, GPIEvent (the new level, true = high).
      const port = Number(data.GPIEvent.GPIPortNumber);
      this.stats.gpiEvents++;
      this.gpiSeqByPort.set(port, this.gpiSeq++);
      this.gpi({ port, state: data.GPIEvent.GPIEvent === true, atUs: eventUs ?? Date.now() * 1000 + this.readerSkewUs, source: 'event' });
    }
    try {
      this.opts.onEvent?.(msg);
    } catch (err) {
      this.opts.log.warn({ err: (err as Error).message }, 'llrp: event listener failed');
    }
  }

  private onReport(frame: Buffer): void {
    const batch = this.batch;
    let n: number;
    try {
      n = decodeTagReport(frame, batch);
    } catch (err) {
      this.malformed(err, frame);
      return;
    }
    this.stats.reports++;
    this.stats.tagReads += n;
    if (this.accessWaiters.size > 0) this.accessResults(frame);
    if (this.epcWatchers.size > 0) {
      for (const w of this.epcWatchers) {
        for (let i = 0; i < n; i++) if (batch.epcEquals(i, w.epc)) w.resolve();
      }
    }
    if (n === 0 || !this.opts.onReport) return;
    try {
      this.opts.onReport(batch, this);
    } catch (err) {
      this.opts.log.error({ err: (err as Error).message }, 'llrp: report listener failed');
    }
  }

  /** While a tag write waits: look for its C1G2WriteOpSpecResult (the generic decoder). */
  private accessResults(frame: Buffer): void {
    let msg: LlrpMessage;
    try {
      msg = decodeMessage(frame);
    } catch {
      return; // counted by the fast path already
    }
    for (const t of (msg.TagReportData as Record<string, unknown>[] | undefined) ?? []) {
      for (const r of (t.AccessCommandOpSpecResult as Record<string, unknown>[] | undefined) ?? []) {
        if (r.type !== 'C1G2WriteOpSpecResult') continue;
        const w = this.accessWaiters.get(Number(r.OpSpecID));
        if (w) w.resolve({ result: String(r.Result), words: Number(r.NumWordsWritten) });
      }
    }
  }
}
