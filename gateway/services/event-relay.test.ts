/**
 * The event relay against a real SQLite store and a publisher that can fail on demand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempDir } from '../../test/helpers/tmp.ts';
import { waitFor } from '../../test/helpers/wait.ts';
import { createLogger } from '../log.ts';
import { Store } from '../store/store.ts';
import { topicsFor } from '../bus/topics.ts';
import { EventRelay, type EventPublisher } from './event-relay.ts';

const log = createLogger({ level: 'silent', format: 'json' });

test('every committed event is published, in seq order until a failure, through failures and a reconnect', async () => {
  const t = tempDir();
  const store = Store.open(t.dir, { site: 's', gatewayId: 'g' });
  const seen: number[] = [];
  let failNext = 0;
  const out: EventPublisher & { connected: boolean } = {
    connected: true,
    publish: async (_topic, payload) => {
      await new Promise((r) => setImmediate(r));
      if (failNext > 0) {
        failNext--;
        throw new Error('broker hiccup');
      }
      seen.push((payload as { seq: number }).seq);
    },
  };
  const relay = new EventRelay(store, out, topicsFor('s'), log, 7);
  const unlisten = store.onCommit((events) => relay.committed(events));
  try {
    // Rows a previous run left unpublished go out first (read from the store).
    const emit = (n: number) => store.transact((tx) => { for (let i = 0; i < n; i++) tx.emit({ type: 'test.e', data: { i } }); });
    emit(10);
    relay.wake();
    await waitFor('the backlog', () => seen.length === 10);
    // Then commits hand their events over directly, also while a publish is in flight.
    for (let k = 0; k < 20; k++) emit(3);
    await waitFor('the queued events', () => seen.length === 70);
    // A failed publish: the store is the truth again; the failed batch goes out again (at least once).
    failNext = 1;
    emit(5);
    await waitFor('the retry', () => new Set(seen).size === 75, 5000);
    // The bus goes away: commits go on; after the reconnect everything committed meanwhile goes out.
    out.connected = false;
    emit(4);
    await new Promise((r) => setTimeout(r, 50));
    out.connected = true;
    relay.wake();
    await waitFor('the events committed while disconnected', () => new Set(seen).size === 79);
    // Rows committed without passing through committed() (another writer): wake() finds them.
    unlisten();
    emit(3);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(new Set(seen).size, 79, 'not seen without a wake');
    relay.wake();
    await waitFor('the rows committed behind its back', () => new Set(seen).size === 82);
    const all = store.db.prepare('SELECT seq FROM outbox ORDER BY seq').pluck().all() as number[];
    assert.deepEqual([...new Set(seen)].sort((a, b) => a - b), all, 'each event');
    assert.deepEqual(seen.slice(0, 70), all.slice(0, 70), 'in seq order while nothing fails (a batch that fails may go out again in any order)');
    assert.equal(store.db.prepare('SELECT COUNT(*) FROM outbox WHERE published_at IS NULL').pluck().get(), 0);
    assert.ok(seen.length - new Set(seen).size <= 7, 'at most the failed batch again');
  } finally {
    unlisten();
    await relay.stop();
    store.close();
    t.cleanup();
  }
});
