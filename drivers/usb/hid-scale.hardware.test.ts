/**
 * Real-hardware lane (STYLE "optional real-hardware lane", after serialport's TEST_PORT):
 * runs when TEST_USB_SCALE names a USB HID scale as VVVV:PPPP (hex vendor:product, e.g.
 * 0922:8003 for a DYMO M25) and reports skipped otherwise. Needs libusb-1.0-0 and permission
 * to open the device (root, or a udev rule). Put something on the scale or leave it empty:
 * any settled weight or condition passes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import type { DriverOutput } from '../driver.ts';
import { hidScaleDriverFactory } from './hid-scale-driver.ts';
import { nodeUsbBinding } from './usb-binding.ts';

const spec = process.env.TEST_USB_SCALE;
const m = spec === undefined ? undefined : /^([0-9a-fA-F]{4}):([0-9a-fA-F]{4})$/.exec(spec);
const skip = spec === undefined ? 'set TEST_USB_SCALE=VVVV:PPPP (hex vendor:product) to run against a real USB HID scale' : m ? false : `TEST_USB_SCALE=${spec} is not VVVV:PPPP`;

test('a real USB HID scale comes online and reports a settled weight or condition', { skip, timeout: 30_000 }, async () => {
  const [, vid = '0', pid = '0'] = m ?? [];
  const out: DriverOutput[] = [];
  const driver = hidScaleDriverFactory({ binding: nodeUsbBinding() })(
    { id: 'hw-scale', kind: 'scale', connection: { type: 'usb', vendorId: parseInt(vid, 16), productId: parseInt(pid, 16) } },
    { protocol: 'hid-pos', stableReadings: 3 },
    { deviceId: 'hw-scale', log: pino({ level: 'info' }), emit: (o) => out.push(o) },
  );
  await driver.start();
  try {
    for (let i = 0; !out.some((o) => o.kind === 'weight'); i++) {
      if (i > 250) assert.fail(`no weight or condition in 25 s; statuses: ${JSON.stringify(out)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(out.some((o) => o.kind === 'status' && o.status === 'online'));
  } finally {
    await driver.stop();
  }
});
