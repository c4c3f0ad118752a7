/**
 * Dock-door portal scenarios end to end, as a warehouse manager would check them by hand:
 * two adjacent doors (door-3, door-4), each with its own SimulatedReader over real LLRP on
 * 127.0.0.1 (port 0), the gateway's LLRP driver publishing on its embedded broker, the
 * portal service arbitrating and judging, door sessions booking stock and reconciling.
 *
 * - cross-reads: door-4 weakly reads cartons that go out through door-3;
 * - arbitration by manifest: both doors open, only door-4's manifest expects the SKU;
 * - a parked tag: read on the floor by door-3 for longer than the door's parking limit;
 * - foreign and unknown items: exceptions on the PDA API and in the reconciliation.
 *
 * No timed assertions: the tests wait for states (test/helpers/wait.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedReader } from '../../simulators/llrp-reader/reader.ts';
import { epcOf, type Scene } from '../../simulators/llrp-reader/world.ts';
import { startGateway, type Gateway } from '../../gateway/main/gateway.ts';
import { loadConfigText } from '../../gateway/config/load.ts';
import { createLogger } from '../../gateway/log.ts';
import { encodeSgtinFromGtin, gs1CheckDigit } from '../../gateway/domain/epc.ts';
import { tempDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';
import { TOKENS, siteHead } from '../helpers/site.ts';

const gtin = (base13: string) => base13 + gs1CheckDigit(base13);
const GTIN_1 = gtin('0061414100001'); // SKU-1
const GTIN_2 = gtin('0061414100002'); // SKU-2
const GTIN_NOT_A_PRODUCT = gtin('0061414100009'); // a valid SGTIN, but no product has this GTIN

/**
 * An epcPrefix (16 hex digits) for the simulator: SGTIN-96 of `g` with serial bits 32..35 = `hi`;
 * the simulator appends the carton number as the low 32 bits of the serial.
 */
function prefixOf(g: string, hi: number): string {
  const r = encodeSgtinFromGtin(g, 7, 0);
  if (!r.ok) throw new Error(r.message);
  return r.hex.toLowerCase().slice(0, 15) + hi.toString(16);
}
const cartons = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => epcOf(prefix, i));

interface DoorOpts {
  parkAfterMs?: number;
}

function siteYaml(dataDir: string, port3: number, port4: number, door3: DoorOpts): string {
  const park = (o: DoorOpts) => (o.parkAfterMs !== undefined ? `, parkAfterMs: ${o.parkAfterMs}` : '');
  return `${siteHead('scen-wh', dataDir)}devices:
  - { id: door3-reader, kind: rfid-reader, profile: rfid/impinj-r700-portal, connection: { host: 127.0.0.1, port: ${port3} } }
  - { id: door4-reader, kind: rfid-reader, profile: rfid/impinj-r700-portal, connection: { host: 127.0.0.1, port: ${port4} } }
doors:
  - id: door-3
    readers: [{ device: door3-reader, outside: [1, 2], inside: [3, 4] }]
    adjacent: [door-4]
    thresholds: { windowMs: 1000, minReads: 2, rssiFloorDbm: -75${park(door3)} }
  - id: door-4
    readers: [{ device: door4-reader, outside: [1, 2], inside: [3, 4] }]
    adjacent: [door-3]
    thresholds: { windowMs: 1000, minReads: 2, rssiFloorDbm: -75 }
zones:
  - { id: P, kind: pick }
  - { id: Q, kind: qc }
  - { id: H, kind: hold }
bins:
  - { id: B1, zone: P, pickSeq: 1 }
  - { id: B2, zone: P, pickSeq: 2 }
  - { id: Q1, zone: Q, pickSeq: 5 }
  - { id: H1, zone: H, pickSeq: 9 }
seed:
  products:
    - { sku: SKU-1, name: carton one, gtin: "${GTIN_1}" }
    - { sku: SKU-2, name: carton two, gtin: "${GTIN_2}" }
  stock:
    - { sku: SKU-1, bin: B1, qty: 100 }
    - { sku: SKU-2, bin: B2, qty: 10 }
`;
}

type Role = keyof typeof TOKENS;
type Row = Record<string, any>;

interface Rig {
  door3: SimulatedReader;
  door4: SimulatedReader;
  gw: Gateway;
  api(method: string, path: string, role: Role, body?: unknown): Promise<{ status: number; json: any }>;
  /** One sample of /metrics (no token from loopback); 0 when the series is absent */
  metric(name: string, labels?: Record<string, string>): Promise<number>;
  one(sql: string, ...args: unknown[]): any;
  rows(sql: string, ...args: unknown[]): Row[];
  balance(sku: string, bin: string, state: string): number;
  events(type: string): Row[];
  counters(): Row[];
  pushOrder(id: string, sku: string, qty: number): Promise<void>;
  openOutbound(door: string, orders: string[]): Promise<string>;
  close(): Promise<void>;
}

async function rig(door3: DoorOpts = {}): Promise<Rig> {
  const t = tempDir('wg-portal-scen-');
  const r3 = new SimulatedReader({ model: 'impinj-r700', host: '127.0.0.1', port: 0, seed: 3 });
  const r4 = new SimulatedReader({ model: 'impinj-r700', host: '127.0.0.1', port: 0, seed: 4 });
  let gw: Gateway | undefined;
  try {
    const p3 = (await r3.listen()).port;
    const p4 = (await r4.listen()).port;
    const { config } = loadConfigText(siteYaml(`${t.dir}/data`, p3, p4, door3), `${t.dir}/site.yaml`);
    const log = createLogger({ level: process.env.WG_TEST_LOG ?? 'silent', format: 'json' });
    gw = await startGateway(config, { log });
    const g = gw;
    const r: Rig = {
      door3: r3,
      door4: r4,
      gw: g,
      async api(method, path, role, body) {
        const res = await fetch(`${g.apiUrl}${path}`, {
          method,
          headers: { Authorization: `Bearer ${TOKENS[role]}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
        return { status: res.status, json: await res.json() };
      },
      async metric(name, labels = {}) {
        const res = await fetch(`${g.apiUrl}/metrics`);
        assert.equal(res.status, 200);
        const text = await res.text();
        const l = Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',');
        const head = `${name}${l ? `{${l}}` : ''} `;
        const line = text.split('\n').find((x) => x.startsWith(head));
        return line === undefined ? 0 : Number(line.slice(head.length));
      },
      one: (sql, ...args) => g.store.db.prepare(sql).pluck().get(...args),
      rows: (sql, ...args) => g.store.db.prepare(sql).all(...args) as Row[],
      balance: (sku, bin, state) => g.store.balanceOf({ sku, bin, state: state as 'on_hand' }),
      events: (type) => (g.store.db.prepare('SELECT data FROM outbox WHERE type = ? ORDER BY seq').pluck().all(type) as string[]).map((d) => JSON.parse(d) as Row),
      counters: () => r.rows('SELECT door, reason, count FROM portal_counters ORDER BY door, reason'),
      async pushOrder(id, sku, qty) {
        const res = await r.api('POST', '/api/v1/orders', 'cloud', { id, lines: [{ sku, qty }] });
        assert.equal(res.status, 200, JSON.stringify(res.json));
      },
      async openOutbound(door, orders) {
        const res = await r.api('POST', `/api/v1/doors/${door}/sessions`, 'pda', { kind: 'outbound', orders });
        assert.equal(res.status, 201, JSON.stringify(res.json));
        return res.json.id as string;
      },
      async close() {
        try {
          await g.close();
        } finally {
          await r3.close();
          await r4.close();
          t.cleanup();
        }
      },
    };
    // Both readers inventory for the gateway before any scene starts.
    await waitFor('both readers inventorying for the gateway', () => r3.inventorying && r4.inventorying, 15_000);
    return r;
  } catch (err) {
    await gw?.close();
    await r3.close();
    await r4.close();
    t.cleanup();
    throw err;
  }
}

/** The fields of a reconciliation event a manager writes down */
const recLine = (e: Row) => ({ door: e.door, line: e.line, sku: e.sku, expected: e.expected, seen: e.seen, missing: e.missing, extra: e.extra, held: e.held, complete: e.complete });

test('cross-reads: door-4 weakly reads 4 of 6 cartons going out through door-3; door-3 books all 6, door-4 gets no transit, 4 cross-reads counted for door-4', async () => {
  const r = await rig();
  try {
    await r.pushOrder('O-3', 'SKU-1', 6);
    assert.equal(r.balance('SKU-1', 'B1', 'reserved'), 6);
    const s3 = await r.openOutbound('door-3', ['O-3']);

    const prefix = prefixOf(GTIN_1, 1);
    const epcs = cartons(prefix, 6);
    const crossRead = epcs.slice(0, 4);
    // door-3: the pallet, strong reads, inside antennas first then outside (outbound).
    r.door3.addScene({ kind: 'pallet', cartons: 6, direction: 'outbound', speedMps: 4, startMs: 200, epcPrefix: prefix });
    // door-4, at the same time: 4 of those cartons, weak (-70..-64 dBm; door-3 peaks near -40) and few reads.
    r.door4.addScene({ kind: 'cross-read', epcs: crossRead, readsPerSec: 4, rssiDbm: [-70, -64], startMs: 500, durationMs: 1200 });

    await waitFor('6 transits', () => r.one('SELECT COUNT(*) FROM transits') >= 6, 20_000);
    await waitFor('every track closed', async () => (await r.metric('wg_portal_open_tracks')) === 0, 20_000);

    // The transits: all 6 at door-3, outbound, counted in door-3's session; the 4 cross-read ones name door-4.
    const transits = r.rows('SELECT * FROM transits ORDER BY epc');
    assert.equal(transits.length, 6, JSON.stringify(transits));
    assert.deepEqual(
      transits.map((t) => [t.epc, t.door, t.direction, t.sku, t.gtin, t.session_id, t.verdict, t.cross_reads]),
      epcs.map((e, i) => [e, 'door-3', 'outbound', 'SKU-1', GTIN_1, s3, 'counted', i < 4 ? '["door-4"]' : null]),
    );
    assert.equal(r.one("SELECT COUNT(*) FROM transits WHERE door = 'door-4'"), 0);
    // The winners were the strong reads (door-3's evidence), the cross-reads weaker.
    assert.ok(transits.every((t) => t.peak_rssi > -64), JSON.stringify(transits.map((t) => t.peak_rssi)));

    // Suppressed: exactly 4 cross-reads at door-4, nothing else anywhere.
    assert.deepEqual(r.counters(), [{ door: 'door-4', reason: 'cross-read', count: 4 }]);
    assert.equal(await r.metric('wg_portal_outcomes_total', { door: 'door-4', kind: 'cross-read' }), 4);
    assert.equal(await r.metric('wg_portal_outcomes_total', { door: 'door-3', kind: 'transit' }), 6);
    assert.equal(await r.metric('wg_portal_outcomes_total', { door: 'door-4', kind: 'transit' }), 0);

    // Events and stock: 6 rfid.transit events at door-3, 6 issues out of B1.
    const ev = r.events('rfid.transit');
    assert.equal(ev.length, 6);
    assert.deepEqual(
      ev.map((e) => [e.epc, e.door, e.direction, e.session, e.verdict, e.cross_reads_from]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      epcs.map((e, i) => [e, 'door-3', 'outbound', s3, 'counted', i < 4 ? ['door-4'] : []]),
    );
    assert.deepEqual(r.rows("SELECT type, ref FROM movements WHERE source = 'portal' ORDER BY ref"), epcs.map((e) => ({ type: 'issue', ref: e })));
    assert.equal(r.balance('SKU-1', 'B1', 'on_hand'), 94);
    assert.equal(r.balance('SKU-1', 'B1', 'reserved'), 0);

    // The PDA: door-3 loaded 6 of 6, no exceptions; door-4 has no session.
    const cur = await r.api('GET', '/api/v1/doors/door-3/sessions/current', 'pda');
    assert.equal(cur.status, 200);
    assert.deepEqual(cur.json.lines, [{ lineId: 'O-3#1', sku: 'SKU-1', expected: 6, seen: 6, missing: 0, extra: 0 }]);
    assert.deepEqual(cur.json.exceptions, []);
    assert.equal(cur.json.counted, 6);
    assert.equal((await r.api('GET', '/api/v1/doors/door-4/sessions/current', 'pda')).status, 404);

    // Close: the reconciliation is exact.
    const closed = await r.api('POST', `/api/v1/doors/door-3/sessions/${s3}/close`, 'pda');
    assert.equal(closed.status, 200, JSON.stringify(closed.json));
    const rec = r.events('shipment.reconciled');
    assert.equal(rec.length, 1);
    assert.deepEqual(recLine(rec[0]!), { door: 'door-3', line: 'O-3#1', sku: 'SKU-1', expected: 6, seen: 6, missing: 0, extra: 0, held: 0, complete: true });
    assert.deepEqual(rec[0]!.totals, { expected: 6, seen: 6, missing: 0, extra: 0, foreign: 0, unknown: 0, wrong_direction: 0 });
    assert.deepEqual(rec[0]!.unexpected, []);
    assert.equal(r.balance('SKU-1', 'B1', 'held'), 0);
    assert.equal((await r.api('GET', '/api/v1/orders/O-3', 'pda')).json.status, 'shipped');
  } finally {
    await r.close();
  }
});

test("arbitration by manifest: both doors open, only door-4's manifest has SKU-1; door-4 wins with weaker reads and books the 4 cartons", async () => {
  const r = await rig();
  try {
    await r.pushOrder('O-3', 'SKU-2', 2); // door-3 loads SKU-2
    await r.pushOrder('O-4', 'SKU-1', 4); // door-4 loads SKU-1
    const s3 = await r.openOutbound('door-3', ['O-3']);
    const s4 = await r.openOutbound('door-4', ['O-4']);

    const prefix = prefixOf(GTIN_1, 2);
    const epcs = cartons(prefix, 4);
    // The strong reads are at door-3 (peak near -40 dBm, dozens of reads per carton)...
    r.door3.addScene({ kind: 'pallet', cartons: 4, direction: 'outbound', speedMps: 4, startMs: 200, epcPrefix: prefix });
    // ...door-4 sees the same 4 weakly (-70..-64 dBm), inside antennas first then outside, so
    // its own tracks read as outbound too.
    r.door4.addScene({ kind: 'cross-read', epcs, antennas: [3, 4], readsPerSec: 6, rssiDbm: [-70, -64], startMs: 300, durationMs: 800 });
    r.door4.addScene({ kind: 'cross-read', epcs, antennas: [1, 2], readsPerSec: 6, rssiDbm: [-70, -64], startMs: 1200, durationMs: 800 });

    await waitFor('4 transits', () => r.one('SELECT COUNT(*) FROM transits') >= 4, 20_000);
    await waitFor('every track closed', async () => (await r.metric('wg_portal_open_tracks')) === 0, 20_000);

    const transits = r.rows('SELECT * FROM transits ORDER BY epc');
    assert.deepEqual(
      transits.map((t) => [t.epc, t.door, t.direction, t.sku, t.session_id, t.verdict, t.cross_reads]),
      epcs.map((e) => [e, 'door-4', 'outbound', 'SKU-1', s4, 'counted', '["door-3"]']),
    );
    assert.ok(transits.every((t) => t.peak_rssi <= -64), 'the winner is the weaker door');
    assert.deepEqual(r.counters(), [{ door: 'door-3', reason: 'cross-read', count: 4 }]);
    assert.equal(await r.metric('wg_portal_outcomes_total', { door: 'door-3', kind: 'cross-read' }), 4);
    assert.equal(await r.metric('wg_portal_outcomes_total', { door: 'door-4', kind: 'transit' }), 4);

    // Stock: 4 SKU-1 issued for O-4; O-3's SKU-2 untouched.
    assert.deepEqual(r.rows("SELECT type, ref FROM movements WHERE source = 'portal' ORDER BY ref"), epcs.map((e) => ({ type: 'issue', ref: e })));
    assert.equal(r.balance('SKU-1', 'B1', 'on_hand'), 96);
    assert.equal(r.balance('SKU-1', 'B1', 'reserved'), 0);
    assert.equal(r.balance('SKU-2', 'B2', 'on_hand'), 10);
    assert.equal(r.balance('SKU-2', 'B2', 'reserved'), 2);

    // The PDAs: door-4 loaded 4 of 4; door-3 saw nothing of its own and no exception.
    const c4 = await r.api('GET', '/api/v1/doors/door-4/sessions/current', 'pda');
    assert.deepEqual(c4.json.lines, [{ lineId: 'O-4#1', sku: 'SKU-1', expected: 4, seen: 4, missing: 0, extra: 0 }]);
    assert.deepEqual(c4.json.exceptions, []);
    const c3 = await r.api('GET', '/api/v1/doors/door-3/sessions/current', 'pda');
    assert.deepEqual(c3.json.lines, [{ lineId: 'O-3#1', sku: 'SKU-2', expected: 2, seen: 0, missing: 2, extra: 0 }]);
    assert.deepEqual(c3.json.exceptions, []);
    assert.equal(r.events('portal.exception').length, 0);

    assert.equal((await r.api('POST', `/api/v1/doors/door-4/sessions/${s4}/close`, 'pda')).status, 200);
    assert.equal((await r.api('POST', `/api/v1/doors/door-3/sessions/${s3}/close`, 'pda')).status, 200);
    const rec = r.events('shipment.reconciled');
    assert.deepEqual(rec.map(recLine), [
      { door: 'door-4', line: 'O-4#1', sku: 'SKU-1', expected: 4, seen: 4, missing: 0, extra: 0, held: 0, complete: true },
      { door: 'door-3', line: 'O-3#1', sku: 'SKU-2', expected: 2, seen: 0, missing: 2, extra: 0, held: 2, complete: false },
    ]);
    assert.deepEqual(rec[0]!.totals, { expected: 4, seen: 4, missing: 0, extra: 0, foreign: 0, unknown: 0, wrong_direction: 0 });
    assert.deepEqual(rec[1]!.totals, { expected: 2, seen: 0, missing: 2, extra: 0, foreign: 0, unknown: 0, wrong_direction: 0 });
    assert.equal(r.balance('SKU-2', 'B2', 'held'), 2);
    assert.equal(r.balance('SKU-2', 'B2', 'reserved'), 0);
    assert.equal((await r.api('GET', '/api/v1/orders/O-4', 'pda')).json.status, 'shipped');
    assert.equal((await r.api('GET', '/api/v1/orders/O-3', 'pda')).json.status, 'short-shipped');
  } finally {
    await r.close();
  }
});

test('a parked tag: read on the floor by door-3 longer than parkAfterMs while a pallet of 4 passes; the 4 are booked, the parked tag is only counted', async () => {
  const PARK_MS = 2500;
  const r = await rig({ parkAfterMs: PARK_MS });
  try {
    await r.pushOrder('O-1', 'SKU-1', 4);
    const s3 = await r.openOutbound('door-3', ['O-1']);
    const movementsBefore = r.one('SELECT COUNT(*) FROM movements');

    // A SKU-1 carton fallen on the floor by door-3's inside antenna: were it a transit
    // (one side: direction unknown) the open outbound session would count it as a 5th, extra.
    const parkedEpc = epcOf(prefixOf(GTIN_1, 0xf), 0xbeef);
    const parked: Scene = { kind: 'parked', epc: parkedEpc, antennas: [3] };
    r.door3.addScene(parked);
    await waitFor('the gateway tracks the parked tag', async () => (await r.metric('wg_portal_open_tracks')) === 1, 15_000);
    const trackedAt = Date.now();

    // The pallet passes quickly (about 1 s in the field, well under parkAfterMs).
    const prefix = prefixOf(GTIN_1, 3);
    const epcs = cartons(prefix, 4);
    r.door3.addScene({ kind: 'pallet', cartons: 4, direction: 'outbound', speedMps: 8, startMs: 100, epcPrefix: prefix });
    await waitFor('4 transits', () => r.one('SELECT COUNT(*) FROM transits') >= 4, 20_000);
    await waitFor("the pallet's tracks closed, the parked tag's still open", async () => (await r.metric('wg_portal_open_tracks')) === 1, 20_000);

    // While it lies there: no transit, no movement, no exception, nothing counted for it yet.
    const during = r.rows('SELECT * FROM transits ORDER BY epc');
    assert.deepEqual(during.map((t) => [t.epc, t.door, t.direction, t.session_id, t.verdict]), epcs.map((e) => [e, 'door-3', 'outbound', s3, 'counted']));
    assert.equal(r.one('SELECT COUNT(*) FROM transits WHERE epc = ?', parkedEpc), 0);
    assert.equal(r.one('SELECT COUNT(*) FROM movements') - movementsBefore, 4);
    // Only ever counted as parked (once it has lain there past the limit), nothing else.
    assert.ok(r.counters().every((c) => c.door === 'door-3' && c.reason === 'parked' && c.count === 1), JSON.stringify(r.counters()));

    // Leave it there past the parking limit (from when the gateway first tracked it): reported
    // parked once while it still lies there, and listed so at the door.
    await waitFor('the tag lay by the door longer than parkAfterMs', () => Date.now() - trackedAt > PARK_MS + 1000, PARK_MS + 10_000);
    await waitFor('counted parked while still there', () => (r.one("SELECT COALESCE(SUM(count), 0) FROM portal_counters WHERE reason = 'parked'") as number) === 1, 10_000);
    const tracks = await r.api('GET', '/api/v1/doors/door-3/tracks', 'pda');
    assert.equal(tracks.status, 200);
    assert.deepEqual(
      tracks.json.tags.map((t: { epc: string; parked: boolean }) => [t.epc, t.parked]),
      [[parkedEpc, true]],
    );
    assert.equal(tracks.json.parked, 1);
    assert.equal((await r.api('GET', '/api/v1/doors/door-9/tracks', 'pda')).status, 404);
    assert.equal(r.door3.world.remove(parked), true);
    // Wait for either outcome (counted as parked, or wrongly a transit) so a failure says which.
    await waitFor(
      'the parked tag resolved',
      () => (r.one("SELECT COALESCE(SUM(count), 0) FROM portal_counters WHERE reason = 'parked'") as number) >= 1 || r.one('SELECT COUNT(*) FROM transits WHERE epc = ?', parkedEpc) > 0,
      15_000,
    );
    await waitFor('every track closed', async () => (await r.metric('wg_portal_open_tracks')) === 0, 15_000);

    assert.equal(r.one('SELECT COUNT(*) FROM transits WHERE epc = ?', parkedEpc), 0, 'the parked tag made a transit');
    assert.deepEqual(r.counters(), [{ door: 'door-3', reason: 'parked', count: 1 }]);
    assert.equal(await r.metric('wg_portal_outcomes_total', { door: 'door-3', kind: 'parked' }), 1);
    assert.equal(await r.metric('wg_portal_outcomes_total', { door: 'door-3', kind: 'transit' }), 4);
    assert.equal(r.one('SELECT COUNT(*) FROM transits'), 4);
    assert.equal(r.one('SELECT COUNT(*) FROM door_crossings WHERE epc = ?', parkedEpc), 0);
    assert.deepEqual(r.rows("SELECT type, ref FROM movements WHERE source = 'portal' ORDER BY ref"), epcs.map((e) => ({ type: 'issue', ref: e })));
    assert.equal(r.events('rfid.transit').length, 4);
    assert.equal(r.events('portal.exception').length, 0);
    const trail = await r.api('GET', `/api/v1/items/${parkedEpc}`, 'pda');
    assert.equal(trail.status, 200);
    assert.deepEqual([trail.json.transits, trail.json.movements], [[], []]);
    assert.equal(r.balance('SKU-1', 'B1', 'on_hand'), 96);

    const cur = await r.api('GET', '/api/v1/doors/door-3/sessions/current', 'pda');
    assert.deepEqual(cur.json.lines, [{ lineId: 'O-1#1', sku: 'SKU-1', expected: 4, seen: 4, missing: 0, extra: 0 }]);
    assert.deepEqual(cur.json.exceptions, []);
    assert.equal((await r.api('POST', `/api/v1/doors/door-3/sessions/${s3}/close`, 'pda')).status, 200);
    const rec = r.events('shipment.reconciled');
    assert.deepEqual(rec.map(recLine), [{ door: 'door-3', line: 'O-1#1', sku: 'SKU-1', expected: 4, seen: 4, missing: 0, extra: 0, held: 0, complete: true }]);
    assert.deepEqual(rec[0]!.totals, { expected: 4, seen: 4, missing: 0, extra: 0, foreign: 0, unknown: 0, wrong_direction: 0 });
  } finally {
    await r.close();
  }
});

test("foreign and unknown: a carton of door-4's shipment and two unknown EPCs go out through door-3 during its session", async () => {
  const r = await rig();
  try {
    await r.pushOrder('O-3', 'SKU-1', 3);
    await r.pushOrder('O-4', 'SKU-2', 2);
    const s3 = await r.openOutbound('door-3', ['O-3']);
    const s4 = await r.openOutbound('door-4', ['O-4']);

    const p1 = prefixOf(GTIN_1, 4);
    const p2 = prefixOf(GTIN_2, 4);
    const pNoProduct = prefixOf(GTIN_NOT_A_PRODUCT, 4);
    const pNotSgtin = 'e280689400005000'; // header 0xE2: no GS1 scheme
    const own = cartons(p1, 3);
    const foreign = epcOf(p2, 0);
    const unknown = [epcOf(pNoProduct, 0), epcOf(pNotSgtin, 0)].sort();
    for (const [prefix, n] of [[p1, 3], [p2, 1], [pNoProduct, 1], [pNotSgtin, 1]] as const) {
      r.door3.addScene({ kind: 'pallet', cartons: n, direction: 'outbound', speedMps: 4, startMs: 200, epcPrefix: prefix });
    }

    await waitFor('6 transits', () => r.one('SELECT COUNT(*) FROM transits') >= 6, 20_000);
    await waitFor('every track closed', async () => (await r.metric('wg_portal_open_tracks')) === 0, 20_000);

    const verdicts = Object.fromEntries(r.rows("SELECT epc, verdict, sku, session_id FROM transits WHERE door = 'door-3'").map((t) => [t.epc, [t.verdict, t.sku, t.session_id]]));
    assert.deepEqual(verdicts, {
      ...Object.fromEntries(own.map((e) => [e, ['counted', 'SKU-1', s3]])),
      [foreign]: ['foreign', 'SKU-2', s3],
      [unknown[0]!]: ['unknown', null, s3],
      [unknown[1]!]: ['unknown', null, s3],
    });
    assert.equal(r.one("SELECT gtin FROM transits WHERE epc = ?", epcOf(pNoProduct, 0)), GTIN_NOT_A_PRODUCT);
    assert.equal(r.one("SELECT gtin FROM transits WHERE epc = ?", epcOf(pNotSgtin, 0)), null);
    assert.deepEqual(r.counters(), []);

    // The PDA at door-3: 3 of 3 loaded, and 3 exceptions (the foreign one names door-4's session).
    const cur = await r.api('GET', '/api/v1/doors/door-3/sessions/current', 'pda');
    assert.deepEqual(cur.json.lines, [{ lineId: 'O-3#1', sku: 'SKU-1', expected: 3, seen: 3, missing: 0, extra: 0 }]);
    assert.deepEqual([cur.json.totals.foreign, cur.json.totals.unknown, cur.json.totals.wrong_direction, cur.json.totals.unexpected], [1, 2, 0, []]);
    const exc = (cur.json.exceptions as Row[]).map((x) => ({ epc: x.epc, sku: x.sku, exception: x.exception, other: x.other_session ?? null })).sort((a, b) => a.epc.localeCompare(b.epc));
    assert.deepEqual(
      exc,
      [
        { epc: foreign, sku: 'SKU-2', exception: 'foreign', other: s4 },
        { epc: unknown[0]!, sku: null, exception: 'unknown', other: null },
        { epc: unknown[1]!, sku: null, exception: 'unknown', other: null },
      ].sort((a, b) => a.epc.localeCompare(b.epc)),
    );
    const pe = r.events('portal.exception').map((e) => [e.door, e.epc, e.exception]).sort((a, b) => String(a[1]).localeCompare(String(b[1])));
    assert.deepEqual(pe, exc.map((x) => ['door-3', x.epc, x.exception]));
    // door-4's PDA: its carton went out elsewhere; its session saw nothing.
    const c4 = await r.api('GET', '/api/v1/doors/door-4/sessions/current', 'pda');
    assert.deepEqual(c4.json.lines, [{ lineId: 'O-4#1', sku: 'SKU-2', expected: 2, seen: 0, missing: 2, extra: 0 }]);

    // Stock: only the 3 own cartons are issued; nothing of SKU-2 moves.
    assert.deepEqual(r.rows("SELECT type, ref FROM movements WHERE source = 'portal' ORDER BY ref"), own.map((e) => ({ type: 'issue', ref: e })));
    assert.equal(r.balance('SKU-1', 'B1', 'on_hand'), 97);
    assert.equal(r.balance('SKU-2', 'B2', 'on_hand'), 10);
    assert.equal(r.balance('SKU-2', 'B2', 'reserved'), 2);

    assert.equal((await r.api('POST', `/api/v1/doors/door-3/sessions/${s3}/close`, 'pda')).status, 200);
    const rec = r.events('shipment.reconciled');
    assert.deepEqual(rec.map(recLine), [{ door: 'door-3', line: 'O-3#1', sku: 'SKU-1', expected: 3, seen: 3, missing: 0, extra: 0, held: 0, complete: true }]);
    assert.deepEqual(rec[0]!.totals, { expected: 3, seen: 3, missing: 0, extra: 0, foreign: 1, unknown: 2, wrong_direction: 0 });
    assert.deepEqual(rec[0]!.unexpected, []);
  } finally {
    await r.close();
  }
});
