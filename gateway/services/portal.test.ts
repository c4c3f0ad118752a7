/**
 * The portal service without a bus or a reader: payloads in, time passed in, the store checked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempDir } from '../../test/helpers/tmp.ts';
import { Store } from '../store/store.ts';
import { applyOrders } from '../store/orders.sqlite.ts';
import { diffBalances } from '../store/stock.sqlite.ts';
import { ErpOrder } from '../../cloud-bridge/erp-schemas.ts';
import { createLogger } from '../log.ts';
import { Metrics } from '../metrics.ts';
import { encodeSgtinFromGtin } from '../domain/epc.ts';
import type { DoorLayout } from '../domain/portal-transit.ts';
import { DoorSessions } from './door-sessions.ts';
import { PortalService, ReadsPayload, checkReadsPayload, isoOfUs } from './portal.ts';
import fc from 'fast-check';
import { waitFor } from '../../test/helpers/wait.ts';

const log = createLogger({ level: 'silent', format: 'json' });
const THRESHOLDS = { windowMs: 1000, minReads: 2, rssiFloorDbm: -75 };
const DOORS: DoorLayout[] = [
  { id: 'd3', readers: [{ device: 'r3', outside: [1], inside: [2] }], adjacent: ['d4'], thresholds: THRESHOLDS },
  { id: 'd4', readers: [{ device: 'r4', outside: [1], inside: [2] }], adjacent: ['d3'], thresholds: THRESHOLDS },
];

function sgtin(gtin: string, serial: number): string {
  const r = encodeSgtinFromGtin(gtin, 7, serial);
  if (!r.ok) throw new Error(r.message);
  return r.hex.toLowerCase();
}
const A = '00614141000012';
const B = '00614141000029';

function setup() {
  const t = tempDir('wg-portal-svc-');
  const store = Store.open(t.dir, { site: 's', gatewayId: 'g' });
  store.db.exec(`
    INSERT INTO zones (id, kind) VALUES ('P', 'pick'), ('Q', 'qc');
    INSERT INTO bins (id, zone_id, pick_seq) VALUES ('B1', 'P', 1), ('Q1', 'Q', 5);
    INSERT INTO products (sku, name, gtin, updated_at) VALUES ('SA', 'a', '${A}', 'x'), ('SB', 'b', '${B}', 'x');`);
  store.transact((tx) => tx.move({ type: 'initial', lines: [{ sku: 'SA', bin: 'B1', state: 'on_hand', qty: 10 }, { sku: 'SB', bin: 'B1', state: 'on_hand', qty: 10 }] }));
  applyOrders(store, [ErpOrder.parse({ id: 'O1', lines: [{ sku: 'SA', qty: 2 }] }), ErpOrder.parse({ id: 'O2', lines: [{ sku: 'SB', qty: 1 }] })], 'push');
  const metrics = new Metrics();
  const sessions = new DoorSessions(store, new Set(['d3', 'd4']), log);
  const portal = new PortalService({ store, doors: DOORS, sessions, metrics, log });
  return { store, metrics, sessions, portal, cleanup: () => (store.close(), t.cleanup()) };
}

/** A tag carried through `reader`'s door: `n` reads on the first side, then `n` on the other, from `t0` (µs). */
function crossing(reader: string, epc: string, direction: 'inbound' | 'outbound', t0: number, n = 3, rssi = -50): Buffer {
  const [first, second] = direction === 'inbound' ? [1, 2] : [2, 1];
  const reads = [];
  for (let i = 0; i < n; i++) reads.push({ epc, antenna: first, rssi, firstSeenUs: t0 + i * 50_000, lastSeenUs: t0 + i * 50_000, seenCount: 1 });
  for (let i = 0; i < n; i++) reads.push({ epc, antenna: second, rssi, firstSeenUs: t0 + 600_000 + i * 50_000, lastSeenUs: t0 + 600_000 + i * 50_000, seenCount: 1 });
  return Buffer.from(JSON.stringify({ v: 1, reader, at: new Date().toISOString(), reads }));
}

test('invalid batches are dropped and counted; valid ones become transits with their event', () => {
  const s = setup();
  try {
    s.portal.onMessage('r3', Buffer.from('not json'));
    s.portal.onMessage('r3', Buffer.from(JSON.stringify({ v: 1, reader: 'r3', reads: [{ epc: 'zz', antenna: 1 }] })));
    s.portal.onMessage('r3', Buffer.from(JSON.stringify({ v: 1, reader: 'r3', reads: [{ epc: 'abcd', antenna: 1 }] })));
    assert.match(s.metrics.render(), /wg_portal_incomplete_reads_total\{reader="r3"\} 1/);
    assert.equal(s.portal.state.stats.reads, 0);
    s.portal.onMessage('r3', Buffer.from(JSON.stringify({ v: 1, reader: 'r4', reads: [] })));
    assert.match(s.metrics.render(), /wg_portal_bad_batches_total\{reason="json"\} 1/);
    assert.match(s.metrics.render(), /wg_portal_bad_batches_total\{reason="schema"\} 1/);
    assert.match(s.metrics.render(), /wg_portal_bad_batches_total\{reason="reader-mismatch"\} 1/);

    const t0 = 1_700_000_000_000_000;
    s.portal.onMessage('r3', crossing('r3', sgtin(A, 1), 'inbound', t0));
    assert.equal(s.portal.tick(t0 + 1_000_000).length, 0, 'the window has not passed');
    const out = s.portal.tick(t0 + 3_000_000);
    assert.equal(out.length, 1);
    const row = s.store.db.prepare('SELECT * FROM transits').get() as Record<string, unknown>;
    assert.equal(row.direction, 'inbound');
    assert.equal(row.sku, 'SA');
    assert.equal(row.gtin, A);
    const ev = s.store.db.prepare("SELECT data FROM outbox WHERE type = 'rfid.transit'").pluck().all() as string[];
    assert.equal(ev.length, 1);
    assert.equal((JSON.parse(ev[0] as string) as { session: unknown }).session, null);

    // A single stray read: suppressed, only counted.
    s.portal.onMessage('r3', Buffer.from(JSON.stringify({ v: 1, reader: 'r3', reads: [{ epc: sgtin(A, 2), antenna: 1, rssi: -60, firstSeenUs: t0 + 5_000_000 }] })));
    s.portal.tick(t0 + 9_000_000);
    assert.equal(s.store.db.prepare("SELECT count FROM portal_counters WHERE door = 'd3' AND reason = 'stray'").pluck().get(), 1);
    assert.equal(s.store.db.prepare('SELECT COUNT(*) FROM transits').pluck().get(), 1);
  } finally {
    s.cleanup();
  }
});

test('an outbound session judges each transit: counted issues stock, foreign / unknown / wrong direction are exceptions; a re-crossing counts once', () => {
  const s = setup();
  try {
    const v3 = s.sessions.open('d3', { kind: 'outbound', orders: ['O1'] }, 'test');
    s.sessions.open('d4', { kind: 'outbound', orders: ['O2'] }, 'test');
    assert.throws(() => s.sessions.open('d3', { kind: 'outbound', orders: ['O2'] }, 'test'), /already has open session/);
    const t0 = 1_700_000_000_000_000;
    s.portal.onMessage('r3', crossing('r3', sgtin(A, 1), 'outbound', t0));
    s.portal.onMessage('r3', crossing('r3', sgtin(B, 1), 'outbound', t0)); // O2's item at d3: foreign
    s.portal.onMessage('r3', crossing('r3', '3034000000000000000000aa', 'outbound', t0)); // not an SGTIN: unknown
    s.portal.onMessage('r3', crossing('r3', sgtin(A, 2), 'inbound', t0)); // wrong direction
    s.portal.tick(t0 + 3_000_000);
    s.portal.onMessage('r3', crossing('r3', sgtin(A, 1), 'outbound', t0 + 5_000_000)); // again
    s.portal.tick(t0 + 9_000_000);
    const verdicts = s.store.db.prepare('SELECT verdict FROM door_crossings ORDER BY transit_seq').pluck().all();
    assert.deepEqual([...verdicts].sort(), ['already-counted', 'counted', 'foreign', 'unknown', 'wrong-direction']);
    assert.equal(s.store.balanceOf({ sku: 'SA', bin: 'B1', state: 'on_hand' }), 9);
    assert.equal(s.store.balanceOf({ sku: 'SA', bin: 'B1', state: 'reserved' }), 1);
    const ex = (s.store.db.prepare("SELECT data FROM outbox WHERE type = 'portal.exception'").pluck().all() as string[]).map((d) => (JSON.parse(d) as { exception: string }).exception);
    assert.deepEqual(ex.sort(), ['foreign', 'unknown', 'wrong-direction']);

    // Restart: a new DoorSessions rebuilds the same tally from the stored crossings.
    const again = new DoorSessions(s.store, new Set(['d3', 'd4']), log);
    const cur = again.current('d3');
    assert.equal(cur?.id, v3.id);
    assert.deepEqual(cur?.lines, [{ lineId: 'O1#1', sku: 'SA', expected: 2, seen: 1, missing: 1, extra: 0 }]);
    assert.equal(cur?.exceptions.length, 3);
    const closed = again.close('d3', v3.id, 'test');
    assert.equal(closed.status, 'closed');
    assert.equal(s.store.balanceOf({ sku: 'SA', bin: 'B1', state: 'held' }), 1);
    assert.equal(s.store.balanceOf({ sku: 'SA', bin: 'B1', state: 'reserved' }), 0);
    assert.equal(s.store.db.prepare("SELECT COUNT(*) FROM order_reservations WHERE order_id = 'O1'").pluck().get(), 0);
  } finally {
    s.cleanup();
  }
});

test('cross-read between adjacent doors: the door whose open session expects the item wins', () => {
  const s = setup();
  try {
    s.sessions.open('d4', { kind: 'outbound', orders: ['O1'] }, 'test');
    assert.throws(() => s.sessions.open('d3', { kind: 'outbound', orders: ['O1'] }, 'test'), /already loading at door 'd4'/);
    const t0 = 1_700_000_000_000_000;
    const epc = sgtin(A, 7);
    s.portal.onMessage('r3', crossing('r3', epc, 'outbound', t0, 4, -45)); // stronger at d3
    s.portal.onMessage('r4', crossing('r4', epc, 'outbound', t0, 3, -60));
    s.portal.tick(t0 + 3_000_000);
    const rows = s.store.db.prepare('SELECT door, verdict FROM transits').all();
    assert.deepEqual(rows, [{ door: 'd4', verdict: 'counted' }]);
    assert.equal(s.store.db.prepare("SELECT count FROM portal_counters WHERE door = 'd3' AND reason = 'cross-read'").pluck().get(), 1);
  } finally {
    s.cleanup();
  }
});

test("a reader whose clock is a minute behind: its tracks close on the reader's clock, not the gateway's", () => {
  const s = setup();
  try {
    const behind = (Date.now() - 60_000) * 1000;
    // The newest read is 50 ms old on the reader's clock when it arrives.
    s.portal.onMessage('r3', crossing('r3', sgtin(A, 3), 'inbound', behind - 750_000));
    assert.equal(s.portal.tick().length, 0, 'a minute old on the wall clock, but the window has not passed on the reader clock');
    assert.equal(s.portal.tick(behind + 2_000_000).length, 1);
  } finally {
    s.cleanup();
  }
});

test('the hand-written payload check accepts and refuses exactly what the ReadsPayload schema does, with the same result', () => {
  const num = fc.oneof(fc.integer({ min: -5, max: 70_000 }), fc.double({ noNaN: false }), fc.constant(1.5), fc.constant(Number.MAX_SAFE_INTEGER));
  const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
  const anyValue = fc.oneof(fc.constant(null), fc.string(), num, fc.boolean(), fc.constant([]));
  const read = fc.record(
    {
      epc: fc.oneof(fc.stringMatching(/^[0-9a-fA-F]{2,130}$/), fc.string(), anyValue),
      antenna: maybe(fc.oneof(num, anyValue)),
      rssi: maybe(fc.oneof(num, anyValue)),
      firstSeenUs: maybe(fc.oneof(num, anyValue)),
      lastSeenUs: maybe(fc.oneof(num, anyValue)),
      seenCount: maybe(fc.oneof(num, anyValue)),
      phase: maybe(num),
    },
    { requiredKeys: [] },
  );
  const payload = fc.oneof(
    fc.record(
      { v: fc.oneof(fc.constant(1), fc.constant(2), anyValue), reader: fc.oneof(fc.constant('r3'), fc.constant(''), anyValue), at: maybe(fc.oneof(fc.string(), anyValue)), reads: fc.oneof(fc.array(fc.oneof(read, anyValue), { maxLength: 4 }), anyValue) },
      { requiredKeys: ['v', 'reader', 'reads'] },
    ),
    anyValue,
  );
  fc.assert(
    fc.property(payload, (p) => {
      const json: unknown = JSON.parse(JSON.stringify(p) ?? 'null'); // as it arrives: JSON, no undefined, no NaN
      const bySchema = ReadsPayload.safeParse(json);
      const byHand = checkReadsPayload(json);
      assert.equal(byHand.ok, bySchema.success, `${JSON.stringify(json)}: schema ${bySchema.success ? 'accepts' : bySchema.error.message}, hand ${byHand.ok ? 'accepts' : byHand.error}`);
      if (byHand.ok && bySchema.success) assert.deepEqual(byHand.value, bySchema.data);
    }),
    { numRuns: 3000 },
  );
  const bad = checkReadsPayload({ v: 1, reader: 'r3', reads: [{ epc: 'abcd' }, { epc: 'abcd', antenna: 0 }] });
  assert.deepEqual(bad, { ok: false, error: 'reads.1.antenna: expected an integer 1-65535' });
});

test('a commit that fails is retried: nothing closed is lost, nothing is recorded twice', () => {
  const s = setup();
  try {
    s.sessions.open('d3', { kind: 'outbound', orders: ['O1'] }, 'test');
    const t0 = 1_700_000_000_000_000;
    s.portal.onMessage('r3', crossing('r3', sgtin(A, 1), 'outbound', t0));
    s.portal.onMessage('r3', crossing('r3', sgtin(A, 2), 'outbound', t0));
    s.store.db.exec("CREATE TEMP TRIGGER no_transits BEFORE INSERT ON main.transits BEGIN SELECT RAISE(ABORT, 'disk says no'); END;");
    assert.equal(s.portal.tick(t0 + 3_000_000).length, 2, 'closed');
    assert.equal(s.store.db.prepare('SELECT COUNT(*) FROM transits').pluck().get(), 0);
    assert.equal(s.store.balanceOf({ sku: 'SA', bin: 'B1', state: 'on_hand' }), 10, 'the failed transaction booked nothing');
    assert.match(s.metrics.render(), /wg_portal_commit_failures_total 1/);
    assert.match(s.metrics.render(), /wg_portal_pending_outcomes 2/);
    assert.equal(s.sessions.current('d3')?.lines[0]?.seen, 0, 'the tally was rebuilt from the store');

    s.store.db.exec('DROP TRIGGER no_transits');
    // A third tag closes in the retry's tick: all three commit together, once.
    s.portal.onMessage('r3', crossing('r3', sgtin(B, 3), 'outbound', t0 + 2_000_000));
    assert.equal(s.portal.tick(t0 + 6_000_000).length, 1);
    assert.equal(s.store.db.prepare('SELECT COUNT(*) FROM transits').pluck().get(), 3);
    assert.equal(s.store.db.prepare("SELECT COUNT(*) FROM outbox WHERE type = 'rfid.transit'").pluck().get(), 3);
    assert.equal(s.store.balanceOf({ sku: 'SA', bin: 'B1', state: 'on_hand' }), 8);
    assert.equal(s.sessions.current('d3')?.lines[0]?.seen, 2);
    assert.match(s.metrics.render(), /wg_portal_pending_outcomes 0/);

    // The same reads delivered again (an MQTT redelivery): the transits exist, nothing new.
    s.portal.onMessage('r3', crossing('r3', sgtin(A, 1), 'outbound', t0));
    s.portal.tick(t0 + 9_000_000);
    assert.equal(s.store.db.prepare('SELECT COUNT(*) FROM transits').pluck().get(), 3);
    assert.equal(s.store.balanceOf({ sku: 'SA', bin: 'B1', state: 'on_hand' }), 8);
  } finally {
    s.cleanup();
  }
});

test('started, the service closes a window by itself soon after it passes (no tick called)', async () => {
  const s = setup();
  try {
    s.portal.start();
    const nowUs = Date.now() * 1000;
    // Read over the last ~0.9 s: the window (1 s) passes about 1 s from now.
    s.portal.onMessage('r3', crossing('r3', sgtin(A, 4), 'inbound', nowUs - 900_000));
    assert.equal(s.store.db.prepare('SELECT COUNT(*) FROM transits').pluck().get(), 0);
    await waitFor('the transit committed by the timer', () => s.store.db.prepare('SELECT COUNT(*) FROM transits').pluck().get() === 1);
    assert.equal(s.portal.state.tracks.size, 0);
  } finally {
    s.portal.stop();
    s.cleanup();
  }
});

test('an outcome that can never commit is set aside after a few tries; the others commit', () => {
  const s = setup();
  try {
    const t0 = 1_700_000_000_000_000;
    const poison = sgtin(A, 5);
    s.portal.onMessage('r3', crossing('r3', sgtin(A, 6), 'inbound', t0));
    s.portal.onMessage('r3', crossing('r3', poison, 'inbound', t0));
    s.store.db.exec(`CREATE TEMP TRIGGER poison BEFORE INSERT ON main.transits WHEN NEW.epc = '${poison}' BEGIN SELECT RAISE(ABORT, 'refused'); END;`);
    s.portal.tick(t0 + 3_000_000);
    s.portal.tick(t0 + 3_100_000);
    s.portal.tick(t0 + 3_200_000);
    assert.equal(s.store.db.prepare('SELECT COUNT(*) FROM transits').pluck().get(), 0, 'three tries, all together, all refused');
    s.portal.tick(t0 + 3_300_000);
    assert.deepEqual(s.store.db.prepare('SELECT epc FROM transits').pluck().all(), [sgtin(A, 6)]);
    assert.match(s.metrics.render(), /wg_portal_lost_outcomes_total 1/);
    assert.match(s.metrics.render(), /wg_portal_pending_outcomes 0/);
  } finally {
    s.cleanup();
  }
});

test('isoOfUs formats like Date#toISOString, for any time, in any order', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 4_102_444_800_000_000 }), { minLength: 1, maxLength: 20 }), (times) => {
      for (const us of times) assert.equal(isoOfUs(us), new Date(Math.floor(us / 1000)).toISOString());
    }),
  );
  assert.equal(isoOfUs(1_700_000_000_007_999), '2023-11-14T22:13:20.007Z');
});

test('one tick issues a pallet from every bin the order holds it in, then counts the rest as not reserved', () => {
  const t = tempDir('wg-portal-bins-');
  const store = Store.open(t.dir, { site: 's', gatewayId: 'g' });
  try {
    store.db.exec(`
      INSERT INTO zones (id, kind) VALUES ('P', 'pick');
      INSERT INTO bins (id, zone_id, pick_seq) VALUES ('B1', 'P', 1), ('B2', 'P', 2);
      INSERT INTO products (sku, name, gtin, updated_at) VALUES ('SA', 'a', '${A}', 'x');`);
    store.transact((tx) => tx.move({ type: 'initial', lines: [{ sku: 'SA', bin: 'B1', state: 'on_hand', qty: 1 }, { sku: 'SA', bin: 'B2', state: 'on_hand', qty: 5 }] }));
    applyOrders(store, [ErpOrder.parse({ id: 'O1', lines: [{ sku: 'SA', qty: 3 }] })], 'push');
    const metrics = new Metrics();
    const sessions = new DoorSessions(store, new Set(['d3', 'd4']), log);
    const portal = new PortalService({ store, doors: DOORS, sessions, metrics, log });
    sessions.open('d3', { kind: 'outbound', orders: ['O1'] }, 'test');
    // The order holds 1 in B1 and 2 in B2; the reader gives it 3 (one of them is taken from the
    // reservation by hand first, so only 2 are left to issue).
    store.transact((tx) => {
      tx.move({ type: 'release', lines: [{ sku: 'SA', bin: 'B2', state: 'reserved', qty: -1 }] });
      tx.db.prepare("UPDATE order_reservations SET qty = qty - 1 WHERE order_id = 'O1' AND bin_id = 'B2'").run();
    });
    const t0 = 1_700_000_000_000_000;
    for (let i = 1; i <= 3; i++) portal.onMessage('r3', crossing('r3', sgtin(A, i), 'outbound', t0 + i));
    assert.equal(portal.tick(t0 + 3_000_000).length, 3);
    const issued = store.db.prepare("SELECT l.bin_id AS bin, l.state, l.qty FROM movements m JOIN movement_lines l ON l.movement_seq = m.seq WHERE m.type = 'issue' ORDER BY m.seq, l.line").all();
    assert.deepEqual(issued, [
      { bin: 'B1', state: 'reserved', qty: -1 },
      { bin: 'B1', state: 'on_hand', qty: -1 },
      { bin: 'B2', state: 'reserved', qty: -1 },
      { bin: 'B2', state: 'on_hand', qty: -1 },
    ]);
    assert.equal(store.balanceOf({ sku: 'SA', bin: 'B1', state: 'on_hand' }), 0);
    assert.equal(store.balanceOf({ sku: 'SA', bin: 'B2', state: 'on_hand' }), 4);
    assert.equal(store.balanceOf({ sku: 'SA', bin: 'B2', state: 'reserved' }), 0);
    assert.equal(store.db.prepare("SELECT COUNT(*) FROM order_reservations WHERE order_id = 'O1'").pluck().get(), 0);
    const ex = (store.db.prepare("SELECT data FROM outbox WHERE type = 'portal.exception'").pluck().all() as string[]).map((d) => (JSON.parse(d) as { exception: string; epc: string }).exception);
    assert.deepEqual(ex, ['not-reserved']);
    assert.deepEqual(diffBalances(store), []);
  } finally {
    store.close();
    t.cleanup();
  }
});

test('a door whose lines of the SKU are all loaded no longer wins a cross-read on its manifest', () => {
  const s = setup();
  try {
    s.sessions.open('d4', { kind: 'outbound', orders: ['O1'] }, 'test'); // 2 x SA
    const t0 = 1_700_000_000_000_000;
    s.portal.onMessage('r4', crossing('r4', sgtin(A, 1), 'outbound', t0));
    s.portal.onMessage('r4', crossing('r4', sgtin(A, 2), 'outbound', t0));
    s.portal.tick(t0 + 3_000_000);
    assert.equal(s.sessions.current('d4')?.lines[0]?.seen, 2);
    // A third SA through d3 (strong), cross-read weakly at d4: d4's line is complete, so the evidence decides.
    const epc = sgtin(A, 3);
    s.portal.onMessage('r3', crossing('r3', epc, 'outbound', t0 + 5_000_000, 4, -45));
    s.portal.onMessage('r4', crossing('r4', epc, 'outbound', t0 + 5_000_000, 3, -65));
    s.portal.tick(t0 + 9_000_000);
    assert.deepEqual(s.store.db.prepare('SELECT door FROM transits WHERE epc = ?').pluck().all(epc), ['d3']);
  } finally {
    s.cleanup();
  }
});

test('reports handed over late in a burst: each tag is still one transit (time waits for the backlog)', () => {
  const s = setup();
  try {
    // A pallet of 5 read over 2 s, 8 reports; the reports arrive 3 s late, all at once, and
    // the service closes what is due after each one (as its timer might, between messages).
    const nowUs = Date.now() * 1000;
    const t0 = nowUs - 5_000_000;
    const epcs = [1, 2, 3, 4, 5].map((i) => sgtin(A, 100 + i));
    // Before the hiccup, the reader's reports came on time.
    s.portal.onMessage('r3', Buffer.from(JSON.stringify({ v: 1, reader: 'r3', reads: [{ epc: sgtin(A, 99), antenna: 1, rssi: -50, firstSeenUs: nowUs - 10_000, lastSeenUs: nowUs - 1000, seenCount: 1 }] })));
    const closed: number[] = [];
    for (let k = 0; k < 8; k++) {
      const reads = epcs.map((epc, i) => ({ epc, antenna: k < 4 ? 2 : 1, rssi: -50, firstSeenUs: t0 + k * 250_000 + i, lastSeenUs: t0 + k * 250_000 + i + 200_000, seenCount: 4 }));
      s.portal.onMessage('r3', Buffer.from(JSON.stringify({ v: 1, reader: 'r3', reads })));
      closed.push(s.portal.tick().length);
    }
    assert.deepEqual(closed, [0, 0, 0, 0, 0, 0, 0, 0], 'nothing closes while the late reports come in');
    assert.equal(s.portal.tick(t0 + 2_000_000 + 1_000_000 + 300_000).length, 5);
    assert.equal(s.store.db.prepare('SELECT COUNT(*) FROM transits').pluck().get(), 5, 'one each, none split');
    assert.equal(s.store.db.prepare("SELECT COUNT(*) FROM transits WHERE direction = 'outbound'").pluck().get(), 5);
  } finally {
    s.cleanup();
  }
});
