/**
 * The USB HID point-of-sale scale driver (profile protocol `hid-pos`): reports parsed by
 * hid-pos-scale.ts, settled by the same stable-weight filter as serial scales. Attach -> online,
 * detach -> offline; the device is found again by vendor/product id when it returns.
 * Tare and zero are not sent to HID scales (most have no output report for them): refused.
 */
import type { Driver, DriverContext, DriverFactory } from '../driver.ts';
import type { BackoffOptions } from '../backoff.ts';
import { StatusReporter, profileReader } from '../serial/device-status.ts';
import { StableWeightFilter, scaleEventPayload } from '../serial/stable-weight.ts';
import { parseScaleCommand } from '../serial/scale-driver.ts';
import { parseHidScaleReport } from './hid-pos-scale.ts';
import { HidDeviceLink, describeMatch } from './hid-device-link.ts';
import { nodeUsbBinding, type UsbBinding } from './usb-binding.ts';
import { usbMatchFor } from './usb-connection.ts';

export interface HidDriverOptions {
  binding?: UsbBinding;
  backoff?: BackoffOptions;
}

export function hidScaleDriverFactory(options: HidDriverOptions = {}): DriverFactory {
  return (device, profile, ctx) => new HidScaleDriver(device, profile, ctx, options);
}

export const createHidScaleDriver: DriverFactory = (device, profile, ctx) => new HidScaleDriver(device, profile, ctx, {});

class HidScaleDriver implements Driver {
  private readonly status: StatusReporter;
  private readonly filter: StableWeightFilter;
  private link: HidDeviceLink | undefined;
  private problem: string | undefined;
  readonly counters = { reports: 0, badReports: 0 };

  constructor(device: Record<string, unknown> & { id: string; kind: string }, profile: Record<string, unknown>, ctx: DriverContext, options: HidDriverOptions) {
    this.status = new StatusReporter(ctx);
    const p = profileReader(profile, ctx);
    this.filter = new StableWeightFilter({ stableReadings: p.num('stableReadings', 3, 1), toleranceGrams: p.num('toleranceGrams', 0) });
    const withReportId = p.bool('reportId', true);
    const m = usbMatchFor(device, `scale ${device.id}`);
    if (!m.ok) {
      this.problem = m.reason;
      return;
    }
    this.link = new HidDeviceLink({
      binding: options.binding ?? nodeUsbBinding(),
      match: m.match,
      log: ctx.log,
      ...(options.backoff ? { backoff: options.backoff } : {}),
      onReport: (report) => {
        const r = parseHidScaleReport(report, { withReportId });
        if (!r.ok) {
          this.counters.badReports++;
          if (this.counters.badReports === 1 || this.counters.badReports % 1000 === 0) ctx.log.warn({ code: r.code, err: r.message, count: this.counters.badReports }, 'hid scale: bad report dropped');
          return;
        }
        this.counters.reports++;
        for (const e of this.filter.push(r.reading)) ctx.emit({ kind: 'weight', payload: scaleEventPayload(e) });
      },
      onUp: (d) => {
        this.filter.reset();
        this.status.set('online', `USB HID scale ${describeMatch(m.match)}${d.productName ? ` (${d.productName})` : ''}`);
      },
      onDown: (reason) => this.status.set('offline', reason),
    });
  }

  async start(): Promise<void> {
    if (!this.link) {
      this.status.set('error', this.problem ?? 'not configured');
      return;
    }
    this.status.set('connecting', 'looking for the USB scale');
    this.link.start();
  }

  async stop(): Promise<void> {
    await this.link?.stop();
    this.status.set('offline', 'driver stopped');
  }

  async command(body: Record<string, unknown>): Promise<void> {
    const c = parseScaleCommand(body);
    if (typeof c !== 'string') throw new Error(c.error);
    throw new Error(`${c}: USB HID scales take no remote ${c} here; use the key on the scale`);
  }
}
