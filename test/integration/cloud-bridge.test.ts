/**
 * The real gateway process forwarding to the real ERP simulator process over HTTP: exactly
 * once through kill -9, outages and lost answers; poison events dead-lettered while the rest
 * flows.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import path from 'node:path';
import Database from 'better-sqlite3';
import { tempDir } from '../helpers/tmp.ts';
import { startGatewayProcess, type RunningGateway } from '../helpers/gateway-process.ts';
import { authHeader, adjust } from '../helpers/site.ts';
import { Store } from '../../gateway/store/store.ts';
import { startErpProcess, writeCloudSite, until, type ErpProcess } from './cloud-support.ts';

const cleanups: (() => void | Promise<unknown>)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

function workspace() {
  const t = tempDir('wg-cloud-');
  cleanups.push(t.cleanup);
  return t.dir;
}

async function erp(args: string[] = []): Promise<ErpProcess> {
  const e = await startErpProcess(args);
  cleanups.push(() => e.stop());
  return e;
}

/** Commit `n` events straight into a stopped gateway's outbox (a backlog from days offline). */
function backlog(dir: string, n: number): void {
  const store = Store.open(path.join(dir, 'data'), { site: 'it-wh', gatewayId: 'gw1' });
  try {
    store.transact((tx) => {
      for (let i = 0; i < n; i++) tx.emit({ type: 'test.backlog', data: { i, pad: 'x'.repeat(40) } });
    });
  } finally {
    store.close();
  }
}

function outbox(dir: string): { seq: number; id: string; delivered_at: string | null }[] {
  const db = new Database(path.join(dir, 'data', 'gateway.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT seq, id, delivered_at FROM outbox ORDER BY seq').all() as never;
  } finally {
    db.close();
  }
}

async function health(gw: RunningGateway) {
  return (await (await fetch(`${gw.api}/health`)).json()) as {
    status: string;
    problems: string[];
    cloud: { status: string; backlog: number; oldest_undelivered_age_s: number | null; dead_letters: number; forwarder: { reachable: boolean | null; last_error: string | null } };
  };
}

test('kill -9 at random moments during delivery, twenty times: the ERP ends with each event exactly once, in seq order, without a gap', async () => {
  const dir = workspace();
  const sim = await erp();
  // Slow the ERP a little so that every kill lands while batches are in flight, and lose three answers.
  await sim.faults({ latencyMs: 8, drop: { after: 'store', count: 3 } });
  const site = writeCloudSite(dir, sim.url, { batchSize: 25, batchDelayMs: 0, retryInitialMs: 20, retryMaxMs: 200 });
  const N = 4000;
  backlog(dir, N);

  let kills = 0;
  let extra = 0;
  while (kills < 20) {
    const gw = await startGatewayProcess(site);
    // Live events keep arriving while the backlog drains.
    if ((await adjust(gw.api, { qty: 1 })).status === 201) extra++;
    const before = (await sim.stats()).unique;
    await until('delivery to start', async () => (await sim.stats()).unique > before, 10_000, 10);
    await new Promise((r) => setTimeout(r, Math.random() * 120));
    gw.proc.kill('SIGKILL');
    await once(gw.proc, 'exit');
    kills++;
  }
  const mid = await sim.stats();
  assert.ok(mid.unique < N, `the backlog was still draining at the last kill (${mid.unique} of ${N})`);

  const gw = await startGatewayProcess(site);
  cleanups.push(() => gw.stop('SIGKILL'));
  const total = N + extra;
  await until('the backlog to drain', async () => (await sim.stats()).unique === total, 60_000, 100);
  await until('every row to be marked delivered', async () => outbox(dir).every((r) => r.delivered_at !== null), 10_000);
  assert.equal(await gw.stop('SIGTERM'), 0);

  const received = await sim.received();
  const rows = outbox(dir);
  assert.equal(rows.length, total);
  assert.equal(received.length, total, 'each event once');
  assert.deepEqual(new Set(received.map((e) => e.id)), new Set(rows.map((r) => r.id)), 'the same ids as the outbox');
  assert.deepEqual(received.map((e) => e.seq), rows.map((r) => r.seq), 'first received in seq order');
  assert.deepEqual(rows.map((r) => r.seq), rows.map((_, i) => i + 1), 'seq has no gap');
  const stats = await sim.stats();
  assert.deepEqual(stats.streams['it-wh/gw1'], { count: total, max_seq: total, missing: 0, out_of_order: 0, seq_repeats: 0 });
  assert.ok(stats.duplicates >= 3, `resends after lost answers and kills were recognised as duplicates (${stats.duplicates})`);
});

test('a poison event is dead-lettered with an alert while later events still flow; an admin lists and retries it', async () => {
  const dir = workspace();
  const sim = await erp();
  const gw = await startGatewayProcess(writeCloudSite(dir, sim.url));
  cleanups.push(() => gw.stop('SIGKILL'));
  await sim.faults({ reject: { ids: ['poison-0000000001'], code: 'UNKNOWN_SKU_AT_ERP', message: 'the ERP has no such product' } });
  for (const id of ['good-00000000001', 'poison-0000000001', 'good-00000000002']) assert.equal((await adjust(gw.api, { id, qty: 1 })).status, 201);
  await until('the good events and the alert', async () => {
    const ids = (await sim.received()).map((e) => e.type);
    return ids.filter((t) => t === 'stock.adjusted').length === 2 && ids.includes('alert.dead_letter');
  });
  const alert = (await sim.received()).find((e) => e.type === 'alert.dead_letter');
  assert.deepEqual((alert?.data as { event_id: string; code: string }).event_id, 'poison-0000000001');
  // Later events still flow.
  assert.equal((await adjust(gw.api, { id: 'good-00000000003', qty: 1 })).status, 201);
  await until('a later event', async () => (await sim.received()).some((e) => e.id === 'good-00000000003'));

  const h = await health(gw);
  assert.equal(h.status, 'degraded');
  assert.equal(h.cloud.dead_letters, 1);
  assert.match(h.problems.join('\n'), /1 event\(s\) rejected by the ERP/);
  assert.match(await (await fetch(`${gw.api}/metrics`)).text(), /wg_cloud_dead_letters 1\n/);

  const listed = (await (await fetch(`${gw.api}/api/v1/dead-letters`, { headers: authHeader('admin') })).json()) as {
    items: { seq: number; event_id: string; code: string; message: string; data: { qty: number } }[];
  };
  assert.equal(listed.items.length, 1);
  assert.deepEqual([listed.items[0]?.event_id, listed.items[0]?.code, listed.items[0]?.data.qty], ['poison-0000000001', 'UNKNOWN_SKU_AT_ERP', 1]);
  assert.equal((await fetch(`${gw.api}/api/v1/dead-letters`, { headers: authHeader('pda') })).status, 403);

  // The ERP is fixed; the admin retries: the event goes with its original id and seq.
  await sim.faults({});
  const retry = await fetch(`${gw.api}/api/v1/dead-letters/retry`, { method: 'POST', headers: authHeader('admin') });
  assert.equal(retry.status, 200);
  assert.deepEqual(((await retry.json()) as { retried: number[] }).retried, [listed.items[0]?.seq]);
  await until('the retried event', async () => (await sim.received()).find((e) => e.id === 'poison-0000000001'));
  assert.equal((await sim.received()).find((e) => e.id === 'poison-0000000001')?.seq, listed.items[0]?.seq);
  await until('health ok again', async () => (await health(gw)).status === 'ok');
  assert.equal(await gw.stop('SIGTERM'), 0);
});

test('through an ERP outage and a throttled recovery, /health and /metrics show the backlog and its age, then everything arrives once', async () => {
  const dir = workspace();
  const sim = await erp();
  const gw = await startGatewayProcess(writeCloudSite(dir, sim.url, { retryInitialMs: 50, retryMaxMs: 300 }));
  cleanups.push(() => gw.stop('SIGKILL'));
  await sim.faults({ down: true });
  for (let i = 0; i < 10; i++) assert.equal((await adjust(gw.api, { qty: 1 })).status, 201);
  const down = await until('the failure to show', async () => {
    const h = await health(gw);
    return h.cloud.forwarder.reachable === false && h.cloud.backlog === 10 ? h : undefined;
  });
  assert.match(down.cloud.forwarder.last_error ?? '', /503/);
  await new Promise((r) => setTimeout(r, 1100));
  const metrics = await (await fetch(`${gw.api}/metrics`)).text();
  assert.match(metrics, /wg_cloud_backlog 10\n/);
  assert.match(metrics, /wg_cloud_reachable 0\n/);
  const age = Number(/wg_cloud_oldest_undelivered_age_seconds (\d+)/.exec(metrics)?.[1]);
  assert.ok(age >= 1, `oldest age ${age}`);

  // Back up, but throttling first (429 with Retry-After: 1), then losing one answer.
  await sim.faults({ throttle: { retryAfterS: 1, count: 1 }, drop: { after: 'store', count: 1 } });
  const t0 = Date.now();
  await until('the backlog to arrive', async () => (await sim.stats()).unique === 10, 20_000);
  assert.ok(Date.now() - t0 >= 900, 'Retry-After was honoured');
  // The batch whose answer was lost is sent again and recognised as a duplicate.
  const stats = await until('the resend', async () => {
    const st = await sim.stats();
    return st.duplicates >= 1 ? st : undefined;
  });
  assert.deepEqual(stats.streams['it-wh/gw1'], { count: 10, max_seq: 10, missing: 0, out_of_order: 0, seq_repeats: 0 });
  await until('health ok', async () => {
    const h = await health(gw);
    return h.status === 'ok' && h.cloud.backlog === 0 && h.cloud.oldest_undelivered_age_s === null;
  });
  assert.equal(await gw.stop('SIGTERM'), 0);
});
