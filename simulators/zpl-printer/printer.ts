/**
 * A raw-9100 ZPL label printer: it stores every label it prints (in memory, and as one file
 * per label when given a folder), answers `~HS` with the real three status strings, keeps
 * `^DF` objects on its R: drive and lists them for `^HW`, deletes them with `^ID`, and can be
 * put into paper-out, pause, head-open or ribbon-out. Labels that arrive while it cannot
 * print wait in its receive buffer and print when the fault clears, as on a real printer.
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { HOST_STATUS_OK, encodeDirectoryListing, encodeHostStatus } from '../../drivers/printers/zpl-status.ts';

export type ZplFault = 'paper-out' | 'pause' | 'head-open' | 'ribbon-out';
export const ZPL_FAULTS: readonly ZplFault[] = ['paper-out', 'pause', 'head-open', 'ribbon-out'];

export interface ZplPrinterOptions {
  host?: string;
  port?: number;
  /** Keep each printed label as DIR/NNNNNN.zpl */
  dir?: string;
  /** Time to print one label (the buffer drains at this pace). Default 0 */
  printMs?: number;
  /** Go paper-out after printing this many labels (a roll running out mid-batch) */
  paperOutAfter?: number;
}

export interface PrintedLabel {
  seq: number;
  zpl: string;
  at: string;
}

export class ZplPrinterSim {
  readonly labels: PrintedLabel[] = [];
  readonly faults = new Set<ZplFault>();
  /** Formats received and not printed yet */
  readonly buffer: string[] = [];
  readonly objects = new Map<string, string>();
  /** Every ~HS asked, for tests */
  statusQueries = 0;
  connections = 0;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private printing = false;
  paperOutAfter: number | undefined;
  private readonly printMs: number;

  constructor(private readonly options: ZplPrinterOptions = {}) {
    this.printMs = options.printMs ?? 0;
    this.paperOutAfter = options.paperOutAfter;
    if (options.dir) mkdirSync(options.dir, { recursive: true });
  }

  async start(): Promise<{ host: string; port: number }> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    return this.address;
  }

  get address(): { host: string; port: number } {
    const a = this.server?.address() as AddressInfo | null;
    if (!a) throw new Error('the printer is not listening');
    return { host: a.address, port: a.port };
  }

  setFault(fault: ZplFault, on = true): void {
    if (on) this.faults.add(fault);
    else this.faults.delete(fault);
    this.drain();
  }

  clearFaults(): void {
    this.faults.clear();
    this.drain();
  }

  get canPrint(): boolean {
    return this.faults.size === 0;
  }

  private accept(socket: Socket): void {
    this.connections++;
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      pending = this.consume(pending, socket);
    });
    // The sender half-closed: the job is complete; close our side too.
    socket.on('end', () => socket.end());
  }

  /** Run every complete command in `text`; return what is left (a partial format). */
  private consume(text: string, socket: Socket): string {
    for (;;) {
      const hs = text.indexOf('~HS');
      const ja = text.indexOf('~JA');
      const xa = text.indexOf('^XA');
      const firsts = [hs, ja, xa].filter((i) => i >= 0);
      if (firsts.length === 0) return text.slice(-2); // keep a possible '~H' / '^X' split
      const first = Math.min(...firsts);
      if (first === hs) {
        this.statusQueries++;
        socket.write(encodeHostStatus(this.hostStatus()));
        text = text.slice(hs + 3);
      } else if (first === ja) {
        this.buffer.length = 0; // ~JA: cancel all formats in the buffer
        text = text.slice(ja + 3);
      } else {
        const end = text.indexOf('^XZ', xa);
        if (end < 0) return text.slice(xa); // partial format: wait for the rest
        this.format(text.slice(xa, end + 3), socket);
        text = text.slice(end + 3);
      }
    }
  }

  private format(zpl: string, socket: Socket): void {
    const df = /\^DF([A-Z]):([^\^~\s]+)/.exec(zpl);
    if (df) {
      this.objects.set(`${df[1]}:${(df[2] ?? '').toUpperCase()}`, zpl);
      return;
    }
    const id = /\^ID([A-Z]):([^\^~\s]+)/.exec(zpl);
    if (id) {
      const re = globRe(`${id[1]}:${id[2] ?? ''}`);
      for (const k of [...this.objects.keys()]) if (re.test(k)) this.objects.delete(k);
      return;
    }
    const hw = /\^HW([A-Z]):([^\^~\s]+)/.exec(zpl);
    if (hw) {
      const drive = hw[1] ?? 'R';
      const re = globRe(`${drive}:${hw[2] ?? '*.*'}`);
      const names = [...this.objects.keys()].filter((k) => re.test(k)).map((k) => k.slice(2));
      socket.write(encodeDirectoryListing(drive, names));
      return;
    }
    this.buffer.push(zpl);
    this.drain();
  }

  hostStatus() {
    return {
      ...HOST_STATUS_OK,
      paperOut: this.faults.has('paper-out'),
      paused: this.faults.has('pause'),
      headUp: this.faults.has('head-open'),
      ribbonOut: this.faults.has('ribbon-out'),
      formatsInBuffer: this.buffer.length,
      labelWaiting: false,
    };
  }

  /** Print what the buffer holds, at printMs per label, while nothing stops it. */
  private drain(): void {
    if (this.printing) return;
    this.printing = true;
    const step = () => {
      if (!this.canPrint || this.buffer.length === 0) {
        this.printing = false;
        return;
      }
      const zpl = this.buffer[0] as string;
      const printOne = () => {
        if (!this.canPrint) {
          this.printing = false;
          return;
        }
        this.buffer.shift();
        this.print(zpl);
        step();
      };
      if (this.printMs > 0) setTimeout(printOne, this.printMs);
      else printOne();
    };
    step();
  }

  private print(zpl: string): void {
    const label = { seq: this.labels.length + 1, zpl, at: new Date().toISOString() };
    this.labels.push(label);
    if (this.options.dir) writeFileSync(path.join(this.options.dir, `${String(label.seq).padStart(6, '0')}.zpl`), zpl, 'latin1');
    if (this.paperOutAfter !== undefined && this.labels.length >= this.paperOutAfter) {
      this.paperOutAfter = undefined;
      this.faults.add('paper-out');
    }
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function globRe(glob: string): RegExp {
  const escaped = glob.toUpperCase().replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}
