/**
 * npm run bench:llrp — LLRP tag report throughput. Prints figures (medians); asserts nothing.
 *
 * 1. Decoding corpora of RO_ACCESS_REPORTs with 1 and with 100 tags per report (each tag:
 *    EPC-96, antenna, peak RSSI, first and last seen, seen count: 43 bytes), with the generic
 *    codec and with the hot-path decoder (fast-report.ts), alone and with the objects for the bus.
 * 2. End to end: the simulated reader in its own process (`sim llrp-reader`, a flood of reads)
 *    -> TCP -> LLRP client -> device host -> embedded broker -> a subscriber, in reads/s
 *    delivered, with the peak RSS of the gateway side.
 *
 *   npm run bench:llrp [-- --runs 7 --seconds 4 --rates 50000,100000,130000 --skip-e2e]
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import { pino } from 'pino';
import { decodeMessage } from '../../drivers/llrp/decode.ts';
import { TagReadBatch, decodeTagReport, encodeTagReport } from '../../drivers/llrp/fast-report.ts';
import { startEmbeddedBroker } from '../../gateway/bus/broker.ts';
import { BusClient } from '../../gateway/bus/client.ts';
import { topicsFor } from '../../gateway/bus/topics.ts';
import type { DeviceConfig } from '../../gateway/config/schema.ts';
import { DeviceHost } from '../../gateway/services/device-host.ts';
import { BIN } from '../helpers/gateway-process.ts';
import { tempDir } from '../helpers/tmp.ts';

const { values: opt } = parseArgs({ options: { runs: { type: 'string' }, seconds: { type: 'string' }, rates: { type: 'string' }, 'skip-e2e': { type: 'boolean' } } });
const RUNS = Number(opt.runs ?? 7);
const SECONDS = Number(opt.seconds ?? 4);
const RATES = (opt.rates ?? '50000,100000,130000').split(',').map(Number);
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

function corpus(tagsPerReport: number, reports: number): Buffer[] {
  const out: Buffer[] = [];
  for (let r = 0; r < reports; r++) {
    const reads = [];
    for (let i = 0; i < tagsPerReport; i++) {
      const n = r * tagsPerReport + i;
      reads.push({
        epc: `30340c0ffee0${n.toString(16).padStart(12, '0')}`,
        antenna: 1 + (n % 4),
        rssi: -40 - (n % 30),
        firstSeenUs: 1_700_000_000_000_000 + n,
        lastSeenUs: 1_700_000_000_100_000 + n,
        seenCount: 1 + (n % 7),
      });
    }
    out.push(encodeTagReport(r + 1, reads));
  }
  return out;
}

/** Tag reads per second of `fn` over `frames`, median of RUNS runs of >= 300 ms each. */
function rate(frames: Buffer[], tags: number, fn: (f: Buffer) => void): number {
  const pass = () => {
    for (const f of frames) fn(f);
  };
  for (let i = 0; i < 3; i++) pass(); // warm up
  const runs: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    let iters = 0;
    const t0 = process.hrtime.bigint();
    let ns = 0;
    do {
      pass();
      iters++;
      ns = Number(process.hrtime.bigint() - t0);
    } while (ns < 300e6);
    runs.push((iters * tags) / (ns / 1e9));
  }
  return median(runs);
}

function decodeBench(): void {
  console.log(`node ${process.version}, ${RUNS} runs, medians\n\nDecoding RO_ACCESS_REPORTs (43 bytes per tag), tag reads/s:`);
  console.log(`  ${'corpus'.padEnd(22)} ${'generic'.padStart(12)} ${'fast'.padStart(12)} ${'fast+objects'.padStart(14)}  MB/s (fast)`);
  const batch = new TagReadBatch();
  let sink = 0;
  for (const [tags, reports] of [[1, 20_000], [100, 200]] as const) {
    const frames = corpus(tags, reports);
    const total = tags * reports;
    const bytes = frames.reduce((n, f) => n + f.length, 0);
    const generic = rate(frames, total, (f) => {
      sink += (decodeMessage(f).TagReportData as unknown[]).length;
    });
    const fast = rate(frames, total, (f) => {
      sink += decodeTagReport(f, batch);
    });
    const objects = rate(frames, total, (f) => {
      decodeTagReport(f, batch);
      sink += batch.toReads().length;
    });
    const mbs = (fast / total) * bytes / 1e6;
    console.log(`  ${`${tags} tag${tags > 1 ? 's' : ''} per report`.padEnd(22)} ${fmt(generic).padStart(12)} ${fmt(fast).padStart(12)} ${fmt(objects).padStart(14)}  ${mbs.toFixed(0)}`);
  }
  if (sink < 0) console.log(sink);
}

async function endToEnd(): Promise<void> {
  console.log(`\nEnd to end: sim llrp-reader (own process) -> TCP -> client -> device host -> embedded broker -> subscriber`);
  const log = pino({ level: 'silent' });
  const t = tempDir('wg-bench-llrp-');
  try {
    mkdirSync(path.join(t.dir, 'profiles', 'rfid'), { recursive: true });
    writeFileSync(path.join(t.dir, 'profiles', 'rfid', 'bench.yaml'), 'protocol: llrp\nantennas: [1, 2, 3, 4]\nreportEveryTags: 100\nreportEveryMs: 0\nkeepaliveMs: 5000\n');
    for (const offered of RATES) {
      const scenario = path.join(t.dir, `flood-${offered}.yaml`);
      writeFileSync(scenario, `scenes:\n  - { kind: flood, readsPerSec: ${offered}, tags: 100000 }\n`);
      const sim = spawn(process.execPath, [BIN, 'sim', 'llrp-reader', '--port', '0', '--scenario', scenario], { stdio: ['ignore', 'pipe', 'inherit'] });
      const port = await new Promise<number>((resolve, reject) => {
        let out = '';
        sim.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on [\d.]+:(\d+)/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        sim.once('exit', () => reject(new Error(`simulator exited: ${out}`)));
      });
      const topics = topicsFor('bench');
      const broker = await startEmbeddedBroker({ host: '127.0.0.1', port: 0, allowAnonymous: 'yes', topics, log, users: [] });
      const bus = new BusClient({ url: broker.url, clientId: 'gw', log });
      await bus.waitConnected();
      const sub = await mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
      let reads = 0;
      let messages = 0;
      sub.on('message', (_t, payload) => {
        messages++;
        reads += (JSON.parse(payload.toString()) as { reads: unknown[] }).reads.length;
      });
      await sub.subscribeAsync(topics.rfidReads('r1'), { qos: 1 });
      const device = { id: 'r1', kind: 'rfid-reader', profile: 'rfid/bench', enabled: true, daemon: 'in-process', connection: { host: '127.0.0.1', port, tls: false } } as DeviceConfig;
      const host = new DeviceHost({ devices: [device], profilesDir: path.join(t.dir, 'profiles'), bus, topics, log });
      await host.start();
      await new Promise((r) => setTimeout(r, 1500)); // connect, install, warm up
      const samples: number[] = [];
      for (let s = 0; s < SECONDS; s++) {
        const r0 = reads;
        const t0 = process.hrtime.bigint();
        await new Promise((r) => setTimeout(r, 1000));
        samples.push((reads - r0) / (Number(process.hrtime.bigint() - t0) / 1e9));
      }
      const rss = process.resourceUsage().maxRSS / 1024;
      await host.stop();
      await sub.endAsync(true);
      await bus.close();
      await broker.close();
      sim.kill('SIGTERM');
      await new Promise((r) => sim.once('exit', r));
      console.log(`  offered ${fmt(offered).padStart(9)} reads/s: delivered ${fmt(median(samples)).padStart(9)} reads/s (median of ${SECONDS} 1-s samples), ${fmt(messages)} bus messages, peak RSS ${rss.toFixed(0)} MB (client + broker + subscriber)`);
    }
  } finally {
    t.cleanup();
  }
}

decodeBench();
if (!opt['skip-e2e']) await endToEnd();
