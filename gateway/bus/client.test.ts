/**
 * The bus client against the real embedded broker: retained status with a last will, and
 * reconnect (with backoff) that keeps subscriptions and delivers what was queued offline.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { pino } from 'pino';
import { startEmbeddedBroker } from './broker.ts';
import { BusClient, topicMatches } from './client.ts';
import { topicsFor } from './topics.ts';
import { Backoff } from '../../drivers/backoff.ts';
import { waitFor } from '../../test/helpers/wait.ts';

const topics = topicsFor('wh1');
const log = pino({ level: 'silent' });
const broker = (port = 0) => startEmbeddedBroker({ host: '127.0.0.1', port, allowAnonymous: 'auto', topics, log, users: [] });

test('topic filters match as MQTT 3.1.1 §4.7 says', () => {
  assert.equal(topicMatches('wh/+/scan/+', 'wh/a/scan/b'), true);
  assert.equal(topicMatches('wh/#', 'wh/a/b/c'), true);
  assert.equal(topicMatches('wh/#', 'wh'), true);
  assert.equal(topicMatches('wh/+', 'wh/a/b'), false);
  assert.equal(topicMatches('wh/a', 'wh/a/b'), false);
});

test('status is retained online on connect and becomes offline by last will when the link dies', async () => {
  const b = await broker();
  const bus = new BusClient({ url: b.url, clientId: 'dev-1', log, statusTopic: topics.deviceStatus('dev-1'), statusBody: { device: 'dev-1' }, keepaliveS: 1 });
  await bus.waitConnected();
  const watcher = await mqtt.connectAsync(b.url, { protocolVersion: 4, reconnectPeriod: 0 });
  const seen: string[] = [];
  watcher.on('message', (_t, p) => seen.push((JSON.parse(p.toString()) as { status: string }).status));
  await watcher.subscribeAsync(topics.deviceStatus('dev-1'), { qos: 1 });
  for (let i = 0; i < 100 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(seen, ['online'], 'retained online status');
  (bus.client.stream as { destroy(): void }).destroy(); // the cable is pulled: no DISCONNECT sent
  const deadline = Date.now() + 5000;
  while (seen.at(-1) !== 'offline' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.equal(seen.at(-1), 'offline', 'the will tells subscribers');
  await bus.close();
  await watcher.endAsync(true);
  await b.close();
});

test('after the broker restarts the client reconnects and re-subscribes; offline publishes are refused, not lost silently', async () => {
  let b = await broker();
  const port = b.port;
  const bus = new BusClient({ url: b.url, clientId: 'svc', log, backoff: new Backoff({ initialMs: 50, maxMs: 200 }) });
  await bus.waitConnected();
  const got: string[] = [];
  bus.subscribe('wh/wh1/scan/+', (_t, p) => got.push(p.toString()));
  await b.close();
  await waitFor('the client to notice', () => !bus.connected);
  await assert.rejects(bus.publish(topics.scan('s1'), { v: 1, code: 'while-offline' }), /BUS_OFFLINE|not connected/);
  b = await broker(port);
  await bus.waitConnected(5000);
  await bus.publish(topics.scan('s1'), { v: 1, code: 'back' });
  const other = await mqtt.connectAsync(b.url, { protocolVersion: 4, reconnectPeriod: 0 });
  await other.publishAsync(topics.scan('s2'), JSON.stringify({ v: 1, code: 'after' }), { qos: 1 });
  await waitFor(`the message after the reconnect (got ${JSON.stringify(got)})`, () => got.includes('{"v":1,"code":"after"}'));
  assert.ok(got.includes('{"v":1,"code":"back"}'));
  assert.ok(bus.stats.disconnects >= 1);
  await other.endAsync(true);
  await bus.close();
  await b.close();
});
