/**
 * Raw TCP 9100 ("JetDirect") with ZPL: one short connection per operation, as Zebra printers
 * expect. Status comes from `~HS`; a job counts as done once the printer's receive buffer is
 * empty (string 1 field eee). For exactly-once after a crash each job carries a marker object
 * (`^DF` to the RAM drive, after the label, in the same write) that `^HW` can list; the marker
 * of the previous job is deleted (`^ID`) at the start of the next one.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { PrinterError, type JobProgress, type PrintDocument, type PrinterStatus, type PrinterTransport } from './transport.ts';
import { countStrings, markerName, parseDirectoryListing, parseHostStatus, reasonsOf } from './zpl-status.ts';

export interface RawTransportOptions {
  host: string;
  port?: number;
  /** Per operation (connect + answer). Default 3000 ms */
  timeoutMs?: number;
  /** Injected socket factory (tests swap in a simulator or a mock) */
  connect?: (port: number, host: string) => Socket;
}

/** The drive that holds job markers: R: (RAM), cleared when the printer powers off. */
const MARKER_DRIVE = 'R';

export class RawTransport implements PrinterTransport {
  readonly kind = 'raw' as const;
  readonly address: string;
  private readonly host: string;
  private readonly port: number;
  private readonly timeoutMs: number;
  private readonly connectFn: (port: number, host: string) => Socket;

  constructor(options: RawTransportOptions) {
    this.host = options.host;
    this.port = options.port ?? 9100;
    this.timeoutMs = options.timeoutMs ?? 3000;
    this.connectFn = options.connect ?? ((port, host) => netConnect({ port, host, noDelay: true }));
    this.address = `raw://${this.host}:${this.port}`;
  }

  /**
   * One connection: write `data`, then read until `done(text)` (or, with no `done`, until the
   * write is flushed) and close. Rejects with PrinterError.
   */
  private exchange(data: Buffer, done?: (text: string) => boolean): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = this.connectFn(this.port, this.host);
      let text = '';
      let settled = false;
      const finish = (err: PrinterError | undefined) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.removeAllListeners('data');
        if (err) {
          socket.destroy();
          reject(err);
        } else {
          socket.end();
          resolve(text);
        }
      };
      const timer = setTimeout(
        () => finish(new PrinterError('PRINTER_TIMEOUT', `${this.address}: no answer in ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
      let connected = false;
      // Before the connection exists nothing can have been delivered (UNREACHABLE, safe to
      // send elsewhere); after, some bytes may have reached the printer (BAD_REPLY: ask it).
      socket.once('error', (err: NodeJS.ErrnoException) =>
        finish(new PrinterError(connected ? 'PRINTER_BAD_REPLY' : 'PRINTER_UNREACHABLE', `${this.address}: ${err.code ?? err.message}`, { cause: err })),
      );
      socket.once('close', () => {
        if (!settled) {
          if (done && !done(text)) finish(new PrinterError('PRINTER_BAD_REPLY', `${this.address}: connection closed before the answer was complete`));
          else finish(undefined);
        }
      });
      socket.once('connect', () => {
        connected = true;
        socket.write(data, (err) => {
          if (err) finish(new PrinterError('PRINTER_BAD_REPLY', `${this.address}: ${err.message}`, { cause: err }));
          else if (!done) {
            // Half-close and wait for the printer's close: the bytes have reached it.
            socket.end();
          }
        });
      });
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString('latin1');
        if (done?.(text)) finish(undefined);
      });
    });
  }

  async status(): Promise<PrinterStatus> {
    let text: string;
    try {
      text = await this.exchange(Buffer.from('~HS', 'latin1'), (t) => countStrings(t) >= 3);
    } catch (err) {
      return { ready: false, state: 'offline', reasons: ['offline'], detail: (err as Error).message };
    }
    try {
      const s = parseHostStatus(text);
      const reasons = reasonsOf(s);
      return {
        ready: reasons.length === 0,
        state: reasons.length > 0 ? 'stopped' : s.formatsInBuffer > 0 ? 'processing' : 'idle',
        reasons,
        queued: s.formatsInBuffer,
      };
    } catch (err) {
      return { ready: false, state: 'offline', reasons: ['offline'], detail: `${this.address}: ${(err as Error).message}` };
    }
  }

  async submit(doc: PrintDocument): Promise<{ ref: string }> {
    const marker = markerName(doc.key);
    const parts =
      doc.format === 'application/vnd.zebra-zpl'
        ? [
            Buffer.from(`^XA^ID${MARKER_DRIVE}:WG*.ZPL^FS^XZ\n`, 'latin1'),
            doc.data,
            Buffer.from(`\n^XA^DF${MARKER_DRIVE}:${marker}^FS^XZ\n`, 'latin1'),
          ]
        : [doc.data];
    await this.exchange(Buffer.concat(parts));
    return { ref: marker };
  }

  async jobState(_ref: string): Promise<JobProgress> {
    const s = await this.status();
    if (s.state === 'offline') return { state: 'unknown', ...(s.detail ? { detail: s.detail } : {}) };
    // The label is still in the printer (held by a fault or printing): it will print there.
    if ((s.queued ?? 0) > 0) return { state: 'pending', ...(s.reasons.length ? { detail: s.reasons.join(', ') } : {}) };
    return { state: 'done' };
  }

  async findJob(key: string): Promise<{ ref: string } | null> {
    const text = await this.exchange(Buffer.from(`^XA^HW${MARKER_DRIVE}:WG*.ZPL^XZ`, 'latin1'), (t) => t.includes('\x03'));
    const marker = markerName(key);
    return parseDirectoryListing(text).includes(marker) ? { ref: marker } : null;
  }

  async close(): Promise<void> {
    // No connection is kept between operations.
  }
}
