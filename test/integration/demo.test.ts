/**
 * `npm start` (warehouse-gateway demo) as a newcomer runs it: every simulated device comes
 * online, downloaded orders reserve stock, the reader's pallet reaches the bus and loads an
 * order through door 3, a label prints, and the simulated ERP receives the events.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import mqtt from 'mqtt';
import { tempDir } from '../helpers/tmp.ts';
import { startGatewayProcess } from '../helpers/gateway-process.ts';
import { waitFor } from '../helpers/wait.ts';
import { PACKAGE_ROOT } from '../../gateway/config/load.ts';
import { socatAvailable } from '../../simulators/pty.ts';

const cleanups: (() => unknown)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

test('the demo brings up its simulated reader, printer, ERP (and packing station) and they work', async () => {
  const t = tempDir('wg-demo-');
  cleanups.push(t.cleanup);
  const demo = path.join(PACKAGE_ROOT, 'firmware-configs', 'sites', 'demo.yaml');
  const gw = await startGatewayProcess(demo, [`dataDir=${t.dir}`, 'api.listen=127.0.0.1:0', 'bus.listen=127.0.0.1:0'], {}, 'demo');
  cleanups.push(() => gw.stop('SIGKILL'));
  const auth = (role: string) => ({ Authorization: `Bearer demo-${role}-token` });
  type Health = { status: string; devices: { id: string; status: string }[]; cloud?: { status: string } };
  const health = async () => (await (await fetch(`${gw.api}/health`)).json()) as Health;

  const expected = ['door3-reader', 'zebra-1', ...(socatAvailable() ? ['pack1-scale', 'pack1-scanner'] : [])];
  await waitFor('every demo device online', async () => {
    const h = await health();
    return expected.every((id) => h.devices.find((d) => d.id === id)?.status === 'online');
  });
  assert.equal((await health()).status, 'ok');

  // The reader's first pallet crosses door 3 five seconds after start: its reads are on the bus.
  const client = await mqtt.connectAsync(gw.bus, { protocolVersion: 4, reconnectPeriod: 0 });
  cleanups.push(() => client.endAsync(true));
  const epcs = new Set<string>();
  client.on('message', (_t, p) => {
    for (const r of (JSON.parse(p.toString()) as { reads: { epc: string }[] }).reads) epcs.add(r.epc);
  });
  await client.subscribeAsync('wh/demo-wh/rfid/door3-reader/reads', { qos: 0 });
  await waitFor('the pallet read at door 3', () => epcs.size >= 30, 30_000);
  assert.ok([...epcs].every((e) => e.startsWith('3074257bf7194e40000')), 'SGTIN-96 of the demo carton');

  // Downloaded orders reserved their stock.
  await waitFor('orders reserved', async () => {
    const o = (await (await fetch(`${gw.api}/api/v1/orders`, { headers: auth('admin') })).json()) as { items: { id: string; status: string }[] };
    return o.items.length === 3 && o.items.every((x) => x.status === 'reserved');
  });

  // A label for an SF order prints on the simulated printer.
  const party = { name: 'Demo', address: '1 Dock Road', city: 'Shanghai', province: 'Shanghai', postcode: '200000', phone: '021-0000' };
  const res = await fetch(`${gw.api}/api/v1/print-jobs`, {
    method: 'POST',
    headers: { ...auth('station'), 'Content-Type': 'application/json' },
    body: JSON.stringify({ order_ref: 'SO-1001', weight_grams: 1250, sender: party, receiver: { ...party, name: '李伟', city: '杭州', province: '浙江' }, carrier: 'SF', station: 'pack1' }),
  });
  assert.equal(res.status, 201);
  const job = ((await res.json()) as { job: { id: string } }).job;
  await waitFor('the label printed', async () => {
    const j = (await (await fetch(`${gw.api}/api/v1/print-jobs/${job.id}`, { headers: auth('admin') })).json()) as { job?: { state: string }; state?: string };
    return (j.job?.state ?? j.state) === 'printed';
  });

  // The ERP received the gateway's events (orders reserved, the label printed).
  const erpUrl = /ERP sim\s+(\S+)/.exec(gw.stderr())?.[1];
  assert.ok(erpUrl, gw.stderr());
  await waitFor('events at the ERP', async () => {
    const r = (await (await fetch(`${erpUrl}/api/v1/_received`, { headers: { Authorization: 'Bearer demo-erp-token' } })).json()) as { events?: { type: string }[]; items?: { type: string }[] };
    const types = new Set((r.events ?? r.items ?? []).map((e) => e.type));
    return types.has('order.reserved') && types.has('label.printed') && types.has('rfid.transit');
  }, 40_000);
  // The first pallet loaded order SO-1003 through door 3: the session closes 20 s after start.
  await waitFor('the shipment reconciled at the ERP', async () => {
    const r = (await (await fetch(`${erpUrl}/api/v1/_received`, { headers: { Authorization: 'Bearer demo-erp-token' } })).json()) as { events?: { type: string; data: unknown }[]; items?: { type: string; data: unknown }[] };
    return (r.events ?? r.items ?? []).some((e) => e.type === 'shipment.reconciled');
  }, 40_000);
  const order = (await (await fetch(`${gw.api}/api/v1/orders/SO-1003`, { headers: auth('admin') })).json()) as { status?: string; order?: { status: string } };
  assert.equal(order.status ?? order.order?.status, 'shipped', 'all 60 cartons of SO-1003 crossed door 3 outbound');
  assert.equal(await gw.stop('SIGTERM'), 0);
});
