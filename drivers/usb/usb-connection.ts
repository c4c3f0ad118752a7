/** The device's `connection: { type: usb, vendorId, productId, serialNumber? }`, validated. */
import type { UsbMatch } from './usb-binding.ts';

export function usbMatchFor(device: Record<string, unknown> & { id: string }, what: string): { ok: true; match: UsbMatch } | { ok: false; reason: string } {
  const c = device.connection as { type?: unknown; vendorId?: unknown; productId?: unknown; serialNumber?: unknown } | undefined;
  const id = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffff;
  if (c?.type !== 'usb' || !id(c.vendorId) || !id(c.productId)) {
    return { ok: false, reason: `${what} needs a USB connection ({ type: usb, vendorId, productId }), got ${JSON.stringify(c?.type ?? null)}` };
  }
  return { ok: true, match: { vendorId: c.vendorId as number, productId: c.productId as number, ...(typeof c.serialNumber === 'string' ? { serialNumber: c.serialNumber } : {}) } };
}
