/**
 * The USB keyboard-wedge scanner driver (profile protocol `hid-keyboard`): the scanner types
 * its code as key presses; hid-keyboard.ts turns boot reports back into text, the profile's
 * terminator (Enter = "\r") ends a scan, and the GS1 parser reads it with the profile's
 * `gsSubstitute` as separator (a wedge scanner cannot type GS unless programmed to Ctrl+]).
 * Attach -> online, detach -> offline.
 */
import type { Driver, DriverContext, DriverFactory } from '../driver.ts';
import { StatusReporter, profileReader } from '../serial/device-status.ts';
import { LineFramer } from '../serial/line-scanner.ts';
import { scanPayload } from '../codes/scan-payload.ts';
import { HidKeyboardDecoder } from './hid-keyboard.ts';
import { HidDeviceLink, describeMatch } from './hid-device-link.ts';
import { nodeUsbBinding } from './usb-binding.ts';
import { usbMatchFor } from './usb-connection.ts';
import type { HidDriverOptions } from './hid-scale-driver.ts';

export function hidWedgeScannerDriverFactory(options: HidDriverOptions = {}): DriverFactory {
  return (device, profile, ctx) => new HidWedgeScannerDriver(device, profile, ctx, options);
}

export const createHidWedgeScannerDriver: DriverFactory = (device, profile, ctx) => new HidWedgeScannerDriver(device, profile, ctx, {});

class HidWedgeScannerDriver implements Driver {
  private readonly status: StatusReporter;
  private link: HidDeviceLink | undefined;
  private problem: string | undefined;
  scans = 0;

  constructor(device: Record<string, unknown> & { id: string; kind: string }, profile: Record<string, unknown>, ctx: DriverContext, options: HidDriverOptions) {
    this.status = new StatusReporter(ctx);
    const p = profileReader(profile, ctx);
    const separators = p.strList('gsSubstitute');
    const terminator = p.str('terminator', '\r');
    const m = usbMatchFor(device, `scanner ${device.id}`);
    if (!m.ok) {
      this.problem = m.reason;
      return;
    }
    if (terminator.length === 0) {
      this.problem = 'profile terminator must not be empty';
      return;
    }
    const decoder = new HidKeyboardDecoder({ withReportId: p.bool('reportId', false) });
    const framer = new LineFramer({ terminator, maxLength: p.num('maxLength', 4096, 1) });
    this.link = new HidDeviceLink({
      binding: options.binding ?? nodeUsbBinding(),
      match: m.match,
      log: ctx.log,
      ...(options.backoff ? { backoff: options.backoff } : {}),
      onReport: (report) => {
        const text = decoder.push(report);
        if (text === '') return;
        for (const f of framer.push(Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff))) {
          if (f.kind === 'overlong') {
            ctx.log.warn({ length: f.length, preview: f.preview }, 'wedge scanner: overlong input dropped (no terminator programmed?)');
            continue;
          }
          if (f.text.length === 0) continue;
          this.scans++;
          ctx.emit({ kind: 'scan', payload: scanPayload(f.text, { separators }) });
        }
      },
      onUp: (d) => {
        decoder.reset();
        framer.reset();
        this.status.set('online', `USB keyboard-wedge scanner ${describeMatch(m.match)}${d.productName ? ` (${d.productName})` : ''}`);
      },
      onDown: (reason) => this.status.set('offline', reason),
    });
  }

  async start(): Promise<void> {
    if (!this.link) {
      this.status.set('error', this.problem ?? 'not configured');
      return;
    }
    this.status.set('connecting', 'looking for the USB scanner');
    this.link.start();
  }

  async stop(): Promise<void> {
    await this.link?.stop();
    this.status.set('offline', 'driver stopped');
  }
}
