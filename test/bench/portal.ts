/**
 * npm run bench:portal — the portal service in real time, 20 doors, on a real SQLite file
 * (WAL, synchronous FULL), at several offered read rates. Reader reports (JSON, as on the
 * bus) are delivered at the moment their newest read happened, with reader timestamps on
 * the wall clock, to PortalService.onMessage; the service's own timer closes the windows and
 * commits transits, door-session verdicts, stock issues and outbox events, exactly as in the
 * gateway (the bus itself is not part of this figure: see the broker tests and bench:bridge).
 *
 * Load (test/bench/pallet-load.ts): outbound pallets of 60 tagged cartons, each read 32
 * times ("dozens of times"), round robin over the doors. "reads" counts tag reads as a reader
 * counts them (LLRP TagSeenCount); SHAPE says how they are reported: aggregated (default, the
 * shipped portal profiles: 8 entries of 4 reads per carton) or per-read (32 entries of 1).
 *
 * Per rate: reads, report entries and transits per second, how late reports were handed to
 * the service (if it cannot keep up, this grows), and the latency from a tag's window closing
 * (last read + windowMs) to its rfid.transit event being committed, p50/p99/max over every
 * transit. A rate is sustained when every transit is committed and the delivery lag p99 stays
 * under 100 ms. WAL checkpoints run on a worker thread, as in the gateway. Env: RATES=100000,200000 (reads/s), SHAPE=aggregated|per-read, SECONDS=8,
 * DOORS=20, SESSIONS=0 (default 1: outbound sessions with a matching order are open at half
 * of the doors, so their transits are counted against a manifest and issue stock).
 */
import { performance } from 'node:perf_hooks';
import { tempDir } from '../helpers/tmp.ts';
import { Store } from '../../gateway/store/store.ts';
import { createLogger } from '../../gateway/log.ts';
import { Metrics } from '../../gateway/metrics.ts';
import { GTIN, REPORTS, REPORT_EVERY_US, TAGS, palletReports, pct, playReports, shapeOf } from './pallet-load.ts';
import type { DoorLayout } from '../../gateway/domain/portal-transit.ts';
import { DoorSessions } from '../../gateway/services/door-sessions.ts';
import { PortalService } from '../../gateway/services/portal.ts';
import { startCheckpointer } from '../../gateway/store/checkpointer.ts';
import { applyOrders } from '../../gateway/store/orders.sqlite.ts';
import { ErpOrder } from '../../cloud-bridge/erp-schemas.ts';
import type { OutboxEvent } from '../../gateway/store/store.ts';

const DOORS = Number(process.env.DOORS ?? 20);
const SECONDS = Number(process.env.SECONDS ?? 8);
const RATES = (process.env.RATES ?? '100000,200000,300000').split(',').map(Number);
const { shape: SHAPE, perReport: PER_REPORT, seenCount: SEEN_COUNT, readsPerCarton: READS_PER_CARTON } = shapeOf(process.env.SHAPE);
const SESSIONS = process.env.SESSIONS !== '0';
const WINDOW_MS = 2000;
const thresholds = { windowMs: WINDOW_MS, minReads: 2, rssiFloorDbm: -75, parkAfterMs: 120_000 };
const doors: DoorLayout[] = Array.from({ length: DOORS }, (_, d) => ({
  id: `door-${d}`,
  readers: [{ device: `r${d}`, outside: [1, 2], inside: [3, 4] }],
  adjacent: [],
  thresholds,
}));
const log = createLogger({ level: 'silent', format: 'json' });

async function runRate(rate: number) {
  const t = tempDir('wg-bench-portal-');
  const store = Store.open(t.dir, { site: 's', gatewayId: 'g' });
  store.db.exec(`INSERT INTO zones (id, kind) VALUES ('P', 'pick'), ('Q', 'qc'); INSERT INTO bins (id, zone_id, pick_seq) VALUES ('B1', 'P', 1), ('Q1', 'Q', 5);
    INSERT INTO products (sku, name, gtin, updated_at) VALUES ('CARTON', 'carton', '${GTIN}', 'x');`);
  const checkpointer = startCheckpointer(store.db, store.file, log);
  const sessions = new DoorSessions(store, new Set(doors.map((d) => d.id)), log);
  if (SESSIONS) {
    // Half the doors load an order big enough for everything they will see.
    const perDoor = Math.ceil((rate * SECONDS) / READS_PER_CARTON / DOORS) + TAGS;
    store.transact((tx) => tx.move({ type: 'initial', lines: [{ sku: 'CARTON', bin: 'B1', state: 'on_hand', qty: perDoor * DOORS }] }));
    const orders = doors.filter((_, i) => i % 2 === 0).map((d) => ErpOrder.parse({ id: `SO-${d.id}`, lines: [{ sku: 'CARTON', qty: perDoor }] }));
    applyOrders(store, orders, 'push');
    for (const o of orders) sessions.open(o.id.slice(3), { kind: 'outbound', orders: [o.id] }, 'bench');
  }
  const portal = new PortalService({ store, doors, sessions, metrics: new Metrics(), log });
  const latencies: number[] = [];
  store.onCommit((events: OutboxEvent[]) => {
    const now = Date.now();
    for (const e of events) {
      if (e.type !== 'rfid.transit') continue;
      const lastSeen = Date.parse((e.data as { last_seen: string }).last_seen);
      latencies.push(now - (lastSeen + WINDOW_MS));
    }
  });
  const t0 = Date.now() + 1500;
  const msgs = palletReports(rate, SECONDS, t0, DOORS, SHAPE);
  const expected = msgs.length / REPORTS;
  // The steady state: after the first pallets are through, before the last ones start.
  const steadyFrom = (msgs[0]?.at ?? 0) + REPORTS * (REPORT_EVERY_US / 1000);
  const steadyTo = (msgs[0]?.at ?? 0) + SECONDS * 1000;
  const steadyReads = msgs.filter((m) => m.at >= steadyFrom && m.at < steadyTo).reduce((n, m) => n + m.entries * SEEN_COUNT, 0);
  portal.start();
  const lags: number[] = [];
  await new Promise((r) => setTimeout(r, Math.max(0, t0 - Date.now())));
  const cpu0 = process.cpuUsage();
  const startedMs = performance.now();
  await playReports(msgs, (m) => portal.onMessage(m.reader, m.body), lags);
  const fedMs = performance.now() - startedMs;
  // Let the last windows close and commit.
  const deadline = Date.now() + WINDOW_MS + 10_000;
  while (latencies.length < expected * TAGS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const cpu = process.cpuUsage(cpu0);
  portal.stop();
  const committed = store.db.prepare("SELECT COUNT(*) FROM outbox WHERE type = 'rfid.transit'").pluck().get() as number;
  const issued = store.db.prepare("SELECT COUNT(*) FROM movements WHERE type = 'issue'").pluck().get() as number;
  await checkpointer?.stop();
  store.close();
  t.cleanup();
  lags.sort((a, b) => a - b);
  latencies.sort((a, b) => a - b);
  return {
    rate,
    offered: steadyReads / ((steadyTo - steadyFrom) / 1000),
    transits: expected * TAGS,
    committed,
    issued,
    lagP99: pct(lags, 0.99),
    lagMax: lags.at(-1) ?? NaN,
    latP50: pct(latencies, 0.5),
    latP99: pct(latencies, 0.99),
    latMax: latencies.at(-1) ?? NaN,
    cpuPct: ((cpu.user + cpu.system) / 1000 / (fedMs + WINDOW_MS)) * 100,
  };
}

console.log(
  `portal service in real time: ${DOORS} doors, pallets of ${TAGS} cartons read ${READS_PER_CARTON} times each, reported ${SHAPE} (${REPORTS * PER_REPORT} entries per carton), window ${WINDOW_MS} ms, ${SECONDS} s per rate${SESSIONS ? `, outbound sessions open at ${Math.ceil(DOORS / 2)} doors` : ''}`,
);
let sustained = 0;
const f = (n: number) => Math.round(n).toLocaleString('en');
for (const rate of RATES) {
  const r = await runRate(rate);
  const ok = r.committed === r.transits && r.lagP99 < 100;
  if (ok && rate > sustained) sustained = rate;
  console.log(
    `  ${f(r.offered)} reads/s (${f(r.offered / SEEN_COUNT)} entries/s, ${f(r.offered / READS_PER_CARTON)} transits/s) in the steady state: ${f(r.committed)}/${f(r.transits)} transits committed, ${f(r.issued)} stock issues; CPU ${Math.round(r.cpuPct)}% of one core${ok ? '' : '   NOT KEPT UP'}`,
  );
  console.log(`    report handed over late by: p99 ${r.lagP99} ms, max ${r.lagMax} ms;   window closed -> event committed: p50 ${r.latP50} ms, p99 ${r.latP99} ms, max ${r.latMax} ms`);
}
console.log(`  sustained: ${sustained > 0 ? `${f(sustained)} reads/s` : 'none of the offered rates'}   (target >= 100,000 reads/s with p99 < 20 ms)`);
