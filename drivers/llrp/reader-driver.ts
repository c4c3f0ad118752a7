/**
 * The reader daemon's driver: one LLRP reader (device `rfid-reader`, profile `protocol: llrp`)
 * behind the common driver lifecycle. Each RO_ACCESS_REPORT becomes one `reads` batch
 * (wh/{site}/rfid/{id}/reads): EPC hex, antenna, peak RSSI in dBm, first/last seen in UTC
 * microseconds (converted from reader uptime when the reader has no UTC clock), seen count,
 * and phase (degrees) and Doppler (Hz) when the reader reports them. Each GPI input level (a
 * GPIEvent, and every input's state read on connect) becomes one `gpi` message
 * (wh/{site}/rfid/{id}/gpi): port, state (true = high), atUs (UTC µs, reader clock). Connection
 * state and LLRPStatus errors go to the device status, with their code and text.
 *
 * Commands (wh/{site}/cmd/{id}): { "action": "start" } / { "action": "stop" } the inventory;
 * { "action": "write-epc", "epc": "<current hex>", "newEpc": "<hex>" } commissions a tag.
 */
import type { Driver, DriverContext, DriverFactory } from '../driver.ts';
import { LlrpClient, type ClientStats, type GpiLevel, type SocketFactory } from './client.ts';
import { parseReaderProfile, type ReaderProfile } from './reader-profile.ts';
import type { TagReadBatch } from './fast-report.ts';

export interface LlrpReaderDeps {
  /** The transport (tests, TLS options); node:net / node:tls by default */
  connect?: SocketFactory;
  random?: () => number;
}

interface ReaderDevice {
  id: string;
  kind: string;
  connection?: { host?: unknown; port?: unknown; tls?: unknown };
}

export class LlrpReaderDriver implements Driver {
  private client: LlrpClient | undefined;
  private profile: ReaderProfile | undefined;
  private readonly problem: string | undefined;

  constructor(
    private readonly device: ReaderDevice,
    rawProfile: Record<string, unknown>,
    private readonly ctx: DriverContext,
    private readonly deps: LlrpReaderDeps = {},
  ) {
    try {
      this.profile = parseReaderProfile(rawProfile);
    } catch (err) {
      this.problem = (err as Error).message;
    }
    const c = device.connection ?? {};
    if (!this.problem && (typeof c.host !== 'string' || c.host.length === 0)) this.problem = 'connection.host is missing';
  }

  get stats(): ClientStats | undefined {
    return this.client?.stats;
  }

  /** The client (tests and diagnostics). */
  get llrp(): LlrpClient | undefined {
    return this.client;
  }

  async start(): Promise<void> {
    if (this.problem || !this.profile) {
      this.ctx.log.error({ problem: this.problem }, 'llrp: reader not started');
      this.ctx.emit({ kind: 'status', status: 'error', detail: this.problem ?? 'invalid profile' });
      return;
    }
    if (this.client) return;
    const c = this.device.connection ?? {};
    const tls = c.tls === true;
    this.client = new LlrpClient({
      host: String(c.host),
      ...(typeof c.port === 'number' ? { port: c.port } : {}),
      tls,
      profile: this.profile,
      log: this.ctx.log,
      ...(this.deps.connect ? { connect: this.deps.connect } : {}),
      ...(this.deps.random ? { random: this.deps.random } : {}),
      onState: (state, detail) => this.ctx.emit({ kind: 'status', status: state, detail }),
      onReport: (batch, client) => this.onReport(batch, client.uptimeOffsetUs),
      onGpi: (g) => this.onGpi(g),
    });
    this.client.start();
  }

  private onReport(batch: TagReadBatch, uptimeOffsetUs: number | undefined): void {
    this.ctx.emit({ kind: 'reads', payload: { at: new Date().toISOString(), reads: batch.toReads(uptimeOffsetUs) } });
  }

  private onGpi(g: GpiLevel): void {
    this.ctx.log.debug({ port: g.port, state: g.state, atUs: g.atUs, source: g.source }, 'llrp: GPI input');
    this.ctx.emit({ kind: 'gpi', payload: { port: g.port, state: g.state, atUs: Math.round(g.atUs) } });
  }

  async stop(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (!c) return;
    await c.stop();
    this.ctx.log.info({ stats: c.stats }, 'llrp: reader stopped');
  }

  async command(command: Record<string, unknown>): Promise<void> {
    const c = this.client;
    if (!c) throw new Error('the reader driver is not running');
    switch (command.action) {
      case 'start':
        await c.startInventory();
        return;
      case 'stop':
        await c.stopInventory();
        return;
      case 'write-epc': {
        if (typeof command.epc !== 'string' || typeof command.newEpc !== 'string') throw new Error('write-epc needs "epc" and "newEpc" (hex)');
        const r = await c.writeEpc(command.epc, command.newEpc, typeof command.timeoutMs === 'number' ? { timeoutMs: command.timeoutMs } : {});
        this.ctx.log.info(r, 'llrp: tag commissioned');
        return;
      }
      default:
        throw new Error(`unknown command action ${JSON.stringify(command.action)} (start, stop, write-epc)`);
    }
  }
}

export const createLlrpReaderDriver: DriverFactory = (device, profile, ctx) => new LlrpReaderDriver(device as ReaderDevice, profile, ctx);
