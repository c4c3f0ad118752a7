import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { tempDir } from '../../test/helpers/tmp.ts';
import { MIGRATIONS } from './migrations.ts';
import { openDatabase, schemaVersion } from './db.ts';
import { Store } from './store.ts';
import { diffBalances, rebuildBalances, queryStock, queryMovements } from './stock.sqlite.ts';
import { outboxStats, unpublishedEvents, markPublished } from './outbox.sqlite.ts';
import { STOCK_STATES } from '../domain/stock.ts';

function layout(store: Store) {
  store.db.exec(`
    INSERT INTO zones (id, kind) VALUES ('P', 'pick'), ('R', 'reserve');
    INSERT INTO bins (id, zone_id, pick_seq) VALUES ('B1', 'P', 1), ('B2', 'P', 2), ('B3', 'R', 3);
    INSERT INTO products (sku, name, updated_at) VALUES ('A', 'a', 'x'), ('B', 'b', 'x');`);
}

test('migrations are numbered 1..n without gaps and run once', () => {
  MIGRATIONS.forEach((m, i) => assert.equal(m.version, i + 1));
  const t = tempDir();
  try {
    const file = `${t.dir}/s.sqlite`;
    const first = openDatabase(file);
    assert.deepEqual(first.applied.map((m) => m.version), MIGRATIONS.map((m) => m.version));
    assert.equal(schemaVersion(first.db), MIGRATIONS.length);
    assert.equal(first.db.pragma('journal_mode', { simple: true }), 'wal');
    first.db.close();
    const again = openDatabase(file);
    assert.deepEqual(again.applied, []);
    again.db.close();
  } finally {
    t.cleanup();
  }
});

test('a later migration applies on top of an existing store, and a store newer than the code is refused', () => {
  const t = tempDir();
  try {
    const file = `${t.dir}/s.sqlite`;
    openDatabase(file).db.close();
    const next = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'test', sql: 'CREATE TABLE extra (x INTEGER);' }];
    const { db, applied } = openDatabase(file, next);
    assert.deepEqual(applied.map((m) => m.version), [MIGRATIONS.length + 1]);
    db.close();
    assert.throws(() => openDatabase(file), (e: Error & { code?: string }) => e.code === 'STORE_TOO_NEW');
  } finally {
    t.cleanup();
  }
});

test('a failing migration leaves the store at the previous version', () => {
  const t = tempDir();
  try {
    const file = `${t.dir}/s.sqlite`;
    openDatabase(file).db.close();
    const bad = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'bad', sql: 'CREATE TABLE y (x); SELECT nope FROM nowhere;' }];
    assert.throws(() => openDatabase(file, bad));
    const db = new Database(file);
    assert.equal(schemaVersion(db), MIGRATIONS.length);
    assert.equal(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'y'").pluck().get(), 0);
    db.close();
  } finally {
    t.cleanup();
  }
});

test('the ledger is append-only', () => {
  const store = new Store(':memory:', { site: 's', gatewayId: 'g' });
  layout(store);
  store.transact((tx) => tx.move({ type: 'adjustment', lines: [{ sku: 'A', bin: 'B1', state: 'on_hand', qty: 3 }] }));
  assert.throws(() => store.db.exec("UPDATE movements SET reason = 'x'"), /append-only/);
  assert.throws(() => store.db.exec('DELETE FROM movement_lines'), /append-only/);
  store.close();
});

test('a refused movement rolls back its outbox row and consumes no seq', () => {
  const store = new Store(':memory:', { site: 's', gatewayId: 'g' });
  layout(store);
  store.transact((tx) => {
    tx.move({ type: 'adjustment', lines: [{ sku: 'A', bin: 'B1', state: 'on_hand', qty: 2 }] });
    tx.emit({ type: 'stock.adjusted', data: { n: 1 } });
  });
  assert.throws(
    () =>
      store.transact((tx) => {
        tx.emit({ type: 'stock.adjusted', data: { n: 2 } });
        tx.move({ type: 'adjustment', lines: [{ sku: 'A', bin: 'B1', state: 'on_hand', qty: -3 }] });
      }),
    (e: Error & { code?: string }) => e.code === 'INSUFFICIENT_STOCK',
  );
  const ev = store.transact((tx) => tx.emit({ type: 'stock.adjusted', data: { n: 3 } }));
  assert.equal(ev.seq, 2, 'seq continues without a gap');
  assert.deepEqual(unpublishedEvents(store).map((e) => (e.data as { n: number }).n), [1, 3]);
  assert.equal(store.balanceOf({ sku: 'A', bin: 'B1', state: 'on_hand' }), 2);
  markPublished(store, [1]);
  assert.deepEqual(outboxStats(store), { lastSeq: 2, unpublished: 1, undelivered: 2, oldestUndeliveredAt: outboxStats(store).oldestUndeliveredAt });
  store.close();
});

test('commit listeners hear only committed events, after the commit', () => {
  const store = new Store(':memory:', { site: 's', gatewayId: 'g' });
  const heard: number[] = [];
  store.onCommit((evs) => {
    // The row must already be visible: the transaction has committed.
    for (const e of evs) assert.equal(store.db.prepare('SELECT COUNT(*) FROM outbox WHERE seq = ?').pluck().get(e.seq), 1);
    heard.push(...evs.map((e) => e.seq));
  });
  store.transact((tx) => tx.emit({ type: 't', data: {} }));
  assert.throws(() =>
    store.transact((tx) => {
      tx.emit({ type: 't', data: {} });
      throw new Error('boom');
    }),
  );
  assert.deepEqual(heard, [1]);
  store.close();
});

test('balances rebuilt from the ledger equal the live ones after a random sequence of movements', () => {
  const line = fc.record({
    sku: fc.constantFrom('A', 'B'),
    bin: fc.constantFrom('B1', 'B2', 'B3'),
    state: fc.constantFrom(...STOCK_STATES),
    qty: fc.integer({ min: -20, max: 20 }).filter((q) => q !== 0),
  });
  fc.assert(
    fc.property(fc.array(fc.array(line, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 60 }), (movements) => {
      const store = new Store(':memory:', { site: 's', gatewayId: 'g' });
      layout(store);
      let accepted = 0;
      for (const lines of movements) {
        try {
          store.transact((tx) => tx.move({ type: 'adjustment', lines }));
          accepted++;
        } catch (e) {
          assert.equal((e as { code?: string }).code, 'INSUFFICIENT_STOCK');
        }
      }
      const live = store.db.prepare('SELECT sku, bin_id, state, qty FROM stock_balances ORDER BY 1, 2, 3').all();
      assert.deepEqual(diffBalances(store), []);
      const { diffs } = rebuildBalances(store);
      assert.deepEqual(diffs, []);
      assert.deepEqual(store.db.prepare('SELECT sku, bin_id, state, qty FROM stock_balances ORDER BY 1, 2, 3').all(), live);
      assert.equal(queryMovements(store, { limit: 1000 }).items.length, accepted);
      store.close();
    }),
    { numRuns: 60 },
  );
});

test('a damaged balances table is found and repaired from the ledger', () => {
  const store = new Store(':memory:', { site: 's', gatewayId: 'g' });
  layout(store);
  store.transact((tx) => tx.move({ type: 'adjustment', lines: [{ sku: 'A', bin: 'B1', state: 'on_hand', qty: 7 }] }));
  store.db.exec("UPDATE stock_balances SET qty = 99; INSERT INTO stock_balances VALUES ('B', 'B2', 'held', 4, 'x')");
  const { diffs } = rebuildBalances(store);
  assert.deepEqual(
    diffs.map((d) => [d.sku, d.live, d.ledger]),
    [
      ['A', 99, 7],
      ['B', 4, 0],
    ],
  );
  assert.deepEqual(diffBalances(store), []);
  const stock = queryStock(store, {});
  assert.deepEqual(stock.items.map((r) => [r.sku, r.bin, r.on_hand, r.available]), [['A', 'B1', 7, 7]]);
  store.close();
});

test('stock queries filter by sku, bin, zone and state and derive available', () => {
  const store = new Store(':memory:', { site: 's', gatewayId: 'g' });
  layout(store);
  store.transact((tx) => {
    tx.move({ type: 'adjustment', lines: [{ sku: 'A', bin: 'B1', state: 'on_hand', qty: 10 }, { sku: 'A', bin: 'B1', state: 'reserved', qty: 4 }] });
    tx.move({ type: 'adjustment', lines: [{ sku: 'B', bin: 'B3', state: 'on_hand', qty: 5 }, { sku: 'B', bin: 'B3', state: 'held', qty: 5 }] });
  });
  assert.deepEqual(queryStock(store, { zone: 'P' }).items.map((r) => [r.sku, r.available]), [['A', 6]]);
  assert.deepEqual(queryStock(store, { state: 'held' }).items.map((r) => r.sku), ['B']);
  assert.deepEqual(queryStock(store, { sku: 'B', bin: 'B3' }).items.map((r) => [r.on_hand, r.held, r.available]), [[5, 5, 0]]);
  assert.equal(queryStock(store, { bin: 'B2' }).total, 0);
  store.close();
});

test('moveMany: one ledger entry per movement, balances moved once by the net, all or nothing on the net', () => {
  const t = tempDir();
  const store = Store.open(t.dir, { site: 's', gatewayId: 'g' });
  try {
    layout(store);
    store.transact((tx) => tx.move({ type: 'initial', lines: [{ sku: 'A', bin: 'B1', state: 'on_hand', qty: 3 }] }));
    const issue = (n: number) => ({ id: `issue-${n}`, type: 'issue' as const, ref: `epc-${n}`, lines: [{ sku: 'A', bin: 'B1', state: 'on_hand' as const, qty: -1 }] });
    const booked = store.transact((tx) => tx.moveMany([issue(1), issue(2)]));
    assert.deepEqual(booked.map((m) => m.id), ['issue-1', 'issue-2']);
    assert.equal(store.balanceOf({ sku: 'A', bin: 'B1', state: 'on_hand' }), 1);
    // Two more units than there are: the whole batch is refused, nothing booked.
    assert.throws(() => store.transact((tx) => tx.moveMany([issue(3), issue(4)])), /has 1, cannot take 2/);
    assert.equal(store.balanceOf({ sku: 'A', bin: 'B1', state: 'on_hand' }), 1);
    assert.equal(store.db.prepare("SELECT COUNT(*) FROM movements WHERE type = 'issue'").pluck().get(), 2);
    // A receipt in the same batch covers an issue beyond the balance (net +0): as within one movement.
    store.transact((tx) => tx.moveMany([issue(5), issue(6), { id: 'receipt-1', type: 'receipt', lines: [{ sku: 'A', bin: 'B1', state: 'on_hand', qty: 1 }] }]));
    assert.equal(store.balanceOf({ sku: 'A', bin: 'B1', state: 'on_hand' }), 0);
    assert.deepEqual(diffBalances(store), []);
    assert.throws(() => store.transact((tx) => tx.moveMany([{ type: 'issue', lines: [] }])), /at least one line/);
  } finally {
    store.close();
    t.cleanup();
  }
});
