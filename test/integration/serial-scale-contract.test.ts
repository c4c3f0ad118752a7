/**
 * Contract suite every serial scale protocol passes (STYLE "contract suites"): the real driver
 * (serialport 13) against the simulator over a real pty pair (socat), using the shipped device
 * profile. One scripted session per protocol: zero, a parcel in motion then settled, overload,
 * tare, removal, unplug and replug; exactly these events, in this order.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pino } from 'pino';
import { DEFAULT_PROFILES_DIR } from '../../gateway/config/load.ts';
import { readProfile } from '../../gateway/services/device-host.ts';
import type { DriverOutput } from '../../drivers/driver.ts';
import { serialScaleDriverFactory } from '../../drivers/serial/scale-driver.ts';
import { ScaleSimulator } from '../../simulators/scale/scale-sim.ts';
import type { ScaleSimProtocol } from '../../simulators/scale/protocols.ts';
import { PtyPair, SOCAT_MISSING, socatAvailable } from '../../simulators/pty.ts';
import { tempDir } from '../helpers/tmp.ts';

const skip = socatAvailable() ? false : SOCAT_MISSING;
const log = pino({ level: 'silent' });

async function until(what: string, f: () => boolean, out: DriverOutput[]): Promise<void> {
  for (let i = 0; !f(); i++) {
    if (i > 1000) throw new Error(`timed out waiting for ${what}; so far: ${JSON.stringify(out)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** What a test compares: statuses by name, weights as grams or condition. */
function summary(out: DriverOutput[]): string[] {
  return out.map((o) => {
    if (o.kind === 'status') return `status ${o.status}`;
    if (o.kind === 'weight') return o.payload.grams !== undefined ? `weight ${String(o.payload.grams)}` : `condition ${String(o.payload.condition)}`;
    return o.kind;
  });
}

interface ScaleContract {
  profile: string;
  sim: ScaleSimProtocol;
  /** whether tare can be sent from the gateway */
  remoteTare: boolean;
}

export function scaleProtocolContract(name: string, c: ScaleContract): void {
  describe(`serial scale contract: ${name}`, { skip }, () => {
    test(`${name}: zero, a settled parcel, overload, tare, removal, unplug and replug give exactly the expected events`, async (t) => {
      const { dir, cleanup } = tempDir('wg-scale-');
      t.after(cleanup);
      const link = path.join(dir, 'ttyScale');
      const sim = new ScaleSimulator({ protocol: c.sim, link, intervalMs: 50 });
      t.after(() => sim.stop());
      sim.model.set(0);
      await sim.start();
      const out: DriverOutput[] = [];
      const profile = readProfile(DEFAULT_PROFILES_DIR, c.profile);
      const driver = serialScaleDriverFactory({ backoff: { initialMs: 50, maxMs: 400 } })({ id: 'scale-1', kind: 'scale', connection: { type: 'serial', path: link } }, profile, {
        deviceId: 'scale-1',
        log,
        emit: (o) => out.push(o),
      });
      t.after(() => driver.stop());
      const last = () => summary(out).at(-1);
      const expected: string[] = [];
      const step = async (what: string, action: () => unknown, ...events: string[]) => {
        await action();
        expected.push(...events);
        await until(`${what}: ${events.join(', ')}`, () => summary(out).length >= expected.length, out);
        assert.deepEqual(summary(out), expected, what);
      };

      await step('start', () => driver.start(), 'status connecting', 'status online', 'condition zero');
      await step('a parcel is placed: motion, then settled', () => sim.model.place(1250, 300), 'weight 1250');
      const settled = (out.at(-1) as { payload: Record<string, unknown> }).payload;
      assert.deepEqual([settled.grams, settled.stable, settled.net, Number(settled.value) * (settled.unit === 'kg' ? 1000 : 1)], [1250, true, false, 1250]);
      await step('overload', () => (sim.model.fault = 'overload'), 'condition overload');
      await step('back in range', () => (sim.model.fault = 'none'), 'weight 1250');
      if (c.remoteTare) {
        await step('tare from the gateway', () => driver.command!({ command: 'tare' }), 'condition zero');
        await step('the parcel is removed: below zero net', () => sim.model.place(0, 200), 'condition underload');
        await step('tare again', () => driver.command!({ command: 'tare' }), 'condition zero');
      } else {
        await assert.rejects(driver.command!({ command: 'tare' }), /no remote commands/);
        await step('the parcel is removed', () => sim.model.place(0, 200), 'condition zero');
      }
      await assert.rejects(driver.command!({ command: 'weigh' }), /"tare" \| "zero"/);
      await step('the cable is pulled', () => sim.unplug(), 'status offline');
      assert.match(String((out.at(-1) as { detail?: string }).detail), /lost|cannot open/);
      await step('the cable is plugged back: the state is reported afresh', () => sim.plug(), 'status online', 'condition zero');
      assert.equal(last(), 'condition zero');
      await driver.stop();
      assert.equal(summary(out).at(-1), 'status offline');
    });
  });
}

scaleProtocolContract('MT-SICS', { profile: 'scale/mettler-toledo-sics', sim: 'mt-sics', remoteTare: true });
scaleProtocolContract('Toledo continuous', { profile: 'scale/toledo-continuous', sim: 'toledo', remoteTare: true });
scaleProtocolContract('CAS 22-byte', { profile: 'scale/cas-22', sim: 'cas', remoteTare: false });

test('an MT-SICS scale that does not answer is a communication error, and its refused zero is reported', { skip }, async (t) => {
  const { dir, cleanup } = tempDir('wg-scale-');
  t.after(cleanup);
  const pty = new PtyPair(path.join(dir, 'ttyMute'), path.join(dir, 'ttyMute.sim'));
  await pty.start();
  t.after(() => pty.stop());
  const out: DriverOutput[] = [];
  const driver = serialScaleDriverFactory()({ id: 'mute', kind: 'scale', connection: { type: 'serial', path: pty.device } }, { protocol: 'mt-sics', pollMs: 20, replyTimeoutMs: 100, missesBeforeSilent: 2 }, {
    deviceId: 'mute',
    log,
    emit: (o) => out.push(o),
  });
  t.after(() => driver.stop());
  await driver.start();
  await until('error status', () => out.some((o) => o.kind === 'status' && o.status === 'error'), out);
  const err = out.find((o) => o.kind === 'status' && o.status === 'error') as { detail: string };
  assert.match(err.detail, /does not answer: 2 polls without a reply/);
  await assert.rejects(driver.command!({ command: 'zero' }), /no reply to Z/);
  const cond = out.find((o) => o.kind === 'weight') as { payload: Record<string, unknown> };
  assert.deepEqual([cond.payload.condition, cond.payload.command, cond.payload.code], ['error', 'zero', 'SCALE_NO_REPLY']);
  assert.deepEqual(summary(out).filter((s) => s.startsWith('status')), ['status connecting', 'status error']);
});

test('a scale whose port does not exist yet is offline with the reason, and comes online when it appears', { skip }, async (t) => {
  const { dir, cleanup } = tempDir('wg-scale-');
  t.after(cleanup);
  const link = path.join(dir, 'ttyLate');
  const out: DriverOutput[] = [];
  const driver = serialScaleDriverFactory({ backoff: { initialMs: 50, maxMs: 200 } })({ id: 'late', kind: 'scale', connection: { type: 'serial', path: link } }, { protocol: 'cas' }, {
    deviceId: 'late',
    log,
    emit: (o) => out.push(o),
  });
  t.after(() => driver.stop());
  await driver.start();
  await until('offline', () => out.some((o) => o.kind === 'status' && o.status === 'offline'), out);
  assert.match((out[1] as { detail: string }).detail, /cannot open .*ttyLate: .*(No such file|ENOENT)/);
  const sim = new ScaleSimulator({ protocol: 'cas', link, intervalMs: 50 });
  t.after(() => sim.stop());
  sim.model.set(500);
  await sim.start();
  await until('a weight', () => out.some((o) => o.kind === 'weight'), out);
  assert.deepEqual(summary(out), ['status connecting', 'status offline', 'status online', 'weight 500']);
});
