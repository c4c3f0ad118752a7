/**
 * The device host over the real embedded broker, with a small driver written for this test
 * (real drivers have their own tests against their simulators).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { pino } from 'pino';
import { startEmbeddedBroker } from '../bus/broker.ts';
import { BusClient } from '../bus/client.ts';
import { topicsFor } from '../bus/topics.ts';
import { DEFAULT_PROFILES_DIR } from '../config/load.ts';
import { Backoff } from '../../drivers/backoff.ts';
import type { DriverContext, DriverFactory } from '../../drivers/driver.ts';
import type { DeviceConfig } from '../config/schema.ts';
import { DeviceHost } from './device-host.ts';

const topics = topicsFor('wh1');
const log = pino({ level: 'silent' });
const scanner = (id: string, profile = 'scanner/serial-cr'): DeviceConfig =>
  ({ id, kind: 'scanner', profile, enabled: true, daemon: 'in-process', connection: { type: 'bus' } }) as DeviceConfig;

function testDriver(commands: Record<string, unknown>[], contexts: DriverContext[]): DriverFactory {
  return (_device, profile, ctx) => {
    contexts.push(ctx);
    return {
      async start() {
        ctx.emit({ kind: 'status', status: 'online', detail: `terminator ${JSON.stringify(profile.terminator)}` });
      },
      async stop() {
        ctx.emit({ kind: 'status', status: 'offline', detail: 'stopped' });
      },
      async command(c) {
        commands.push(c);
        ctx.emit({ kind: 'scan', payload: { code: String(c.code) } });
      },
    };
  };
}

function collect(client: mqtt.MqttClient) {
  const got: { topic: string; body: Record<string, unknown>; retain: boolean }[] = [];
  client.on('message', (topic, payload, packet) => {
    if (topic.includes('/cmd/')) return; // our own commands, some deliberately not JSON
    got.push({ topic, body: JSON.parse(payload.toString()) as Record<string, unknown>, retain: packet.retain });
  });
  return got;
}

const until = async (what: string, f: () => boolean) => {
  const end = Date.now() + 5000;
  while (!f()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

test('driver output goes to the device topics, commands reach the driver, a device without a driver says why', async () => {
  const broker = await startEmbeddedBroker({ host: '127.0.0.1', port: 0, allowAnonymous: 'auto', topics, log, users: [] });
  const bus = new BusClient({ url: broker.url, clientId: 'gw', log });
  await bus.waitConnected();
  const commands: Record<string, unknown>[] = [];
  const contexts: DriverContext[] = [];
  const host = new DeviceHost({
    devices: [scanner('s1'), scanner('s2', 'scanner/hid-keyboard-wedge')],
    profilesDir: DEFAULT_PROFILES_DIR,
    bus,
    topics,
    log,
    registry: { 'scanner/line': async () => testDriver(commands, contexts) },
  });
  const watcher = await mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
  const got = collect(watcher);
  await watcher.subscribeAsync('wh/wh1/#', { qos: 1 });
  await host.start();

  await until('statuses', () => got.filter((g) => g.topic.endsWith('/status')).length >= 2);
  const s1 = got.find((g) => g.topic === topics.deviceStatus('s1'));
  assert.deepEqual([s1?.body.status, s1?.body.detail, s1?.body.device, s1?.body.v], ['online', 'terminator "\\r"', 's1', 1]);
  const s2 = got.find((g) => g.topic === topics.deviceStatus('s2'));
  assert.equal(s2?.body.status, 'error');
  assert.match(String(s2?.body.detail), /no driver for scanner \(protocol hid-keyboard\)/);
  assert.deepEqual(host.unavailable.get('s2'), 'no driver for scanner (protocol hid-keyboard) in this version');

  await watcher.publishAsync(topics.command('s1'), 'not json', { qos: 1 });
  await watcher.publishAsync(topics.command('s1'), JSON.stringify({ action: 'echo', code: '0614141000012' }), { qos: 1 });
  await until('scan', () => got.some((g) => g.topic === topics.scan('s1')));
  assert.deepEqual(commands, [{ action: 'echo', code: '0614141000012' }]);
  const scan = got.find((g) => g.topic === topics.scan('s1'));
  assert.equal(scan?.body.code, '0614141000012');
  assert.equal(scan?.body.device, 's1');
  assert.ok(typeof scan?.body.at === 'string');

  await host.stop();
  await until('offline', () => got.some((g) => g.topic === topics.deviceStatus('s1') && g.body.status === 'offline'));
  await watcher.endAsync(true);
  await bus.close();
  await broker.close();
});

test('what a driver emits while the broker is down is kept and sent, in order, after the reconnect', async () => {
  let broker = await startEmbeddedBroker({ host: '127.0.0.1', port: 0, allowAnonymous: 'auto', topics, log, users: [] });
  const port = broker.port;
  // A steady 400 ms retry: the watcher below is subscribed before the host's client is back.
  const bus = new BusClient({ url: broker.url, clientId: 'gw', log, backoff: new Backoff({ initialMs: 400, maxMs: 400, jitter: 0 }) });
  await bus.waitConnected();
  const contexts: DriverContext[] = [];
  const host = new DeviceHost({ devices: [scanner('s1')], profilesDir: DEFAULT_PROFILES_DIR, bus, topics, log, registry: { scanner: async () => testDriver([], contexts) } });
  await host.start();
  await broker.close();
  await until('disconnected', () => !bus.connected);
  for (const code of ['a', 'b', 'c']) contexts[0]?.emit({ kind: 'scan', payload: { code } });
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(host.queued, 3);
  broker = await startEmbeddedBroker({ host: '127.0.0.1', port, allowAnonymous: 'auto', topics, log, users: [] });
  const watcher = await mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
  const got = collect(watcher);
  await watcher.subscribeAsync(topics.scan('s1'), { qos: 1 });
  await until('flushed', () => got.length === 3);
  assert.deepEqual(got.map((g) => g.body.code), ['a', 'b', 'c']);
  assert.equal(host.queued, 0);
  await host.stop();
  await watcher.endAsync(true);
  await bus.close();
  await broker.close();
});
