/**
 * End to end against Mosquitto as the external broker: the gateway process authenticates,
 * publishes its events, follows device statuses, and survives a broker outage without
 * losing an event (committed events go out after the reconnect).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import mqtt from 'mqtt';
import { tempDir } from '../helpers/tmp.ts';
import { startGatewayProcess, freePort } from '../helpers/gateway-process.ts';
import { writeSite, adjust } from '../helpers/site.ts';
import { mosquittoAvailable, writeMosquittoConfig, startMosquitto } from '../helpers/mosquitto.ts';

const cleanups: (() => unknown)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

const waitFor = async (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

test('the gateway on Mosquitto: events, device status, and a broker outage', { skip: mosquittoAvailable() ? false : 'mosquitto is not installed (.ci/run installs it)' }, async () => {
  const t = tempDir('wg-e2e-');
  cleanups.push(t.cleanup);
  const port = await freePort();
  const conf = writeMosquittoConfig(t.dir, port, { gw: 'gw-secret', watcher: 'watch-secret', 'scanner-1': 'scan-secret' });
  let broker = await startMosquitto(conf, port);
  cleanups.push(() => broker.stop());

  const site = writeSite(t.dir, {
    bus: `{ broker: external, url: "mqtt://127.0.0.1:${port}", username: gw, password: "\${WG_MQTT_PASSWORD}" }`,
    extra: 'devices:\n  - { id: scanner-1, kind: scanner, profile: scanner/serial-cr, connection: { type: bus } }\n',
  });
  const gw = await startGatewayProcess(site, [], { WG_MQTT_PASSWORD: 'gw-secret' });
  cleanups.push(() => gw.stop('SIGKILL'));
  assert.equal(gw.bus, `mqtt://127.0.0.1:${port}`);
  assert.ok(!gw.lines.join('\n').includes('gw-secret'), 'the broker password never reaches the log');

  const health = async () => (await (await fetch(`${gw.api}/health`)).json()) as { status: string; bus: { status: string; broker: string }; devices: { id: string; status: string }[] };
  let h = await health();
  assert.equal(h.bus.broker, 'external');
  assert.equal(h.bus.status, 'ok');
  assert.equal(h.status, 'degraded', 'scanner-1 has not reported yet');
  assert.deepEqual(h.devices.map((d) => [d.id, d.status]), [['scanner-1', 'unknown']]);

  // A device reports online (retained) through the same broker: /health follows.
  const scanner = await mqtt.connectAsync(broker.url, { protocolVersion: 4, username: 'scanner-1', password: 'scan-secret', reconnectPeriod: 0 });
  cleanups.push(() => scanner.endAsync(true));
  await scanner.publishAsync('wh/it-wh/device/scanner-1/status', JSON.stringify({ v: 1, status: 'online', detail: 'pty open' }), { qos: 1, retain: true });
  await waitFor('scanner online in /health', async () => (await health()).status === 'ok');
  h = await health();
  assert.deepEqual(h.devices.map((d) => [d.id, d.status]), [['scanner-1', 'online']]);
  // A malformed status is dropped and counted, the last good one stays.
  await scanner.publishAsync('wh/it-wh/device/scanner-1/status', '{"status":"exploded"}', { qos: 1 });
  await waitFor('bad message counted', async () => /wg_bus_bad_messages_total\{reason="invalid-status"\} 1/.test(await (await fetch(`${gw.api}/metrics`)).text()));
  assert.equal((await health()).status, 'ok');

  // An adjustment reaches another client of Mosquitto as an event.
  const watcher = await mqtt.connectAsync(broker.url, { protocolVersion: 4, username: 'watcher', password: 'watch-secret', reconnectPeriod: 0 });
  cleanups.push(() => watcher.endAsync(true));
  await watcher.subscribeAsync('wh/it-wh/event/+', { qos: 1 });
  const got = new Promise<{ id: string; seq: number }>((resolve) => watcher.once('message', (_t, p) => resolve(JSON.parse(p.toString()) as { id: string; seq: number })));
  const res = await adjust(gw.api, { qty: 3 });
  assert.equal(res.status, 201);
  const movementId = ((await res.json()) as { movement: { id: string } }).movement.id;
  assert.equal((await got).id, movementId);

  // Outage: the broker goes away. The API still commits; /health says the bus is down.
  await broker.stop();
  await waitFor('bus down in /health', async () => (await fetch(`${gw.api}/health`)).status === 503);
  const during = await adjust(gw.api, { qty: 2 });
  assert.equal(during.status, 201, 'the floor keeps working while the bus is down');
  const duringId = ((await during.json()) as { movement: { id: string } }).movement.id;
  const published = () => {
    const db = new Database(`${t.dir}/data/gateway.sqlite`, { readonly: true });
    try {
      return (db.prepare('SELECT published_at FROM outbox WHERE id = ?').pluck().get(duringId) as string | null) !== null;
    } finally {
      db.close();
    }
  };
  assert.equal(published(), false);

  // The broker comes back on the same port: the gateway reconnects and publishes the backlog.
  broker = await startMosquitto(conf, port);
  await waitFor('event published after the reconnect', published, 40_000);
  h = await health();
  assert.equal(h.bus.status, 'ok');
  assert.equal(await gw.stop('SIGTERM'), 0);
});
