import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { pino } from 'pino';
import { startErpServer } from '../simulators/cloud-erp/server.ts';
import { ErpClient, parseRetryAfter, type PostOutcome } from './erp-client.ts';
import { Forwarder } from './forwarder.ts';
import type { Backlog, Clock, OutboxPort, PendingEvent, Rejection } from './ports.ts';

const log = pino({ level: 'silent' });

/** An outbox in memory, with the semantics of the SQLite one. */
class MemOutbox implements OutboxPort {
  readonly rows: (PendingEvent & { delivered: boolean; dead: boolean; attempts: number })[] = [];
  readonly dead: Rejection[] = [];
  add(n: number, type = 'test.event'): void {
    for (let i = 0; i < n; i++) {
      const seq = this.rows.length + 1;
      this.rows.push({ seq, id: `ev-${seq}`, type, occurred_at: new Date(0).toISOString(), data_json: JSON.stringify({ i: seq }), created_at: new Date(0).toISOString(), delivered: false, dead: false, attempts: 0 });
    }
  }
  pending(afterSeq: number, limit: number): PendingEvent[] {
    return this.rows.filter((r) => r.seq > afterSeq && !r.delivered && !r.dead).slice(0, limit);
  }
  settle(delivered: readonly number[], rejected: readonly Rejection[]): void {
    for (const s of delivered) (this.rows[s - 1] as { delivered: boolean }).delivered = true;
    for (const r of rejected) ((this.rows[r.event.seq - 1] as { dead: boolean }).dead = true), this.dead.push(r);
  }
  recordFailure(seqs: readonly number[]): void {
    for (const s of seqs) (this.rows[s - 1] as { attempts: number }).attempts++;
  }
  backlog(): Backlog {
    const left = this.rows.filter((r) => !r.delivered && !r.dead);
    return { count: left.length, oldestCreatedAt: left[0]?.created_at ?? null, deadLetters: this.dead.length };
  }
  get undelivered(): number {
    return this.backlog().count;
  }
}

/** Simulated time: every sleep returns at once and moves the clock on. */
function virtualClock(onAdvance: (now: number) => void = () => {}) {
  const sleeps: number[] = [];
  let now = 1_000_000;
  const clock: Clock = {
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
      onAdvance(now);
      await new Promise((r) => setImmediate(r));
    },
  };
  return { clock, sleeps, elapsed: () => now - 1_000_000 };
}

async function until(what: string, cond: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('an ERP outage of five minutes (simulated time): retries back off to the cap, then every event arrives once, in seq order', async () => {
  const erp = await startErpServer({ token: 't0k' });
  try {
    erp.state.faults = { down: true };
    const outbox = new MemOutbox();
    outbox.add(120);
    const OUTAGE_MS = 5 * 60_000;
    let during: ReturnType<Forwarder['status']> | undefined;
    let fwd: Forwarder | undefined;
    const time = virtualClock((now) => {
      if (now - 1_000_000 >= 4 * 60_000 && !during) during = fwd?.status();
      if (now - 1_000_000 >= OUTAGE_MS) erp.state.faults = {};
    });
    fwd = new Forwarder({
      outbox,
      client: new ErpClient({ baseUrl: erp.url, token: 't0k', timeoutMs: 2000 }),
      site: 'wh',
      gateway: 'gw1',
      batchSize: 50,
      batchDelayMs: 0,
      retryInitialMs: 1000,
      retryMaxMs: 30_000,
      log,
      clock: time.clock,
    });
    fwd.start();
    await until('delivery', () => outbox.undelivered === 0);
    await fwd.stop();

    assert.ok(time.elapsed() >= OUTAGE_MS);
    // Capped exponential backoff with jitter: each delay in [base/2, base], base = min(cap, 1 s * 2^n).
    time.sleeps.forEach((ms, n) => {
      const base = Math.min(30_000, 1000 * 2 ** n);
      assert.ok(ms >= base / 2 && ms <= base, `retry ${n} waited ${ms} ms, expected ${base / 2}..${base}`);
    });
    assert.ok(time.sleeps.length >= 10 && time.sleeps.length <= 25, `${time.sleeps.length} retries in 5 minutes`);
    assert.equal(during?.reachable, false);
    assert.match(during?.last_error ?? '', /^503/);
    assert.equal(during?.state, 'waiting-retry');

    const s = erp.state.stats();
    assert.equal(s.unique, 120);
    assert.equal(s.duplicates, 0);
    assert.deepEqual(s.streams['wh/gw1'], { count: 120, max_seq: 120, missing: 0, out_of_order: 0, seq_repeats: 0 });
    assert.deepEqual(erp.state.received.map((e) => e.seq), outbox.rows.map((r) => r.seq));
    const after = fwd.status();
    assert.deepEqual([after.reachable, after.consecutive_failures, after.delivered_total], [true, 0, 120]);
  } finally {
    await erp.close();
  }
});

test('a 429 waits at least its Retry-After; a lost answer is resent and counted a duplicate once', async () => {
  const erp = await startErpServer();
  try {
    erp.state.faults = { throttle: { retryAfterS: 7, count: 1 }, drop: { after: 'store', count: 1 } };
    const outbox = new MemOutbox();
    outbox.add(10);
    const time = virtualClock();
    const fwd = new Forwarder({ outbox, client: new ErpClient({ baseUrl: erp.url, timeoutMs: 2000 }), site: 'wh', gateway: 'gw1', batchSize: 100, batchDelayMs: 0, retryInitialMs: 100, retryMaxMs: 1000, log, clock: time.clock });
    fwd.start();
    await until('delivery', () => outbox.undelivered === 0);
    await fwd.stop();
    assert.equal(time.sleeps[0], 7000, 'Retry-After: 7 beats the backoff');
    assert.equal(time.sleeps.length, 2);
    assert.deepEqual([erp.state.counters.accepted, erp.state.counters.duplicates], [10, 10]);
    assert.equal(fwd.status().duplicates_total, 10);
  } finally {
    await erp.close();
  }
});

test('a poison event is dead-lettered and the events after it keep flowing; a batch refused as a whole is narrowed down to it', async () => {
  const outbox = new MemOutbox();
  outbox.add(40);
  const sent: string[][] = [];
  // An ERP that refuses a whole batch (400) when ev-23 is in it, and rejects ev-31 by id.
  const client = {
    postEvents: async (body: string): Promise<PostOutcome> => {
      const ids = (JSON.parse(body) as { events: { id: string }[] }).events.map((e) => e.id);
      sent.push(ids);
      if (ids.includes('ev-23')) return { kind: 'refused', status: 400, code: 'BAD_EVENT', reason: '400 ev-23 is malformed' };
      return {
        kind: 'answer',
        answer: { accepted: ids.filter((i) => i !== 'ev-31'), duplicates: [], rejected: ids.includes('ev-31') ? [{ id: 'ev-31', code: 'UNKNOWN_SKU', message: 'no such sku' }] : [] },
      };
    },
  };
  const fwd = new Forwarder({ outbox, client, site: 'wh', gateway: 'gw1', batchSize: 16, batchDelayMs: 0, retryInitialMs: 10, retryMaxMs: 100, log, clock: virtualClock().clock });
  fwd.start();
  await until('delivery', () => outbox.undelivered === 0);
  await fwd.stop();
  assert.deepEqual(outbox.dead.map((d) => [d.event.id, d.code]), [['ev-23', 'BAD_EVENT'], ['ev-31', 'UNKNOWN_SKU']]);
  assert.equal(outbox.rows.filter((r) => r.delivered).length, 38);
  assert.ok(sent.length < 20, `${sent.length} requests to isolate the culprit`);
  // In order: no event is sent before an earlier one was settled.
  const firstSeen = [...new Set(sent.flat())].map((id) => Number(id.slice(3)));
  assert.deepEqual(firstSeen, [...firstSeen].sort((a, b) => a - b));
});

test('ids the ERP leaves out of its answer are not marked delivered, and are sent again', async () => {
  const outbox = new MemOutbox();
  outbox.add(5);
  let calls = 0;
  const client = {
    postEvents: async (body: string): Promise<PostOutcome> => {
      const ids = (JSON.parse(body) as { events: { id: string }[] }).events.map((e) => e.id);
      calls++;
      return { kind: 'answer', answer: { accepted: calls === 1 ? ids.filter((i) => i !== 'ev-3') : ids, duplicates: [], rejected: [] } };
    },
  };
  const fwd = new Forwarder({ outbox, client, site: 'wh', gateway: 'gw1', batchSize: 10, batchDelayMs: 0, retryInitialMs: 10, retryMaxMs: 100, log, clock: virtualClock().clock });
  fwd.start();
  await until('delivery', () => outbox.undelivered === 0);
  await fwd.stop();
  assert.equal(calls, 2);
  assert.equal(outbox.rows[2]?.attempts, 1);
});

test('Retry-After is read as seconds or as an HTTP date', () => {
  assert.equal(parseRetryAfter('120', 0), 120_000);
  assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT')), 60_000);
  assert.equal(parseRetryAfter('soon', 0), undefined);
  assert.equal(parseRetryAfter(null, 0), undefined);
});

test('unreachable ERP hosts and refused connections are retryable failures, never throws', async () => {
  const srv = createServer().listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r)); // nothing listens there now
  const client = new ErpClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 1000 });
  const r = await client.postEvents('{"events":[]}');
  assert.equal(r.kind, 'retry');
  assert.match((r as { reason: string }).reason, /refused/);
});
