/**
 * npm run bench:portal — reads through the portal service to committed events, 20 doors,
 * on a real SQLite file (WAL, synchronous FULL): bus payloads (JSON + validation) -> transits
 * -> one transaction per tick with a transits row and an outbox event per tag. Time is
 * simulated, so the figures are the service's own cost; in the running gateway a tick comes
 * every 50 ms, which adds up to that to the latency from a window closing to its event.
 */
import { performance } from 'node:perf_hooks';
import { tempDir } from '../helpers/tmp.ts';
import { Store } from '../../gateway/store/store.ts';
import { createLogger } from '../../gateway/log.ts';
import { Metrics } from '../../gateway/metrics.ts';
import { encodeSgtinFromGtin } from '../../gateway/domain/epc.ts';
import type { DoorLayout } from '../../gateway/domain/portal-transit.ts';
import { DoorSessions } from '../../gateway/services/door-sessions.ts';
import { PortalService } from '../../gateway/services/portal.ts';

const DOORS = 20;
/** The service's tick period (PortalService tickMs default) */
const TICK_US = 50_000;
const PALLETS = Number(process.env.PALLETS ?? 400);
const TAGS = 60;
const thresholds = { windowMs: 2000, minReads: 2, rssiFloorDbm: -75 };
const doors: DoorLayout[] = Array.from({ length: DOORS }, (_, d) => ({
  id: `door-${d}`,
  readers: [{ device: `r${d}`, outside: [1, 2], inside: [3, 4] }],
  adjacent: [],
  thresholds,
}));
const gtin = '80614141123458';
const epc = (p: number, i: number) => {
  const r = encodeSgtinFromGtin(gtin, 7, p * TAGS + i);
  if (!r.ok) throw new Error(r.message);
  return r.hex;
};

// Each pallet: 8 reports of 60 tags over 2 s (4 outside, 4 inside); pallets 250 ms apart across doors.
interface Msg {
  reader: string;
  body: Buffer;
  t: number;
  reads: number;
}
const msgs: Msg[] = [];
for (let p = 0; p < PALLETS; p++) {
  const t0 = 1_000_000_000_000 + p * 250_000;
  const door = p % DOORS;
  for (let k = 0; k < 8; k++) {
    const reads = Array.from({ length: TAGS }, (_, i) => ({ epc: epc(p, i), antenna: k < 4 ? 1 + (i % 2) : 3 + (i % 2), rssi: -50 - (i % 7), firstSeenUs: t0 + k * 250_000 + i, lastSeenUs: t0 + k * 250_000 + i + 200_000, seenCount: 4 }));
    msgs.push({ reader: `r${door}`, body: Buffer.from(JSON.stringify({ v: 1, reader: `r${door}`, reads })), t: t0 + k * 250_000, reads: TAGS });
  }
}
msgs.sort((a, b) => a.t - b.t);
const totalReads = msgs.reduce((n, m) => n + m.reads, 0);

const log = createLogger({ level: 'silent', format: 'json' });
const rates: number[] = [];
const tickMs: number[] = [];
let committed = 0;
for (let run = 0; run < 3; run++) {
  const t = tempDir('wg-bench-portal-');
  const store = Store.open(t.dir, { site: 's', gatewayId: 'g' });
  store.db.exec(`INSERT INTO zones (id, kind) VALUES ('Q', 'qc'); INSERT INTO bins (id, zone_id, pick_seq) VALUES ('Q1', 'Q', 1);
    INSERT INTO products (sku, name, gtin, updated_at) VALUES ('CARTON', 'carton', '${gtin}', 'x');`);
  const sessions = new DoorSessions(store, new Set(doors.map((d) => d.id)), log);
  let now = msgs[0]?.t ?? 0;
  const portal = new PortalService({ store, doors, sessions, metrics: new Metrics(), log, nowUs: () => now });
  const started = performance.now();
  let nextTick = now + TICK_US;
  for (const m of msgs) {
    portal.onMessage(m.reader, m.body);
    if (m.t >= nextTick) {
      now = m.t;
      const a = performance.now();
      portal.tick(now);
      tickMs.push(performance.now() - a);
      nextTick = now + TICK_US;
    }
  }
  now += 10_000_000;
  portal.tick(now);
  rates.push(totalReads / ((performance.now() - started) / 1000));
  committed = store.db.prepare("SELECT COUNT(*) FROM outbox WHERE type = 'rfid.transit'").pluck().get() as number;
  store.close();
  t.cleanup();
}
rates.sort((a, b) => a - b);
tickMs.sort((a, b) => a - b);
const pct = (q: number) => (tickMs[Math.min(tickMs.length - 1, Math.floor(q * tickMs.length))] ?? 0).toFixed(2);
console.log(`portal service: ${totalReads.toLocaleString('en')} reads in ${msgs.length.toLocaleString('en')} reports, ${DOORS} doors, ${committed.toLocaleString('en')} transits committed with their events per run`);
console.log(`  sustained: median ${Math.round(rates[1] as number).toLocaleString('en')} reads/s (3 runs: ${rates.map((r) => Math.round(r).toLocaleString('en')).join(', ')})   target >= 100,000`);
console.log(`  window closed -> events committed (one tick: close + one transaction), per tick: p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms   target p99 < 20 ms`);
console.log(`  (plus up to one tick period, ${TICK_US / 1000} ms, in the running gateway)`);
