/**
 * Download and push against the real gateway process and the real ERP simulator: master data
 * and orders arrive, orders reserve stock in pick-path order at once, short orders are
 * flagged, cancellations release, and applying everything twice reserves nothing twice.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { tempDir } from '../helpers/tmp.ts';
import { startGatewayProcess, type RunningGateway } from '../helpers/gateway-process.ts';
import { authHeader, adjust } from '../helpers/site.ts';
import { startErpProcess, writeCloudSite, until } from './cloud-support.ts';

const cleanups: (() => void | Promise<unknown>)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

const SEED = `
locations:
  - { id: B0, zone: P, pick_seq: 0, name: first on the path }
  - { id: Q1, zone: QC, zone_kind: qc, pick_seq: 0 }
products:
  - { sku: SKU-1, name: one, gtin: "614141000012" }
  - { sku: SKU-9, name: nine, gtin: "00614141000029", barcodes: ["0614141000029", "NINE"] }
orders:
  - { id: O-1, customer: Ann, carrier: dhl, lines: [ { sku: SKU-1, qty: 100 }, { sku: SKU-1, qty: 10 } ] }
  - { id: O-2, lines: [ { sku: SKU-1, qty: 1000 } ] }
  - { id: O-3, lines: [ { sku: SKU-1, qty: 0 } ] }
asns:
  - { id: ASN-1, supplier: Acme, lines: [ { sku: SKU-9, qty: 24 } ] }
returns:
  - { id: RMA-1, order_id: O-0, lines: [ { sku: SKU-1, qty: 1 } ] }
`;

type Stock = { items: { sku: string; bin: string; on_hand: number; reserved: number; available: number }[] };
type Order = { id: string; status: string; shortfall: { sku: string; wanted: number; available: number }[] | null; reservations: { sku: string; bin: string; qty: number }[] };

async function get<T>(gw: RunningGateway, p: string, role: 'admin' | 'cloud' | 'pda' = 'admin'): Promise<T> {
  const res = await fetch(`${gw.api}${p}`, { headers: authHeader(role) });
  assert.equal(res.status, 200, `GET ${p}: ${res.status}`);
  return (await res.json()) as T;
}

async function post(gw: RunningGateway, p: string, body: unknown, role: 'admin' | 'cloud' | 'pda' = 'cloud'): Promise<Response> {
  return fetch(`${gw.api}${p}`, { method: 'POST', headers: { ...authHeader(role), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

const figures = async (gw: RunningGateway) =>
  Object.fromEntries((await get<Stock>(gw, '/api/v1/stock?sku=SKU-1', 'pda')).items.map((i) => [i.bin, [i.on_hand, i.reserved, i.available]]));

test('downloaded orders reserve stock in pick-path order at once; short ones are flagged; applying twice reserves nothing twice; a cancellation releases', async () => {
  const t = tempDir('wg-dl-');
  cleanups.push(t.cleanup);
  const seedFile = path.join(t.dir, 'erp-seed.yaml');
  writeFileSync(seedFile, SEED);
  const sim = await startErpProcess(['--seed', seedFile]);
  cleanups.push(() => sim.stop());
  const site = writeCloudSite(t.dir, sim.url);

  // Stock before the ERP is reachable: 100 in B1 (seed), 20 in B2, 50 in QC (never reserved from).
  await sim.faults({ down: true });
  let gw = await startGatewayProcess(site);
  cleanups.push(() => gw.stop('SIGKILL'));
  assert.equal((await adjust(gw.api, { bin: 'B2', qty: 20 })).status, 201);
  const failed = await post(gw, '/api/v1/sync', {});
  assert.equal(failed.status, 502);
  assert.equal(((await failed.json()) as { error: { code: string } }).error.code, 'SYNC_FAILED');
  await sim.faults({});

  // The downloader's own retry (backoff) or this call, whichever comes first, applies the download.
  const res = await post(gw, '/api/v1/sync', {});
  assert.equal(res.status, 200);
  assert.equal(((await res.json()) as { ok: boolean }).ok, true);
  const metrics = await (await fetch(`${gw.api}/metrics`)).text();
  assert.match(metrics, /wg_cloud_invalid_items_total\{resource="orders"\} [1-9]/, 'the order with qty 0 is refused, the others are applied');
  assert.equal((await adjust(gw.api, { sku: 'SKU-1', bin: 'Q1', qty: 50 })).status, 201, 'the downloaded QC location exists');

  // O-1 wants 110: 100 from B1 (pick_seq 1), then 10 from B2 (pick_seq 2). On hand does not move.
  const o1 = await get<Order>(gw, '/api/v1/orders/O-1', 'pda');
  assert.equal(o1.status, 'reserved');
  assert.deepEqual(o1.reservations, [
    { sku: 'SKU-1', bin: 'B1', qty: 100 },
    { sku: 'SKU-1', bin: 'B2', qty: 10 },
  ]);
  assert.deepEqual(await figures(gw), { B1: [100, 100, 0], B2: [20, 10, 10], Q1: [50, 0, 50] });
  // O-2 cannot be covered: flagged short, nothing half-reserved.
  const o2 = await get<Order>(gw, '/api/v1/orders/O-2');
  assert.equal(o2.status, 'short');
  assert.deepEqual(o2.reservations, []);
  assert.deepEqual(o2.shortfall, [{ sku: 'SKU-1', wanted: 1000, available: 10 }]);
  assert.equal((await fetch(`${gw.api}/api/v1/orders/O-3`, { headers: authHeader('admin') })).status, 404);

  // The facts reach the ERP.
  await until('order events at the ERP', async () => {
    const types = (await sim.received()).map((e) => e.type);
    return types.includes('order.reserved') && types.includes('order.short');
  });

  // Everything downloaded again from the start, twice, and a restart: nothing is reserved twice.
  for (let i = 0; i < 2; i++) {
    const again = (await (await post(gw, '/api/v1/sync', { full: true })).json()) as { resources: Record<string, { applied: number; unchanged: number }> };
    assert.equal(again.resources.orders?.applied, 0);
    assert.equal(again.resources.orders?.unchanged, 2);
  }
  assert.equal(await gw.stop('SIGTERM'), 0);
  gw = await startGatewayProcess(site);
  cleanups.push(() => gw.stop('SIGKILL'));
  await until('the start-up pass', async () => (await get<Stock>(gw, '/api/v1/stock?sku=SKU-1')).items.length === 3);
  assert.deepEqual(await figures(gw), { B1: [100, 100, 0], B2: [20, 10, 10], Q1: [50, 0, 50] });
  const reserves = await get<{ items: unknown[] }>(gw, '/api/v1/movements?type=reserve');
  assert.equal(reserves.items.length, 1);

  // The ERP cancels O-1: the next pass releases it.
  await sim.call('POST', '/api/v1/_orders/O-1/cancel');
  assert.equal((await post(gw, '/api/v1/sync', { resources: ['orders'] })).status, 200);
  assert.equal((await get<Order>(gw, '/api/v1/orders/O-1')).status, 'cancelled');
  assert.deepEqual(await figures(gw), { B1: [100, 0, 100], B2: [20, 0, 20], Q1: [50, 0, 50] });

  // Stock arrives: the short order is reserved at the next pass (QC stock still does not count).
  assert.equal((await adjust(gw.api, { bin: 'B2', qty: 900, reason: 'found' })).status, 201);
  const pass = (await (await post(gw, '/api/v1/sync', {})).json()) as { orders_reserved_after_retry: number };
  assert.equal(pass.orders_reserved_after_retry, 1);
  assert.equal((await get<Order>(gw, '/api/v1/orders/O-2')).status, 'reserved');
  assert.deepEqual(await figures(gw), { B1: [100, 100, 0], B2: [920, 900, 20], Q1: [50, 0, 50] });
  await until('the cancellation at the ERP', async () => (await sim.received()).some((e) => e.type === 'order.cancelled'));

  // Master data, ASNs and returns landed.
  assert.equal((await adjust(gw.api, { sku: 'SKU-9', bin: 'B0', qty: 3 })).status, 201, 'the downloaded product and bin exist');
  assert.equal(await gw.stop('SIGTERM'), 0);
  const db = new Database(path.join(t.dir, 'data', 'gateway.sqlite'), { readonly: true });
  try {
    assert.deepEqual(db.prepare("SELECT barcode FROM product_barcodes WHERE sku = 'SKU-9' ORDER BY barcode").pluck().all(), ['0614141000029', 'NINE']);
    assert.deepEqual(db.prepare("SELECT id, status, supplier FROM asns").all(), [{ id: 'ASN-1', status: 'open', supplier: 'Acme' }]);
    assert.deepEqual(db.prepare('SELECT sku, qty FROM asn_lines').all(), [{ sku: 'SKU-9', qty: 24 }]);
    assert.deepEqual(db.prepare('SELECT id, order_id FROM expected_returns').all(), [{ id: 'RMA-1', order_id: 'O-0' }]);
    assert.deepEqual(db.prepare('SELECT resource, cursor FROM download_cursors ORDER BY resource').all().length, 5);
  } finally {
    db.close();
  }
});

test('the cloud pushes orders and ASNs into the API with the same validation and effect, idempotently', async () => {
  const t = tempDir('wg-push-');
  cleanups.push(t.cleanup);
  const sim = await startErpProcess();
  cleanups.push(() => sim.stop());
  const gw = await startGatewayProcess(writeCloudSite(t.dir, sim.url));
  cleanups.push(() => gw.stop('SIGKILL'));

  const order = { id: 'P-1', lines: [{ sku: 'SKU-1', qty: 7 }], carrier: 'ups' };
  const first = await post(gw, '/api/v1/orders', order);
  assert.equal(first.status, 200);
  assert.deepEqual(((await first.json()) as { results: unknown[] }).results, [
    { id: 'P-1', result: 'created', status: 'reserved', revision: 1, reserved: [{ sku: 'SKU-1', bin: 'B1', qty: 7 }] },
  ]);
  const again = (await (await post(gw, '/api/v1/orders', { orders: [order] })).json()) as { results: { result: string }[] };
  assert.equal(again.results[0]?.result, 'unchanged');
  assert.deepEqual(await figures(gw), { B1: [100, 7, 93] });

  // Same validation as the download: nothing of a bad batch is applied.
  const bad = await post(gw, '/api/v1/orders', { orders: [{ id: 'P-2', lines: [{ sku: 'SKU-1', qty: 1 }] }, { id: 'P-3', lines: [{ sku: 'SKU-1', qty: -1 }] }] });
  assert.equal(bad.status, 400);
  assert.match(((await bad.json()) as { error: { message: string } }).error.message, /qty/);
  assert.equal((await fetch(`${gw.api}/api/v1/orders/P-2`, { headers: authHeader('admin') })).status, 404);
  assert.equal((await post(gw, '/api/v1/orders', order, 'pda')).status, 403);

  // A change of lines re-plans; a cancellation releases; an older copy is ignored.
  const changed = (await (await post(gw, '/api/v1/orders', { ...order, lines: [{ sku: 'SKU-1', qty: 9 }], updated_at: '2026-01-02T00:00:00Z' })).json()) as {
    results: { status: string; released: unknown[]; reserved: unknown[] }[];
  };
  assert.deepEqual([changed.results[0]?.status, changed.results[0]?.released, changed.results[0]?.reserved], [
    'reserved',
    [{ sku: 'SKU-1', bin: 'B1', qty: 7 }],
    [{ sku: 'SKU-1', bin: 'B1', qty: 9 }],
  ]);
  const stale = (await (await post(gw, '/api/v1/orders', { ...order, status: 'cancelled', updated_at: '2026-01-01T00:00:00Z' })).json()) as { results: { result: string }[] };
  assert.equal(stale.results[0]?.result, 'stale');
  assert.deepEqual(await figures(gw), { B1: [100, 9, 91] });
  await post(gw, '/api/v1/orders', { ...order, status: 'cancelled', updated_at: '2026-01-03T00:00:00Z' });
  assert.deepEqual(await figures(gw), { B1: [100, 0, 100] });

  const asn = await post(gw, '/api/v1/asns', { asns: [{ id: 'A-1', lines: [{ sku: 'SKU-2', qty: 5 }] }] });
  assert.equal(asn.status, 200);
  assert.deepEqual(((await asn.json()) as { results: unknown[] }).results, [{ id: 'A-1', result: 'created' }]);
  const list = await get<{ items: { id: string; status: string }[] }>(gw, '/api/v1/orders?status=cancelled', 'cloud');
  assert.deepEqual(list.items.map((o) => o.id), ['P-1']);
  const doc = (await (await fetch(`${gw.api}/openapi.json`)).json()) as { paths: Record<string, unknown> };
  for (const p of ['/api/v1/orders', '/api/v1/asns', '/api/v1/sync', '/api/v1/dead-letters', '/api/v1/dead-letters/retry']) assert.ok(doc.paths[p], p);
  assert.equal(await gw.stop('SIGTERM'), 0);
});
