/**
 * Keeps one serial port open: opens it, and when it disappears (USB-serial adapter pulled, pty
 * gone) reopens it with capped exponential backoff and jitter, reset after success
 * (DESIGN §9.4). It knows nothing of protocols: bytes in, bytes out, up and down callbacks.
 */
import type { Logger } from 'pino';
import { Backoff, type BackoffOptions } from '../backoff.ts';
import type { SerialBinding, SerialConnection, SerialOpenOptions } from './serial-binding.ts';

export interface SerialLinkOptions {
  binding: SerialBinding;
  port: SerialOpenOptions;
  log: Logger;
  /** Default: 100 ms doubling to 3 s: a replugged cable is noticed within a few seconds. */
  backoff?: BackoffOptions;
  onData(chunk: Uint8Array): void;
  /** The port is open (first time or again). */
  onUp(): void;
  /** The port was lost, or cannot be opened; `reason` is for people. Called once per outage and when the reason changes. */
  onDown(reason: string): void;
}

const errorText = (err: unknown): string => {
  const e = err as { code?: string; message?: string };
  return e?.message ?? String(err);
};

export class SerialLink {
  private conn: SerialConnection | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private lastDown: string | undefined;
  private readonly backoff: Backoff;
  /** how many times the port was opened (1 after the first open) */
  opens = 0;

  constructor(private readonly opts: SerialLinkOptions) {
    this.backoff = new Backoff({ initialMs: 100, maxMs: 3000, ...opts.backoff });
  }

  get isOpen(): boolean {
    return this.conn !== undefined;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.attempt();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const c = this.conn;
    this.conn = undefined;
    if (c) await c.close().catch(() => {});
  }

  async write(data: Uint8Array): Promise<void> {
    const c = this.conn;
    if (!c) throw new Error(`serial port ${this.opts.port.path} is not open`);
    await c.write(data);
  }

  private async attempt(): Promise<void> {
    this.timer = undefined;
    if (this.stopped) return;
    const { port, log } = this.opts;
    try {
      const conn = await this.opts.binding.open(port, {
        onData: (chunk) => {
          if (this.conn === conn) this.opts.onData(chunk);
        },
        onLost: (err) => {
          if (this.conn !== conn) return;
          this.conn = undefined;
          log.warn({ path: port.path, err: errorText(err) }, 'serial: port lost; reopening');
          this.down(`port ${port.path} lost (${errorText(err)}); reopening`);
          this.schedule();
        },
      });
      if (this.stopped) {
        await conn.close().catch(() => {});
        return;
      }
      this.conn = conn;
      this.opens++;
      this.lastDown = undefined;
      this.backoff.reset();
      log.info({ path: port.path, baudRate: port.baudRate, opens: this.opens }, 'serial: port open');
      this.opts.onUp();
    } catch (err) {
      if (this.stopped) return;
      this.down(`cannot open ${port.path}: ${errorText(err)}`);
      this.schedule();
    }
  }

  private down(reason: string): void {
    // One report per outage and per new reason, not one per retry.
    const key = reason.replace(/; reopening$/, '');
    if (this.lastDown === key) return;
    const first = this.lastDown === undefined;
    this.lastDown = key;
    if (!first) this.opts.log.debug({ reason }, 'serial: still down');
    this.opts.onDown(reason);
  }

  private schedule(): void {
    if (this.stopped || this.timer) return;
    const delay = this.backoff.next();
    this.opts.log.debug({ path: this.opts.port.path, delayMs: delay, attempt: this.backoff.attempts }, 'serial: retrying');
    this.timer = setTimeout(() => void this.attempt(), delay);
  }
}
