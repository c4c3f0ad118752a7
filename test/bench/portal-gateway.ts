/**
 * npm run bench:portal-gateway — the whole gateway at dock-door load, in one process as it is
 * installed: startGateway with 20 doors (embedded broker, SQLite file, event relay, API),
 * reader reports published on wh/{site}/rfid/{reader}/reads by 20 MQTT clients (as 20
 * `warehouse-gateway daemon llrp` processes would), and the rfid.transit events read back
 * from wh/{site}/event/rfid.transit by a subscriber. Same load as bench:portal (pallets of
 * 60 cartons read 32 times each, aggregated 250 ms reports, outbound sessions at half the
 * doors), so the difference is the bus in and out and the event relay.
 *
 * Per rate: window closed -> event committed, and -> event received by the subscriber,
 * p50/p99/max; whether every transit arrived; how late reports were sent (the publisher
 * shares the process, so a busy gateway delays them too). Env: RATES=50000,100000, SECONDS=8.
 */
import { performance } from 'node:perf_hooks';
import { tempDir } from '../helpers/tmp.ts';
import { createLogger } from '../../gateway/log.ts';
import { loadConfigText } from '../../gateway/config/load.ts';
import { startGateway } from '../../gateway/main/gateway.ts';
import { BusClient } from '../../gateway/bus/client.ts';
import { topicsFor } from '../../gateway/bus/topics.ts';
import { GTIN, REPORTS, TAGS, palletReports, pct, playReports, shapeOf } from './pallet-load.ts';
import type { OutboxEvent } from '../../gateway/store/store.ts';

const DOORS = 20;
const SECONDS = Number(process.env.SECONDS ?? 8);
const RATES = (process.env.RATES ?? '50000,100000').split(',').map(Number);
const { seenCount: SEEN, readsPerCarton: READS_PER_CARTON } = shapeOf('aggregated');
const WINDOW_MS = 2000;
const log = createLogger({ level: 'silent', format: 'json' });

function siteYaml(dataDir: string, perDoor: number): string {
  const readers = Array.from({ length: DOORS }, (_, d) => `  - { id: r${d}, kind: rfid-reader, daemon: external, profile: rfid/impinj-r700-portal, connection: { host: 127.0.0.1 } }`).join('\n');
  const doors = Array.from({ length: DOORS }, (_, d) => `  - { id: door-${d}, readers: [{ device: r${d}, outside: [1, 2], inside: [3, 4] }], thresholds: { windowMs: ${WINDOW_MS}, minReads: 2, rssiFloorDbm: -75 } }`).join('\n');
  return `site: { id: bench, gatewayId: gw1 }
dataDir: ${dataDir}
log: { level: error, format: json }
api: { listen: 127.0.0.1:0, clients: [{ name: bench, role: admin, token: bench-token-0123456789 }] }
bus: { broker: embedded, listen: 127.0.0.1:0 }
devices:
${readers}
doors:
${doors}
zones: [{ id: P, kind: pick }, { id: Q, kind: qc }]
bins: [{ id: B1, zone: P, pickSeq: 1 }, { id: Q1, zone: Q, pickSeq: 2 }]
seed:
  products: [{ sku: CARTON, name: carton, gtin: "${GTIN}" }]
  stock: [{ sku: CARTON, bin: B1, qty: ${perDoor * DOORS} }]
`;
}

async function runRate(rate: number) {
  const t = tempDir('wg-bench-gw-');
  const perDoor = Math.ceil((rate * SECONDS) / READS_PER_CARTON / DOORS) + TAGS;
  const { config } = loadConfigText(siteYaml(t.dir, perDoor), 'bench.yaml', { env: {} });
  const gw = await startGateway(config, { log });
  const topics = topicsFor('bench');
  const committedLat: number[] = [];
  gw.store.onCommit((events: OutboxEvent[]) => {
    const now = Date.now();
    for (const e of events) if (e.type === 'rfid.transit') committedLat.push(now - (Date.parse((e.data as { last_seen: string }).last_seen) + WINDOW_MS));
  });
  // Orders and sessions at half the doors, through the store (the ERP download's path).
  const { applyOrders } = await import('../../gateway/store/orders.sqlite.ts');
  const { ErpOrder } = await import('../../cloud-bridge/erp-schemas.ts');
  const orders = Array.from({ length: DOORS / 2 }, (_, i) => ErpOrder.parse({ id: `SO-door-${i * 2}`, lines: [{ sku: 'CARTON', qty: perDoor }] }));
  applyOrders(gw.store, orders, 'push');
  for (const o of orders) {
    const res = await fetch(`${gw.apiUrl}/api/v1/doors/${o.id.slice(3)}/sessions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer bench-token-0123456789' }, body: JSON.stringify({ kind: 'outbound', orders: [o.id] }) });
    if (res.status !== 201 && res.status !== 200) throw new Error(`open session: ${res.status} ${await res.text()}`);
  }
  const receivedLat: number[] = [];
  const watcher = new BusClient({ url: gw.busUrl, clientId: 'bench-watcher', log });
  watcher.subscribe(topics.event('rfid.transit'), (_topic, payload) => {
    const e = JSON.parse(payload.toString()) as { data: { last_seen: string } };
    receivedLat.push(Date.now() - (Date.parse(e.data.last_seen) + WINDOW_MS));
  });
  const readers = Array.from({ length: DOORS }, (_, d) => new BusClient({ url: gw.busUrl, clientId: `r${d}`, log }));
  while (!watcher.connected || readers.some((r) => !r.connected)) await new Promise((r) => setTimeout(r, 20));

  // The reports, timed on the wall clock (as bench:portal plays them), each published by its reader's client.
  const t0 = Date.now() + 1500;
  const msgs = palletReports(rate, SECONDS, t0, DOORS);
  const expected = (msgs.length / REPORTS) * TAGS;
  const lags: number[] = [];
  await new Promise((r) => setTimeout(r, Math.max(0, t0 - Date.now())));
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  await playReports(msgs, (m) => void (readers[m.door] as BusClient).publish(topics.rfidReads(m.reader), m.body, { qos: 1 }).catch(() => {}), lags);
  const deadline = Date.now() + WINDOW_MS + 15_000;
  while (receivedLat.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  for (const r of readers) await r.close();
  await watcher.close();
  await gw.close();
  t.cleanup();
  for (const xs of [lags, committedLat, receivedLat]) xs.sort((a, b) => a - b);
  return { rate, expected, committed: committedLat.length, received: receivedLat.length, lags, committedLat, receivedLat, cpuPct: ((cpu.user + cpu.system) / 1000 / wallMs) * 100 };
}

console.log(`whole gateway, one process: ${DOORS} doors, reports over MQTT in, rfid.transit events over MQTT out, pallets of ${TAGS} cartons read ${READS_PER_CARTON} times each, sessions at half the doors, ${SECONDS} s per rate`);
const f = (n: number) => Math.round(n).toLocaleString('en');
for (const rate of RATES) {
  const r = await runRate(rate);
  const ok = r.received === r.expected && pct(r.lags, 0.99) < 100;
  console.log(`  ${f(rate)} reads/s (${f(rate / SEEN)} entries/s, ${f(rate / READS_PER_CARTON)} transits/s): ${f(r.received)}/${f(r.expected)} transits received on the bus; CPU ${Math.round(r.cpuPct)}% of one core (gateway, publishers and subscriber)${ok ? '' : '   NOT KEPT UP'}`);
  console.log(`    reports sent late by p99 ${pct(r.lags, 0.99)} ms;  window closed -> event committed p50 ${pct(r.committedLat, 0.5)} ms, p99 ${pct(r.committedLat, 0.99)} ms, max ${r.committedLat.at(-1)} ms;  -> event received p50 ${pct(r.receivedLat, 0.5)} ms, p99 ${pct(r.receivedLat, 0.99)} ms, max ${r.receivedLat.at(-1)} ms`);
}
