/**
 * Helpers for the cloud bridge process tests: the ERP simulator run as a user runs it
 * (`warehouse-gateway sim cloud-erp --port 0`), its control API, and a site config that
 * points the gateway at it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { BIN } from '../helpers/gateway-process.ts';
import { writeSite } from '../helpers/site.ts';

export const ERP_TOKEN = 'it-erp-token-1';

export interface ErpProcess {
  url: string;
  proc: ChildProcess;
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  stats(): Promise<ErpStats>;
  received(): Promise<{ id: string; seq: number; type: string; data?: unknown }[]>;
  faults(f: Record<string, unknown>): Promise<void>;
  stop(): Promise<void>;
}

export interface ErpStats {
  posts: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  dropped_connections: number;
  unique: number;
  streams: Record<string, { count: number; max_seq: number; missing: number; out_of_order: number; seq_repeats: number }>;
}

export async function startErpProcess(args: string[] = []): Promise<ErpProcess> {
  const proc = spawn(process.execPath, [BIN, 'sim', 'cloud-erp', '--port', '0', '--token', ERP_TOKEN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`the ERP simulator did not start: ${err}`)), 15_000);
    proc.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(buf);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.once('exit', (code) => (clearTimeout(timer), reject(new Error(`the ERP simulator exited with ${code}: ${err}`))));
  });
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${ERP_TOKEN}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    url,
    proc,
    call,
    stats: () => call<ErpStats>('GET', '/api/v1/_stats'),
    async received() {
      const out: { id: string; seq: number; type: string; data?: unknown }[] = [];
      let after: number | null = 0;
      while (after !== null) {
        const page: { items: { id: string; seq: number; type: string }[]; next_after: number | null } = await call('GET', `/api/v1/_received?after=${after}&limit=50000`);
        out.push(...page.items);
        after = page.next_after;
      }
      return out;
    },
    async faults(f) {
      await call('POST', '/api/v1/_faults', f);
    },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = once(proc, 'exit');
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

export interface CloudTuning {
  batchSize?: number;
  batchDelayMs?: number;
  retryInitialMs?: number;
  retryMaxMs?: number;
  syncIntervalS?: number;
  timeoutMs?: number;
}

/** The test site of ../helpers/site.ts, forwarding to `erpUrl` with small backoff settings. */
export function writeCloudSite(dir: string, erpUrl: string, t: CloudTuning = {}, extra = ''): string {
  const cloud = {
    baseUrl: erpUrl,
    token: ERP_TOKEN,
    batchSize: t.batchSize ?? 100,
    batchDelayMs: t.batchDelayMs ?? 20,
    retryInitialMs: t.retryInitialMs ?? 50,
    retryMaxMs: t.retryMaxMs ?? 400,
    syncIntervalS: t.syncIntervalS ?? 3600,
    timeoutMs: t.timeoutMs ?? 5000,
  };
  return writeSite(dir, { extra: `cloud: ${JSON.stringify(cloud)}\n${extra}` });
}

export async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
