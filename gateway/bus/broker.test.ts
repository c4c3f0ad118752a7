/**
 * The embedded broker over real sockets on 127.0.0.1:0: authentication and the device ACL.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { pino } from 'pino';
import { startEmbeddedBroker, anonymousAllowedOn, type EmbeddedBroker } from './broker.ts';
import { topicsFor } from './topics.ts';
import { sha256Hex } from '../secrets.ts';
import { waitFor } from '../../test/helpers/wait.ts';

const topics = topicsFor('wh1');
let broker: EmbeddedBroker;
const clients: mqtt.MqttClient[] = [];

before(async () => {
  broker = await startEmbeddedBroker({
    host: '127.0.0.1',
    port: 0,
    allowAnonymous: 'no',
    topics,
    log: pino({ level: 'silent' }),
    users: [
      { username: 'reader-1', passwordSha256: sha256Hex('pw-reader-1'), role: 'device', device: 'reader-1' },
      { username: 'watcher', passwordSha256: sha256Hex('pw-watch'), role: 'observer' },
      { username: 'core', passwordSha256: sha256Hex('pw-core'), role: 'service' },
    ],
  });
});
after(async () => {
  await Promise.all(clients.map((c) => c.endAsync(true)));
  await broker.close();
});

function connect(username?: string, password?: string): Promise<mqtt.MqttClient> {
  const c = mqtt.connect(broker.url, { protocolVersion: 4, reconnectPeriod: 0, ...(username ? { username, password } : {}) });
  clients.push(c);
  return new Promise((resolve, reject) => {
    c.once('connect', () => resolve(c));
    c.once('error', reject);
  });
}

function received(c: mqtt.MqttClient): string[] {
  const got: string[] = [];
  c.on('message', (t) => got.push(t));
  return got;
}

const settle = () => new Promise((r) => setTimeout(r, 150));

test('anonymous clients are refused only off loopback (auto), or always (no)', async () => {
  assert.equal(anonymousAllowedOn('127.0.0.1', 'auto'), true);
  assert.equal(anonymousAllowedOn('::1', 'auto'), true);
  assert.equal(anonymousAllowedOn('0.0.0.0', 'auto'), false);
  assert.equal(anonymousAllowedOn('192.168.1.20', 'auto'), false);
  assert.equal(anonymousAllowedOn('0.0.0.0', 'yes'), true);
  await assert.rejects(connect(), /Not authorized/i);
  await assert.rejects(connect('reader-1', 'wrong'), /Bad username or password/i);
  assert.ok(broker.stats.authFailures >= 2);
});

test('a device identity publishes only under its own topics', async () => {
  const core = await connect('core', 'pw-core');
  const got = received(core);
  await core.subscribeAsync('wh/wh1/#', { qos: 1 });
  const reader = await connect('reader-1', 'pw-reader-1');
  await reader.publishAsync(topics.rfidReads('reader-1'), '{"v":1}', { qos: 1 });
  await reader.publishAsync(topics.deviceStatus('reader-1'), '{"v":1,"status":"online"}', { qos: 1 });
  const denied = broker.stats.publishDenied;
  // aedes answers a refused QoS 0 publish by closing the connection (MQTT 3.1.1 has no
  // negative ack); either way the message must never reach a subscriber.
  reader.publish(topics.rfidReads('reader-2'), '{"v":1}', { qos: 0 });
  await waitFor('the denial', () => broker.stats.publishDenied === denied + 1);
  await waitFor('the allowed messages', () => got.length >= 2);
  await settle(); // and nothing more arrives
  assert.deepEqual(got.sort(), [topics.deviceStatus('reader-1'), topics.rfidReads('reader-1')].sort());
});

test('a device may subscribe to its own commands but not to the whole site; an observer may not publish', async () => {
  const reader = await connect('reader-1', 'pw-reader-1');
  assert.deepEqual((await reader.subscribeAsync(topics.command('reader-1'), { qos: 1 })).map((g) => g.qos), [1]);
  // MQTT 3.1.1 §3.9.3: the refused filter gets return code 0x80 (mqtt.js reports it as an error).
  const denied = broker.stats.subscribeDenied;
  await assert.rejects(reader.subscribeAsync('wh/wh1/#', { qos: 1 }), /Subscribe error/);
  assert.equal(broker.stats.subscribeDenied, denied + 1);
  const watcher = await connect('watcher', 'pw-watch');
  const g2 = await watcher.subscribeAsync('wh/wh1/#', { qos: 0 });
  assert.equal(g2[0]?.qos, 0);
  const core = await connect('core', 'pw-core');
  const got = received(core);
  await core.subscribeAsync(topics.command('reader-1'), { qos: 1 });
  const deniedBefore = broker.stats.publishDenied;
  watcher.publish(topics.command('reader-1'), 'stop', { qos: 0 });
  await waitFor('the denial', () => broker.stats.publishDenied === deniedBefore + 1);
  await settle();
  assert.deepEqual(got, []);
});
