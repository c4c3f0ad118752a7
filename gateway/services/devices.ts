/**
 * What the gateway knows of each configured device: its last status, heard on the bus
 * (`wh/{site}/device/{id}/status`, retained, last will = offline) and kept in the store so
 * /health shows the last known state after a restart too.
 */
import { z } from 'zod';
import type { Logger } from 'pino';
import type { DeviceConfig } from '../config/schema.ts';
import type { Store } from '../store/store.ts';
import { listDevices, recordDeviceStatus } from '../store/master.sqlite.ts';
import type { Counter } from '../metrics.ts';

export const DeviceStatusMessage = z.object({
  v: z.literal(1),
  status: z.enum(['online', 'offline', 'error', 'connecting']),
  detail: z.string().max(2000).optional(),
  at: z.string().optional(),
});

export interface DeviceState {
  id: string;
  kind: string;
  name: string | null;
  enabled: boolean;
  status: string;
  detail: string | null;
  since: string | null;
}

export class DeviceRegistry {
  private readonly devices = new Map<string, DeviceState>();

  constructor(
    private readonly store: Store,
    configured: readonly DeviceConfig[],
    private readonly log: Logger,
    private readonly badMessages: Counter,
  ) {
    const known = new Map(listDevices(store).map((d) => [d.id, d]));
    for (const d of configured) {
      const row = known.get(d.id);
      this.devices.set(d.id, {
        id: d.id,
        kind: d.kind,
        name: d.name ?? null,
        enabled: d.enabled,
        // After a restart nothing is known to be online until the device says so again.
        status: d.enabled ? (row?.status === 'online' ? 'unknown' : (row?.status ?? 'unknown')) : 'disabled',
        detail: row?.detail ?? null,
        since: row?.status_at ?? null,
      });
    }
  }

  /** Handle a message on wh/{site}/device/{id}/status. */
  onStatusMessage(deviceId: string, payload: Buffer): void {
    const device = this.devices.get(deviceId);
    if (!device) {
      this.badMessages.inc({ reason: 'unknown-device' });
      this.log.debug({ deviceId }, 'status of a device that is not in the config: ignored');
      return;
    }
    let parsed;
    try {
      parsed = DeviceStatusMessage.safeParse(JSON.parse(payload.toString('utf8')));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) {
      this.badMessages.inc({ reason: 'invalid-status' });
      this.log.warn({ deviceId, error: parsed?.error.issues[0]?.message ?? 'not JSON' }, 'bus: invalid device status message dropped');
      return;
    }
    const at = new Date().toISOString();
    device.status = device.enabled ? parsed.data.status : 'disabled';
    device.detail = parsed.data.detail ?? null;
    device.since = at;
    recordDeviceStatus(this.store, deviceId, device.status, device.detail, at);
  }

  list(): DeviceState[] {
    return [...this.devices.values()];
  }
}
