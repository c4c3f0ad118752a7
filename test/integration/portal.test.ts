/**
 * Dock-door portals end to end, in process: a SimulatedReader over real TCP on 127.0.0.1
 * (port 0), the gateway's LLRP driver publishing reads on its embedded broker, the portal
 * service turning them into transits, door sessions booking stock and reconciling. No timed
 * assertions: the tests wait for states.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedReader } from '../../simulators/llrp-reader/reader.ts';
import { startGateway, type Gateway } from '../../gateway/main/gateway.ts';
import { loadConfigText } from '../../gateway/config/load.ts';
import { createLogger } from '../../gateway/log.ts';
import { encodeSgtinFromGtin } from '../../gateway/domain/epc.ts';
import { tempDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';
import { TOKENS, siteHead } from '../helpers/site.ts';

const GTIN = '00614141000012';
const SERIAL0 = (() => {
  const r = encodeSgtinFromGtin(GTIN, 7, 0);
  if (!r.ok) throw new Error(r.message);
  return r.hex.toLowerCase();
})();
/** 16 hex chars: the simulator appends the carton number, which becomes the serial; `hi` sets serial bits above 32 */
const prefix = (hi: number) => SERIAL0.slice(0, 15) + hi.toString(16);

function siteYaml(dataDir: string, readerPort: number): string {
  return `${siteHead('portal-wh', dataDir)}devices:
  - { id: door3-reader, kind: rfid-reader, profile: rfid/impinj-r700-portal, connection: { host: 127.0.0.1, port: ${readerPort} } }
doors:
  - id: door-3
    readers: [{ device: door3-reader, outside: [1, 2], inside: [3, 4] }]
    thresholds: { windowMs: 1000, minReads: 2, rssiFloorDbm: -75 }
zones:
  - { id: P, kind: pick }
  - { id: Q, kind: qc }
  - { id: S, kind: shipping }
  - { id: H, kind: hold }
bins:
  - { id: B1, zone: P, pickSeq: 1 }
  - { id: Q1, zone: Q, pickSeq: 5 }
  - { id: S1, zone: S, pickSeq: 8 }
  - { id: H1, zone: H, pickSeq: 9 }
seed:
  products:
    - { sku: SKU-1, name: carton one, gtin: "${GTIN}" }
  stock:
    - { sku: SKU-1, bin: B1, qty: 100 }
`;
}

interface Rig {
  reader: SimulatedReader;
  gw: Gateway;
  dir: string;
  start(): Promise<Gateway>;
  api(method: string, path: string, role: keyof typeof TOKENS, body?: unknown): Promise<{ status: number; json: any }>;
  count(sql: string, ...args: unknown[]): number;
  balance(bin: string, state: string): number;
  waitOnline(): Promise<void>;
  close(): Promise<void>;
}

async function rig(): Promise<Rig> {
  const t = tempDir('wg-portal-');
  const reader = new SimulatedReader({ model: 'impinj-r700', host: '127.0.0.1', port: 0 });
  const { port } = await reader.listen();
  const { config } = loadConfigText(siteYaml(`${t.dir}/data`, port), `${t.dir}/site.yaml`);
  const log = createLogger({ level: process.env.WG_TEST_LOG ?? 'silent', format: 'json' });
  let startRos = 0;
  const r: Rig = {
    reader,
    gw: undefined as unknown as Gateway,
    dir: t.dir,
    async start() {
      startRos = reader.stats.received.START_ROSPEC ?? 0;
      r.gw = await startGateway(config, { log });
      return r.gw;
    },
    async api(method, path, role, body) {
      const res = await fetch(`${r.gw.apiUrl}${path}`, {
        method,
        headers: { Authorization: `Bearer ${TOKENS[role]}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, json: await res.json() };
    },
    count: (sql, ...args) => r.gw.store.db.prepare(sql).pluck().get(...args) as number,
    balance: (bin, state) => r.gw.store.balanceOf({ sku: 'SKU-1', bin, state: state as 'on_hand' }),
    waitOnline: () => waitFor('the reader inventories for the gateway', () => (reader.stats.received.START_ROSPEC ?? 0) > startRos, 15_000),
    async close() {
      await r.gw?.close();
      await reader.close();
      t.cleanup();
    },
  };
  await r.start();
  return r;
}

const events = (gw: Gateway, type: string) =>
  (gw.store.db.prepare('SELECT data FROM outbox WHERE type = ? ORDER BY seq').pluck().all(type) as string[]).map((d) => JSON.parse(d) as Record<string, any>);

test('outbound: a pallet of 5 through a door open for an order of 6 issues 5, holds 1, reconciles through the outbox', async () => {
  const r = await rig();
  try {
    const push = await r.api('POST', '/api/v1/orders', 'cloud', { id: 'O-1', lines: [{ sku: 'SKU-1', qty: 6 }] });
    assert.equal(push.status, 200, JSON.stringify(push.json));
    assert.equal(r.balance('B1', 'reserved'), 6);
    const open = await r.api('POST', '/api/v1/doors/door-3/sessions', 'pda', { kind: 'outbound', orders: ['O-1'] });
    assert.equal(open.status, 201, JSON.stringify(open.json));
    const sessionId = open.json.id as string;
    assert.equal((await r.api('POST', '/api/v1/doors/door-3/sessions', 'pda', { kind: 'outbound', orders: ['O-1'] })).json.error.code, 'SESSION_ALREADY_OPEN');

    await r.waitOnline();
    r.reader.addScene({ kind: 'pallet', cartons: 5, direction: 'outbound', speedMps: 4, startMs: 100, epcPrefix: prefix(0) });
    await waitFor('5 transits', () => r.count('SELECT COUNT(*) FROM transits') >= 5, 20_000);
    await waitFor('5 crossings judged', () => r.count('SELECT COUNT(*) FROM door_crossings') >= 5, 5_000);

    const transits = r.gw.store.db.prepare('SELECT * FROM transits ORDER BY seq').all() as Record<string, any>[];
    assert.equal(transits.length, 5);
    assert.ok(transits.every((t) => t.direction === 'outbound' && t.sku === 'SKU-1' && t.session_id === sessionId && t.verdict === 'counted'), JSON.stringify(transits));
    assert.equal(r.balance('B1', 'on_hand'), 95);
    assert.equal(r.balance('B1', 'reserved'), 1);
    const ev = events(r.gw, 'rfid.transit');
    assert.equal(ev.length, 5);
    assert.ok(ev.every((e) => e.door === 'door-3' && e.direction === 'outbound' && e.gtin === GTIN && e.sku === 'SKU-1' && e.session === sessionId));

    const current = await r.api('GET', '/api/v1/doors/door-3/sessions/current', 'pda');
    assert.equal(current.status, 200);
    assert.deepEqual(current.json.lines, [{ lineId: 'O-1#1', sku: 'SKU-1', expected: 6, seen: 5, missing: 1, extra: 0 }]);

    const closed = await r.api('POST', `/api/v1/doors/door-3/sessions/${sessionId}/close`, 'pda');
    assert.equal(closed.status, 200, JSON.stringify(closed.json));
    assert.equal(closed.json.status, 'closed');
    const rec = events(r.gw, 'shipment.reconciled');
    assert.equal(rec.length, 1);
    assert.equal(rec[0]!.expected, 6);
    assert.equal(rec[0]!.seen, 5);
    assert.equal(rec[0]!.missing, 1);
    assert.equal(rec[0]!.extra, 0);
    assert.equal(rec[0]!.held, 1);
    assert.equal(rec[0]!.totals.missing, 1);
    await waitFor('the reconciliation published on the bus', () => r.count("SELECT COUNT(*) FROM outbox WHERE type = 'shipment.reconciled' AND published_at IS NOT NULL") === 1);
    assert.equal(r.balance('B1', 'reserved'), 0);
    assert.equal(r.balance('B1', 'held'), 1);
    assert.equal(r.balance('B1', 'on_hand'), 95);
    assert.equal((await r.api('GET', '/api/v1/doors/door-3/sessions/current', 'pda')).status, 404);
    assert.equal((await r.api('GET', '/api/v1/orders/O-1', 'pda')).json.status, 'short-shipped');

    const epc = transits[0]!.epc as string;
    const item = await r.api('GET', `/api/v1/items/${epc}`, 'pda');
    assert.equal(item.status, 200);
    assert.equal(item.json.sku, 'SKU-1');
    assert.equal(item.json.transits.length, 1);
    assert.equal(item.json.transits[0].event.event_type, 'rfid.transit');
    assert.equal(item.json.transits[0].event.erp_acknowledged, false);
    assert.equal(item.json.movements.length, 1);
    assert.equal(item.json.movements[0].type, 'issue');
    assert.equal(item.json.movements[0].event.event_type, 'rfid.transit');
  } finally {
    await r.close();
  }
});

test('inbound without a session: transits recorded and published to the outbox, no stock moves; a forklift that backs out makes no transit', async () => {
  const r = await rig();
  try {
    const movementsBefore = r.count('SELECT COUNT(*) FROM movements');
    await r.waitOnline();
    r.reader.addScene({ kind: 'pallet', cartons: 4, direction: 'inbound', speedMps: 4, startMs: 100, epcPrefix: prefix(1) });
    // And a forklift that drives 3 cartons in and backs out again: no transit, counted as reversed.
    r.reader.addScene({ kind: 'pallet', cartons: 3, direction: 'in-and-back', speedMps: 4, startMs: 100, epcPrefix: prefix(9) });
    await waitFor('4 transits', () => r.count('SELECT COUNT(*) FROM transits') >= 4, 20_000);
    await waitFor('3 reversals counted', () => (r.count("SELECT COALESCE(SUM(count), 0) FROM portal_counters WHERE reason = 'reversed'") ?? 0) >= 3, 20_000);
    assert.equal(r.count('SELECT COUNT(*) FROM transits'), 4);
    const transits = r.gw.store.db.prepare('SELECT * FROM transits ORDER BY seq').all() as Record<string, any>[];
    assert.ok(transits.every((t) => t.direction === 'inbound' && t.session_id === null && t.verdict === null));
    assert.equal(r.count('SELECT COUNT(*) FROM movements'), movementsBefore);
    assert.equal(r.balance('B1', 'on_hand'), 100);
    assert.equal(events(r.gw, 'rfid.transit').length, 4);
    assert.equal((await r.api('GET', '/api/v1/doors/door-3/sessions/current', 'pda')).status, 404);
    assert.equal((await r.api('GET', '/api/v1/doors/door-9/sessions/current', 'pda')).json.error.code, 'UNKNOWN_DOOR');
    const refused = [
      await r.api('POST', '/api/v1/doors/door-3/sessions', 'pda', { kind: 'outbound', orders: ['nope'] }),
      await r.api('POST', '/api/v1/doors/door-3/sessions', 'pda', { kind: 'sideways' }),
      await r.api('POST', '/api/v1/doors/door-3/sessions', 'station', { kind: 'inbound', asn: 'A-1' }),
      await r.api('POST', '/api/v1/doors/door-3/sessions', 'pda', { kind: 'inbound', asn: 'nope' }),
      await r.api('GET', '/api/v1/items/not-hex', 'pda'),
    ];
    assert.deepEqual(
      refused.map((x) => [x.status, x.json.error.code]),
      [[422, 'UNKNOWN_ORDER'], [400, 'VALIDATION_FAILED'], [403, 'FORBIDDEN'], [422, 'UNKNOWN_ASN'], [400, 'VALIDATION_FAILED']],
    );
    const epc = transits[0]!.epc as string;
    r.gw.store.db.prepare("UPDATE outbox SET delivered_at = '2026-01-01T00:00:00.000Z' WHERE type = 'rfid.transit' AND data LIKE ?").run(`%${epc}%`);
    const item = await r.api('GET', `/api/v1/items/${epc.toUpperCase()}`, 'station');
    assert.equal(item.json.transits.length, 1);
    assert.equal(item.json.transits[0].event.erp_acknowledged, true);
    assert.equal(item.json.transits[0].event.delivered_at, '2026-01-01T00:00:00.000Z');
    assert.equal(item.json.movements.length, 0);
  } finally {
    await r.close();
  }
});

test('inbound session: a restart in the middle resumes it; receipts go to the qc bin; an extra carton is an exception', async () => {
  const r = await rig();
  try {
    assert.equal((await r.api('POST', '/api/v1/asns', 'cloud', { id: 'A-1', lines: [{ sku: 'SKU-1', qty: 4 }] })).status, 200);
    const open = await r.api('POST', '/api/v1/doors/door-3/sessions', 'cloud', { kind: 'inbound', asn: 'A-1' });
    assert.equal(open.status, 201, JSON.stringify(open.json));
    assert.equal(open.json.receiving_bin, 'Q1');
    const id = open.json.id as string;
    await r.waitOnline();
    r.reader.addScene({ kind: 'pallet', cartons: 3, direction: 'inbound', speedMps: 4, startMs: 100, epcPrefix: prefix(2) });
    await waitFor('3 crossings', () => r.count('SELECT COUNT(*) FROM door_crossings') >= 3, 20_000);
    assert.equal(r.balance('Q1', 'on_hand'), 3);

    await r.gw.close();
    await r.start();
    const resumed = await r.api('GET', '/api/v1/doors/door-3/sessions/current', 'pda');
    assert.equal(resumed.status, 200);
    assert.equal(resumed.json.id, id);
    assert.equal(resumed.json.lines[0].seen, 3);

    await r.waitOnline();
    // The second pallet: 2 cartons, one more than the ASN still expects.
    r.reader.addScene({ kind: 'pallet', cartons: 2, direction: 'inbound', speedMps: 4, startMs: 100, epcPrefix: prefix(3) });
    await waitFor('5 crossings', () => r.count('SELECT COUNT(*) FROM door_crossings') >= 5, 20_000);
    assert.equal(r.balance('Q1', 'on_hand'), 4, 'the extra carton is not received');
    const cur = await r.api('GET', '/api/v1/doors/door-3/sessions/current', 'pda');
    assert.equal(cur.json.exceptions.length, 1);
    assert.equal(cur.json.exceptions[0].exception, 'extra');
    assert.equal(events(r.gw, 'portal.exception').length, 1);

    const closed = await r.api('POST', `/api/v1/doors/door-3/sessions/${id}/close`, 'pda');
    assert.equal(closed.status, 200, JSON.stringify(closed.json));
    const rec = events(r.gw, 'receipt.reconciled');
    assert.equal(rec.length, 1);
    assert.deepEqual([rec[0]!.expected, rec[0]!.seen, rec[0]!.missing, rec[0]!.extra], [4, 4, 0, 1]);
    assert.equal(rec[0]!.complete, true);
    assert.equal((await r.api('POST', `/api/v1/doors/door-3/sessions/${id}/close`, 'pda')).json.error.code, 'SESSION_CLOSED');
  } finally {
    await r.close();
  }
});
