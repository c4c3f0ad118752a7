/**
 * "Done when" of issue 6: a scripted packing-station session through the real serial stack.
 * The gateway runs as a user starts it; the scale (MT-SICS) and the scanner are the
 * `warehouse-gateway sim` commands on socat pty pairs, driven through their stdin; the test
 * watches the bus and /health. Session: plug the station in, scan, place a parcel, wait for
 * stable, remove it, pull the scale's cable, plug it back; then a tare sent on the bus.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import mqtt from 'mqtt';
import { BIN, startGatewayProcess } from '../helpers/gateway-process.ts';
import { writeSite } from '../helpers/site.ts';
import { tempDir } from '../helpers/tmp.ts';
import { SOCAT_MISSING, socatAvailable } from '../../simulators/pty.ts';

const skip = socatAvailable() ? false : SOCAT_MISSING;

interface Sim {
  proc: ChildProcess;
  /** run one command; resolves on its "ok" line */
  send(command: string): Promise<void>;
  stop(): Promise<void>;
}

async function startSim(args: string[]): Promise<Sim> {
  const proc = spawn(process.execPath, [BIN, 'sim', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let buf = '';
  let err = '';
  const lines: string[] = [];
  const waiters: { match: (l: string) => boolean; resolve: () => void; reject: (e: Error) => void }[] = [];
  proc.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  proc.stdout?.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      lines.push(line);
      for (const w of [...waiters]) {
        if (line.startsWith('error ')) w.reject(new Error(`sim: ${line}`));
        else if (w.match(line)) w.resolve();
        else continue;
        waiters.splice(waiters.indexOf(w), 1);
      }
    }
  });
  const wait = (match: (l: string) => boolean) =>
    new Promise<void>((resolve, reject) => {
      if (lines.some(match)) return resolve();
      waiters.push({ match, resolve, reject });
      proc.once('exit', (code) => reject(new Error(`sim ${args.join(' ')} exited (${code}): ${err}`)));
    });
  await wait((l) => l.startsWith('ready'));
  return {
    proc,
    async send(command) {
      const done = wait((l) => l === `ok ${command}`);
      proc.stdin?.write(`${command}\n`);
      await done;
    },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = once(proc, 'exit');
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

test('a packing-station session through the real serial stack yields exactly the expected scans, weights and statuses', { skip, timeout: 120_000 }, async (t) => {
  const { dir, cleanup } = tempDir('wg-pack-');
  t.after(cleanup);
  const scaleTty = path.join(dir, 'ttyScale');
  const scannerTty = path.join(dir, 'ttyScanner');

  // The station's cables are not plugged in yet when the gateway starts.
  const scale = await startSim(['scale', '--protocol', 'mt-sics', '--link', scaleTty, '--unplugged']);
  t.after(() => scale.stop());
  const scanner = await startSim(['scanner', '--link', scannerTty, '--unplugged']);
  t.after(() => scanner.stop());

  const site = writeSite(dir, {
    extra: `devices:
  - { id: pack-scale, kind: scale, profile: scale/mettler-toledo-sics, station: PACK-1, connection: { type: serial, path: ${scaleTty} } }
  - { id: pack-scanner, kind: scanner, profile: scanner/serial-cr, station: PACK-1, connection: { type: serial, path: ${scannerTty} } }
`,
  });
  const gw = await startGatewayProcess(site);
  t.after(() => gw.stop('SIGKILL'));

  const client = mqtt.connect(gw.bus, { protocolVersion: 4, reconnectPeriod: 0 });
  t.after(() => client.endAsync(true));
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  const events: string[] = [];
  const payloads: Record<string, unknown>[] = [];
  client.on('message', (topic, payload) => {
    const body = JSON.parse(payload.toString()) as Record<string, unknown>;
    const [, , kind, id, sub] = topic.split('/');
    let e: string | undefined;
    if (kind === 'device' && sub === 'status' && (id === 'pack-scale' || id === 'pack-scanner')) e = `${id} ${String(body.status)}`;
    else if (kind === 'scan') e = `${id} scan ${String(body.code)}`;
    else if (kind === 'scale' && sub === 'weight') e = `${id} ${body.grams !== undefined ? `weight ${String(body.grams)} g` : String(body.condition)}`;
    if (e === undefined) return;
    events.push(e);
    payloads.push(body);
  });
  await client.subscribeAsync(['wh/it-wh/device/+/status', 'wh/it-wh/scan/+', 'wh/it-wh/scale/+/weight'], { qos: 1 });

  const expected: string[] = [];
  const health = async () => {
    const h = (await (await fetch(`${gw.api}/health`)).json()) as { status: string; devices: { id: string; status: string; detail: string | null }[] };
    return { status: h.status, scale: h.devices.find((d) => d.id === 'pack-scale'), scanner: h.devices.find((d) => d.id === 'pack-scanner') };
  };
  const step = async (what: string, action: () => Promise<unknown>, ...want: string[]) => {
    await action();
    expected.push(...want);
    for (let i = 0; events.length < expected.length; i++) {
      if (i > 2000) assert.fail(`${what}: timed out; expected ${JSON.stringify(expected)}, got ${JSON.stringify(events)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.deepEqual(events, expected, what);
  };
  const healthUntil = async (what: string, f: (h: Awaited<ReturnType<typeof health>>) => boolean) => {
    for (let i = 0; ; i++) {
      const h = await health();
      if (f(h)) return h;
      if (i > 200) assert.fail(`/health: ${what}: ${JSON.stringify(h)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  // Retained statuses: both devices are offline, with the reason.
  await step('subscribed', async () => {}, 'pack-scale offline', 'pack-scanner offline');
  const before = await healthUntil('both offline', (h) => h.scale?.status === 'offline' && h.scanner?.status === 'offline');
  assert.equal(before.status, 'degraded');
  assert.match(String(before.scale?.detail), /cannot open .*ttyScale/);

  await step('the scanner is plugged in', () => scanner.send('replug'), 'pack-scanner online');
  await step('the scale is plugged in: online, and it shows zero', () => scale.send('replug'), 'pack-scale online', 'pack-scale zero');
  const ready = await healthUntil('both online', (h) => h.scale?.status === 'online' && h.scanner?.status === 'online');
  assert.equal(ready.status, 'ok');

  await step('the parcel label is scanned', () => scanner.send('scan ]C100106141411234567897'), 'pack-scanner scan 00106141411234567897');
  const scan = payloads.at(-1) as Record<string, unknown>;
  assert.deepEqual([scan.v, scan.device, scan.kind, scan.ok, scan.sscc, scan.symbology], [1, 'pack-scanner', 'gs1', true, '106141411234567897', ']C1']);

  await step('a parcel is placed: in motion, then stable', () => scale.send('place 1250 300'), 'pack-scale weight 1250 g');
  const weight = payloads.at(-1) as Record<string, unknown>;
  assert.deepEqual([weight.v, weight.device, weight.grams, weight.stable, weight.unit], [1, 'pack-scale', 1250, true, 'g']);

  await step('the parcel is removed', () => scale.send('remove 200'), 'pack-scale zero');
  await step('the scale cable is pulled', () => scale.send('unplug'), 'pack-scale offline');
  const pulled = await healthUntil('scale offline', (h) => h.scale?.status === 'offline');
  assert.equal(pulled.status, 'degraded');
  assert.equal(pulled.scanner?.status, 'online');
  await step('the scale cable is plugged back', () => scale.send('replug'), 'pack-scale online', 'pack-scale zero');
  assert.equal((await healthUntil('scale online again', (h) => h.scale?.status === 'online')).status, 'ok');

  // A tare from the bus (wh/{site}/cmd/{id}) with a box on the scale: net zero.
  await step('an empty box is placed', () => scale.send('place 400 200'), 'pack-scale weight 400 g');
  await step('tare from the bus', () => client.publishAsync('wh/it-wh/cmd/pack-scale', JSON.stringify({ v: 1, command: 'tare' }), { qos: 1 }), 'pack-scale zero');

  assert.deepEqual(events, [
    'pack-scale offline',
    'pack-scanner offline',
    'pack-scanner online',
    'pack-scale online',
    'pack-scale zero',
    'pack-scanner scan 00106141411234567897',
    'pack-scale weight 1250 g',
    'pack-scale zero',
    'pack-scale offline',
    'pack-scale online',
    'pack-scale zero',
    'pack-scale weight 400 g',
    'pack-scale zero',
  ]);
  assert.equal(await gw.stop('SIGTERM'), 0);
});
