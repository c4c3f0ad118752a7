/**
 * The print service in-process against ZPL simulators over real sockets and a real SQLite
 * file: routing by carrier to the least busy printer, failover on paper-out, exactly once
 * after a crash between "sending" and "sent", waybill ranges across restarts, reprint.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import pino from 'pino';
import { Store } from '../../gateway/store/store.ts';
import { PrintService, ShipmentBody, type PrinterEntry } from '../../gateway/services/print-service.ts';
import { loadTemplates } from '../../gateway/services/print-setup.ts';
import { RawTransport } from '../../drivers/printers/raw-transport.ts';
import { markerName } from '../../drivers/printers/zpl-status.ts';
import { ZplPrinterSim } from '../../simulators/zpl-printer/printer.ts';
import { PACKAGE_ROOT } from '../../gateway/config/load.ts';
import { tempDir } from '../helpers/tmp.ts';

const log = pino({ level: process.env.WG_TEST_LOG ?? 'silent' });
const templates = loadTemplates(path.join(PACKAGE_ROOT, 'firmware-configs', 'labels'));
const cleanups: (() => unknown)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

const plan = {
  carriers: [
    { id: 'SF', name: 'SF Express', template: 'sf', rates: {}, waybill: { prefix: 'SF', from: 1, to: 1_000_000, digits: 10 } },
    { id: 'YTO', template: 'default', rates: {}, waybill: { prefix: 'YT', from: 500, to: 503, digits: 8 } },
  ],
  zones: [],
  rules: [{ by: 'customer' as const }],
};

async function sims(n: number) {
  const list = await Promise.all(Array.from({ length: n }, async () => {
    const sim = new ZplPrinterSim();
    await sim.start();
    cleanups.push(() => sim.stop());
    return sim;
  }));
  return list;
}

function entry(id: string, sim: ZplPrinterSim, carriers: string[]): PrinterEntry {
  return { id, carriers, stations: [], language: 'zpl', transport: new RawTransport({ ...sim.address, timeoutMs: 1000 }), pollMs: 100 };
}

function service(store: Store, printers: PrinterEntry[]) {
  const svc = new PrintService({ store, printers, plan, templates, log, followMs: 10 });
  cleanups.push(() => svc.stop());
  return svc;
}

function openStore(dir: string) {
  const store = Store.open(dir, { site: 'it', gatewayId: 'gw1' });
  cleanups.push(() => store.close());
  return store;
}

const shipment = (order: string, carrier: string, extra: Record<string, unknown> = {}) =>
  ShipmentBody.parse({
    order_ref: order,
    carrier,
    weight_grams: 900,
    sender: { name: 'Demo WH', address: 'Dock 3' },
    receiver: { name: '李四', address: '人民路 8 号', city: '上海', postcode: '200000' },
    ...extra,
  });

async function until(what: string, check: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const waybillsOn = (sim: ZplPrinterSim) => sim.labels.map((l) => /\^FD((?:SF|YT)\d+)\^FS/.exec(l.zpl)?.[1] ?? '?');

test('labels go only to their carrier\'s printers, spread over the least busy, each exactly once', async () => {
  const t = tempDir('wg-print-');
  cleanups.push(t.cleanup);
  const [a, b, c] = await sims(3);
  const store = openStore(t.dir);
  const svc = service(store, [entry('sf-1', a!, ['SF']), entry('sf-2', b!, ['SF']), entry('yto-1', c!, ['YTO'])]);
  await svc.start();
  const jobs = [];
  for (let i = 0; i < 12; i++) jobs.push(svc.submit(shipment(`SO-${i}`, 'SF')).job);
  jobs.push(svc.submit(shipment('SO-Y1', 'YTO')).job);
  assert.equal(new Set(jobs.slice(0, 12).map((j) => j.printer)).size, 2, 'SF jobs spread over both SF printers');
  await until('all printed', () => a!.labels.length + b!.labels.length === 12 && c!.labels.length === 1);
  await until('all marked printed', () => svc.jobs({ after: 0, limit: 100, state: 'printed' }).items.length === 13);
  const sf = [...waybillsOn(a!), ...waybillsOn(b!)].sort();
  assert.deepEqual(sf, jobs.slice(0, 12).map((j) => j.waybill).sort());
  assert.deepEqual(waybillsOn(c!), ['YT00000500']);
  const events = store.db.prepare("SELECT type, COUNT(*) AS n FROM outbox GROUP BY type ORDER BY type").all();
  assert.deepEqual(events, [{ type: 'label.printed', n: 13 }, { type: 'label.queued', n: 13 }]);
  // The same parcel again is the same job, not a second label.
  const again = svc.submit(shipment('SO-0', 'SF'));
  assert.equal(again.replayed, true);
  assert.equal(again.job.id, jobs[0]?.id);
});

test('a printer that runs out of paper mid-batch: its queued labels finish on its sibling, none twice', async () => {
  const t = tempDir('wg-print-');
  cleanups.push(t.cleanup);
  const [a, b] = await sims(2);
  a!.paperOutAfter = 3;
  const store = openStore(t.dir);
  const svc = service(store, [entry('sf-1', a!, ['SF']), entry('sf-2', b!, ['SF'])]);
  await svc.start();
  const jobs = Array.from({ length: 20 }, (_, i) => svc.submit(shipment(`PO-${i}`, 'SF')).job);
  await until('the sibling took over', () => b!.labels.length > 10 && a!.faults.has('paper-out'));
  // The label that reached sf-1 as the roll ran out waits inside it; the rest went to sf-2.
  await until('all but the held one printed', () => a!.labels.length + b!.labels.length + a!.buffer.length === 20);
  const held = a!.buffer.length;
  assert.ok(held <= 1, `at most one label held by the empty printer, got ${held}`);
  a!.clearFaults(); // new roll: the held label prints there
  await until('every label printed', () => a!.labels.length + b!.labels.length === 20);
  await until('every job printed', () => svc.jobs({ after: 0, limit: 100, state: 'printed' }).items.length === 20);
  const all = [...waybillsOn(a!), ...waybillsOn(b!)].sort();
  assert.deepEqual(all, jobs.map((j) => j.waybill).sort());
  assert.ok(svc.jobs({ after: 0, limit: 100 }).items.some((j) => j.moves > 0));
});

test('after a crash between "sending" and "sent", the printer is asked: a job it has is not sent again, one it lacks is', async () => {
  const t = tempDir('wg-print-');
  cleanups.push(t.cleanup);
  const [a] = await sims(1);
  const store = openStore(t.dir);
  const first = service(store, [entry('sf-1', a!, ['SF'])]);
  // Queue two jobs without starting the workers, then play a crash by hand:
  const j1 = first.submit(shipment('CR-1', 'SF')).job;
  const j2 = first.submit(shipment('CR-2', 'SF')).job;
  // j1: the bytes reached the printer (with its marker), the process died before "sent".
  const raw = new RawTransport(a!.address);
  const doc = first.render({ id: 'sf-1', carriers: ['SF'], stations: [], language: 'zpl', transport: raw, pollMs: 100 }, store.db.prepare('SELECT * FROM print_jobs WHERE id = ?').get(j1.id) as never);
  await raw.submit(doc);
  assert.notEqual(await raw.findJob(j1.id), null);
  assert.ok(a!.objects.has(`R:${markerName(j1.id)}`));
  // j2: marked sending, the process died before the bytes left.
  store.db.prepare("UPDATE print_jobs SET state = 'sending', printer_id = 'sf-1' WHERE id IN (?, ?)").run(j1.id, j2.id);
  await first.stop();

  const second = service(store, [entry('sf-1', a!, ['SF'])]);
  await second.start();
  await until('both printed', () => second.jobs({ after: 0, limit: 10, state: 'printed' }).items.length === 2);
  assert.deepEqual(waybillsOn(a!).sort(), [j1.waybill, j2.waybill].sort(), 'each label exactly once');
});

test('waybill numbers from a range are never reused across restarts, and a used-up range is refused with its code', async () => {
  const t = tempDir('wg-print-');
  cleanups.push(t.cleanup);
  const [a] = await sims(1);
  let store = Store.open(t.dir, { site: 'it', gatewayId: 'gw1' });
  let svc = new PrintService({ store, printers: [entry('y', a!, ['YTO'])], plan, templates, log });
  const w1 = svc.submit(shipment('W-1', 'YTO')).job.waybill;
  const w2 = svc.submit(shipment('W-2', 'YTO', { waybill: 'YT00000502' })).job.waybill; // from the order
  await svc.stop();
  store.close();
  store = openStore(t.dir);
  svc = service(store, [entry('y', a!, ['YTO'])]);
  const w3 = svc.submit(shipment('W-3', 'YTO')).job.waybill;
  const w4 = svc.submit(shipment('W-4', 'YTO')).job.waybill;
  assert.deepEqual([w1, w2, w3, w4], ['YT00000500', 'YT00000502', 'YT00000501', 'YT00000503'], '502 came with an order: the range skips it');
  assert.throws(() => svc.submit(shipment('W-5', 'YTO')), (e: Error & { code?: string }) => e.code === 'WAYBILL_RANGE_EXHAUSTED');
  assert.throws(() => svc.submit(shipment('W-6', 'YTO', { waybill: 'YT00000502' })), (e: Error & { code?: string }) => e.code === 'WAYBILL_IN_USE');
  assert.throws(() => svc.submit(shipment('W-7', 'EMS')), (e: Error & { code?: string }) => e.code === 'NO_CARRIER');
});

test('a reprint by waybill prints the same waybill again as a new job', async () => {
  const t = tempDir('wg-print-');
  cleanups.push(t.cleanup);
  const [a] = await sims(1);
  const store = openStore(t.dir);
  const svc = service(store, [entry('sf-1', a!, ['SF'])]);
  await svc.start();
  const j = svc.submit(shipment('RP-1', 'SF')).job;
  await until('printed', () => a!.labels.length === 1);
  const [r] = svc.reprint({ waybill: j.waybill });
  assert.equal(r?.reprint_of, j.id);
  await until('reprinted', () => a!.labels.length === 2);
  assert.deepEqual(waybillsOn(a!), [j.waybill, j.waybill]);
});
