/**
 * The reader daemon: the LLRP driver behind the device host, on a real broker. In process
 * (what `start` runs) and as its own processes, as a user runs them:
 * `warehouse-gateway sim llrp-reader --port 0` and `warehouse-gateway daemon llrp ID --config FILE`.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import mqtt from 'mqtt';
import { pino } from 'pino';
import { startEmbeddedBroker } from '../../gateway/bus/broker.ts';
import { BusClient } from '../../gateway/bus/client.ts';
import { topicsFor } from '../../gateway/bus/topics.ts';
import { DEFAULT_PROFILES_DIR } from '../../gateway/config/load.ts';
import type { DeviceConfig } from '../../gateway/config/schema.ts';
import { DeviceHost } from '../../gateway/services/device-host.ts';
import { SimulatedReader } from '../../simulators/llrp-reader/reader.ts';
import { BIN } from '../helpers/gateway-process.ts';
import { writeSite } from '../helpers/site.ts';
import { tempDir } from '../helpers/tmp.ts';
import { until } from './llrp-support.ts';

const log = pino({ level: 'silent' });
const cleanups: (() => unknown)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

interface Got {
  topic: string;
  body: Record<string, unknown>;
}

async function watch(url: string, filter: string): Promise<{ client: mqtt.MqttClient; got: Got[] }> {
  const client = await mqtt.connectAsync(url, { protocolVersion: 4, reconnectPeriod: 0 });
  cleanups.push(() => client.endAsync(true));
  const got: Got[] = [];
  client.on('message', (topic, payload) => got.push({ topic, body: JSON.parse(payload.toString()) as Record<string, unknown> }));
  await client.subscribeAsync(filter, { qos: 1 });
  return { client, got };
}

test('in process: each report is one reads batch on the bus, status shows LLRPStatus errors, commands reach the reader', async () => {
  const topics = topicsFor('wh1');
  const broker = await startEmbeddedBroker({ host: '127.0.0.1', port: 0, allowAnonymous: 'auto', topics, log, users: [] });
  cleanups.push(() => broker.close());
  const sim = new SimulatedReader({ tickMs: 10 });
  const { port } = await sim.listen();
  cleanups.push(() => sim.close());
  sim.failNext('SET_READER_CONFIG', 'M_FieldError', 'keepalive period out of range');
  const bus = new BusClient({ url: broker.url, clientId: 'gw', log });
  cleanups.push(() => bus.close());
  await bus.waitConnected();
  const { client: watcher, got } = await watch(broker.url, 'wh/wh1/#');
  const device = { id: 'dock1', kind: 'rfid-reader', profile: 'rfid/impinj-r700-portal', enabled: true, daemon: 'in-process', connection: { host: '127.0.0.1', port, tls: false } } as DeviceConfig;
  const host = new DeviceHost({ devices: [device], profilesDir: DEFAULT_PROFILES_DIR, bus, topics, log });
  await host.start();

  await until('an error status', () => got.some((g) => g.topic === topics.deviceStatus('dock1') && g.body.status === 'error'));
  const err = got.find((g) => g.body.status === 'error')!;
  assert.match(String(err.body.detail), /SET_READER_CONFIG failed: M_FieldError "keepalive period out of range"/);
  // The profile's own backoff starts at 500 ms; then the client is online and reads flow.
  await until('online', () => got.some((g) => g.topic === topics.deviceStatus('dock1') && g.body.status === 'online'), 15_000);
  sim.addScene({ kind: 'pallet', cartons: 12, direction: 'inbound', speedMps: 2 });
  await until('reads', () => got.filter((g) => g.topic === topics.rfidReads('dock1')).length >= 3);
  const batch = got.find((g) => g.topic === topics.rfidReads('dock1'))!.body;
  assert.equal(batch.v, 1);
  assert.equal(batch.reader, 'dock1');
  const reads = batch.reads as Record<string, unknown>[];
  assert.ok(reads.length >= 1);
  for (const r of reads) {
    assert.match(String(r.epc), /^30340c0ffee0[0-9a-f]{12}$/);
    assert.ok([1, 2, 3, 4].includes(r.antenna as number));
    assert.equal(typeof r.rssi, 'number');
    assert.ok((r.firstSeenUs as number) > 1e15 && (r.lastSeenUs as number) >= (r.firstSeenUs as number));
    assert.ok((r.seenCount as number) >= 1);
  }

  await watcher.publishAsync(topics.command('dock1'), JSON.stringify({ action: 'stop' }), { qos: 1 });
  await until('inventory stopped', () => !sim.inventorying);
  await watcher.publishAsync(topics.command('dock1'), JSON.stringify({ action: 'start' }), { qos: 1 });
  await until('inventory running', () => sim.inventorying);

  await host.stop();
  await until('offline status', () => got.some((g) => g.topic === topics.deviceStatus('dock1') && g.body.status === 'offline' && g.body.detail === 'stopped'));
  await until('the reader sees the client gone', () => !sim.connected);
});

function spawnCli(args: string[]): { proc: ChildProcess; out: () => string; line: (re: RegExp) => Promise<RegExpMatchArray> } {
  const proc = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const w of [...waiters]) {
      const m = out.match(w.re);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  proc.stdout?.on('data', onData);
  proc.stderr?.on('data', onData);
  cleanups.push(async () => {
    if (proc.exitCode === null) {
      proc.kill('SIGKILL');
      await once(proc, 'exit');
    }
  });
  return {
    proc,
    out: () => out,
    line: (re) =>
      new Promise((resolve, reject) => {
        const m = out.match(re);
        if (m) return resolve(m);
        const t = setTimeout(() => reject(new Error(`no ${re} in 20 s:\n${out}`)), 20_000);
        waiters.push({ re, resolve: (x) => (clearTimeout(t), resolve(x)) });
      }),
  };
}

test('as processes: `sim llrp-reader` and `daemon llrp` against an external broker; both stop cleanly on SIGTERM', async () => {
  const topics = topicsFor('it-wh');
  const broker = await startEmbeddedBroker({ host: '127.0.0.1', port: 0, allowAnonymous: 'yes', topics, log, users: [] });
  cleanups.push(() => broker.close());
  const { got } = await watch(broker.url, 'wh/it-wh/#');

  const sim = spawnCli(['sim', 'llrp-reader', '--port', '0', '--pallet', '20']);
  const [, simPort] = await sim.line(/listening on 127\.0\.0\.1:(\d+)/);
  const t = tempDir('wg-llrp-');
  cleanups.push(t.cleanup);
  const site = writeSite(t.dir, {
    bus: `{ broker: external, url: "${broker.url}" }`,
    extra: `devices:\n  - { id: door1-r, kind: rfid-reader, profile: rfid/impinj-r700-portal, daemon: external, connection: { host: 127.0.0.1, port: ${simPort} } }\n`,
  });
  const daemon = spawnCli(['daemon', 'llrp', 'door1-r', '--config', site, '--set', 'log.format=json']);
  await until('reads from the daemon', () => got.some((g) => g.topic === topics.rfidReads('door1-r') && (g.body.reads as unknown[]).length > 0), 20_000);
  assert.ok(got.some((g) => g.topic === topics.deviceStatus('door1-r') && g.body.status === 'online'));

  daemon.proc.kill('SIGTERM');
  const [code] = (await once(daemon.proc, 'exit')) as [number | null];
  assert.equal(code, 0, daemon.out());
  await sim.line(/client disconnected/);
  sim.proc.kill('SIGTERM');
  const [simCode] = (await once(sim.proc, 'exit')) as [number | null];
  assert.equal(simCode, 0, sim.out());
});
