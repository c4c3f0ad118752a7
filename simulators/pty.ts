/**
 * A pty pair made by socat (Debian package `socat`): two symlinks, one end for the device
 * under test and one for the simulator. Stopping socat removes both ends, exactly like pulling
 * a USB-serial adapter: the driver's open port fails (EIO / disconnected) and the path is gone
 * until `start()` makes it again. Baud rate and parity are ignored on a pty.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, lstatSync, unlinkSync } from 'node:fs';
import { once } from 'node:events';

export function socatAvailable(): boolean {
  const r = spawnSync('socat', ['-V'], { stdio: 'ignore' });
  return r.error === undefined && r.status === 0;
}

export const SOCAT_MISSING = 'socat is not installed (apt-get install socat): serial tests need a pty pair';

export class PtyPair {
  private proc: ChildProcess | undefined;
  private stderr = '';

  /** `device`: the path the driver opens; `sim`: the path the simulator opens. */
  constructor(
    readonly device: string,
    readonly sim: string,
  ) {}

  get running(): boolean {
    return this.proc !== undefined;
  }

  async start(timeoutMs = 5000): Promise<void> {
    if (this.proc) return;
    for (const p of [this.device, this.sim]) removeStaleLink(p);
    this.stderr = '';
    const proc = spawn('socat', [`pty,raw,echo=0,link=${this.device}`, `pty,raw,echo=0,link=${this.sim}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    proc.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.proc = proc;
    const failed = new Promise<never>((_, reject) => {
      proc.once('error', (err) => reject(new Error(`socat: ${err.message}`)));
      proc.once('exit', (code) => reject(new Error(`socat exited (${code}) before the pty pair was ready: ${this.stderr.trim()}`)));
    });
    failed.catch(() => {});
    const deadline = Date.now() + timeoutMs;
    try {
      while (!(existsSync(this.device) && existsSync(this.sim))) {
        if (Date.now() > deadline) throw new Error(`socat did not create ${this.device} and ${this.sim} in ${timeoutMs} ms: ${this.stderr.trim()}`);
        await Promise.race([new Promise((r) => setTimeout(r, 10)), failed]);
      }
    } catch (err) {
      this.proc = undefined;
      proc.kill('SIGKILL');
      throw err;
    }
    proc.once('exit', () => {
      if (this.proc === proc) this.proc = undefined;
    });
  }

  /** Remove the pair (both ends vanish). */
  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc) return;
    this.proc = undefined;
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = once(proc, 'exit');
      proc.kill('SIGTERM');
      await exited;
    }
    for (const p of [this.device, this.sim]) removeStaleLink(p);
  }
}

function removeStaleLink(p: string): void {
  try {
    if (lstatSync(p).isSymbolicLink()) unlinkSync(p);
  } catch {
    /* absent */
  }
}
