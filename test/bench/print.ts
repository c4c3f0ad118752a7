/**
 * npm run bench:print: per-job cost of label printing with 10 printers (3 carriers).
 *   submit   = carrier assignment + waybill + routing to the least busy healthy printer +
 *              the SQLite commit (WAL, synchronous FULL) of the job and its outbox event
 *   dispatch = from submit's return to the label's bytes handed to the printer's socket
 *              (status check + "sending" commit + render + raw 9100 write), ZPL simulators,
 *              measured one label at a time on an idle line; then a burst for throughput
 * Printers are ZPL simulators on 127.0.0.1 that print instantly, so the figures are the
 * gateway's own overhead. Target: p99 under 10 ms. Prints p50/p99; never asserts.
 */
import path from 'node:path';
import pino from 'pino';
import { Store } from '../../gateway/store/store.ts';
import { PrintService, ShipmentBody, type PrinterEntry } from '../../gateway/services/print-service.ts';
import { loadTemplates } from '../../gateway/services/print-setup.ts';
import { RawTransport } from '../../drivers/printers/raw-transport.ts';
import type { PrintDocument, PrinterTransport } from '../../drivers/printers/transport.ts';
import { ZplPrinterSim } from '../../simulators/zpl-printer/printer.ts';
import { PACKAGE_ROOT } from '../../gateway/config/load.ts';
import { tempDir } from '../helpers/tmp.ts';

const JOBS = Number(process.env.JOBS ?? 2000);
const PRINTERS = 10;
const CARRIERS = ['SF', 'YTO', 'ZTO'];

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(3)} ms  p99 ${pct(xs, 99).toFixed(3)} ms  max ${Math.max(...xs).toFixed(3)} ms`;

async function main() {
  const t = tempDir('wg-bench-print-');
  const sims: ZplPrinterSim[] = [];
  const sentAt = new Map<string, number>();
  const printers: PrinterEntry[] = [];
  for (let i = 0; i < PRINTERS; i++) {
    const sim = new ZplPrinterSim();
    await sim.start();
    sims.push(sim);
    const raw = new RawTransport({ ...sim.address, timeoutMs: 2000 });
    // Time stamp when the label's bytes are handed over (the transport resolves after the write).
    const transport: PrinterTransport = {
      kind: raw.kind,
      address: raw.address,
      status: () => raw.status(),
      submit: async (doc: PrintDocument) => {
        const r = await raw.submit(doc);
        sentAt.set(doc.key, performance.now());
        return r;
      },
      jobState: (ref) => raw.jobState(ref),
      findJob: (key) => raw.findJob(key),
      close: () => raw.close(),
    };
    printers.push({ id: `p${i}`, carriers: [CARRIERS[i % 3] as string], stations: [], language: 'zpl', transport, pollMs: 1000 });
  }
  const store = Store.open(t.dir, { site: 'bench', gatewayId: 'gw1' });
  const svc = new PrintService({
    store,
    printers,
    plan: {
      carriers: CARRIERS.map((id) => ({ id, template: 'default', rates: { default: [{ upToGrams: 30000, price: 10 }] }, waybill: { prefix: id, from: 1, to: 1e12, digits: 12 } })),
      zones: [{ id: 'east', provinces: ['浙江', '江苏', '上海'] }],
      rules: [{ by: 'customer' }, { by: 'channel', channels: ['tmall'], carrier: 'SF' }, { by: 'area', provinces: ['新疆'], carrier: 'ZTO' }, { by: 'cheapest' }],
    },
    templates: loadTemplates(path.join(PACKAGE_ROOT, 'firmware-configs', 'labels')),
    log: pino({ level: 'silent' }),
    followMs: 1,
  });
  await svc.start();

  const submitMs: number[] = [];
  const started = performance.now();
  for (let i = 0; i < JOBS; i++) {
    const input = ShipmentBody.parse({
      order_ref: `B-${i}`,
      carrier: CARRIERS[i % 3],
      weight_grams: 500 + (i % 50) * 100,
      skus: ['SKU-1', 'SKU-2'],
      sender: { name: 'Bench WH', address: 'Dock 1' },
      receiver: { name: '赵六', address: `解放路 ${i} 号`, city: '杭州', province: '浙江', postcode: '310000' },
    });
    const t0 = performance.now();
    svc.submit(input);
    submitMs.push(performance.now() - t0);
    // Pace like a busy packing line (about 1 label per ms overall), letting the workers run.
    if (i % 10 === 9) await new Promise((r) => setImmediate(r));
  }
  const deadline = Date.now() + 120_000;
  while (sentAt.size < JOBS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const elapsed = performance.now() - started;
  const drained = sentAt.size === JOBS;

  // Phase B: one label at a time on an idle line: submit -> bytes at the printer.
  const single: number[] = [];
  const dispatchOnly: number[] = [];
  for (let i = 0; i < 200; i++) {
    const input = ShipmentBody.parse({
      order_ref: `ONE-${i}`,
      carrier: CARRIERS[i % 3],
      weight_grams: 900,
      sender: { name: 'Bench WH', address: 'Dock 1' },
      receiver: { name: '赵六', address: `解放路 ${i} 号`, city: '杭州', province: '浙江' },
    });
    const t0 = performance.now();
    const { job } = svc.submit(input);
    const t1 = performance.now();
    while (!sentAt.has(job.id)) await new Promise((r) => setImmediate(r));
    const t2 = sentAt.get(job.id) as number;
    single.push(t2 - t0);
    dispatchOnly.push(t2 - t1);
    await new Promise((r) => setTimeout(r, 2));
  }

  // What one commit costs on this disk (WAL, synchronous FULL): the floor under every figure.
  const commitMs: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    store.transact((tx) => tx.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('bench', ?)").run(String(i)));
    commitMs.push(performance.now() - t0);
  }

  console.log(`print bench: ${PRINTERS} printers (ZPL simulators, raw 9100 on 127.0.0.1), 3 carriers, Node ${process.version}`);
  console.log(`  one SQLite commit on this disk (WAL, synchronous FULL)    ${fmt(commitMs)}`);
  console.log(`  idle line, one label at a time (200):`);
  console.log(`    routing decision + commit (submit)                      ${fmt(single.map((x, i) => x - (dispatchOnly[i] as number)))}`);
  console.log(`    dispatch: status ~HS + "sending" commit + render + 9100 write  ${fmt(dispatchOnly)}`);
  console.log(`    total, submit -> bytes at the printer                   ${fmt(single)}`);
  console.log(`  burst of ${JOBS} labels submitted back to back:`);
  console.log(`    submit (assign + waybill + route + commit)              ${fmt(submitMs)}`);
  console.log(`    throughput ${(JOBS / (elapsed / 1000)).toFixed(0)} labels/s (all dispatched: ${drained})`);
  await svc.stop();
  store.close();
  for (const s of sims) await s.stop();
  t.cleanup();
}

await main();
