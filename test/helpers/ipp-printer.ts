/**
 * Real IPP printers for tests: Debian's `ippeveprinter` (package cups-ipp-utils), following
 * ../shared/reference/PEERS.md: it will not start without DNS-SD, so each test file starts a
 * private D-Bus and an avahi-daemon bound to no interface (nothing is broadcast), then any
 * number of printers on explicit free ports. Every printer runs a small job script that
 * "prints" by copying the document to its printed/ folder (without a script ippeveprinter
 * spends 5-15 s on each job). Faults: kill (offline), SIGSTOP (hung), restart.
 * Measured with CUPS 2.4.2: a job the script aborts (exit 1, `STATE: +media-empty` on
 * stderr) leaves the printer's state reasons empty and the next job stuck in processing, so
 * tests do not use aborted jobs. Call `stop()` at the end of the file: it kills every daemon
 * it started.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { freePort } from './gateway-process.ts';

const BINARIES = ['ippeveprinter', 'avahi-daemon', 'dbus-daemon'];

/** Why IPP tests cannot run here, or undefined when they can. */
export function ippUnavailableReason(): string | undefined {
  const missing = BINARIES.filter((b) => spawnSync('sh', ['-c', `command -v ${b} || test -x /usr/sbin/${b}`]).status !== 0);
  return missing.length ? `needs ${missing.join(', ')} (apt-get install cups-ipp-utils avahi-daemon dbus)` : undefined;
}

const bin = (name: string) => (existsSync(`/usr/sbin/${name}`) ? `/usr/sbin/${name}` : name);

export interface IppPrinter {
  name: string;
  port: number;
  url: string;
  dir: string;
  proc: ChildProcess;
  /** Documents printed successfully, oldest first */
  printed(): { file: string; data: Buffer }[];
  stderr(): string;
  /** SIGSTOP / SIGCONT: a hung printer */
  hang(on: boolean): void;
  /** SIGKILL: the printer is gone (offline) */
  kill(): Promise<void>;
  /** Start it again on the same port (jobs it knew are forgotten, as on a power cycle) */
  restart(): Promise<void>;
}

export interface IppStack {
  dir: string;
  env: NodeJS.ProcessEnv;
  printer(name: string): Promise<IppPrinter>;
  stop(): Promise<void>;
}

async function waitPort(port: number, proc: ChildProcess, log: () => string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`exited before listening: ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`not listening on ${port} after ${ms} ms: ${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function kill(proc: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGCONT'); // a hung (SIGSTOPped) printer would never see SIGTERM
  proc.kill(signal);
  const timer = setTimeout(() => proc.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

export async function startIppStack(dir: string): Promise<IppStack> {
  mkdirSync(dir, { recursive: true });
  const sock = path.join(dir, 'dbus.sock');
  // dbus-daemon --fork prints its pid; we kill it by that pid at the end.
  const dbus = spawnSync('dbus-daemon', ['--session', `--address=unix:path=${sock}`, '--fork', '--print-pid'], { encoding: 'utf8' });
  if (dbus.status !== 0) throw new Error(`dbus-daemon failed: ${dbus.stderr}`);
  const dbusPid = Number(dbus.stdout.trim().split('\n')[0]);
  const env = { ...process.env, DBUS_SYSTEM_BUS_ADDRESS: `unix:path=${sock}` };
  writeFileSync(
    path.join(dir, 'avahi.conf'),
    [
      '[server]',
      'use-ipv6=no',
      'allow-interfaces=nonexistent0',
      'deny-interfaces=eth0,lo',
      'enable-dbus=yes',
      '[wide-area]',
      'enable-wide-area=no',
      '[publish]',
      'publish-addresses=no',
      'publish-hinfo=no',
      'publish-workstation=no',
      'publish-domain=no',
      '',
    ].join('\n'),
  );
  const stopDbus = () => {
    try {
      process.kill(dbusPid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  // avahi-daemon keeps its pid file in /run/avahi-daemon and refuses to start twice, so two
  // test files at once would collide: as root, give each its own /run/avahi-daemon in a
  // private mount namespace.
  const avahiArgs = ['-f', path.join(dir, 'avahi.conf'), '--no-drop-root', '--no-chroot', '--no-rlimits'];
  const privateRun = path.join(dir, 'avahi-run');
  mkdirSync(privateRun, { recursive: true });
  const isolate = process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v unshare']).status === 0;
  const avahi = isolate
    ? spawn('unshare', ['--mount', 'sh', '-c', `mkdir -p /run/avahi-daemon && mount --bind "$0" /run/avahi-daemon && exec "$@"`, privateRun, bin('avahi-daemon'), ...avahiArgs], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      })
    : spawn(bin('avahi-daemon'), avahiArgs, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let avahiLog = '';
  avahi.stdout?.on('data', (d: Buffer) => (avahiLog += d.toString()));
  avahi.stderr?.on('data', (d: Buffer) => (avahiLog += d.toString()));
  const deadline = Date.now() + 5000;
  while (!/Server startup complete/.test(avahiLog)) {
    if (avahi.exitCode !== null) {
      stopDbus();
      throw new Error(`avahi-daemon exited: ${avahiLog}`);
    }
    if (Date.now() > deadline) break; // it may still work; ippeveprinter will tell
    await new Promise((r) => setTimeout(r, 50));
  }
  const printers: IppPrinter[] = [];

  const printer = async (name: string): Promise<IppPrinter> => {
    const pdir = path.join(dir, name);
    const spool = path.join(pdir, 'spool');
    const printedDir = path.join(pdir, 'printed');
    mkdirSync(spool, { recursive: true });
    mkdirSync(printedDir, { recursive: true });
    const script = path.join(pdir, 'job.sh');
    // ippeveprinter runs this on each job with the document's path.
    writeFileSync(script, `#!/bin/sh\ncp "$1" "${printedDir}/$(date +%s%N)-$(basename "$1")"\n`);
    chmodSync(script, 0o755);
    const port = await freePort();
    let log = '';
    let proc!: ChildProcess;
    const launch = async () => {
      proc = spawn(
        bin('ippeveprinter'),
        ['-n', 'localhost', '-p', String(port), '-d', spool, '-k', '-c', script, '-f', 'application/pdf,text/plain,application/octet-stream', '-M', 'Acme', '-m', 'Label', name],
        { env, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      proc.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-20_000)));
      await waitPort(port, proc, () => log);
    };
    await launch();
    const p: IppPrinter = {
      name,
      port,
      url: `ipp://localhost:${port}/ipp/print`,
      dir: pdir,
      get proc() {
        return proc;
      },
      printed() {
        return readdirSync(printedDir)
          .sort()
          .map((f) => ({ file: f, data: readFileSync(path.join(printedDir, f)) }));
      },
      stderr: () => log,
      hang: (on) => void proc.kill(on ? 'SIGSTOP' : 'SIGCONT'),
      kill: () => kill(proc, 'SIGKILL'),
      restart: launch,
    };
    printers.push(p);
    return p;
  };

  return {
    dir,
    env,
    printer,
    async stop() {
      for (const p of printers) await kill(p.proc);
      await kill(avahi);
      stopDbus();
    },
  };
}
