/**
 * The USB hardware seam: drivers depend on `UsbBinding` only. Tests inject a binding that
 * replays real report bytes and attach/detach events; `nodeUsbBinding()` is the real one on
 * the `usb` 3.x package (WebUSB-style API, napi prebuilds from the npm registry), imported
 * lazily so a gateway without USB devices never loads it.
 */

export interface UsbDeviceInfo {
  /** stable for as long as the device stays plugged in (bus and address) */
  key: string;
  vendorId: number;
  productId: number;
  serialNumber?: string;
  productName?: string;
}

export interface UsbMatch {
  vendorId: number;
  productId: number;
  serialNumber?: string;
}

export function matches(d: UsbDeviceInfo, m: UsbMatch): boolean {
  return d.vendorId === m.vendorId && d.productId === m.productId && (m.serialNumber === undefined || d.serialNumber === m.serialNumber);
}

export interface HidReportHandlers {
  onReport(report: Uint8Array): void;
  /** the device stopped answering or was removed while open */
  onLost(error: Error): void;
}

export interface HidHandle {
  close(): Promise<void>;
}

export interface UsbBinding {
  /** Devices present now. Rejects when the host has no USB access at all. */
  list(): Promise<UsbDeviceInfo[]>;
  /** Attach / detach notifications; returns the unsubscribe function. */
  watch(onAttach: (d: UsbDeviceInfo) => void, onDetach: (key: string) => void): () => void;
  /** Open the device's HID interface and stream its input reports. */
  openHid(device: UsbDeviceInfo, handlers: HidReportHandlers): Promise<HidHandle>;
}

export class UsbUnavailableError extends Error {
  readonly code = 'USB_UNAVAILABLE';
}

// ---------------------------------------------------------------------------------------------
// The real binding (usb 3.x). Structural types: the package's own typings lean on the DOM's
// WebUSB types, which this project does not load.

interface RealEndpoint {
  endpointNumber: number;
  direction: 'in' | 'out';
  type: string;
  packetSize: number;
}
interface RealInterface {
  interfaceNumber: number;
  alternate: { interfaceClass: number; endpoints: RealEndpoint[] };
}
interface RealDevice {
  vendorId: number;
  productId: number;
  bus?: string;
  address?: number;
  serialNumber?: string | null;
  productName?: string | null;
  opened: boolean;
  configuration?: { configurationValue: number; interfaces: RealInterface[] } | null;
  configurations?: { configurationValue: number }[];
  open(): Promise<void>;
  close(): Promise<void>;
  selectConfiguration(v: number): Promise<void>;
  claimInterface(n: number): Promise<void>;
  releaseInterface(n: number): Promise<void>;
  detachKernelDriver?(n: number): Promise<void>;
  attachKernelDriver?(n: number): Promise<void>;
  transferIn(endpoint: number, length: number, timeoutMs?: number): Promise<{ status: string; data?: DataView }>;
}
interface RealWebUsb {
  getDevices(): Promise<RealDevice[]>;
  addEventListener(type: 'connect' | 'disconnect', fn: (ev: { device: RealDevice }) => void): void;
  removeEventListener(type: 'connect' | 'disconnect', fn: (ev: { device: RealDevice }) => void): void;
}

const HID_CLASS = 3;

function info(d: RealDevice): UsbDeviceInfo {
  return {
    key: `${d.bus ?? '?'}:${d.address ?? '?'}:${d.vendorId}:${d.productId}`,
    vendorId: d.vendorId,
    productId: d.productId,
    ...(d.serialNumber ? { serialNumber: d.serialNumber } : {}),
    ...(d.productName ? { productName: d.productName } : {}),
  };
}

export function nodeUsbBinding(): UsbBinding {
  let webusb: RealWebUsb | undefined;
  const devices = new Map<string, RealDevice>();
  const load = async (): Promise<RealWebUsb> => {
    // usb 3.x rejects from inside its own event plumbing (an unhandled rejection) when the
    // host has no USB bus at all: check first (PEERS.md: these machines have none).
    const { existsSync } = await import('node:fs');
    if (process.platform === 'linux' && !existsSync('/sys/bus/usb/devices')) {
      throw new UsbUnavailableError('this host has no USB bus (/sys/bus/usb/devices is missing)');
    }
    if (!webusb) {
      const mod = (await import('usb')) as unknown as { WebUSB: new (o: { allowAllDevices: boolean }) => RealWebUsb };
      webusb = new mod.WebUSB({ allowAllDevices: true });
    }
    return webusb;
  };
  return {
    async list() {
      const u = await load();
      const found = await u.getDevices();
      return found.map((d) => {
        const i = info(d);
        devices.set(i.key, d);
        return i;
      });
    },
    watch(onAttach, onDetach) {
      let stopped = false;
      const onConnect = (ev: { device: RealDevice }) => {
        const i = info(ev.device);
        devices.set(i.key, ev.device);
        onAttach(i);
      };
      const onDisconnect = (ev: { device: RealDevice }) => {
        const i = info(ev.device);
        devices.delete(i.key);
        onDetach(i.key);
      };
      let target: RealWebUsb | undefined;
      load()
        .then((u) => {
          if (stopped) return;
          target = u;
          u.addEventListener('connect', onConnect);
          u.addEventListener('disconnect', onDisconnect);
        })
        .catch(() => {
          /* list() reports why */
        });
      return () => {
        stopped = true;
        target?.removeEventListener('connect', onConnect);
        target?.removeEventListener('disconnect', onDisconnect);
      };
    },
    async openHid(device, handlers) {
      await load();
      const d = devices.get(device.key);
      if (!d) throw new Error(`USB device ${device.key} is not present`);
      if (!d.opened) await d.open();
      if (!d.configuration && d.configurations?.[0]) await d.selectConfiguration(d.configurations[0].configurationValue);
      const iface = d.configuration?.interfaces.find((i) => i.alternate.interfaceClass === HID_CLASS && i.alternate.endpoints.some((e) => e.direction === 'in' && e.type === 'interrupt'));
      if (!iface) throw new Error('the device has no HID interface with an interrupt IN endpoint');
      const ep = iface.alternate.endpoints.find((e) => e.direction === 'in' && e.type === 'interrupt') as RealEndpoint;
      // Linux: usbhid owns the interface; take it for the time we read, give it back after.
      await d.detachKernelDriver?.(iface.interfaceNumber).catch(() => {});
      await d.claimInterface(iface.interfaceNumber);
      let open = true;
      void (async () => {
        while (open) {
          try {
            const r = await d.transferIn(ep.endpointNumber, ep.packetSize, 5000);
            if (!open) return;
            if (r.status === 'ok' && r.data) handlers.onReport(new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength));
          } catch (err) {
            if (!open) return;
            // A scanner sends nothing between scans: an interrupt transfer timing out is not a loss.
            if (/time(d)? ?out/i.test((err as Error).message)) continue;
            open = false;
            handlers.onLost(err as Error);
            return;
          }
        }
      })();
      return {
        async close() {
          open = false;
          await d.releaseInterface(iface.interfaceNumber).catch(() => {});
          await d.attachKernelDriver?.(iface.interfaceNumber).catch(() => {});
          await d.close().catch(() => {});
        },
      };
    },
  };
}
