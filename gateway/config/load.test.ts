import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, loadConfigText, applySet, PACKAGE_ROOT, type ConfigProblem } from './load.ts';
import { siteConfigJsonSchema, SCHEMA_FILE } from './export-schema.ts';
import { doorLayouts } from '../services/portal.ts';

const SITES = path.join(PACKAGE_ROOT, 'firmware-configs', 'sites');

function problems(text: string, options: Parameters<typeof loadConfigText>[2] = {}): ConfigProblem[] {
  try {
    loadConfigText(text, 'site.yaml', { env: {}, ...options });
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err.problems;
  }
  assert.fail('expected the config to be refused');
}

test('the demo and the full example configs are valid', () => {
  const demo = loadConfig(path.join(SITES, 'demo.yaml'), { env: {} }).config;
  assert.equal(demo.site.id, 'demo-wh');
  assert.equal(demo.zones.length, 7);
  assert.deepEqual(new Set(demo.zones.map((z) => z.kind)), new Set(['pick', 'reserve', 'shipping', 'qc', 'fast-mover', 'small-items', 'hold']));
  assert.equal(demo.api.clients.find((c) => c.role === 'admin')?.token, 'demo-admin-token');
  const env = { WG_ADMIN_TOKEN: 'a', WG_CLOUD_TOKEN: 'b', WG_ERP_TOKEN: 'c', WG_MQTT_PASSWORD: 'd' };
  const full = loadConfig(path.join(SITES, 'example-full.yaml'), { env }).config;
  assert.deepEqual(new Set(full.devices.map((d) => d.kind)), new Set(['rfid-reader', 'scanner', 'scale', 'printer']));
  assert.equal(full.bus.broker, 'external');
  assert.equal(full.doors[0]?.thresholds.windowMs, 3000, 'defaults are filled in');
});

test('a file with three mistakes names all three, each with its key path and line', () => {
  const text = [
    'site:', //                               1
    '  id: wh1', //                           2
    'api:', //                                3
    '  listen: 127.0.0.1:99999', //           4  mistake 1: port out of range
    'zones:', //                              5
    '  - { id: Z1, kind: picking }', //       6  mistake 2: no such zone kind
    'bins:', //                               7
    '  - { id: B1, zone: Z9, pickSeq: 1 }', // 8  mistake 3: unknown zone
  ].join('\n');
  const found = problems(text);
  assert.deepEqual(
    found.map((p) => [p.line, p.key]),
    [
      [4, 'api.listen'],
      [6, 'zones[0].kind'],
      [8, 'bins[0].zone'],
    ],
  );
  assert.match(found[0]?.message ?? '', /port must be 0-65535/);
  assert.match(found[1]?.message ?? '', /"pick"/);
  assert.match(found[2]?.message ?? '', /unknown zone 'Z9'/);
});

test('unknown keys, missing keys and wrong types are reported at their lines', () => {
  const found = problems('site:\n  id: wh1\n  nmae: x\nAPI: {}\ndevices:\n  - id: s1\n    kind: scale\n    profile: scale/hid-pos\n    connection: { type: serial, baudRate: fast }\n');
  const byKey = new Map(found.map((p) => [p.key, p]));
  assert.match(byKey.get('site.nmae')?.message ?? '', /unknown key 'nmae'/);
  assert.equal(byKey.get('site.nmae')?.line, 3);
  assert.match(byKey.get('API')?.message ?? '', /did you mean 'api'/);
  assert.match(byKey.get('devices[0].connection.path')?.message ?? '', /required key is missing/);
  assert.match(byKey.get('devices[0].connection.baudRate')?.message ?? '', /expected number/);
  assert.equal(byKey.get('devices[0].connection.baudRate')?.line, 9);
});

test('a YAML syntax error names its line', () => {
  const found = problems('site:\n  id: wh1\n  name: [unclosed\nzones: []\n');
  assert.equal(found[0]?.key, '(syntax)');
  assert.ok((found[0]?.line ?? 0) >= 3);
});

test('a device profile must exist and be for the device kind', () => {
  const found = problems(
    'site: { id: wh1 }\ndevices:\n  - { id: r1, kind: rfid-reader, profile: rfid/nope, connection: { host: h } }\n  - { id: s1, kind: scale, profile: rfid/impinj-r700-portal, connection: { type: usb, vendorId: 1, productId: 2 } }\n',
  );
  assert.deepEqual(found.map((p) => [p.key, p.line]), [
    ['devices[0].profile', 3],
    ['devices[1].profile', 4],
  ]);
  assert.match(found[0]?.message ?? '', /no profile 'rfid\/nope'/);
  assert.match(found[1]?.message ?? '', /is for kind 'rfid-reader', but the device is a scale/);
});

test('cross references: duplicate ids, doors, adjacency, bus users, seed', () => {
  const found = problems(`
site: { id: wh1 }
devices:
  - { id: r1, kind: rfid-reader, profile: rfid/impinj-r700-portal, connection: { host: h } }
  - { id: r1, kind: rfid-reader, profile: rfid/impinj-r700-portal, connection: { host: h2 } }
  - { id: s1, kind: scale, profile: scale/hid-pos, connection: { type: usb, vendorId: 1, productId: 2 } }
doors:
  - { id: d1, readers: [{ device: s1, outside: [1] }], adjacent: [d9, d1] }
  - { id: d2, readers: [{ device: r1 }] }
bus: { broker: embedded, users: [{ username: u, password: p, role: device, device: nope }] }
seed: { products: [{ sku: A, name: a }], stock: [{ sku: B, bin: X, qty: 1 }] }
`);
  const keys = found.map((p) => `${p.key}: ${p.message}`);
  for (const expected of [
    /devices\[1\]\.id: duplicate id 'r1'/,
    /doors\[0\]\.readers\[0\]\.device: device 's1' is a scale, not an rfid-reader/,
    /doors\[0\]\.adjacent\[0\]: unknown door 'd9'/,
    /doors\[0\]\.adjacent\[1\]: a door cannot be adjacent to itself/,
    /doors\[1\]\.readers\[0\]: name the outside and\/or inside antennas/,
    /bus\.users\[0\]\.device: unknown device 'nope'/,
    /seed\.stock\[0\]\.sku: unknown sku 'B'/,
    /seed\.stock\[0\]\.bin: unknown bin 'X'/,
  ]) {
    assert.ok(keys.some((k) => expected.test(k)), `${expected} in\n${keys.join('\n')}`);
  }
});

test('doors by sets (in/out per side) or by readers, not both; an antenna on both sides; a bad schedule or time zone', () => {
  const found = problems(`
site: { id: wh1, timezone: Mars/Olympus }
devices:
  - { id: r1, kind: rfid-reader, profile: rfid/impinj-r700-portal, connection: { host: h } }
  - { id: r2, kind: rfid-reader, profile: rfid/impinj-r700-portal, connection: { host: h2 } }
doors:
  - { id: d1, sets: { in: [{ device: r1, antennas: [1, 2] }], out: [{ device: r2, antennas: [1] }, { device: r1, antennas: [2] }] } }
  - { id: d2, readers: [{ device: r2, outside: [3], inside: [4] }], sets: { in: [{ device: r2, antennas: [5] }] } }
  - { id: d3 }
  - { id: d4, readers: [{ device: r2, outside: [7], inside: [8] }], schedule: [{ from: '25:00', to: '06:00', kind: outbound }, { days: [funday], from: '06:00', to: '07:00', kind: inbound }, { from: '06:00', to: '06:00', kind: inbound }] }
`);
  const keys = found.map((p) => `${p.key}: ${p.message}`);
  for (const expected of [
    /site\.timezone: timezone must be an IANA zone name/,
    /doors\[0\]\.sets\.in\[0\]\.antennas: antenna 2 of 'r1' is on both sides \(out and in\)/,
    /doors\[1\]: give readers \(per reader\) or sets \(per side\), not both/,
    /doors\[2\]: a door needs its antennas/,
    /doors\[3\]\.schedule\[0\]\.from: a time of day is HH:MM/,
    /doors\[3\]\.schedule\[1\]\.days\[0\]/,
    /doors\[3\]\.schedule\[2\]: from and to must differ/,
  ]) {
    assert.ok(keys.some((k) => expected.test(k)), `${expected} in\n${keys.join('\n')}`);
  }
  assert.equal(found.length, 7, keys.join('\n'));
});

test('a door by sets becomes the same layout as by readers', () => {
  const { config: bySets } = loadConfigText(`
site: { id: wh1 }
devices:
  - { id: r1, kind: rfid-reader, profile: rfid/impinj-r700-portal, connection: { host: h } }
  - { id: r2, kind: rfid-reader, profile: rfid/impinj-r700-portal, connection: { host: h2 } }
doors:
  - { id: d1, sets: { in: [{ device: r1, antennas: [3, 4] }, { device: r2, antennas: [1] }], out: [{ device: r1, antennas: [1, 2] }] } }
`, 'site.yaml');
  assert.deepEqual(doorLayouts(bySets.doors)[0]?.readers, [
    { device: 'r1', outside: [1, 2], inside: [3, 4] },
    { device: 'r2', outside: [], inside: [1] },
  ]);
  assert.equal(bySets.doors[0]?.thresholds.parkAfterMs, 120_000);
});

test('${ENV} references are substituted, with defaults and $$ escapes; a missing one is named', () => {
  const text = 'site: { id: "${SITE}" }\napi:\n  clients:\n    - { name: a, role: admin, token: "${TOK:-fallback}" }\n    - { name: b, role: pda, token: "p$$w${SUFFIX}" }\n';
  const cfg = loadConfigText(text, 's.yaml', { env: { SITE: 'wh7', SUFFIX: 'x' } }).config;
  assert.equal(cfg.site.id, 'wh7');
  assert.deepEqual(cfg.api.clients.map((c) => c.token), ['fallback', 'p$wx']);
  const found = problems(text, { env: { SITE: 'wh7' } });
  assert.deepEqual(found.map((p) => [p.key, p.line, p.source]), [['api.clients[1].token', 5, 'env']]);
  assert.match(found[0]?.message ?? '', /SUFFIX is not set/);
});

test('--set overrides any key by dotted path, typed as YAML', () => {
  const text = 'site: { id: wh1 }\nzones: [{ id: Z, kind: pick }]\nbins: [{ id: B, zone: Z, pickSeq: 1 }]\n';
  const cfg = loadConfigText(text, 's.yaml', {
    env: {},
    set: ['api.listen=127.0.0.1:0', 'bus.listen=127.0.0.1:0', 'bins.0.pickSeq=42', 'bins[0].name=Bin B', 'log.level=debug', 'api.maxBodyBytes=2048'],
  }).config;
  assert.equal(cfg.api.listen, '127.0.0.1:0');
  assert.equal(cfg.bus.broker === 'embedded' && cfg.bus.listen, '127.0.0.1:0');
  assert.equal(cfg.bins[0]?.pickSeq, 42);
  assert.equal(cfg.bins[0]?.name, 'Bin B');
  assert.equal(cfg.log.level, 'debug');
  assert.equal(cfg.api.maxBodyBytes, 2048);
  const found = problems(text, { set: ['api.maxBodyBytes=lots', 'nonsense', 'site.id.deeper=1'] });
  assert.deepEqual(found.map((p) => [p.key, p.source]), [
    ['nonsense', '--set'],
    ['site.id.deeper', '--set'],
    ['api.maxBodyBytes', '--set'],
  ]);
});

test('applySet creates missing sections and lists', () => {
  const r = applySet({}, 'devices[0].connection.host=10.0.0.1');
  assert.ok(typeof r !== 'string');
  assert.deepEqual(r.root, { devices: [{ connection: { host: '10.0.0.1' } }] });
});

test('the exported JSON Schema is up to date with the zod schema (npm run schema)', () => {
  assert.equal(readFileSync(SCHEMA_FILE, 'utf8'), siteConfigJsonSchema());
  const schema = JSON.parse(siteConfigJsonSchema()) as { properties: Record<string, unknown>; required?: string[] };
  assert.deepEqual(Object.keys(schema.properties).sort(), ['api', 'bins', 'bus', 'carriers', 'cloud', 'dataDir', 'devices', 'doors', 'log', 'seed', 'site', 'zones']);
  assert.deepEqual(schema.required, ['site']);
});
