/**
 * Keeps one configured USB HID device open: finds it by vendor/product id (and serial number
 * if configured), opens it, reads its reports; attach/detach events drive it up and down, and
 * failures are retried with capped backoff (DESIGN §9.4). No protocol knowledge here.
 */
import type { Logger } from 'pino';
import { Backoff, type BackoffOptions } from '../backoff.ts';
import { matches, type HidHandle, type UsbBinding, type UsbDeviceInfo, type UsbMatch } from './usb-binding.ts';

export interface HidDeviceLinkOptions {
  binding: UsbBinding;
  match: UsbMatch;
  log: Logger;
  backoff?: BackoffOptions;
  onReport(report: Uint8Array): void;
  onUp(device: UsbDeviceInfo): void;
  onDown(reason: string): void;
}

const hex = (n: number) => n.toString(16).padStart(4, '0');

export function describeMatch(m: UsbMatch): string {
  return `${hex(m.vendorId)}:${hex(m.productId)}${m.serialNumber !== undefined ? ` serial ${m.serialNumber}` : ''}`;
}

export class HidDeviceLink {
  private handle: HidHandle | undefined;
  private openKey: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private unwatch: (() => void) | undefined;
  private stopped = true;
  private attempting = false;
  private readonly backoff: Backoff;
  opens = 0;

  constructor(private readonly opts: HidDeviceLinkOptions) {
    this.backoff = new Backoff({ initialMs: 200, maxMs: 5000, ...opts.backoff });
  }

  get isOpen(): boolean {
    return this.handle !== undefined;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.unwatch = this.opts.binding.watch(
      (d) => {
        if (this.stopped || this.handle || !matches(d, this.opts.match)) return;
        this.opts.log.info({ device: d.key }, 'usb: device attached');
        if (this.timer) clearTimeout(this.timer);
        this.timer = undefined;
        this.backoff.reset();
        void this.attempt();
      },
      (key) => {
        if (this.stopped || key !== this.openKey) return;
        this.opts.log.warn({ device: key }, 'usb: device detached');
        this.lost(`${describeMatch(this.opts.match)} unplugged`);
      },
    );
    void this.attempt();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unwatch?.();
    this.unwatch = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const h = this.handle;
    this.handle = undefined;
    this.openKey = undefined;
    await h?.close().catch(() => {});
  }

  private lost(reason: string): void {
    const h = this.handle;
    this.handle = undefined;
    this.openKey = undefined;
    void h?.close().catch(() => {});
    this.opts.onDown(reason);
    this.schedule();
  }

  private async attempt(): Promise<void> {
    this.timer = undefined;
    if (this.stopped || this.handle || this.attempting) return;
    this.attempting = true;
    const want = describeMatch(this.opts.match);
    try {
      const found = (await this.opts.binding.list()).find((d) => matches(d, this.opts.match));
      if (this.stopped) return;
      if (!found) {
        this.opts.onDown(`${want} is not plugged in`);
        this.schedule();
        return;
      }
      const handle = await this.opts.binding.openHid(found, {
        onReport: (r) => {
          if (this.handle === handle) this.opts.onReport(r);
        },
        onLost: (err) => {
          if (this.handle === handle) this.lost(`${want} stopped answering: ${err.message}`);
        },
      });
      if (this.stopped) {
        await handle.close().catch(() => {});
        return;
      }
      this.handle = handle;
      this.openKey = found.key;
      this.opens++;
      this.backoff.reset();
      this.opts.log.info({ device: found.key, product: found.productName }, 'usb: device open');
      this.opts.onUp(found);
    } catch (err) {
      if (this.stopped) return;
      this.opts.onDown(`cannot open ${want}: ${(err as Error).message}`);
      this.schedule();
    } finally {
      this.attempting = false;
    }
  }

  private schedule(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => void this.attempt(), this.backoff.next());
  }
}
