/** A serial barcode scanner on a pty: sends each code then its terminator; unplug / replug. */
import { PtySim } from '../pty-sim.ts';

export interface ScannerSimOptions {
  link: string;
  /** default "\r" */
  terminator?: string;
}

export class ScannerSimulator {
  private readonly sim: PtySim;
  scans = 0;

  constructor(private readonly opts: ScannerSimOptions) {
    this.sim = new PtySim({ link: opts.link });
  }

  get plugged(): boolean {
    return this.sim.plugged;
  }

  start(): Promise<void> {
    return this.sim.plug();
  }

  plug(): Promise<void> {
    return this.sim.plug();
  }

  unplug(): Promise<void> {
    return this.sim.unplug();
  }

  stop(): Promise<void> {
    return this.sim.unplug();
  }

  /** Send one code (latin1, GS as 0x1D). False when unplugged: the beep nobody hears. */
  async scan(code: string): Promise<boolean> {
    const text = code + (this.opts.terminator ?? '\r');
    const ok = await this.sim.send(Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff));
    if (ok) this.scans++;
    return ok;
  }
}
