/**
 * The plumbing every serial device simulator shares: a socat pty pair (simulators/pty.ts)
 * whose device end is `link` (what a driver opens), the simulator's own end opened with the
 * drivers' serial binding, and unplug / replug (the pair vanishes and comes back).
 */
import { nodeSerialBinding, type SerialBinding, type SerialConnection } from '../drivers/serial/serial-binding.ts';
import { PtyPair } from './pty.ts';

export interface PtySimOptions {
  /** the device path the driver opens (a symlink made by socat) */
  link: string;
  binding?: SerialBinding;
  onData?(chunk: Uint8Array): void;
}

export class PtySim {
  readonly pty: PtyPair;
  private conn: SerialConnection | undefined;
  private readonly binding: SerialBinding;
  plugged = false;
  written = 0;

  constructor(private readonly opts: PtySimOptions) {
    this.pty = new PtyPair(opts.link, `${opts.link}.sim`);
    this.binding = opts.binding ?? nodeSerialBinding();
  }

  /** Create the pair and open the simulator's end ("plug the cable in"). */
  async plug(): Promise<void> {
    if (this.plugged) return;
    await this.pty.start();
    this.conn = await this.binding.open(
      { path: this.pty.sim, baudRate: 9600 },
      {
        onData: (chunk) => this.opts.onData?.(chunk),
        onLost: () => {
          this.conn = undefined;
        },
      },
    );
    this.plugged = true;
  }

  /** Remove the pair: the driver's port breaks and its path disappears ("pull the cable"). */
  async unplug(): Promise<void> {
    if (!this.plugged) return;
    this.plugged = false;
    const c = this.conn;
    this.conn = undefined;
    await c?.close().catch(() => {});
    await this.pty.stop();
  }

  /** Send bytes to the driver; dropped (like on a real line) when unplugged. */
  async send(bytes: Uint8Array): Promise<boolean> {
    const c = this.conn;
    if (!c) return false;
    try {
      await c.write(bytes);
      this.written += bytes.length;
      return true;
    } catch {
      return false;
    }
  }
}
