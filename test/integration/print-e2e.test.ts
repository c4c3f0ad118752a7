/**
 * End to end, as a user runs it: the started gateway process prints the labels of three
 * carriers to two real IPP printers (ippeveprinter, PDF) and two raw-9100 ZPL simulators.
 * One ZPL printer runs out of paper mid-batch and its labels finish on its sibling; the
 * gateway is killed with SIGKILL mid-batch and, after a restart, every label exists exactly
 * once. Skips with the reason when ippeveprinter / avahi-daemon / dbus-daemon are missing.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { ZplPrinterSim } from '../../simulators/zpl-printer/printer.ts';
import { ippUnavailableReason, startIppStack, type IppPrinter, type IppStack } from '../helpers/ipp-printer.ts';
import { startGatewayProcess, type RunningGateway } from '../helpers/gateway-process.ts';
import { writeSite, authHeader } from '../helpers/site.ts';
import { tempDir } from '../helpers/tmp.ts';

const skip = ippUnavailableReason();
const tmp = tempDir('wg-print-e2e-');
let stack: IppStack | undefined;
const cleanups: (() => unknown)[] = [];
before(async () => {
  if (!skip) stack = await startIppStack(`${tmp.dir}/ipp`);
});
after(async () => {
  for (const c of cleanups.reverse()) await c();
  await stack?.stop();
  tmp.cleanup();
});

interface Rig {
  zplA: ZplPrinterSim;
  zplB: ZplPrinterSim;
  ipp1: IppPrinter;
  ipp2: IppPrinter;
  site: string;
}

async function rig(name: string): Promise<Rig> {
  const s = stack as IppStack;
  const zplA = new ZplPrinterSim();
  const zplB = new ZplPrinterSim();
  const a = await zplA.start();
  const b = await zplB.start();
  cleanups.push(() => zplA.stop(), () => zplB.stop());
  const ipp1 = await s.printer(`${name}-ipp1`);
  const ipp2 = await s.printer(`${name}-ipp2`);
  cleanups.push(() => ipp1.kill(), () => ipp2.kill());
  const dir = `${tmp.dir}/${name}`;
  mkdirSync(dir, { recursive: true });
  const site = writeSite(dir, {
    extra: `
devices:
  - { id: zpl-a, kind: printer, profile: printer/zebra-zpl-203dpi, connection: { type: raw, host: ${a.host}, port: ${a.port} }, carriers: [SF], pollMs: 200, timeoutMs: 1000 }
  - { id: zpl-b, kind: printer, profile: printer/zebra-zpl-203dpi, connection: { type: raw, host: ${b.host}, port: ${b.port} }, carriers: [SF], pollMs: 200, timeoutMs: 1000 }
  - { id: ipp-1, kind: printer, profile: printer/ipp-pdf-4x6, connection: { type: ipp, url: "${ipp1.url}" }, carriers: [YTO], pollMs: 200, timeoutMs: 2000 }
  - { id: ipp-2, kind: printer, profile: printer/ipp-pdf-4x6, connection: { type: ipp, url: "${ipp2.url}" }, carriers: [ZTO], pollMs: 200, timeoutMs: 2000 }
carriers:
  list:
    - { id: SF, name: SF Express, template: sf, waybill: { prefix: SF, from: 1, to: 999999999, digits: 10 }, rates: { default: [{ upToGrams: 30000, price: 20 }] } }
    - { id: YTO, waybill: { prefix: YT, from: 1, to: 999999999, digits: 10 }, rates: { default: [{ upToGrams: 3000, price: 8 }] } }
    - { id: ZTO, waybill: { prefix: ZT, from: 1, to: 999999999, digits: 10 }, rates: { default: [{ upToGrams: 30000, price: 9 }] } }
  rules:
    - { by: customer }
    - { by: channel, channels: [tmall], carrier: SF }
    - { by: cheapest }
`,
  });
  return { zplA, zplB, ipp1, ipp2, site };
}

/** Order i: a third by channel (SF), a third light (cheapest: YTO), a third heavy (cheapest: ZTO). */
function order(prefix: string, i: number) {
  const kind = i % 3;
  return {
    order_ref: `${prefix}-${i}`,
    ...(kind === 0 ? { channel: 'tmall' } : {}),
    weight_grams: kind === 2 ? 5000 : 800,
    skus: ['TSHIRT-BLK-M'],
    sender: { name: 'Demo WH', address: 'Dock 3, 1 Harbour Rd', city: 'Shenzhen' },
    receiver: { name: '王五', phone: '13900000000', address: `中山路 ${i} 号`, city: '杭州', province: '浙江', postcode: '310000' },
  };
}

async function submit(api: string, body: unknown): Promise<{ status: number; job: { id: string; carrier: string; waybill: string } }> {
  const res = await fetch(`${api}/api/v1/print-jobs`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...authHeader('station') }, body: JSON.stringify(body) });
  const j = (await res.json()) as { job: { id: string; carrier: string; waybill: string } };
  return { status: res.status, job: j.job };
}

async function printedJobs(api: string): Promise<number> {
  const r = (await (await fetch(`${api}/api/v1/print-jobs?state=printed&limit=1000`, { headers: authHeader('admin') })).json()) as { items: unknown[] };
  return r.items.length;
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const zplWaybills = (sim: ZplPrinterSim) => sim.labels.map((l) => /\^BCN,150,Y,N,N\^FH_\^FD([^^]+)\^FS/.exec(l.zpl)?.[1] ?? '?');
const pdfWaybills = (p: IppPrinter) => p.printed().map((f) => /\(((?:YT|ZT|SF)\d{10})\) Tj/.exec(f.data.toString('latin1'))?.[1] ?? '?');
const count = (list: string[]) => list.reduce((m, w) => m.set(w, (m.get(w) ?? 0) + 1), new Map<string, number>());

test('orders of three carriers print on their own printers; a ZPL printer out of paper mid-batch hands its labels to its sibling', { skip }, async () => {
  const r = await rig('route');
  r.zplA.paperOutAfter = 3;
  const gw: RunningGateway = await startGatewayProcess(r.site);
  cleanups.push(() => gw.stop('SIGKILL'));

  const jobs = [];
  for (let i = 0; i < 30; i++) {
    const res = await submit(gw.api, order('E2E', i));
    assert.equal(res.status, 201);
    jobs.push(res.job);
  }
  assert.deepEqual(
    jobs.map((j) => j.carrier),
    Array.from({ length: 30 }, (_, i) => ['SF', 'YTO', 'ZTO'][i % 3]),
  );
  // A repeat of the same parcel is the same job.
  const again = await submit(gw.api, order('E2E', 0));
  assert.deepEqual([again.status, again.job.id], [200, jobs[0]?.id]);

  await until('zpl-a out of paper and seen as such', async () => {
    const p = (await (await fetch(`${gw.api}/api/v1/printers`, { headers: authHeader('pda') })).json()) as { printers: { id: string; healthy: boolean; reasons: string[] }[] };
    const a = p.printers.find((x) => x.id === 'zpl-a');
    return a?.healthy === false && a.reasons.includes('media-empty');
  });
  const health = (await (await fetch(`${gw.api}/health`)).json()) as { status: string; problems: string[] };
  assert.equal(health.status, 'degraded');
  assert.ok(health.problems.some((p) => /printer zpl-a: media-empty/.test(p)), health.problems.join('; '));

  await until('all labels but one held by zpl-a printed', async () => (await printedJobs(gw.api)) >= 29);
  r.zplA.clearFaults(); // a new roll: what it held prints there
  await until('all 30 printed', async () => (await printedJobs(gw.api)) === 30);

  const sf = jobs.filter((j) => j.carrier === 'SF').map((j) => j.waybill).sort();
  const yto = jobs.filter((j) => j.carrier === 'YTO').map((j) => j.waybill).sort();
  const zto = jobs.filter((j) => j.carrier === 'ZTO').map((j) => j.waybill).sort();
  assert.deepEqual([...zplWaybills(r.zplA), ...zplWaybills(r.zplB)].sort(), sf, 'SF labels exactly once, on the SF printers');
  assert.ok(zplWaybills(r.zplB).length >= 6, 'zpl-b printed what zpl-a could not');
  assert.deepEqual(pdfWaybills(r.ipp1).sort(), yto, 'YTO labels exactly once, as PDF on ipp-1');
  assert.deepEqual(pdfWaybills(r.ipp2).sort(), zto, 'ZTO labels exactly once, as PDF on ipp-2');
  assert.match(r.zplB.labels[0]?.zpl ?? '', /\^CI28/);
  assert.equal(await gw.stop('SIGTERM'), 0);
});

test('kill -9 during a batch: after the restart every label exists exactly once', { skip }, async () => {
  const r = await rig('kill');
  const first = await startGatewayProcess(r.site);
  const waybills: string[] = [];
  for (let i = 0; i < 45; i++) {
    const res = await submit(first.api, order('K9', i));
    assert.equal(res.status, 201);
    waybills.push(res.job.waybill);
  }
  await until('a few printed', async () => (await printedJobs(first.api)) >= 8);
  first.proc.kill('SIGKILL');
  await once(first.proc, 'exit');
  const printedAtKill = r.zplA.labels.length + r.zplB.labels.length + r.ipp1.printed().length + r.ipp2.printed().length;
  assert.ok(printedAtKill < 45, `the batch was still running when killed (${printedAtKill} printed)`);

  const second = await startGatewayProcess(r.site);
  cleanups.push(() => second.stop('SIGKILL'));
  await until('all 45 printed', async () => (await printedJobs(second.api)) === 45, 60_000);
  const everywhere = [...zplWaybills(r.zplA), ...zplWaybills(r.zplB), ...pdfWaybills(r.ipp1), ...pdfWaybills(r.ipp2)];
  const dupes = [...count(everywhere)].filter(([, n]) => n > 1);
  assert.deepEqual(dupes, [], 'no label twice');
  assert.deepEqual(everywhere.sort(), [...waybills].sort(), 'every label once');
  // The ERP hears label.printed exactly once per label too.
  const ev = (await (await fetch(`${second.api}/api/v1/print-jobs?limit=1000`, { headers: authHeader('admin') })).json()) as { items: { state: string }[] };
  assert.equal(ev.items.filter((j) => j.state === 'printed').length, 45);
  assert.equal(await second.stop('SIGTERM'), 0);
});
