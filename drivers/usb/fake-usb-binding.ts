/**
 * A USB binding for tests: devices are plugged and unplugged by the test, and their HID
 * reports are replayed from recorded bytes. Same interface as the real binding.
 */
import type { HidReportHandlers, UsbBinding, UsbDeviceInfo } from './usb-binding.ts';

export class FakeUsbBinding implements UsbBinding {
  private readonly present = new Map<string, UsbDeviceInfo>();
  private readonly open = new Map<string, HidReportHandlers>();
  private readonly watchers = new Set<{ attach: (d: UsbDeviceInfo) => void; detach: (k: string) => void }>();
  opens = 0;
  /** make the next openHid calls fail (e.g. EACCES without a udev rule) */
  failOpens = 0;

  async list(): Promise<UsbDeviceInfo[]> {
    return [...this.present.values()];
  }

  watch(onAttach: (d: UsbDeviceInfo) => void, onDetach: (key: string) => void): () => void {
    const w = { attach: onAttach, detach: onDetach };
    this.watchers.add(w);
    return () => this.watchers.delete(w);
  }

  async openHid(device: UsbDeviceInfo, handlers: HidReportHandlers) {
    if (!this.present.has(device.key)) throw new Error('LIBUSB_ERROR_NO_DEVICE');
    if (this.failOpens > 0) {
      this.failOpens--;
      throw new Error('LIBUSB_ERROR_ACCESS');
    }
    this.opens++;
    this.open.set(device.key, handlers);
    return {
      close: async () => {
        this.open.delete(device.key);
      },
    };
  }

  attach(d: UsbDeviceInfo): void {
    this.present.set(d.key, d);
    for (const w of this.watchers) w.attach(d);
  }

  detach(key: string): void {
    this.present.delete(key);
    const h = this.open.get(key);
    this.open.delete(key);
    for (const w of this.watchers) w.detach(key);
    h?.onLost(new Error('LIBUSB_ERROR_NO_DEVICE'));
  }

  isOpen(key: string): boolean {
    return this.open.has(key);
  }

  /** Deliver an input report from the device (as the real binding does from transferIn). */
  report(key: string, bytes: Uint8Array): void {
    this.open.get(key)?.onReport(bytes);
  }
}
