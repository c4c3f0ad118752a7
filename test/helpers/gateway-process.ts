/**
 * Run the real gateway as a user does (`bin/warehouse-gateway.js start`), on port 0, and
 * learn its addresses from its "gateway ready" log line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createServer } from 'node:net';
import { PACKAGE_ROOT } from '../../gateway/config/load.ts';

export const BIN = path.join(PACKAGE_ROOT, 'bin', 'warehouse-gateway.js');

export interface RunningGateway {
  proc: ChildProcess;
  api: string;
  bus: string;
  readyMs: number;
  /** Every stdout line so far (JSON log lines) */
  lines: string[];
  stderr: () => string;
  /** Send a signal and wait for the exit code */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startGatewayProcess(configFile: string, set: string[] = [], env: Record<string, string> = {}, command: 'start' | 'demo' = 'start'): Promise<RunningGateway> {
  const args = [BIN, command, '--config', configFile, '--set', 'log.format=json', '--set', 'log.level=info', ...set.flatMap((s) => ['--set', s])];
  const proc = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  let buf = '';
  const ready = new Promise<{ api: string; bus: string; readyMs: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway not ready in 20 s\nstdout:\n${lines.join('\n')}\nstderr:\n${err}`)), 20_000);
    proc.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        lines.push(line);
        try {
          const j = JSON.parse(line) as { msg?: string; api?: string; bus?: string; readyMs?: number };
          if (j.msg === 'gateway ready' && j.api && j.bus) {
            clearTimeout(timer);
            resolve({ api: j.api, bus: j.bus, readyMs: j.readyMs ?? -1 });
          }
        } catch {
          /* not JSON */
        }
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code} before it was ready\nstdout:\n${lines.join('\n')}\nstderr:\n${err}`));
    });
  });
  const { api, bus, readyMs } = await ready;
  return {
    proc,
    api,
    bus,
    readyMs,
    lines,
    stderr: () => err,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode;
      const exited = once(proc, 'exit');
      proc.kill(signal);
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}

/** Run the CLI to completion. */
export async function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const [code] = (await once(proc, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

/** A free TCP port on 127.0.0.1 (for peers that cannot take port 0, like mosquitto). */
export async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}
