/**
 * npm run bench:bridge: drain rate of a 1,000,000-event outbox backlog from the real gateway
 * process to the ERP simulator process over loopback, and the gateway's peak memory.
 * Targets (issue 4): >= 20,000 events/s, peak RSS < 200 MB. Prints figures; asserts nothing.
 *
 *   BENCH_EVENTS=1000000   backlog size
 *   BENCH_BATCH=1000       cloud.batchSize
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/tmp.ts';
import { startGatewayProcess } from '../helpers/gateway-process.ts';
import { Store } from '../../gateway/store/store.ts';
import { startErpProcess, writeCloudSite, until } from '../integration/cloud-support.ts';

const N = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 1000);

function procMem(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

const t = tempDir('wg-bench-bridge-');
const sim = await startErpProcess(['--no-data']);
try {
  const site = writeCloudSite(t.dir, sim.url, { batchSize: BATCH, batchDelayMs: 0, retryInitialMs: 100, retryMaxMs: 2000, syncIntervalS: 3600, timeoutMs: 30_000 });

  // The backlog: what a site commits in days offline (a typical small event payload).
  let t0 = performance.now();
  const store = Store.open(path.join(t.dir, 'data'), { site: 'it-wh', gatewayId: 'gw1' });
  for (let done = 0; done < N; ) {
    const n = Math.min(50_000, N - done);
    store.transact((tx) => {
      for (let i = 0; i < n; i++) {
        tx.emit({ type: 'rfid.transit', data: { door: 'D3', epc: `3034257BF7194E4${String(done + i).padStart(9, '0')}`, direction: 'out', reads: 7 } });
      }
    });
    done += n;
  }
  // The bus saw these events when they were committed; only the ERP link was down.
  store.db.prepare('UPDATE outbox SET published_at = created_at').run();
  store.close();
  console.log(`backlog: ${N.toLocaleString()} events committed in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // The gateway starts with the backlog; the forwarder begins at once.
  t0 = performance.now();
  const gw = await startGatewayProcess(site);
  const pid = gw.proc.pid as number;
  let peakSampled = 0;
  let last = 0;
  let lastAt = t0;
  await until(
    'the backlog to drain',
    async () => {
      const s = await sim.stats();
      peakSampled = Math.max(peakSampled, procMem(pid).rssMb);
      const now = performance.now();
      if (now - lastAt >= 5000) {
        const h = (await (await fetch(`${gw.api}/health`)).json()) as { process: { heap_used_bytes: number } };
        console.log(
          `  ${s.unique.toLocaleString()} delivered, ${(((s.unique - last) / (now - lastAt)) * 1000).toFixed(0)} events/s, gateway RSS ${procMem(pid).rssMb.toFixed(0)} MB (JS heap used ${(h.process.heap_used_bytes / 1048576).toFixed(0)} MB)`,
        );
        last = s.unique;
        lastAt = now;
      }
      return s.unique >= N;
    },
    30 * 60_000,
    250,
  );
  const seconds = (performance.now() - t0) / 1000;
  const mem = procMem(pid);
  const simMem = procMem(sim.proc.pid as number);
  const stats = await sim.stats();
  await gw.stop('SIGTERM');
  const rate = N / seconds;
  console.log('');
  console.log(`drain: ${N.toLocaleString()} events in ${seconds.toFixed(1)} s (from process start, batch ${BATCH}) = ${Math.round(rate).toLocaleString()} events/s   target >= 20,000: ${rate >= 20_000 ? 'met' : 'NOT met'}`);
  console.log(`gateway peak RSS (VmHWM): ${mem.peakMb.toFixed(0)} MB (sampled max ${peakSampled.toFixed(0)} MB)   target < 200 MB: ${mem.peakMb < 200 ? 'met' : 'NOT met'}`);
  console.log(`simulator: ${stats.posts.toLocaleString()} POSTs, ${stats.unique.toLocaleString()} unique, ${stats.duplicates} duplicates, gaps ${stats.streams['it-wh/gw1']?.missing}, RSS ${simMem.rssMb.toFixed(0)} MB`);
} finally {
  await sim.stop();
  t.cleanup();
}
