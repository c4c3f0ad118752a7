/**
 * Zone presence on a real store: a tagged carton that settles in another zone moves one
 * unit of its SKU between the zones' bins, with its event; exceptions move nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempDir } from '../../test/helpers/tmp.ts';
import { Store } from '../store/store.ts';
import { createLogger } from '../log.ts';
import { Metrics } from '../metrics.ts';
import { encodeSgtinFromGtin } from '../domain/epc.ts';
import { unpublishedEvents } from '../store/outbox.sqlite.ts';
import { ZoneService } from './zone-presence.ts';

const log = createLogger({ level: 'silent', format: 'json' });
const GTIN = '80614141123458';
const S = 1_000_000;
const epcOf = (serial: number) => {
  const r = encodeSgtinFromGtin(GTIN, 7, serial);
  if (!r.ok) throw new Error(r.message);
  return r.hex;
};
const batch = (reader: string, epc: string, t: number) => Buffer.from(JSON.stringify({ v: 1, reader, reads: [{ epc, antenna: 1, rssi: -55, firstSeenUs: t, lastSeenUs: t, seenCount: 2 }] }));

function setup() {
  const t = tempDir('wg-zones-');
  const store = Store.open(t.dir, { site: 's', gatewayId: 'g' });
  store.db.exec(`
    INSERT INTO zones (id, kind) VALUES ('RES', 'reserve'), ('PICK', 'pick');
    INSERT INTO bins (id, zone_id, pick_seq) VALUES ('R1', 'RES', 100), ('P1', 'PICK', 10), ('P2', 'PICK', 20);
    INSERT INTO products (sku, name, gtin, updated_at) VALUES ('CARTON', 'carton', '${GTIN}', 'x');`);
  store.transact((tx) => tx.move({ type: 'initial', lines: [{ sku: 'CARTON', bin: 'R1', state: 'on_hand', qty: 5 }] }));
  const zones = new ZoneService({ store, readerZones: { 'res-reader': 'RES', 'pick-reader': 'PICK' }, metrics: new Metrics(), log, settleMs: 30_000, minReads: 3 });
  return { store, zones, cleanup: () => (store.close(), t.cleanup()) };
}

test('a carton that settles in the pick zone moves one unit from reserve to the first pick bin', () => {
  const { store, zones, cleanup } = setup();
  try {
    const epc = epcOf(42);
    for (let s = 0; s <= 40; s += 10) zones.onMessage('res-reader', batch('res-reader', epc, s * S));
    assert.deepEqual(zones.tick(40 * S).map((o) => o.kind), ['located']);
    for (let s = 100; s <= 160; s += 10) zones.onMessage('pick-reader', batch('pick-reader', epc, s * S));
    assert.deepEqual(zones.tick(160 * S).map((o) => o.kind), ['transfer']);
    assert.equal(store.balanceOf({ sku: 'CARTON', bin: 'R1', state: 'on_hand' }), 4);
    assert.equal(store.balanceOf({ sku: 'CARTON', bin: 'P1', state: 'on_hand' }), 1);
    const ev = unpublishedEvents(store).find((e) => e.type === 'stock.transferred');
    assert.deepEqual(ev?.data, { movement_id: ev?.id, epc: epc.toLowerCase(), sku: 'CARTON', qty: 1, from_zone: 'RES', from_bin: 'R1', to_zone: 'PICK', to_bin: 'P1' });
  } finally {
    cleanup();
  }
});

test('a transfer with no stock to move, or of an unknown product, moves nothing and says why', () => {
  const { store, zones, cleanup } = setup();
  try {
    store.transact((tx) => tx.move({ type: 'adjustment', lines: [{ sku: 'CARTON', bin: 'R1', state: 'reserved', qty: 5 }] }));
    const epc = epcOf(7);
    for (let s = 0; s <= 40; s += 10) zones.onMessage('res-reader', batch('res-reader', epc, s * S));
    zones.tick(40 * S);
    for (let s = 100; s <= 160; s += 10) zones.onMessage('pick-reader', batch('pick-reader', epc, s * S));
    zones.tick(160 * S);
    const sscc = '3174257bf4499602d2000000';
    for (let s = 0; s <= 40; s += 10) zones.onMessage('res-reader', batch('res-reader', sscc, s * S));
    zones.tick(40 * S);
    for (let s = 100; s <= 160; s += 10) zones.onMessage('pick-reader', batch('pick-reader', sscc, s * S));
    zones.tick(160 * S);
    const reasons = unpublishedEvents(store)
      .filter((e) => e.type === 'zone.exception')
      .map((e) => (e.data as { reason: string }).reason);
    assert.deepEqual(reasons, ['the CARTON in R1 is all reserved or held', 'the EPC is not an SGTIN-96']);
    assert.equal(store.balanceOf({ sku: 'CARTON', bin: 'R1', state: 'on_hand' }), 5);
  } finally {
    cleanup();
  }
});

test('a batch that is not valid is dropped and counted', () => {
  const { zones, cleanup } = setup();
  try {
    zones.onMessage('res-reader', Buffer.from('nope'));
    zones.onMessage('res-reader', Buffer.from(JSON.stringify({ v: 1, reader: 'other', reads: [] })));
    assert.equal(zones.state.tags.size, 0);
  } finally {
    cleanup();
  }
});
