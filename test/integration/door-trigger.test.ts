/**
 * Door presence sensors end to end over real TCP on 127.0.0.1 (port 0): the simulated reader's
 * GPI inputs, the LLRP client enabling and decoding GPI events, the driver publishing
 * wh/{site}/rfid/{reader}/gpi, and the portal making transits only of tags read while the
 * door's sensor saw something. No timed assertions: the tests wait for states.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import mqtt from 'mqtt';
import { SimulatedReader } from '../../simulators/llrp-reader/reader.ts';
import { parseScenario, applyScenario } from '../../simulators/llrp-reader/scenario.ts';
import { LlrpFramer, decodeMessage, encodeMessage, type LlrpMessage } from '../../drivers/llrp/index.ts';
import type { GpiLevel } from '../../drivers/llrp/client.ts';
import { startGateway, type Gateway } from '../../gateway/main/gateway.ts';
import { loadConfigText } from '../../gateway/config/load.ts';
import { createLogger } from '../../gateway/log.ts';
import { tempDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';
import { siteHead } from '../helpers/site.ts';
import { harness, until } from './llrp-support.ts';

test('the simulated reader sends GPI events only once the client enables them, and reports GPI levels on request', async () => {
  const sim = new SimulatedReader({ host: '127.0.0.1', port: 0 });
  const { port } = await sim.listen();
  const socket = net.connect({ host: '127.0.0.1', port });
  const got: LlrpMessage[] = [];
  const framer = new LlrpFramer();
  socket.on('data', (chunk: Buffer) => framer.push(chunk, (f) => got.push(decodeMessage(f))));
  const response = (type: string, id: number) => until(`${type} ${id}`, () => got.some((m) => m.type === type && m.id === id)).then(() => got.find((m) => m.type === type && m.id === id)!);
  const gpiEvents = () => got.filter((m) => (m.ReaderEventNotificationData as Record<string, unknown> | undefined)?.GPIEvent !== undefined);
  try {
    await until('the ConnectionAttemptEvent', () => got.length >= 1);
    assert.equal(sim.gpiPorts, 4);
    assert.equal(sim.setGpi(1, true), true);
    assert.equal(sim.setGpi(1, true), false, 'the same level again is no change');
    socket.write(encodeMessage({ type: 'GET_READER_CONFIG', id: 101, AntennaID: 0, RequestedData: 'GPIPortCurrentState', GPIPortNum: 0, GPOPortNum: 0 }));
    const states = (await response('GET_READER_CONFIG_RESPONSE', 101)).GPIPortCurrentState as { GPIPortNum: number; State: string }[];
    assert.deepEqual(states.map((s) => [s.GPIPortNum, s.State]), [[1, 'High'], [2, 'Low'], [3, 'Low'], [4, 'Low']]);
    assert.equal(gpiEvents().length, 0, 'GPI_Event notifications are off until the client turns them on');

    socket.write(encodeMessage({
      type: 'SET_READER_CONFIG', id: 102, ResetToFactoryDefault: false,
      ReaderEventNotificationSpec: { type: 'ReaderEventNotificationSpec', EventNotificationState: [{ type: 'EventNotificationState', EventType: 'GPI_Event', NotificationState: true }] },
    }));
    await response('SET_READER_CONFIG_RESPONSE', 102);
    sim.setGpi(1, false);
    await until('a GPIEvent', () => gpiEvents().length === 1);
    const data = gpiEvents()[0]!.ReaderEventNotificationData as Record<string, Record<string, unknown>>;
    assert.deepEqual(data.GPIEvent, { type: 'GPIEvent', GPIPortNumber: 1, GPIEvent: false });
    assert.equal(data.Timestamp?.type, 'UTCTimestamp');
    assert.throws(() => sim.setGpi(5, true), /GPI port 5 does not exist on the impinj-r700 \(ports 1\.\.4\)/);
  } finally {
    socket.destroy();
    await sim.close();
  }
});

test('scenario files schedule GPI levels; a bad entry is refused with its place and what is wrong', () => {
  assert.throws(() => parseScenario('gpi: [{ atMs: 10, port: 1, state: high }]', 'gpi.yaml'), /gpi\.yaml: gpi\[0\]\.state: expected true \(high\) or false \(low\), got "high"/);
  assert.throws(() => parseScenario('gpi: [{ atMs: 10, port: 0, state: true }]', 'gpi.yaml'), /gpi\[0\]\.port: expected a GPI port number from 1/);
  assert.throws(() => parseScenario('gpi: [{ atMs: -1, port: 1, state: true }]', 'gpi.yaml'), /gpi\[0\]\.atMs: expected a number of ms >= 0/);
  assert.throws(() => parseScenario('gpi: [{ atMs: 1, port: 1, state: true, level: 1 }]', 'gpi.yaml'), /gpi\[0\]: unknown key "level"/);
  assert.throws(() => parseScenario('gpi: { atMs: 1 }', 'gpi.yaml'), /gpi: expected a list/);
  const s = parseScenario('gpi:\n  - { atMs: 0, port: 2, state: true }\n  - { atMs: 5, port: 9, state: false }\n', 'gpi.yaml');
  assert.equal(s.gpi?.length, 2);
  const sim = new SimulatedReader();
  assert.throws(() => applyScenario(sim, s), /gpi\[1\]\.port: the impinj-r700 has GPI ports 1\.\.4, not 9/);
});

test('the LLRP client reads the GPI levels on connect and turns GPI events into UTC times, from an uptime clock too', async () => {
  const levels: GpiLevel[] = [];
  const h = await harness({}, { model: 'zebra-fx9600' }, { onGpi: (g) => levels.push(g) });
  try {
    h.sim.setGpi(2, true);
    const before = Date.now() * 1000;
    h.client.start();
    await h.until('the levels read on connect', () => levels.filter((l) => l.source === 'read').length === 4);
    assert.deepEqual(levels.map((l) => [l.port, l.state]), [[1, false], [2, true], [3, false], [4, false]]);
    h.sim.setGpi(1, true);
    h.sim.setGpi(2, false);
    await h.until('two GPI events', () => levels.filter((l) => l.source === 'event').length === 2);
    const after = Date.now() * 1000;
    assert.deepEqual(levels.filter((l) => l.source === 'event').map((l) => [l.port, l.state]), [[1, true], [2, false]]);
    for (const l of levels) assert.ok(l.atUs >= before - 2_000_000 && l.atUs <= after + 2_000_000, `a UTC time expected, got ${l.atUs}`);
    assert.equal(h.client.stats.gpiEvents, 2);
  } finally {
    await h.close();
  }
});

// ------------------------------------------------------------------- through the gateway

function siteYaml(dataDir: string, readerPort: number): string {
  return `${siteHead('trig-wh', dataDir)}devices:
  - { id: door3-reader, kind: rfid-reader, profile: rfid/impinj-r700-portal, connection: { host: 127.0.0.1, port: ${readerPort} } }
doors:
  - id: door-3
    readers: [{ device: door3-reader, outside: [1, 2], inside: [3, 4] }]
    trigger: { device: door3-reader, gpi: 1, graceMs: 300 }
    thresholds: { windowMs: 1000, minReads: 2, rssiFloorDbm: -75 }
`;
}

interface Rig {
  reader: SimulatedReader;
  gw: Gateway;
  /** Messages the observer saw on wh/trig-wh/rfid/# */
  bus: { topic: string; body: Record<string, any> }[];
  count(sql: string): number;
  sensor(): Promise<string | undefined>;
  metrics(): Promise<string>;
  close(): Promise<void>;
}

async function rig(): Promise<Rig> {
  const t = tempDir('wg-door-trigger-');
  const reader = new SimulatedReader({ model: 'impinj-r700', host: '127.0.0.1', port: 0 });
  const { port } = await reader.listen();
  const { config } = loadConfigText(siteYaml(`${t.dir}/data`, port), `${t.dir}/site.yaml`);
  const log = createLogger({ level: process.env.WG_TEST_LOG ?? 'silent', format: 'json' });
  const gw = await startGateway(config, { log });
  const bus: Rig['bus'] = [];
  const observer = await mqtt.connectAsync(gw.busUrl, { protocolVersion: 4, reconnectPeriod: 0 });
  observer.on('message', (topic, payload) => bus.push({ topic, body: JSON.parse(payload.toString()) as Record<string, any> }));
  await observer.subscribeAsync('wh/trig-wh/rfid/#', { qos: 1 });
  return {
    reader,
    gw,
    bus,
    count: (sql) => gw.store.db.prepare(sql).pluck().get() as number,
    async sensor() {
      const h = (await (await fetch(`${gw.apiUrl}/health`)).json()) as { door_triggers?: { door: string; state: string }[] };
      return h.door_triggers?.find((d) => d.door === 'door-3')?.state;
    },
    metrics: async () => (await fetch(`${gw.apiUrl}/metrics`)).text(),
    async close() {
      await observer.endAsync(true);
      await gw.close();
      await reader.close();
      t.cleanup();
    },
  };
}

const untriggered = (text: string): number => Number(/^wg_portal_outcomes_total\{[^}]*kind="untriggered"[^}]*\} (\d+)$/m.exec(text)?.[1] ?? 0);

test('the sensor goes high, a pallet passes, the sensor goes low: transits, and the levels are on the bus', async () => {
  const r = await rig();
  try {
    await waitFor('the sensor level read on connect', async () => (await r.sensor()) === 'inactive', 15_000);
    r.reader.setGpi(1, true);
    await waitFor('the sensor active', async () => (await r.sensor()) === 'active');
    const high = r.bus.find((m) => m.topic === 'wh/trig-wh/rfid/door3-reader/gpi' && m.body.state === true);
    assert.ok(high, 'the high level published on the GPI topic');
    assert.deepEqual(Object.keys(high.body).sort(), ['at', 'atUs', 'port', 'reader', 'state', 'v']);
    assert.deepEqual([high.body.v, high.body.reader, high.body.port], [1, 'door3-reader', 1]);
    assert.ok(Number.isSafeInteger(high.body.atUs) && Math.abs(high.body.atUs / 1000 - Date.parse(high.body.at)) < 60_000, JSON.stringify(high.body));

    r.reader.addScene({ kind: 'pallet', cartons: 5, direction: 'inbound', speedMps: 4, startMs: 100, epcPrefix: '30340000aaaa0000' });
    // The pallet has passed once every carton has been read on the warehouse side.
    const inside = () => new Set(r.bus.filter((m) => m.topic.endsWith('/reads')).flatMap((m) => (m.body.reads as { epc: string; antenna: number }[]).filter((x) => x.antenna >= 3).map((x) => x.epc)));
    await waitFor('the pallet read inside', () => inside().size >= 5, 20_000);
    r.reader.setGpi(1, false);
    await waitFor('5 transits', () => r.count('SELECT COUNT(*) FROM transits') >= 5, 20_000);
    await waitFor('the sensor inactive', async () => (await r.sensor()) === 'inactive');
    assert.equal(r.count("SELECT COUNT(*) FROM transits WHERE direction = 'inbound' AND door = 'door-3'"), 5);
    assert.equal(r.count("SELECT COALESCE(SUM(count), 0) FROM portal_counters WHERE reason = 'untriggered'"), 0);
    const text = await r.metrics();
    assert.match(text, /^wg_door_sensor_active\{door="door-3"\} 0$/m);
    assert.match(text, /^wg_door_trigger_levels_total\{door="door-3",state="active"\} 1$/m);
    assert.equal(untriggered(text), 0);
  } finally {
    await r.close();
  }
});

test('a pallet read while the sensor stays low makes no transit and is counted untriggered', async () => {
  const r = await rig();
  try {
    await waitFor('the sensor level read on connect', async () => (await r.sensor()) === 'inactive', 15_000);
    r.reader.addScene({ kind: 'pallet', cartons: 3, direction: 'inbound', speedMps: 2, startMs: 100, epcPrefix: '30340000bbbb0000' });
    await waitFor('3 untriggered tracks', () => r.count("SELECT COALESCE(SUM(count), 0) FROM portal_counters WHERE door = 'door-3' AND reason = 'untriggered'") >= 3, 30_000);
    await waitFor('the untriggered outcomes on /metrics', async () => untriggered(await r.metrics()) >= 3);
    assert.equal(r.count('SELECT COUNT(*) FROM transits'), 0);
    assert.equal(r.count("SELECT COUNT(*) FROM outbox WHERE type = 'rfid.transit'"), 0);
    assert.equal(await r.sensor(), 'inactive');
  } finally {
    await r.close();
  }
});
