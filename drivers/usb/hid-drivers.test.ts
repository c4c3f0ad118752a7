/**
 * The USB drivers against an injected binding that replays real report bytes and
 * attach/detach events (these machines have no USB bus; see hid-scale.hardware.test.ts for
 * the real-hardware lane).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import type { DriverOutput } from '../driver.ts';
import { FakeUsbBinding } from './fake-usb-binding.ts';
import { hidScaleDriverFactory } from './hid-scale-driver.ts';
import { hidWedgeScannerDriverFactory } from './hid-wedge-scanner-driver.ts';
import { typeReports } from './hid-keyboard.ts';

const log = pino({ level: 'silent' });
const hex = (s: string) => Uint8Array.from(s.split(' ').map((b) => parseInt(b, 16)));
const until = async (what: string, f: () => boolean) => {
  for (let i = 0; !f(); i++) {
    if (i > 500) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};
const DYMO = { key: '1:7:2338:32771', vendorId: 0x0922, productId: 0x8003, productName: 'DYMO M25' };
const scaleDevice = { id: 'usb-scale', kind: 'scale', connection: { type: 'usb', vendorId: 0x0922, productId: 0x8003 } };
const backoff = { initialMs: 5, maxMs: 20 };

test('a HID scale: attach is online, replayed reports settle into a weight, detach is offline, reattach is online again', async (t) => {
  const usb = new FakeUsbBinding();
  const out: DriverOutput[] = [];
  const driver = hidScaleDriverFactory({ binding: usb, backoff })(scaleDevice, { protocol: 'hid-pos', stableReadings: 3 }, { deviceId: 'usb-scale', log, emit: (o) => out.push(o) });
  t.after(() => driver.stop());
  await driver.start();
  await until('offline: not plugged in', () => out.some((o) => o.kind === 'status' && o.status === 'offline'));
  usb.attach(DYMO);
  await until('online', () => out.some((o) => o.kind === 'status' && o.status === 'online'));
  // README vector: 03 04 0B FF 2C 01 = stable 30.0 oz; motion first (status 3), then zero (status 2).
  for (const r of ['03 02 0b ff 00 00', '03 03 0b ff 10 01', '03 04 0b ff 2c 01', '03 04 0b ff 2c 01', '03 04 0b ff 2c 01', '03 04 0b ff 2c 01', '03 06 0b ff 00 00', '01 00 00']) usb.report(DYMO.key, hex(r));
  const weights = out.filter((o) => o.kind === 'weight').map((o) => (o as { payload: Record<string, unknown> }).payload);
  assert.deepEqual(weights, [
    { stable: true, condition: 'zero', detail: 'stable at centre of zero (HID status 2)' },
    { grams: 850.486, stable: true, value: 30, unit: 'oz', net: false },
    { stable: false, condition: 'overload', detail: 'over weight limit (HID status 6)' },
  ]);
  usb.detach(DYMO.key);
  await until('offline after detach', () => out.filter((o) => o.kind === 'status' && o.status === 'offline').length === 2);
  assert.match((out.at(-1) as { detail: string }).detail, /0922:8003 (unplugged|stopped answering)/);
  usb.attach(DYMO);
  await until('online again', () => out.filter((o) => o.kind === 'status' && o.status === 'online').length === 2);
  await assert.rejects(driver.command!({ command: 'tare' }), /use the key on the scale/);
  await driver.stop();
  assert.deepEqual(
    out.filter((o) => o.kind === 'status').map((o) => (o as { status: string }).status),
    ['connecting', 'offline', 'online', 'offline', 'online', 'offline'],
  );
});

test('a HID scale that cannot be opened is offline with the reason and is retried', async (t) => {
  const usb = new FakeUsbBinding();
  usb.failOpens = 2;
  usb.attach(DYMO);
  const out: DriverOutput[] = [];
  const driver = hidScaleDriverFactory({ binding: usb, backoff })(scaleDevice, { protocol: 'hid-pos' }, { deviceId: 'usb-scale', log, emit: (o) => out.push(o) });
  t.after(() => driver.stop());
  await driver.start();
  await until('online after retries', () => out.some((o) => o.kind === 'status' && o.status === 'online'));
  assert.match((out.find((o) => o.kind === 'status' && o.status === 'offline') as { detail: string }).detail, /LIBUSB_ERROR_ACCESS/);
  await driver.stop();
});

test('a device with the wrong connection type is an error status, not a crash', async () => {
  const out: DriverOutput[] = [];
  const driver = hidScaleDriverFactory({ binding: new FakeUsbBinding() })({ id: 's', kind: 'scale', connection: { type: 'serial', path: '/dev/ttyS0' } }, { protocol: 'hid-pos' }, { deviceId: 's', log, emit: (o) => out.push(o) });
  await driver.start();
  assert.deepEqual(out, [{ kind: 'status', status: 'error', detail: 'scale s needs a USB connection ({ type: usb, vendorId, productId }), got "serial"' }]);
  await driver.stop();
});

test('a keyboard-wedge scanner types a GS1 code with ~ for GS; the scan carries the parsed fields', async (t) => {
  const usb = new FakeUsbBinding();
  const wedge = { key: '1:9:1504:4608', vendorId: 0x05e0, productId: 0x1200 };
  const out: DriverOutput[] = [];
  const driver = hidWedgeScannerDriverFactory({ binding: usb, backoff })(
    { id: 'wedge-1', kind: 'scanner', connection: { type: 'usb', vendorId: 0x05e0, productId: 0x1200 } },
    { protocol: 'hid-keyboard', terminator: '\r', gsSubstitute: '~' },
    { deviceId: 'wedge-1', log, emit: (o) => out.push(o) },
  );
  t.after(() => driver.stop());
  await driver.start();
  usb.attach(wedge);
  await until('online', () => out.some((o) => o.kind === 'status' && o.status === 'online'));
  for (const r of typeReports(']C101095011015300031721123110ABC123~2112345\r0614141000012\rnot-a-gs1\r')) usb.report(wedge.key, r);
  const scans = out.filter((o) => o.kind === 'scan').map((o) => (o as { payload: Record<string, unknown> }).payload);
  assert.equal(scans.length, 3);
  assert.deepEqual([scans[0]?.kind, scans[0]?.ok, scans[0]?.symbology, scans[0]?.gtin, scans[0]?.expiry, scans[0]?.lot, scans[0]?.serial], ['gs1', true, ']C1', '09501101530003', '2021-12-31', 'ABC123', '12345']);
  assert.deepEqual([scans[1]?.kind, scans[1]?.gtin], ['ean13', '00614141000012']);
  assert.deepEqual([scans[2]?.kind, scans[2]?.code], ['text', 'not-a-gs1']);
  usb.detach(wedge.key);
  await until('offline after detach', () => out.filter((o) => o.kind === 'status').at(-1)?.kind === 'status' && (out.filter((o) => o.kind === 'status').at(-1) as { status: string }).status === 'offline');
  await driver.stop();
});
