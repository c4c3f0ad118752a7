/**
 * The background checkpointer: a real SQLite file, a real worker thread.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { tempDir } from '../../test/helpers/tmp.ts';
import { waitFor } from '../../test/helpers/wait.ts';
import { createLogger } from '../log.ts';
import { Store } from './store.ts';
import { startCheckpointer, BACKSTOP_PAGES } from './checkpointer.ts';

const log = createLogger({ level: 'silent', format: 'json' });

test('with the checkpointer, commits leave checkpoints to the worker, and the WAL stays bounded under steady writes', async () => {
  const t = tempDir();
  const store = Store.open(t.dir, { site: 's', gatewayId: 'g' });
  const cp = startCheckpointer(store.db, store.file, log, 50);
  try {
    assert.equal(store.db.pragma('wal_autocheckpoint', { simple: true }), BACKSTOP_PAGES);
    const write = (n: number) =>
      store.transact((tx) => {
        for (let i = 0; i < 200; i++) tx.emit({ type: 'test.bulk', data: { n, i, pad: 'x'.repeat(500) } });
      });
    let n = 0;
    // About 50 MB through the WAL, in steady commits with the event loop turning in between.
    while (n < 400) {
      write(n++);
      if (n % 10 === 0) await new Promise((r) => setImmediate(r));
    }
    await waitFor('background checkpoints', () => cp.runs > 0);
    const wal = statSync(`${store.file}-wal`).size;
    assert.ok(wal < (BACKSTOP_PAGES + 1000) * 4136, `the WAL stays near the backstop or below: ${wal} bytes`);
    assert.equal(store.db.prepare("SELECT COUNT(*) FROM outbox WHERE type = 'test.bulk'").pluck().get(), 400 * 200);
  } finally {
    await cp.stop();
    store.close();
    t.cleanup();
  }
});

test('a checkpointer that cannot open the store hands checkpoints back to SQLite', async () => {
  const t = tempDir();
  const store = Store.open(t.dir, { site: 's', gatewayId: 'g' });
  const cp = startCheckpointer(store.db, `${t.dir}/no-such-file.sqlite`, log, 50);
  try {
    await waitFor('the automatic checkpoint back to the default', () => store.db.pragma('wal_autocheckpoint', { simple: true }) === 1000);
  } finally {
    await cp.stop();
    store.close();
    t.cleanup();
  }
});
