/**
 * A private Mosquitto broker for end-to-end tests (Debian's mosquitto 2.0), on 127.0.0.1,
 * with a password file. See ../shared/reference/PEERS.md for its gotchas: run as root it
 * drops to user `mosquitto`, which must be able to read the password file.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { connect } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';

export function mosquittoAvailable(): boolean {
  return spawnSync('mosquitto', ['-h']).error === undefined && spawnSync('mosquitto_passwd', ['-h']).error === undefined;
}

export interface Mosquitto {
  port: number;
  url: string;
  proc: ChildProcess;
  log: () => string;
  stop(): Promise<void>;
}

export function writeMosquittoConfig(dir: string, port: number, users: Record<string, string>): string {
  const pw = path.join(dir, 'passwd');
  writeFileSync(pw, '');
  for (const [u, p] of Object.entries(users)) {
    const r = spawnSync('mosquitto_passwd', ['-b', pw, u, p]);
    if (r.status !== 0) throw new Error(`mosquitto_passwd failed: ${r.stderr.toString()}`);
  }
  if (userInfo().uid === 0) {
    const id = spawnSync('id', ['-u', 'mosquitto']).stdout.toString().trim();
    const gid = spawnSync('id', ['-g', 'mosquitto']).stdout.toString().trim();
    if (id) chownSync(pw, Number(id), Number(gid));
    chmodSync(dir, 0o755); // mkdtemp makes it 0700: the broker's user must reach the file
  }
  const conf = path.join(dir, 'mosquitto.conf');
  writeFileSync(conf, [`listener ${port} 127.0.0.1`, 'allow_anonymous false', `password_file ${pw}`, 'persistence false', 'log_dest stderr', 'log_type error', 'log_type warning', 'log_type notice', ''].join('\n'));
  return conf;
}

export async function startMosquitto(conf: string, port: number): Promise<Mosquitto> {
  const proc = spawn('mosquitto', ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const deadline = Date.now() + 5000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`mosquitto exited: ${log}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`mosquitto did not listen on ${port}: ${log}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    proc,
    log: () => log,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = once(proc, 'exit');
      proc.kill('SIGTERM');
      await exited;
    },
  };
}
