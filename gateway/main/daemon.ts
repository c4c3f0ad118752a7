/**
 * `warehouse-gateway daemon <kind> <device-id>`: one device's driver in its own process,
 * speaking to the site's broker (external, or the gateway's embedded one at a fixed port).
 * Its MQTT last will marks the device offline if the daemon dies.
 */
import type { Logger } from 'pino';
import type { DeviceConfig, SiteConfig } from '../config/schema.ts';
import { DEFAULT_PROFILES_DIR, parseListen } from '../config/load.ts';
import { GatewayError } from '../errors.ts';
import { BusClient } from '../bus/client.ts';
import { topicsFor } from '../bus/topics.ts';
import { DeviceHost, type DriverRegistry } from '../services/device-host.ts';

export const DAEMON_KINDS = ['llrp', 'serial', 'usb', 'printer'] as const;
export type DaemonKind = (typeof DAEMON_KINDS)[number];

export function daemonKindOf(device: DeviceConfig): DaemonKind {
  if (device.kind === 'rfid-reader') return 'llrp';
  if (device.kind === 'printer') return 'printer';
  return device.connection.type === 'usb' ? 'usb' : 'serial';
}

export function busEndpointFor(config: SiteConfig, deviceId: string): { url: string; username?: string; password?: string } {
  if (config.bus.broker === 'external') {
    return { url: config.bus.url, ...(config.bus.username ? { username: config.bus.username } : {}), ...(config.bus.password ? { password: config.bus.password } : {}) };
  }
  const { host, port } = parseListen(config.bus.listen);
  if (port === 0) throw new GatewayError('DAEMON_NO_BUS', 'bus.listen has port 0: a daemon needs the embedded broker at a fixed port');
  const user = config.bus.users.find((u) => u.device === deviceId && u.password !== undefined);
  const h = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return { url: `mqtt://${h.includes(':') ? `[${h}]` : h}:${port}`, ...(user ? { username: user.username, password: user.password as string } : {}) };
}

export async function runDaemon(
  kind: string,
  deviceId: string,
  config: SiteConfig,
  log: Logger,
  registry?: DriverRegistry,
): Promise<{ close: () => Promise<void> }> {
  const device = config.devices.find((d) => d.id === deviceId);
  if (!device) throw new GatewayError('DAEMON_UNKNOWN_DEVICE', `no device '${deviceId}' in the site config (devices: ${config.devices.map((d) => d.id).join(', ') || 'none'})`);
  const expected = daemonKindOf(device);
  if (kind !== expected) throw new GatewayError('DAEMON_WRONG_KIND', `device '${deviceId}' is a ${device.kind} served by 'daemon ${expected}', not 'daemon ${kind}'`);
  const topics = topicsFor(config.site.id);
  const endpoint = busEndpointFor(config, deviceId);
  const bus = new BusClient({
    ...endpoint,
    clientId: `warehouse-gateway-daemon-${config.site.id}-${deviceId}`,
    log: log.child({ component: 'bus' }),
    statusTopic: topics.deviceStatus(deviceId),
    statusBody: { device: deviceId, detail: 'daemon stopped' },
    announceOnline: false,
  });
  await bus.waitConnected(10_000).catch((err: Error) => log.warn({ err: err.message }, 'daemon: broker not reachable yet; retrying in the background'));
  const host = new DeviceHost({ devices: [{ ...device, enabled: true }], profilesDir: DEFAULT_PROFILES_DIR, bus, topics, log, ...(registry ? { registry } : {}) });
  await host.start();
  log.info({ device: deviceId, kind, bus: endpoint.url }, 'daemon ready');
  return {
    async close() {
      await host.stop();
      await bus.close();
    },
  };
}
