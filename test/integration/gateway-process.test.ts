/**
 * The real process, as a user runs it, on port 0 with a real SQLite file and the embedded
 * broker: health, bus, an adjustment reaching the bus and the outbox, restarts, kill -9.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import Database from 'better-sqlite3';
import mqtt from 'mqtt';
import { tempDir } from '../helpers/tmp.ts';
import { startGatewayProcess, runCli } from '../helpers/gateway-process.ts';
import { writeSite, authHeader, adjust } from '../helpers/site.ts';
import { waitFor } from '../helpers/wait.ts';

const cleanups: (() => void | Promise<unknown>)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

function workspace() {
  const t = tempDir('wg-it-');
  cleanups.push(t.cleanup);
  return t.dir;
}

async function connectMqtt(url: string, opts: mqtt.IClientOptions = {}): Promise<mqtt.MqttClient> {
  const client = mqtt.connect(url, { protocolVersion: 4, reconnectPeriod: 0, ...opts });
  cleanups.push(() => client.endAsync(true));
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  return client;
}

function nextMessage(client: mqtt.MqttClient, filter: (topic: string) => boolean, timeoutMs = 5000): Promise<{ topic: string; payload: unknown }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no message in time')), timeoutMs);
    const on = (topic: string, payload: Buffer) => {
      if (!filter(topic)) return;
      clearTimeout(timer);
      client.off('message', on);
      resolve({ topic, payload: JSON.parse(payload.toString()) });
    };
    client.on('message', on);
  });
}

function outboxRows(dir: string): { seq: number; id: string; type: string; published_at: string | null }[] {
  const db = new Database(`${dir}/data/gateway.sqlite`, { readonly: true });
  try {
    return db.prepare('SELECT seq, id, type, published_at FROM outbox ORDER BY seq').all() as never;
  } finally {
    db.close();
  }
}

test('the started gateway answers /health, serves its broker, and puts an adjustment on the bus and in the outbox', async () => {
  const dir = workspace();
  const gw = await startGatewayProcess(writeSite(dir));
  cleanups.push(() => gw.stop('SIGKILL'));

  const health = await fetch(`${gw.api}/health`); // loopback: no token needed
  assert.equal(health.status, 200);
  const h = (await health.json()) as { status: string; store: { status: string; schema_version: number }; bus: { status: string; connected_clients: number } };
  assert.equal(h.status, 'ok');
  assert.equal(h.store.status, 'ok');
  assert.equal(h.bus.status, 'ok');
  assert.ok(h.store.schema_version >= 1);

  // A client publishes and subscribes on the embedded broker.
  const client = await connectMqtt(gw.bus);
  await client.subscribeAsync(['wh/it-wh/scan/+', 'wh/it-wh/event/+'], { qos: 1 });
  const scan = nextMessage(client, (t) => t === 'wh/it-wh/scan/pda-7');
  await client.publishAsync('wh/it-wh/scan/pda-7', JSON.stringify({ v: 1, code: '0614141000012' }), { qos: 1 });
  assert.deepEqual((await scan).payload, { v: 1, code: '0614141000012' });

  // An adjustment: 201, then the event on the bus, and its row in the outbox (published).
  const event = nextMessage(client, (t) => t === 'wh/it-wh/event/stock.adjusted');
  const res = await adjust(gw.api, { qty: -4, reason: 'damaged' });
  assert.equal(res.status, 201);
  const body = (await res.json()) as { movement: { id: string }; balance: { on_hand: number } };
  assert.equal(body.balance.on_hand, 96);
  const ev = (await event).payload as { v: number; id: string; type: string; site: string; gateway: string; seq: number; data: { qty: number; sku: string } };
  assert.deepEqual([ev.v, ev.id, ev.type, ev.site, ev.gateway, ev.data.sku, ev.data.qty], [1, body.movement.id, 'stock.adjusted', 'it-wh', 'gw1', 'SKU-1', -4]);
  const rows = outboxRows(dir);
  assert.equal(rows.length, 1);
  assert.equal(rows[0]?.id, body.movement.id);
  assert.equal(rows[0]?.seq, ev.seq);

  const metrics = await (await fetch(`${gw.api}/metrics`)).text();
  assert.match(metrics, /wg_outbox_undelivered 1\n/);
  assert.match(metrics, /wg_http_requests_total\{route="\/api\/v1\/adjustments",method="POST",status="201"\} 1/);
  assert.equal(await gw.stop('SIGTERM'), 0);
});

test('a restart keeps stock, movements and the outbox, and seq continues', async () => {
  const dir = workspace();
  const site = writeSite(dir);
  const first = await startGatewayProcess(site);
  cleanups.push(() => first.stop('SIGKILL'));
  for (const qty of [5, -2, 7]) assert.equal((await adjust(first.api, { qty })).status, 201);
  const before = await (await fetch(`${first.api}/api/v1/stock`, { headers: authHeader('pda') })).json();
  const movementsBefore = await (await fetch(`${first.api}/api/v1/movements`, { headers: authHeader('admin') })).json();
  assert.equal(await first.stop('SIGINT'), 0);

  const second = await startGatewayProcess(site);
  cleanups.push(() => second.stop('SIGKILL'));
  assert.deepEqual(await (await fetch(`${second.api}/api/v1/stock`, { headers: authHeader('pda') })).json(), before);
  assert.deepEqual(await (await fetch(`${second.api}/api/v1/movements`, { headers: authHeader('admin') })).json(), movementsBefore);
  assert.equal((await adjust(second.api, { qty: 1 })).status, 201);
  assert.deepEqual(outboxRows(dir).map((r) => r.seq), [1, 2, 3, 4]);
  assert.equal(await second.stop('SIGTERM'), 0);
});

test('kill -9 during a burst of adjustments loses no acknowledged movement, and balances match the ledger', async () => {
  const dir = workspace();
  const site = writeSite(dir);
  const gw = await startGatewayProcess(site);
  const acked: string[] = [];
  let sent = 0;
  const worker = async (w: number) => {
    for (let i = 0; ; i++) {
      const id = `burst-${w}-${i}-xxxxxxxx`;
      sent++;
      try {
        const res = await adjust(gw.api, { id, qty: (i % 3) + 1 });
        if (res.status === 201) acked.push(id);
        else assert.fail(`unexpected ${res.status}`);
      } catch {
        return; // the process is gone
      }
    }
  };
  const workers = [0, 1, 2, 3].map(worker);
  while (acked.length < 150) await new Promise((r) => setTimeout(r, 10));
  gw.proc.kill('SIGKILL');
  await once(gw.proc, 'exit');
  await Promise.all(workers);
  assert.ok(acked.length >= 150 && sent > acked.length - 1);

  const check = await runCli(['store', 'rebuild-balances', '--check', '--config', site]);
  assert.equal(check.code, 0, check.stdout + check.stderr);
  assert.match(check.stdout, /balances agree with the ledger/);

  const again = await startGatewayProcess(site);
  cleanups.push(() => again.stop('SIGKILL'));
  const movements: string[] = [];
  let after = 0;
  for (;;) {
    const page = (await (await fetch(`${again.api}/api/v1/movements?type=adjustment&limit=1000&after=${after}`, { headers: authHeader('admin') })).json()) as {
      items: { id: string; lines: { qty: number }[] }[];
      next_after: number | null;
    };
    movements.push(...page.items.map((m) => m.id));
    if (page.next_after === null) break;
    after = page.next_after;
  }
  const ledger = new Set(movements);
  for (const id of acked) assert.ok(ledger.has(id), `acknowledged movement ${id} survived`);
  // Each committed movement has exactly one event (committed together or not at all).
  const events = outboxRows(dir).filter((r) => r.type === 'stock.adjusted');
  assert.deepEqual(new Set(events.map((e) => e.id)), ledger);
  assert.deepEqual(events.map((e) => e.seq), events.map((_, i) => i + 1), 'no gap in seq');
  // Served balance = seed + every committed movement.
  const stock = (await (await fetch(`${again.api}/api/v1/stock?sku=SKU-1&bin=B1`, { headers: authHeader('pda') })).json()) as { items: { on_hand: number }[] };
  const db = new Database(`${dir}/data/gateway.sqlite`, { readonly: true });
  const sum = db.prepare("SELECT SUM(qty) FROM movement_lines WHERE sku = 'SKU-1' AND bin_id = 'B1' AND state = 'on_hand'").pluck().get() as number;
  db.close();
  assert.equal(stock.items[0]?.on_hand, sum);
  // Events committed before the kill but not yet published go out after the restart.
  await waitFor('the backlog to be published', () => outboxRows(dir).every((r) => r.published_at !== null));
  assert.equal(await again.stop('SIGTERM'), 0);
});

test('a port already in use stops the start with a clear message and exit code 3', async () => {
  const dir = workspace();
  const gw = await startGatewayProcess(writeSite(dir));
  cleanups.push(() => gw.stop('SIGKILL'));
  const port = new URL(gw.api).port;
  const r = await runCli(['start', '--config', writeSite(workspace()), '--set', `api.listen=127.0.0.1:${port}`, '--set', 'log.format=json']);
  assert.equal(r.code, 3);
  assert.match(r.stdout, /API_LISTEN_FAILED/);
  assert.match(r.stdout, /port is in use/);
  await gw.stop();
});

test('check-config exits 0 on a good file, 1 naming each problem, 2 on wrong usage', async () => {
  const dir = workspace();
  const good = await runCli(['check-config', writeSite(dir)]);
  assert.equal(good.code, 0);
  assert.match(good.stdout, /OK/);
  const bad = await runCli(['check-config', writeSite(dir, { extra: 'doors: [{ id: d1, readers: [{ device: ghost, outside: [1] }] }]\n' }), '--set', 'api.listen=nowhere']);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /2 problems/);
  assert.match(bad.stdout, /--set: api\.listen/);
  assert.match(bad.stdout, /site\.yaml:\d+: doors\[0\]\.readers\[0\]\.device: unknown device 'ghost'/);
  assert.equal((await runCli(['check-config'])).code, 2);
  assert.equal((await runCli(['frobnicate'])).code, 2);
  assert.equal((await runCli(['check-config', `${dir}/missing.yaml`])).code, 1);
  const help = await runCli(['start', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /SIGINT\/SIGTERM/);
});

test('SIGTERM during a burst of adjustments: requests in flight finish, exit 0, nothing acknowledged is lost', async () => {
  const dir = workspace();
  const site = writeSite(dir);
  const gw = await startGatewayProcess(site);
  const acked: string[] = [];
  const worker = async (w: number) => {
    for (let i = 0; ; i++) {
      try {
        const res = await adjust(gw.api, { id: `term-${w}-${i}-xxxxxxxx`, qty: 1 });
        if (res.status !== 201) assert.fail(`unexpected ${res.status}`);
        acked.push(`term-${w}-${i}-xxxxxxxx`);
      } catch {
        return;
      }
    }
  };
  const workers = [0, 1, 2].map(worker);
  await waitFor('some adjustments', () => acked.length >= 60);
  assert.equal(await gw.stop('SIGTERM'), 0);
  await Promise.all(workers);
  const db = new Database(`${dir}/data/gateway.sqlite`, { readonly: true });
  const ids = new Set(db.prepare("SELECT id FROM movements WHERE type = 'adjustment'").pluck().all() as string[]);
  const unpublished = db.prepare('SELECT COUNT(*) FROM outbox WHERE published_at IS NULL').pluck().get();
  db.close();
  for (const id of acked) assert.ok(ids.has(id), id);
  assert.equal(unpublished, 0, 'committed events were published before the broker closed');
});
