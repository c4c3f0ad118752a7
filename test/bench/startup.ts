/**
 * npm run bench:startup — how long the demo takes from `warehouse-gateway start` to ready,
 * and its memory at idle. Prints medians of several runs (the machine is shared and noisy).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { tempDir } from '../helpers/tmp.ts';
import { startGatewayProcess } from '../helpers/gateway-process.ts';
import { PACKAGE_ROOT } from '../../gateway/config/load.ts';

const RUNS = Number(process.env.RUNS ?? 5);
const demo = path.join(PACKAGE_ROOT, 'firmware-configs', 'sites', 'demo.yaml');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const kb = (pid: number, key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);

const wall: number[] = [];
const inside: number[] = [];
const rss: number[] = [];
const hwm: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const t = tempDir('wg-bench-');
  const started = performance.now();
  // First run of each folder: migrations and the demo seed are included, as for a newcomer.
  const gw = await startGatewayProcess(demo, [`dataDir=${t.dir}`, 'api.listen=127.0.0.1:0', 'bus.listen=127.0.0.1:0']);
  wall.push(performance.now() - started);
  inside.push(gw.readyMs);
  await new Promise((r) => setTimeout(r, 3000)); // idle
  const pid = gw.proc.pid as number;
  rss.push(kb(pid, 'VmRSS') / 1024);
  hwm.push(kb(pid, 'VmHWM') / 1024);
  await gw.stop();
  t.cleanup();
}
console.log(`demo start, ${RUNS} runs (median):`);
console.log(`  exec -> ready (process start, module load, store, broker, API): ${median(wall).toFixed(0)} ms  [${wall.map((x) => x.toFixed(0)).join(', ')}]`);
console.log(`  config loaded -> ready (inside the process):                    ${median(inside).toFixed(0)} ms`);
console.log(`  RSS at idle after 3 s: ${median(rss).toFixed(1)} MB; peak RSS (VmHWM): ${median(hwm).toFixed(1)} MB`);
