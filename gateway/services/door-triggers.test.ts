/**
 * Door presence sensors without a bus or a reader: GPI payloads in, the portal's question
 * answered, bad payloads counted; and the portal service suppressing untriggered tracks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempDir } from '../../test/helpers/tmp.ts';
import { loadConfigText } from '../config/load.ts';
import { createLogger } from '../log.ts';
import { Metrics } from '../metrics.ts';
import { Store } from '../store/store.ts';
import { DoorSessions } from './door-sessions.ts';
import { PortalService, doorLayouts } from './portal.ts';
import { DoorTriggers, GpiPayloadSchema, withDoorTriggerHealth } from './door-triggers.ts';

const log = createLogger({ level: 'silent', format: 'json' });
const T0 = 1_700_000_000_000_000;
const S = 1_000_000;

function doors() {
  const { config } = loadConfigText(
    `site: { id: s1 }
devices:
  - { id: r3, kind: rfid-reader, profile: rfid/impinj-r700-portal, connection: { host: 127.0.0.1 } }
  - { id: r4, kind: rfid-reader, profile: rfid/impinj-r700-portal, connection: { host: 127.0.0.1 } }
doors:
  - id: d3
    readers: [{ device: r3, outside: [1], inside: [2] }]
    trigger: { device: r3, gpi: 1, graceMs: 500 }
    thresholds: { windowMs: 1000, minReads: 2, rssiFloorDbm: -75 }
  - id: d4
    readers: [{ device: r4, outside: [1], inside: [2] }]
    trigger: { device: r3, gpi: 2, activeHigh: false }
  - id: d5
    readers: [{ device: r4, outside: [3], inside: [4] }]
`,
    'site.yaml',
  );
  return config.doors;
}

const gpi = (reader: string, port: number, state: boolean, atUs: number) => Buffer.from(JSON.stringify({ v: 1, reader, port, state, atUs, at: new Date().toISOString() }));

test('GPI payloads are validated: not JSON, a wrong shape or a foreign reader are dropped and counted', () => {
  const metrics = new Metrics();
  const t = new DoorTriggers({ doors: doors(), metrics, log });
  t.onMessage('r3', Buffer.from('{nope'));
  t.onMessage('r3', Buffer.from(JSON.stringify({ v: 1, reader: 'r3', port: 0, state: true, atUs: T0 })));
  t.onMessage('r3', Buffer.from(JSON.stringify({ v: 1, reader: 'r3', port: 1, state: 'high', atUs: T0 })));
  t.onMessage('r3', Buffer.from(JSON.stringify({ v: 2, reader: 'r3', port: 1, state: true, atUs: T0 })));
  t.onMessage('r3', gpi('r4', 1, true, T0));
  const text = metrics.render();
  assert.match(text, /wg_door_trigger_bad_messages_total\{reason="json"\} 1/);
  assert.match(text, /wg_door_trigger_bad_messages_total\{reason="schema"\} 3/);
  assert.match(text, /wg_door_trigger_bad_messages_total\{reason="reader-mismatch"\} 1/);
  assert.equal(t.view().find((v) => v.door === 'd3')?.state, 'unknown', 'nothing recorded');
  assert.equal(GpiPayloadSchema.safeParse({ v: 1, reader: 'r3', port: 1, state: false, atUs: T0, at: 'x' }).success, true);
  assert.equal(GpiPayloadSchema.safeParse({ v: 1, reader: 'r3', port: 1, state: false, atUs: -1 }).success, false);
});

test("a door's reader and port map to its sensor; active-low inputs; doors without a sensor are always triggered", () => {
  const metrics = new Metrics();
  const t = new DoorTriggers({ doors: doors(), metrics, log });
  t.onMessage('r3', gpi('r3', 1, true, T0 + 10 * S));
  t.onMessage('r3', gpi('r3', 1, false, T0 + 20 * S));
  t.onMessage('r3', gpi('r3', 2, false, T0 + 5 * S)); // d4 is active-low: sees something from here on
  t.onMessage('r3', gpi('r3', 3, true, T0)); // no door uses it
  assert.equal(t.triggered('d3', T0 + 12 * S, T0 + 13 * S), true);
  assert.equal(t.triggered('d3', T0 + 20.4 * S, T0 + 21 * S), true, 'within graceMs after it cleared');
  assert.equal(t.triggered('d3', T0 + 21 * S, T0 + 22 * S), false);
  assert.equal(t.triggered('d4', T0 + 30 * S, T0 + 31 * S), true);
  assert.equal(t.triggered('d4', T0, T0 + S), false);
  assert.equal(t.triggered('d5', T0, T0 + S), true, 'no sensor');
  assert.deepEqual(
    t.view().map((v) => [v.door, v.device, v.gpi, v.active_high, v.grace_ms, v.state]),
    [['d3', 'r3', 1, true, 500, 'inactive'], ['d4', 'r3', 2, false, 2000, 'active']],
  );
  const text = metrics.render();
  assert.match(text, /wg_door_sensor_active\{door="d3"\} 0/);
  assert.match(text, /wg_door_sensor_active\{door="d4"\} 1/);
  assert.match(text, /wg_door_trigger_levels_total\{door="d3",state="active"\} 1/);
  const health = withDoorTriggerHealth({ status: 'ok' }, t) as { status: string; door_triggers?: unknown[] };
  assert.equal(health.door_triggers?.length, 2);
  assert.deepEqual(withDoorTriggerHealth({ status: 'ok' }, undefined), { status: 'ok' });
});

test('history older than retainMs is pruned as levels arrive', () => {
  let now = T0;
  const t = new DoorTriggers({ doors: doors(), metrics: new Metrics(), log, retainMs: 60_000, nowUs: () => now });
  for (let i = 0; i < 100; i++) t.record('r3', 1, i % 2 === 0, T0 + i * S);
  now = T0 + 1000 * S;
  t.record('r3', 1, true, now);
  assert.ok(t.state.doors.get('d3')!.observations.length <= 2, 'only the state at the horizon and the new level');
  assert.equal(t.triggered('d3', now, now + S), true);
});

test('the portal suppresses a track its door sensor did not see as untriggered, and commits one it saw', () => {
  const tmp = tempDir('wg-door-trig-');
  const store = Store.open(tmp.dir, { site: 's', gatewayId: 'g' });
  try {
    const metrics = new Metrics();
    const ds = doors();
    const triggers = new DoorTriggers({ doors: ds, metrics, log });
    const portal = new PortalService({ store, doors: doorLayouts(ds), sessions: new DoorSessions(store, new Set(ds.map((d) => d.id)), log), metrics, log, triggers });
    const crossing = (epc: string, t0: number) => {
      const reads = [1, 1, 1, 2, 2, 2].map((antenna, i) => ({ epc, antenna, rssi: -50, firstSeenUs: t0 + i * 200_000, lastSeenUs: t0 + i * 200_000, seenCount: 1 }));
      return Buffer.from(JSON.stringify({ v: 1, reader: 'r3', reads }));
    };
    triggers.onMessage('r3', gpi('r3', 1, false, T0));
    portal.onMessage('r3', crossing('3034000000000000000000a1', T0 + S)); // the sensor stays low
    portal.tick(T0 + 10 * S);
    triggers.onMessage('r3', gpi('r3', 1, true, T0 + 20 * S));
    portal.onMessage('r3', crossing('3034000000000000000000a2', T0 + 20.5 * S));
    triggers.onMessage('r3', gpi('r3', 1, false, T0 + 22 * S));
    portal.tick(T0 + 30 * S);
    assert.deepEqual(store.db.prepare('SELECT epc FROM transits').pluck().all(), ['3034000000000000000000a2']);
    assert.equal(store.db.prepare("SELECT count FROM portal_counters WHERE door = 'd3' AND reason = 'untriggered'").pluck().get(), 1);
    assert.match(metrics.render(), /wg_portal_outcomes_total\{door="d3",kind="untriggered"\} 1/);
  } finally {
    store.close();
    tmp.cleanup();
  }
});
