/**
 * A simulated LLRP 1.0.1 reader over real TCP: the reader side of the protocol, using the
 * drivers' codec (the same bytes on both sides). It honours what the client configures:
 * reads only while a ROSpec runs, only on that ROSpec's antennas, reports on its triggers
 * (N tags, end of AISpec/ROSpec, GET_REPORT) with the fields its TagReportContentSelector
 * asks for (and the Impinj ones once extensions are enabled), sends keepalives, executes
 * AccessSpec writes (C1G2Write of the EPC). One client at a time: a second one is refused
 * with ConnectionAttemptEvent "client connection already exists" (LLRP 1.0.1 §13.2.6.11).
 *
 * GPI inputs (LLRP 1.0.1 §16.2.7.6.2): `setGpi(port, level)` from tests or a scenario file; a
 * level change goes to the client as a READER_EVENT_NOTIFICATION with a GPIEvent when it has
 * enabled GPI_Event notifications (SET_READER_CONFIG ReaderEventNotificationSpec), as a real
 * reader does, and GET_READER_CONFIG reports the levels (GPIPortCurrentState).
 *
 * Faults, from tests or a scenario file: drop the connection, stall, refuse clients, send a
 * malformed frame, answer a request with an error status.
 */
import net from 'node:net';
import { EventEmitter } from 'node:events';
import {
  LlrpFramer, decodeMessage, encodeMessage, encodeParameter, type EncodeInput, type LlrpMessage, type LlrpParameter,
} from '../../drivers/llrp/index.ts';
import { encodeTagReport, type TagReportInput } from '../../drivers/llrp/fast-report.ts';
import { MODELS, capabilities, powerTable, type ReaderModel } from './models.ts';
import { World, type DoorLayout, type Observation, type Scene } from './world.ts';

export type MalformedKind =
  /** A report whose TagReportData is cut short (length fields consistent with the frame) */
  | 'truncated-parameter'
  /** A header length below 10: the stream is out of step */
  | 'bad-length'
  /** A frame of an unknown message type */
  | 'unknown-message';

export interface SimulatedReaderOptions {
  model?: string | ReaderModel;
  /** Override the model's clock */
  clock?: 'utc' | 'uptime';
  layout?: DoorLayout;
  seed?: number;
  /** Inventory tick. Default 20 ms. */
  tickMs?: number;
  host?: string;
  port?: number;
}

interface RoSpecState {
  id: number;
  spec: Record<string, unknown>;
  state: 'Disabled' | 'Inactive' | 'Active';
  antennas: number[];
  /** AISpec Duration stop trigger, 0 = none */
  durationMs: number;
  startedAt: number;
}

interface AccessSpecState {
  id: number;
  spec: Record<string, unknown>;
  enabled: boolean;
  opsLeft: number;
}

interface Entry {
  epc: string;
  antenna: number;
  first: number;
  last: number;
  count: number;
  rssi: number;
  phase: number;
  doppler: number;
  extra: Buffer[];
}

interface Failure {
  type: string;
  statusCode: string;
  text: string;
  count: number;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);

const DEFAULT_SELECTOR = {
  EnableROSpecID: false, EnableSpecIndex: false, EnableInventoryParameterSpecID: false, EnableAntennaID: true,
  EnableChannelIndex: false, EnablePeakRSSI: true, EnableFirstSeenTimestamp: true, EnableLastSeenTimestamp: true,
  EnableTagSeenCount: true, EnableAccessSpecID: false,
};

export class SimulatedReader extends EventEmitter {
  readonly model: ReaderModel;
  readonly clock: 'utc' | 'uptime';
  readonly world: World;
  /** What happened, for tests: counts of messages received by type, connections, faults */
  readonly stats = { connections: 0, refused: 0, received: {} as Record<string, number>, reports: 0, tagReads: 0, keepalives: 0, keepaliveAcks: 0, gpiEvents: 0 };

  private server: net.Server | undefined;
  private client: net.Socket | undefined;
  private readonly sockets = new Set<net.Socket>();
  private readonly bootMs = Date.now();
  private worldStart = -1;
  private lastTick = 0;
  private tickTimer: NodeJS.Timeout | undefined;
  private keepaliveTimer: NodeJS.Timeout | undefined;
  private stallTimer: NodeJS.Timeout | undefined;
  private readonly faultTimers = new Set<NodeJS.Timeout>();
  private stalledUntil = 0;
  private refuse = 0;
  private refuseAll = false;
  private readonly failures: Failure[] = [];
  private nextId = 1;
  private readonly tickMs: number;
  /** GPI input levels, index port - 1 (true = high); all low at power-up */
  private readonly gpi: boolean[];

  // Reader configuration (LLRP state)
  /** EventNotificationState of GPI_Event (off after a factory reset) */
  private gpiEvents = false;
  private keepaliveMs = 0;
  private extensions = false;
  private reportTrigger = 'None';
  private reportN = 0;
  private selector: Obj = { ...DEFAULT_SELECTOR };
  private impinjSelector: Obj = {};
  private readonly roSpecs = new Map<number, RoSpecState>();
  private readonly accessSpecs = new Map<number, AccessSpecState>();
  /** Reads waiting for a report: per antenna, per EPC (LLRP reports a tag once per antenna) */
  private readonly buffer = new Map<number, Map<string, Entry>>();
  private buffered = 0;
  private readonly scratch: Observation[] = [];

  constructor(private readonly opts: SimulatedReaderOptions = {}) {
    super();
    const m = typeof opts.model === 'object' ? opts.model : MODELS[opts.model ?? 'impinj-r700'];
    if (!m) throw new Error(`unknown reader model '${String(opts.model)}' (known: ${Object.keys(MODELS).join(', ')})`);
    this.model = m;
    this.clock = opts.clock ?? m.clock;
    this.world = new World(opts.layout, opts.seed ?? 1);
    this.tickMs = opts.tickMs ?? 20;
    const gpio = capabilities(m).GeneralDeviceCapabilities?.GPIOCapabilities as Obj | undefined;
    this.gpi = new Array<boolean>(Number(gpio?.NumGPIs ?? 0)).fill(false);
  }

  async listen(): Promise<{ host: string; port: number }> {
    const server = net.createServer((s) => this.onConnection(s));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port ?? 0, this.opts.host ?? '127.0.0.1', () => resolve());
    });
    const a = server.address() as net.AddressInfo;
    return { host: a.address, port: a.port };
  }

  get port(): number {
    return (this.server?.address() as net.AddressInfo | null)?.port ?? 0;
  }

  get connected(): boolean {
    return this.client !== undefined;
  }

  /** Whether a ROSpec is running */
  get inventorying(): boolean {
    for (const r of this.roSpecs.values()) if (r.state === 'Active') return true;
    return false;
  }

  async close(): Promise<void> {
    for (const t of this.faultTimers) clearTimeout(t);
    this.faultTimers.clear();
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stopTimers();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  // ------------------------------------------------------------------ scripting

  /** Puts a scene in front of the antennas, starting `scene.startMs` from now. */
  addScene(scene: Scene): void {
    this.world.add(scene, this.worldNow());
  }

  /** GPI inputs this reader has (ports 1..n). */
  get gpiPorts(): number {
    return this.gpi.length;
  }

  /** The level of a GPI input (true = high). */
  getGpi(port: number): boolean {
    return this.gpi[this.gpiIndex(port)] as boolean;
  }

  /**
   * Sets a GPI input (a presence sensor wired to it changed). A change is sent to the client as
   * a GPIEvent if it enabled GPI_Event notifications; setting the level it already has sends
   * nothing. Returns whether the level changed.
   */
  setGpi(port: number, level: boolean): boolean {
    const i = this.gpiIndex(port);
    if (this.gpi[i] === level) return false;
    this.gpi[i] = level;
    this.emit('gpi', { port, level });
    if (this.client && this.gpiEvents) {
      this.stats.gpiEvents++;
      this.write(this.event({ GPIEvent: { type: 'GPIEvent', GPIPortNumber: port, GPIEvent: level } }));
    }
    return true;
  }

  private gpiIndex(port: number): number {
    if (!Number.isInteger(port) || port < 1 || port > this.gpi.length) {
      throw new Error(`GPI port ${String(port)} does not exist on the ${this.model.name} (ports 1..${this.gpi.length})`);
    }
    return port - 1;
  }

  /** Fault: drop the client connection (no CLOSE_CONNECTION, no ConnectionCloseEvent). */
  dropConnection(): void {
    this.client?.destroy();
  }

  /** Fault: stop answering and sending anything (keepalives included) for `ms`. */
  stall(ms: number): void {
    this.stalledUntil = Date.now() + ms;
    this.client?.pause();
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = setTimeout(() => {
      this.stallTimer = undefined;
      this.client?.resume();
    }, ms);
  }

  /** Fault: refuse the next `n` clients as if another client were connected (or all, with Infinity). */
  refuseClients(n = 1): void {
    if (n === Infinity) this.refuseAll = true;
    else this.refuse += n;
  }

  acceptClients(): void {
    this.refuseAll = false;
    this.refuse = 0;
  }

  /** Fault: answer the next `count` requests of `type` with an error LLRPStatus. */
  failNext(type: string, statusCode = 'M_ParameterError', text = 'simulated failure', count = 1): void {
    this.failures.push({ type, statusCode, text, count });
  }

  /** Fault: send one malformed frame to the client. */
  sendMalformed(kind: MalformedKind = 'truncated-parameter'): void {
    const s = this.client;
    if (!s) return;
    if (kind === 'bad-length') {
      const b = Buffer.alloc(10);
      b.writeUInt16BE((1 << 10) | 61, 0);
      b.writeUInt32BE(4, 2); // below the 10-byte header: LLRP 1.0.1 §15.1 violated
      b.writeUInt32BE(this.nextId++, 6);
      s.write(b);
    } else if (kind === 'unknown-message') {
      const b = Buffer.alloc(14);
      b.writeUInt16BE((1 << 10) | 999, 0);
      b.writeUInt32BE(14, 2);
      b.writeUInt32BE(this.nextId++, 6);
      s.write(b);
    } else {
      const good = encodeTagReport(this.nextId++, [{ epc: '3034deadbeef000000000001', antenna: 1, rssi: -50, seenCount: 1 }]);
      // Keep the frame length right but claim TagReportData is 4 bytes longer than it is.
      const bad = Buffer.from(good);
      bad.writeUInt16BE(bad.readUInt16BE(12) + 4, 12);
      s.write(bad);
    }
  }

  /** Fault: send these bytes as they are (fuzzing from tests). */
  sendRaw(bytes: Uint8Array): void {
    this.client?.write(bytes);
  }

  /** Runs faults at given times from now (scenario files). */
  schedule(atMs: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.faultTimers.delete(t);
      fn();
    }, atMs);
    this.faultTimers.add(t);
  }

  // ------------------------------------------------------------------ connection

  private onConnection(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    if (this.client || this.refuseAll || this.refuse > 0) {
      if (!this.client && this.refuse > 0) this.refuse--;
      this.stats.refused++;
      // LLRP 1.0.1 §13.2.6.11: tell the second client why, then close.
      socket.end(this.event({ ConnectionAttemptEvent: { type: 'ConnectionAttemptEvent', Status: 'Failed_A_Client_Initiated_Connection_Already_Exists' } }));
      this.emit('refused');
      return;
    }
    this.client = socket;
    this.stats.connections++;
    const framer = new LlrpFramer();
    socket.on('data', (chunk: Buffer) => {
      if (this.client !== socket) return;
      try {
        framer.push(chunk, (frame) => this.onFrame(socket, frame));
      } catch {
        socket.destroy(); // a client out of step: nothing to resynchronise on
      }
    });
    socket.on('close', () => {
      if (this.client !== socket) return;
      this.client = undefined;
      // The connection is gone: stop inventory, forget buffered reads and keepalives.
      for (const r of this.roSpecs.values()) if (r.state === 'Active') r.state = 'Inactive';
      this.clearBuffer();
      this.extensions = false;
      this.stopTimers();
      this.emit('disconnect');
    });
    this.write(this.event({ ConnectionAttemptEvent: { type: 'ConnectionAttemptEvent', Status: 'Success' } }));
    this.emit('connect');
  }

  private stopTimers(): void {
    if (this.tickTimer) clearInterval(this.tickTimer);
    if (this.keepaliveTimer) clearInterval(this.keepaliveTimer);
    this.tickTimer = undefined;
    this.keepaliveTimer = undefined;
  }

  private nowUs(): number {
    return this.clock === 'utc' ? Date.now() * 1000 : (Date.now() - this.bootMs) * 1000 + 1_000_000;
  }

  private event(data: Obj): Buffer {
    return encodeMessage({
      type: 'READER_EVENT_NOTIFICATION',
      id: this.nextId++,
      ReaderEventNotificationData: {
        type: 'ReaderEventNotificationData',
        Timestamp: { type: this.clock === 'utc' ? 'UTCTimestamp' : 'Uptime', Microseconds: BigInt(this.nowUs()) },
        ...data,
      },
    });
  }

  private write(frame: Buffer): void {
    if (!this.client || Date.now() < this.stalledUntil) return;
    this.client.write(frame);
  }

  private reply(req: LlrpMessage, type: string, body: Obj = {}): void {
    this.write(encodeMessage({ type, id: req.id, LLRPStatus: { type: 'LLRPStatus', StatusCode: 'M_Success', ErrorDescription: '' }, ...body } as EncodeInput));
  }

  private replyError(req: LlrpMessage, type: string, statusCode: string, text: string): void {
    this.write(encodeMessage({ type, id: req.id, LLRPStatus: { type: 'LLRPStatus', StatusCode: statusCode, ErrorDescription: text } }));
  }

  private onFrame(socket: net.Socket, frame: Buffer): void {
    let msg: LlrpMessage;
    try {
      msg = decodeMessage(frame, { onWarning: () => undefined });
    } catch (err) {
      this.write(encodeMessage({ type: 'ERROR_MESSAGE', id: frame.length >= 10 ? frame.readUInt32BE(6) : 0, LLRPStatus: { type: 'LLRPStatus', StatusCode: 'M_ParameterError', ErrorDescription: (err as Error).message.slice(0, 200) } }));
      return;
    }
    this.stats.received[msg.type] = (this.stats.received[msg.type] ?? 0) + 1;
    this.emit('message', msg);
    const responseType = `${msg.type}_RESPONSE`;
    const f = this.failures.find((x) => x.type === msg.type);
    if (f) {
      if (--f.count <= 0) this.failures.splice(this.failures.indexOf(f), 1);
      this.replyError(msg, responseType, f.statusCode, f.text);
      return;
    }
    switch (msg.type) {
      case 'GET_READER_CAPABILITIES':
        this.reply(msg, responseType, capabilities(this.model));
        return;
      case 'GET_READER_CONFIG': {
        // LLRP 1.0.1 §16.1.36: GPIPortNum 0 is every GPI input, n only that one.
        const port = Number(msg.GPIPortNum ?? 0);
        if (port > this.gpi.length) return this.replyError(msg, responseType, 'P_FieldError', `GPIPortNum ${port}: this reader has GPI ports 1..${this.gpi.length}`);
        const GPIPortCurrentState = this.gpi
          .map((level, i) => ({ type: 'GPIPortCurrentState', GPIPortNum: i + 1, Config: true, State: level ? 'High' : 'Low' }))
          .filter((g) => port === 0 || g.GPIPortNum === port);
        if (msg.RequestedData === 'GPIPortCurrentState') return this.reply(msg, responseType, { GPIPortCurrentState });
        this.reply(msg, responseType, {
          Identification: { type: 'Identification', IDType: 'MAC_Address', ReaderID: this.model.mac },
          KeepaliveSpec: { type: 'KeepaliveSpec', KeepaliveTriggerType: this.keepaliveMs > 0 ? 'Periodic' : 'Null', PeriodicTriggerValue: this.keepaliveMs },
          ...(msg.RequestedData === 'All' ? { GPIPortCurrentState } : {}),
        });
        return;
      }
      case 'SET_READER_CONFIG':
        this.setConfig(msg);
        this.reply(msg, responseType);
        return;
      case 'IMPINJ_ENABLE_EXTENSIONS':
        if (!this.model.impinj) break;
        this.extensions = true;
        this.reply(msg, 'IMPINJ_ENABLE_EXTENSIONS_RESPONSE');
        return;
      case 'ADD_ROSPEC': return this.addRoSpec(msg);
      case 'DELETE_ROSPEC':
      case 'ENABLE_ROSPEC':
      case 'DISABLE_ROSPEC':
      case 'START_ROSPEC':
      case 'STOP_ROSPEC':
        return this.roSpecCommand(msg);
      case 'ADD_ACCESSSPEC': {
        const spec = obj(msg.AccessSpec);
        const id = Number(spec.AccessSpecID);
        if (id === 0 || this.accessSpecs.has(id)) return this.replyError(msg, responseType, 'A_Invalid', `AccessSpecID ${id} is 0 or already exists`);
        const stop = obj(spec.AccessSpecStopTrigger);
        this.accessSpecs.set(id, { id, spec, enabled: spec.CurrentState === 'Active', opsLeft: stop.AccessSpecStopTrigger === 'Operation_Count' ? Number(stop.OperationCountValue) || Infinity : Infinity });
        return this.reply(msg, responseType);
      }
      case 'DELETE_ACCESSSPEC':
      case 'ENABLE_ACCESSSPEC':
      case 'DISABLE_ACCESSSPEC': {
        const id = Number(msg.AccessSpecID);
        const targets = id === 0 ? [...this.accessSpecs.values()] : [this.accessSpecs.get(id)].filter((x): x is AccessSpecState => x !== undefined);
        if (id !== 0 && targets.length === 0) return this.replyError(msg, responseType, 'A_Invalid', `no AccessSpec ${id}`);
        for (const a of targets) {
          if (msg.type === 'DELETE_ACCESSSPEC') this.accessSpecs.delete(a.id);
          else a.enabled = msg.type === 'ENABLE_ACCESSSPEC';
        }
        return this.reply(msg, responseType);
      }
      case 'GET_REPORT':
        this.flush();
        return;
      case 'KEEPALIVE_ACK':
        this.stats.keepaliveAcks++;
        return;
      case 'ENABLE_EVENTS_AND_REPORTS':
        return;
      case 'CLOSE_CONNECTION':
        this.reply(msg, responseType);
        socket.end();
        return;
      case 'GET_SUPPORTED_VERSION':
        // An LLRP 1.0.1 reader (README: the client falls back to 1.0.1).
        this.write(encodeMessage({ type: 'ERROR_MESSAGE', id: msg.id, LLRPStatus: { type: 'LLRPStatus', StatusCode: 'M_UnsupportedVersion', ErrorDescription: 'LLRP 1.0.1 only' } }));
        return;
      default:
        break;
    }
    this.write(encodeMessage({ type: 'ERROR_MESSAGE', id: msg.id, LLRPStatus: { type: 'LLRPStatus', StatusCode: 'M_UnsupportedMessage', ErrorDescription: `${msg.type} is not supported` } }));
  }

  private setConfig(msg: LlrpMessage): void {
    if (msg.ResetToFactoryDefault === true) {
      // LLRP 1.0.1 §12.1.3: back to factory settings; ROSpecs and AccessSpecs are deleted.
      this.roSpecs.clear();
      this.accessSpecs.clear();
      this.keepaliveMs = 0;
      this.reportTrigger = 'None';
      this.reportN = 0;
      this.selector = { ...DEFAULT_SELECTOR };
      this.impinjSelector = {};
      this.gpiEvents = false;
      this.clearBuffer();
      this.stopTimers();
    }
    for (const e of list(obj(msg.ReaderEventNotificationSpec).EventNotificationState)) {
      if (e.EventType === 'GPI_Event') this.gpiEvents = e.NotificationState === true;
    }
    const ka = msg.KeepaliveSpec as Obj | undefined;
    if (ka) {
      this.keepaliveMs = ka.KeepaliveTriggerType === 'Periodic' ? Number(ka.PeriodicTriggerValue) : 0;
      if (this.keepaliveTimer) clearInterval(this.keepaliveTimer);
      this.keepaliveTimer = undefined;
      if (this.keepaliveMs > 0) {
        this.keepaliveTimer = setInterval(() => {
          this.stats.keepalives++;
          this.write(encodeMessage({ type: 'KEEPALIVE', id: this.nextId++ }));
        }, this.keepaliveMs);
      }
    }
    if (msg.ROReportSpec) this.applyReportSpec(obj(msg.ROReportSpec));
  }

  private applyReportSpec(spec: Obj): void {
    this.reportTrigger = String(spec.ROReportTrigger ?? 'None');
    this.reportN = Number(spec.N ?? 0);
    this.selector = { ...DEFAULT_SELECTOR, ...obj(spec.TagReportContentSelector) };
    this.impinjSelector = {};
    for (const c of list(spec.Custom)) if (c.type === 'ImpinjTagReportContentSelector') this.impinjSelector = c;
  }

  private addRoSpec(msg: LlrpMessage): void {
    const type = 'ADD_ROSPEC_RESPONSE';
    const spec = obj(msg.ROSpec);
    const id = Number(spec.ROSpecID);
    if (id === 0) return this.replyError(msg, type, 'P_FieldError', 'ROSpecID 0 is reserved');
    if (this.roSpecs.has(id)) return this.replyError(msg, type, 'A_Invalid', `ROSpec ${id} already exists`);
    if (this.roSpecs.size >= 1) return this.replyError(msg, type, 'A_Invalid', 'this reader holds one ROSpec (MaxNumROSpecs 1)');
    if (spec.CurrentState !== 'Disabled') return this.replyError(msg, type, 'P_FieldError', 'a new ROSpec must be Disabled');
    const ai = list(spec.SpecParameter).find((p) => p.type === 'AISpec');
    if (!ai) return this.replyError(msg, type, 'P_MissingParameter', 'no AISpec');
    const antennas = (ai.AntennaIDs as number[] | undefined) ?? [];
    const badAnt = antennas.filter((a) => a > this.model.antennas);
    if (badAnt.length > 0) return this.replyError(msg, type, 'P_FieldError', `antenna ${badAnt.join(',')} does not exist on this ${this.model.antennas}-port reader`);
    const maxPower = powerTable(this.model).length;
    for (const ips of list(ai.InventoryParameterSpec)) {
      for (const ac of list(ips.AntennaConfiguration)) {
        const tx = ac.RFTransmitter as Obj | undefined;
        if (tx && (Number(tx.TransmitPower) < 1 || Number(tx.TransmitPower) > maxPower)) {
          return this.replyError(msg, type, 'P_FieldError', `TransmitPower index ${String(tx.TransmitPower)} is not in 1..${maxPower}`);
        }
      }
    }
    const stop = obj(ai.AISpecStopTrigger);
    this.roSpecs.set(id, {
      id, spec, state: 'Disabled', antennas: antennas.includes(0) ? [] : antennas,
      durationMs: stop.AISpecStopTriggerType === 'Duration' ? Number(stop.DurationTrigger) : 0, startedAt: 0,
    });
    if (spec.ROReportSpec) this.applyReportSpec(obj(spec.ROReportSpec));
    this.reply(msg, type);
  }

  private roSpecCommand(msg: LlrpMessage): void {
    const type = `${msg.type}_RESPONSE`;
    const id = Number(msg.ROSpecID);
    const targets = id === 0 ? [...this.roSpecs.values()] : [this.roSpecs.get(id)].filter((x): x is RoSpecState => x !== undefined);
    if (id !== 0 && targets.length === 0) return this.replyError(msg, type, 'A_Invalid', `no ROSpec ${id}`);
    if (msg.type === 'START_ROSPEC' && (id === 0 || targets[0]?.state !== 'Inactive')) {
      return this.replyError(msg, type, 'A_Invalid', `ROSpec ${id} is not enabled (state ${targets[0]?.state ?? 'none'})`);
    }
    for (const r of targets) {
      switch (msg.type) {
        case 'DELETE_ROSPEC':
          if (r.state === 'Active') this.endRoSpec(r);
          this.roSpecs.delete(r.id);
          break;
        case 'ENABLE_ROSPEC':
          if (r.state === 'Disabled') r.state = 'Inactive';
          break;
        case 'DISABLE_ROSPEC':
          if (r.state === 'Active') this.endRoSpec(r);
          r.state = 'Disabled';
          break;
        case 'START_ROSPEC':
          r.state = 'Active';
          r.startedAt = Date.now();
          this.startTicking();
          this.rospecEvent('Start_Of_ROSpec', r.id);
          break;
        case 'STOP_ROSPEC':
          if (r.state === 'Active') this.endRoSpec(r);
          break;
      }
    }
    this.reply(msg, type);
  }

  private endRoSpec(r: RoSpecState): void {
    r.state = 'Inactive';
    // Reports triggered by the end of the AISpec or ROSpec (LLRP 1.0.1 §13.2.1).
    if (this.reportTrigger !== 'None') this.flush();
    this.rospecEvent('End_Of_ROSpec', r.id);
    if (!this.inventorying && this.tickTimer) {
      clearInterval(this.tickTimer);
      this.tickTimer = undefined;
    }
  }

  private rospecEvent(EventType: string, ROSpecID: number): void {
    this.write(this.event({ ROSpecEvent: { type: 'ROSpecEvent', EventType, ROSpecID, PreemptingROSpecID: 0 } }));
  }

  private worldNow(): number {
    if (this.worldStart < 0) this.worldStart = Date.now();
    return Date.now() - this.worldStart;
  }

  private startTicking(): void {
    if (this.tickTimer) return;
    this.lastTick = this.worldNow();
    this.tickTimer = setInterval(() => this.tick(), this.tickMs);
  }

  // ------------------------------------------------------------------ inventory

  private tick(): void {
    const now = this.worldNow();
    const t0 = this.lastTick;
    this.lastTick = now;
    if (Date.now() < this.stalledUntil) return;
    for (const r of this.roSpecs.values()) {
      if (r.state !== 'Active') continue;
      if (r.durationMs > 0 && Date.now() - r.startedAt >= r.durationMs) {
        this.endRoSpec(r); // one AISpec: its end is the end of the ROSpec (stop trigger Null)
        continue;
      }
      const obs = this.world.observe(t0, now, r.antennas, this.scratch);
      const us = this.nowUs();
      this.client?.cork(); // the reports of one tick leave in as few TCP writes as possible
      for (const o of obs) this.see(o, us, r.id);
      obs.length = 0;
      if (this.reportN > 0 && this.reportTrigger !== 'None' && this.buffered >= this.reportN) this.flush();
      this.client?.uncork();
    }
  }

  private clearBuffer(): void {
    for (const m of this.buffer.values()) m.clear();
    this.buffered = 0;
  }

  private see(o: Observation, us: number, roSpecId: number): void {
    let byEpc = this.buffer.get(o.antenna);
    if (!byEpc) this.buffer.set(o.antenna, (byEpc = new Map()));
    let e = byEpc.get(o.epc);
    if (!e) {
      e = { epc: o.epc, antenna: o.antenna, first: us, last: us, count: 0, rssi: o.rssi, phase: o.phase, doppler: o.doppler, extra: [] };
      byEpc.set(o.epc, e);
      this.buffered++;
    }
    e.last = us;
    e.count++;
    if (o.rssi > e.rssi) e.rssi = o.rssi;
    e.phase = o.phase;
    e.doppler = o.doppler;
    if (this.accessSpecs.size > 0) this.access(o, e, roSpecId);
    if (this.reportN > 0 && this.reportTrigger !== 'None' && this.buffered >= this.reportN) this.flush();
  }

  /** Runs the enabled AccessSpecs whose tag spec matches this tag (LLRP 1.0.1 §11). */
  private access(o: Observation, e: Entry, roSpecId: number): void {
    for (const a of this.accessSpecs.values()) {
      if (!a.enabled) continue;
      const s = a.spec;
      const ant = Number(s.AntennaID);
      const ro = Number(s.ROSpecID);
      if ((ant !== 0 && ant !== o.antenna) || (ro !== 0 && ro !== roSpecId)) continue;
      const cmd = obj(s.AccessCommand);
      const target = list(obj(cmd.AirProtocolTagSpec).C1G2TargetTag)[0];
      if (!target || !matches(target, o.epc)) continue;
      for (const op of list(cmd.AccessCommandOpSpec)) {
        if (op.type === 'C1G2Write' && Number(op.MB) === 1 && Number(op.WordPointer) === 2) {
          const data = String(op.WriteData);
          this.world.rewrite(o.epc, data);
          e.extra.push(encodeParameter({ type: 'C1G2WriteOpSpecResult', Result: 'Success', OpSpecID: Number(op.OpSpecID), NumWordsWritten: data.length / 4 }));
        } else if (op.type === 'C1G2Write') {
          e.extra.push(encodeParameter({ type: 'C1G2WriteOpSpecResult', Result: 'Tag_Memory_Locked_Error', OpSpecID: Number(op.OpSpecID), NumWordsWritten: 0 }));
        }
      }
      if (--a.opsLeft <= 0) this.accessSpecs.delete(a.id); // §11.2.1.1: deleted after its operation count
      return; // one AccessSpec per tag singulation
    }
  }

  /** Sends what the buffer holds as one RO_ACCESS_REPORT (nothing when it is empty). */
  flush(): void {
    if (this.buffered === 0) return;
    const sel = this.selector;
    const imp = this.extensions ? this.impinjSelector : {};
    const peak = obj(imp.ImpinjEnablePeakRSSI).PeakRSSIMode === 'Enabled';
    const phase = obj(imp.ImpinjEnableRFPhaseAngle).RFPhaseAngleMode === 'Enabled';
    const doppler = obj(imp.ImpinjEnableRFDopplerFrequency).RFDopplerFrequencyMode === 'Enabled';
    const uptime = this.clock === 'uptime';
    const reads: TagReportInput[] = [];
    for (const byEpc of this.buffer.values()) for (const e of byEpc.values()) {
      const r: TagReportInput = { epc: e.epc, uptime };
      if (sel.EnableAntennaID) r.antenna = e.antenna;
      if (sel.EnablePeakRSSI) r.rssi = Math.max(-128, Math.min(127, Math.round(e.rssi)));
      if (sel.EnableFirstSeenTimestamp) r.firstSeenUs = e.first;
      if (sel.EnableLastSeenTimestamp) r.lastSeenUs = e.last;
      if (sel.EnableTagSeenCount) r.seenCount = Math.min(0xffff, e.count);
      if (e.extra.length > 0) r.extra = Buffer.concat(e.extra);
      if (peak) r.impinjRssi = Math.round(e.rssi * 100);
      if (phase) r.phase = e.phase;
      if (doppler) r.doppler = e.doppler;
      reads.push(r);
    }
    this.clearBuffer();
    this.stats.reports++;
    this.stats.tagReads += reads.length;
    this.write(encodeTagReport(this.nextId++, reads));
  }
}

/** C1G2TargetTag on the EPC bank (MB 1) from bit 32: TagData under TagMask equals the EPC. */
function matches(t: Obj, epc: string): boolean {
  if (Number(t.MB) !== 1 || Number(t.Pointer) !== 32) return false;
  const data = Buffer.from(String(t.TagData), 'hex');
  const mask = Buffer.from(String(t.TagMask), 'hex');
  const e = Buffer.from(epc, 'hex');
  if (data.length > e.length) return false;
  let eq = true;
  for (let i = 0; i < data.length; i++) {
    const m = mask[i] ?? 0xff;
    if (((e[i] ?? 0) & m) !== (data[i]! & m)) eq = false;
  }
  return eq === (t.Match !== false);
}

export type { Scene, DoorLayout, LlrpParameter };
