/**
 * npm run bench:portal — the portal service in real time, 20 doors, on a real SQLite file
 * (WAL, synchronous FULL), at several offered read rates. Reader reports (JSON, as on the
 * bus) are delivered at the moment their newest read happened, with reader timestamps on
 * the wall clock, to PortalService.onMessage; the service's own timer closes the windows and
 * commits transits, door-session verdicts, stock issues and outbox events, exactly as in the
 * gateway (the bus itself is not part of this figure: see the broker tests and bench:bridge).
 *
 * Load: outbound pallets of 60 tagged cartons, round robin over the doors, as many at once as
 * the rate needs. Each carton is read 32 times on its way ("dozens of times"): 4 reports on
 * the inside antennas, then 4 on the outside, 250 ms apart. "reads" counts those tag reads,
 * as a reader counts them (LLRP TagSeenCount). How they are reported is the SHAPE:
 * - aggregated (default; what the shipped portal profiles configure: a report every 250 ms,
 *   one entry per tag and antenna with its TagSeenCount): 8 entries of 4 reads per carton;
 * - per-read (a reader reporting every read on its own): 32 entries of 1 read per carton,
 *   4 times the entries to parse and ingest for the same reads.
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
import { encodeSgtinFromGtin } from '../../gateway/domain/epc.ts';
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
const SHAPE = process.env.SHAPE === 'per-read' ? 'per-read' : 'aggregated';
/** Entries per carton per report, and reads per entry */
const PER_REPORT = SHAPE === 'per-read' ? 4 : 1;
const SEEN_COUNT = SHAPE === 'per-read' ? 1 : 4;
const READS_PER_CARTON = 8 * PER_REPORT * SEEN_COUNT;
const SESSIONS = process.env.SESSIONS !== '0';
const TAGS = 60;
const REPORTS = 8;
const REPORT_EVERY_US = 250_000;
const WINDOW_MS = 2000;
const thresholds = { windowMs: WINDOW_MS, minReads: 2, rssiFloorDbm: -75, parkAfterMs: 120_000 };
const doors: DoorLayout[] = Array.from({ length: DOORS }, (_, d) => ({
  id: `door-${d}`,
  readers: [{ device: `r${d}`, outside: [1, 2], inside: [3, 4] }],
  adjacent: [],
  thresholds,
}));
const GTIN = '80614141123458';
let serial = 0;
const nextEpc = () => {
  const r = encodeSgtinFromGtin(GTIN, 7, serial++);
  if (!r.ok) throw new Error(r.message);
  return r.hex;
};

interface Msg {
  reader: string;
  body: Buffer;
  /** wall clock ms at which the reader sends it */
  at: number;
  entries: number;
}

/** Reports for `seconds` of load at `rate` reads/s, starting at wall time t0Ms. */
function generate(rate: number, seconds: number, t0Ms: number): Msg[] {
  const palletsPerSec = rate / (TAGS * READS_PER_CARTON);
  const pallets = Math.round(palletsPerSec * seconds);
  const msgs: Msg[] = [];
  for (let p = 0; p < pallets; p++) {
    const startUs = (t0Ms + (p / palletsPerSec) * 1000) * 1000;
    const reader = `r${p % DOORS}`;
    const epcs = Array.from({ length: TAGS }, nextEpc);
    for (let k = 0; k < REPORTS; k++) {
      const base = Math.round(startUs + k * REPORT_EVERY_US);
      const reads = [];
      for (let j = 0; j < PER_REPORT; j++) {
        for (let i = 0; i < TAGS; i++) {
          const at = base + i + (PER_REPORT === 1 ? 0 : Math.round((j * 200_000) / (PER_REPORT - 1)));
          const antenna = k < REPORTS / 2 ? 3 + ((i + j) % 2) : 1 + ((i + j) % 2);
          reads.push({ epc: epcs[i], antenna, rssi: -50 - (i % 7), firstSeenUs: at, lastSeenUs: PER_REPORT === 1 ? at + 200_000 : at, seenCount: SEEN_COUNT });
        }
      }
      msgs.push({ reader, body: Buffer.from(JSON.stringify({ v: 1, reader, reads })), at: (base + TAGS + 200_000) / 1000, entries: reads.length });
    }
  }
  return msgs.sort((a, b) => a.at - b.at);
}

const pct = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;
const log = createLogger({ level: 'silent', format: 'json' });

async function runRate(rate: number) {
  const t = tempDir('wg-bench-portal-');
  const store = Store.open(t.dir, { site: 's', gatewayId: 'g' });
  store.db.exec(`INSERT INTO zones (id, kind) VALUES ('P', 'pick'), ('Q', 'qc'); INSERT INTO bins (id, zone_id, pick_seq) VALUES ('B1', 'P', 1), ('Q1', 'Q', 5);
    INSERT INTO products (sku, name, gtin, updated_at) VALUES ('CARTON', 'carton', '${GTIN}', 'x');`);
  const checkpointer = process.env.NOCKPT ? undefined : startCheckpointer(store.db, store.file, log);
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
  const tickMs: number[] = [];
  const sizes: string[] = [];
  const workMs: number[] = [];
  const txMs: number[] = [];
  if (process.env.DEBUG) {
    const transact = store.transact.bind(store);
    (store as { transact: typeof store.transact }).transact = (work) => {
      const a = performance.now();
      const r = transact((tx) => {
        const b = performance.now();
        const x = work(tx);
        workMs.push(performance.now() - b);
        return x;
      });
      txMs.push(performance.now() - a);
      return r;
    };
  }
  const tick = portal.tick.bind(portal);
  portal.tick = (nowUs?: number) => {
    const a = performance.now();
    const out = nowUs === undefined ? tick() : tick(nowUs);
    tickMs.push(performance.now() - a);
    if (out.length > 0) sizes.push(`${out.length}:${(performance.now() - a).toFixed(0)}`);
    return out;
  };
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
  const msgs = generate(rate, SECONDS, t0);
  const expected = msgs.length / REPORTS;
    // The steady state: after the first pallets are through, before the last ones start.
  const steadyFrom = (msgs[0]?.at ?? 0) + REPORTS * (REPORT_EVERY_US / 1000);
  const steadyTo = (msgs[0]?.at ?? 0) + SECONDS * 1000;
  const steadyReads = msgs.filter((m) => m.at >= steadyFrom && m.at < steadyTo).reduce((n, m) => n + m.entries * SEEN_COUNT, 0);
  portal.start();
  const lags: number[] = [];
  let i = 0;
  let cpu0 = process.cpuUsage();
  let startedMs = performance.now();
  await new Promise<void>((resolve) => {
    const pump = () => {
      const now = Date.now();
      while (i < msgs.length && (msgs[i] as Msg).at <= now) {
        const m = msgs[i++] as Msg;
        lags.push(Math.round(Date.now() - m.at));
        portal.onMessage(m.reader, m.body);
      }
      if (i < msgs.length) setTimeout(pump, Math.max(0, Math.min(5, (msgs[i] as Msg).at - Date.now())));
      else resolve();
    };
    setTimeout(() => {
      cpu0 = process.cpuUsage();
      startedMs = performance.now();
      pump();
    }, Math.max(0, t0 - Date.now()));
  });
  const fedMs = performance.now() - startedMs;
  // Let the last windows close and commit.
  const deadline = Date.now() + WINDOW_MS + 10_000;
  while (latencies.length < expected * TAGS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const cpu = process.cpuUsage(cpu0);
  portal.stop();
  const committed = store.db.prepare("SELECT COUNT(*) FROM outbox WHERE type = 'rfid.transit'").pluck().get() as number;
  const issued = store.db.prepare("SELECT COUNT(*) FROM movements WHERE type = 'issue'").pluck().get() as number;
  if (process.env.DEBUG) console.log(store.db.prepare('SELECT verdict, COUNT(*) n FROM door_crossings GROUP BY verdict').all(), store.db.prepare('SELECT type, COUNT(*) n FROM outbox GROUP BY type').all(), store.db.prepare("SELECT id, door, status FROM door_sessions").all().slice(0, 3));
  await checkpointer?.stop();
  store.close();
  t.cleanup();
  lags.sort((a, b) => a - b);
  tickMs.sort((a, b) => a - b);
  if (process.env.DEBUG) for (const [n, xs] of [['work', workMs], ['tx', txMs]] as const) console.log(n, [...xs].sort((a, b) => a - b).filter((_, i, a) => i === Math.floor(a.length / 2) || i >= a.length - 5).map((x) => x.toFixed(1)).join(' '));
  if (process.env.DEBUG) console.log(sizes.slice(100, 180).join(' '));
  if (process.env.DEBUG) console.log('ticks', tickMs.length, 'p50', pct(tickMs, 0.5).toFixed(2), 'p99', pct(tickMs, 0.99).toFixed(2), 'max', (tickMs.at(-1) ?? 0).toFixed(2), 'sum', tickMs.reduce((a, b) => a + b, 0).toFixed(0));
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
  `portal service in real time: ${DOORS} doors, pallets of ${TAGS} cartons read ${READS_PER_CARTON} times each, reported ${SHAPE} (${8 * PER_REPORT} entries per carton), window ${WINDOW_MS} ms, ${SECONDS} s per rate${SESSIONS ? `, outbound sessions open at ${Math.ceil(DOORS / 2)} doors` : ''}`,
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
