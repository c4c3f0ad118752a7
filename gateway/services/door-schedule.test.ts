/**
 * The door schedule service on a real SQLite file, with the clock injected: every tick is
 * called by the test at a chosen instant (no timer, no sleeping).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempDir } from '../../test/helpers/tmp.ts';
import { Store } from '../store/store.ts';
import { applyAsns, applyOrders } from '../store/orders.sqlite.ts';
import { ErpAsn, ErpOrder } from '../../cloud-bridge/erp-schemas.ts';
import { createLogger } from '../log.ts';
import { Metrics } from '../metrics.ts';
import { DoorSessions } from './door-sessions.ts';
import { DoorScheduleService, type DoorSlot } from './door-schedule.ts';

const TZ = 'Europe/Berlin';
/** 2026-11-27 (a Friday) at a Berlin wall time (UTC+1 in November). */
const fri = (hhmm: string, day = 27) => Date.parse(`2026-11-${day}T${hhmm}:00+01:00`);
const DHL_SLOT: DoorSlot = { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '14:00', to: '18:00', kind: 'outbound', carrier: 'DHL' };
const ACME_SLOT: DoorSlot = { days: ['fri'], from: '09:00', to: '12:00', kind: 'inbound', supplier: 'ACME' };
const DOORS = ['d1', 'd2', 'd3'];

function setup(schedule: Record<string, DoorSlot[]>) {
  const t = tempDir('wg-door-schedule-');
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({ level: 'info', format: 'json', destination: { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) } });
  const store = Store.open(t.dir, { site: 's', gatewayId: 'g' });
  store.db.exec(`
    INSERT INTO zones (id, kind) VALUES ('P', 'pick'), ('Q', 'qc');
    INSERT INTO bins (id, zone_id, pick_seq) VALUES ('B1', 'P', 1), ('Q1', 'Q', 5);
    INSERT INTO products (sku, name, updated_at) VALUES ('SA', 'a', 'x'), ('SB', 'b', 'x'), ('SC', 'c', 'x');`);
  store.transact((tx) => tx.move({ type: 'initial', lines: [{ sku: 'SA', bin: 'B1', state: 'on_hand', qty: 50 }, { sku: 'SB', bin: 'B1', state: 'on_hand', qty: 50 }] }));
  const clock = { now: fri('08:00') };
  const metrics = new Metrics();
  let sessions = new DoorSessions(store, new Set(DOORS), log);
  const service = (slots = schedule) =>
    new DoorScheduleService({ store, sessions, doors: DOORS.map((id) => ({ id, schedule: slots[id] ?? [] })), timeZone: TZ, metrics, log, now: () => clock.now });
  return {
    store,
    metrics,
    lines,
    clock,
    get sessions() {
      return sessions;
    },
    service,
    /** A kill -9 and a start: the in-memory state is gone, the store stays. */
    restart: (slots = schedule) => {
      sessions = new DoorSessions(store, new Set(DOORS), log);
      return service(slots);
    },
    rows: (door: string) => store.db.prepare('SELECT id, status, refs, opened_by, closed_by FROM door_sessions WHERE door = ? ORDER BY opened_at, rowid').all(door) as { id: string; status: string; refs: string; opened_by: string; closed_by: string | null }[],
    events: (type: string) => (store.db.prepare('SELECT data FROM outbox WHERE type = ? ORDER BY seq').pluck().all(type) as string[]).map((d) => JSON.parse(d) as Record<string, unknown>),
    cleanup: () => (store.close(), t.cleanup()),
  };
}

const order = (id: string, carrier: string | null, sku = 'SA', qty = 1, extra: Record<string, unknown> = {}) => ErpOrder.parse({ id, carrier, lines: [{ sku, qty }], ...extra });

test('an outbound slot opens at its start with the ready orders of its carrier, and closes at its end with reconciliation events', () => {
  const s = setup({ d1: [DHL_SLOT] });
  try {
    applyOrders(
      s.store,
      [
        order('O1', 'DHL', 'SA', 2),
        order('O2', 'UPS'),
        order('O3', 'DHL', 'SC', 5), // no stock of SC: short, not ready
        ErpOrder.parse({ id: 'O4', carrier: 'DHL', status: 'cancelled' }),
        order('O5', 'DHL', 'SB', 1), // loading at another door by hand
        order('O6', 'DHL', 'SB', 3, { priority: 5 }),
        order('O7', null),
      ],
      'push',
    );
    const manual = s.sessions.open('d3', { kind: 'outbound', orders: ['O5'] }, 'pda-1');
    const svc = s.service();

    s.clock.now = fri('13:59');
    const before = svc.tick();
    assert.deepEqual(before.actions, []);
    assert.equal(before.next, fri('14:00'), 'the timer would wake at the start');

    s.clock.now = fri('14:00');
    const start = svc.tick();
    assert.equal(start.actions.length, 1);
    const opened = start.actions[0];
    assert.equal(opened?.action, 'opened');
    assert.deepEqual(opened?.action === 'opened' ? opened.refs : undefined, ['O6', 'O1'], 'reserved DHL orders in no other session, highest priority first');
    assert.equal(start.next, fri('18:00'));
    const [row] = s.rows('d1');
    assert.equal(row?.opened_by, 'schedule:d1@2026-11-27T14:00');
    assert.equal(row?.status, 'open');
    assert.deepEqual(s.sessions.current('d1')?.lines.map((l) => [l.lineId, l.expected]), [['O6#1', 3], ['O1#1', 2]]);
    assert.equal(s.events('door.session.opened').filter((e) => e.door === 'd1').length, 1);
    assert.match(s.metrics.render(), /wg_door_schedule_opened_total\{door="d1",kind="outbound"\} 1/);

    s.clock.now = fri('15:30');
    assert.deepEqual(svc.tick().actions, [], 'inside the slot nothing more happens');

    s.clock.now = fri('18:00');
    const end = svc.tick();
    assert.deepEqual(end.actions, [{ action: 'closed', door: 'd1', slot: 'd1@2026-11-27T14:00', session: row?.id }]);
    assert.equal(s.sessions.current('d1'), undefined);
    assert.equal(s.rows('d1')[0]?.closed_by, 'schedule:d1@2026-11-27T14:00');
    const rec = s.events('shipment.reconciled').filter((e) => e.session === row?.id);
    assert.deepEqual(rec.map((e) => [e.line, e.expected, e.seen, e.missing]), [['O6#1', 3, 0, 3], ['O1#1', 2, 0, 2]], 'one reconciliation per line, through the outbox');
    assert.equal(s.store.db.prepare("SELECT status FROM orders WHERE id = 'O1'").pluck().get(), 'short-shipped');
    assert.match(s.metrics.render(), /wg_door_schedule_closed_total\{door="d1",kind="outbound"\} 1/);
    assert.equal(s.sessions.current('d3')?.id, manual.id, 'the session opened by hand at another door is left alone');
    assert.equal(end.next, fri('14:00', 28), 'next: tomorrow at 14:00');
  } finally {
    s.cleanup();
  }
});

test('a restart inside the slot does not open a second session; a restart after its end closes the one left open', () => {
  const s = setup({ d1: [DHL_SLOT] });
  try {
    applyOrders(s.store, [order('O1', 'DHL')], 'push');
    s.clock.now = fri('14:00');
    assert.equal(s.service().tick().actions[0]?.action, 'opened');

    s.clock.now = fri('15:00');
    assert.deepEqual(s.restart().tick().actions, []);
    assert.equal(s.rows('d1').length, 1);
    assert.equal(s.sessions.current('d1')?.opened_by, 'schedule:d1@2026-11-27T14:00');

    // Down from 17:30 to 19:00: the first tick after the start closes the session.
    s.clock.now = fri('19:00');
    const after = s.restart().tick();
    assert.deepEqual(after.actions.map((a) => a.action), ['closed']);
    assert.equal(s.rows('d1')[0]?.status, 'closed');
    assert.equal(s.events('shipment.reconciled').length, 1);
  } finally {
    s.cleanup();
  }
});

test('a scheduled session closed by hand is not opened again in its slot; one left open when its slot leaves the config is closed', () => {
  const s = setup({ d1: [DHL_SLOT] });
  try {
    applyOrders(s.store, [order('O1', 'DHL'), order('O2', 'DHL')], 'push');
    s.clock.now = fri('14:00');
    const svc = s.service();
    svc.tick();
    const [row] = s.rows('d1');
    s.sessions.close('d1', row?.id ?? '', 'pda-1');
    applyOrders(s.store, [order('O3', 'DHL')], 'push');
    s.clock.now = fri('15:00');
    assert.deepEqual(svc.tick().actions, [], 'the slot had its session');
    assert.equal(s.rows('d1').length, 1);

    // Next day: opened, then the gateway restarts with the slot gone from the config.
    s.clock.now = fri('14:00', 28);
    assert.equal(svc.tick().actions[0]?.action, 'opened');
    s.clock.now = fri('14:05', 28);
    const gone = s.restart({}).tick();
    assert.deepEqual(gone.actions.map((a) => a.action), ['closed']);
    assert.equal(gone.next, undefined, 'no slots left');
  } finally {
    s.cleanup();
  }
});

test('a door busy at the start of its slot is skipped with a warning; the session opened by hand is left alone, and the slot stays skipped', () => {
  const s = setup({ d1: [DHL_SLOT] });
  try {
    applyOrders(s.store, [order('O1', 'DHL'), order('O2', 'UPS')], 'push');
    s.clock.now = fri('13:30');
    const manual = s.sessions.open('d1', { kind: 'outbound', orders: ['O2'] }, 'pda-1');
    const svc = s.service();
    s.clock.now = fri('14:00');
    assert.deepEqual(svc.tick().actions, [{ action: 'skipped', door: 'd1', slot: 'd1@2026-11-27T14:00', reason: 'busy' }]);
    const warnings = () => s.lines.filter((l) => l.level === 40 && String(l.msg).includes('already has a session'));
    assert.equal(warnings().length, 1);
    assert.equal(warnings()[0]?.session, manual.id);
    s.clock.now = fri('14:10');
    assert.deepEqual(svc.tick().actions, []);
    assert.equal(warnings().length, 1, 'warned once');
    assert.match(s.metrics.render(), /wg_door_schedule_skipped_total\{door="d1",reason="busy"\} 1/);

    s.clock.now = fri('18:00');
    assert.deepEqual(svc.tick().actions, []);
    assert.equal(s.sessions.current('d1')?.id, manual.id, 'not closed by the schedule');
    s.sessions.close('d1', manual.id, 'pda-1');

    // Next day, busy again at the start; freed in the slot, even across a restart: still skipped.
    s.clock.now = fri('13:00', 28);
    const manual2 = s.sessions.open('d1', { kind: 'outbound', orders: ['O1'] }, 'pda-1');
    s.clock.now = fri('14:00', 28);
    assert.equal(svc.tick().actions[0]?.action, 'skipped');
    s.sessions.close('d1', manual2.id, 'pda-1');
    applyOrders(s.store, [order('O9', 'DHL')], 'push');
    s.clock.now = fri('14:30', 28);
    assert.deepEqual(svc.tick().actions, []);
    assert.deepEqual(s.restart().tick().actions, []);
    assert.equal(s.sessions.current('d1'), undefined);
  } finally {
    s.cleanup();
  }
});

test('nothing to load: no session, logged once per slot instance; an order ready later in the slot opens it then', () => {
  const s = setup({ d1: [DHL_SLOT] });
  try {
    applyOrders(s.store, [order('O2', 'UPS')], 'push');
    const svc = s.service();
    s.clock.now = fri('14:00');
    assert.deepEqual(svc.tick().actions, [{ action: 'skipped', door: 'd1', slot: 'd1@2026-11-27T14:00', reason: 'empty' }]);
    s.clock.now = fri('14:10');
    assert.deepEqual(svc.tick().actions, []);
    assert.equal(s.lines.filter((l) => l.level === 30 && String(l.msg).includes('nothing to load')).length, 1);
    assert.match(s.metrics.render(), /wg_door_schedule_skipped_total\{door="d1",reason="empty"\} 1/);
    assert.equal(s.rows('d1').length, 0);

    applyOrders(s.store, [order('O1', 'DHL')], 'push');
    s.clock.now = fri('14:20');
    const later = svc.tick();
    assert.equal(later.actions[0]?.action, 'opened');
    assert.deepEqual(later.actions[0]?.action === 'opened' ? later.actions[0].refs : [], ['O1']);
  } finally {
    s.cleanup();
  }
});

test('an inbound slot opens one session for the ASNs of its supplier expected within the slot, and closes it with receipt reconciliations', () => {
  const s = setup({ d2: [ACME_SLOT] });
  try {
    const asn = (id: string, supplier: string, expected: string, extra: Record<string, unknown> = {}) =>
      ErpAsn.parse({ id, supplier, expected_at: `2026-11-27T${expected}:00+01:00`, lines: [{ sku: 'SA', qty: 4 }, { sku: 'SB', qty: 1 }], ...extra });
    applyAsns(
      s.store,
      [
        asn('A2', 'ACME', '11:59'),
        asn('A1', 'ACME', '09:00'),
        asn('A3', 'ACME', '12:00'), // at the end: not in the slot
        asn('A4', 'OTHER', '10:00'),
        asn('A5', 'ACME', '10:00', { status: 'cancelled' }),
        asn('A6', 'ACME', '08:59'),
        asn('A7', 'ACME', '10:30'), // received by hand before the slot
        ErpAsn.parse({ id: 'A8', supplier: 'ACME', lines: [{ sku: 'SA', qty: 1 }] }), // no expected_at
      ],
      'push',
    );
    const early = s.sessions.open('d2', { kind: 'inbound', asn: 'A7' }, 'pda-1');
    s.sessions.close('d2', early.id, 'pda-1');

    const svc = s.service();
    s.clock.now = fri('09:00');
    const start = svc.tick();
    assert.equal(start.actions[0]?.action, 'opened');
    assert.deepEqual(start.actions[0]?.action === 'opened' ? start.actions[0].refs : [], ['A1', 'A2'], 'expected in [09:00, 12:00), earliest first');
    const cur = s.sessions.current('d2');
    assert.deepEqual(cur?.refs, ['A1', 'A2']);
    assert.deepEqual(cur?.lines.map((l) => l.lineId), ['A1#1', 'A1#2', 'A2#1', 'A2#2']);
    assert.equal(cur?.receiving_bin, 'Q1');

    s.clock.now = fri('12:00');
    assert.deepEqual(svc.tick().actions.map((a) => a.action), ['closed']);
    const rec = s.events('receipt.reconciled').filter((e) => e.session === cur?.id);
    assert.deepEqual(rec.map((e) => e.line), ['A1#1', 'A1#2', 'A2#1', 'A2#2']);
    assert.deepEqual(rec[0]?.refs, ['A1', 'A2']);
    // The next Friday's slot does not take them again.
    s.clock.now = Date.parse('2026-12-04T09:00:00+01:00');
    assert.deepEqual(svc.tick().actions.map((a) => (a.action === 'skipped' ? a.reason : a.action)), ['empty']);
  } finally {
    s.cleanup();
  }
});

test('start() applies the schedule at once and stop() ends the timer', () => {
  const s = setup({ d1: [DHL_SLOT] });
  try {
    applyOrders(s.store, [order('O1', 'DHL')], 'push');
    s.clock.now = fri('14:30');
    const svc = s.service();
    svc.start();
    svc.stop();
    assert.equal(s.sessions.current('d1')?.opened_by, 'schedule:d1@2026-11-27T14:00', 'a gateway started inside a slot opens it late');
  } finally {
    s.cleanup();
  }
});
