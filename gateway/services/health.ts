/**
 * The health report behind GET /health: process, store, bus and each device, and an overall
 * verdict. down: the store or the bus is unusable. degraded: something a user should look at
 * (an enabled device not online, events waiting to be published).
 */
import type { Store } from '../store/store.ts';
import { outboxStats } from '../store/outbox.sqlite.ts';
import { schemaVersion } from '../store/db.ts';
import type { DeviceRegistry, DeviceState } from './devices.ts';

export type Verdict = 'ok' | 'degraded' | 'down';

export interface BusHealth {
  status: 'ok' | 'down';
  broker: 'embedded' | 'external';
  url: string;
  connected: boolean;
  connected_clients?: number;
  error?: string;
}

export interface HealthReport {
  status: Verdict;
  problems: string[];
  site: string;
  gateway: string;
  version: string;
  time: string;
  process: { pid: number; uptime_s: number; rss_bytes: number; heap_used_bytes: number; node: string };
  store: { status: 'ok' | 'down'; file: string; schema_version?: number; outbox?: ReturnType<typeof outboxStats>; error?: string };
  bus: BusHealth;
  devices: DeviceState[];
}

export interface HealthSources {
  site: string;
  gateway: string;
  version: string;
  store: Store;
  bus: () => BusHealth;
  devices: DeviceRegistry;
}

export function healthReport(src: HealthSources): HealthReport {
  const problems: string[] = [];
  let store: HealthReport['store'];
  try {
    src.store.db.prepare('SELECT 1').get();
    store = { status: 'ok', file: src.store.file, schema_version: schemaVersion(src.store.db), outbox: outboxStats(src.store) };
  } catch (err) {
    store = { status: 'down', file: src.store.file, error: (err as Error).message };
    problems.push(`store: ${(err as Error).message}`);
  }
  const bus = src.bus();
  if (bus.status !== 'ok') problems.push(`bus: not connected to ${bus.url}${bus.error ? ` (${bus.error})` : ''}`);
  const devices = src.devices.list();
  const down = problems.length > 0;
  for (const d of devices) {
    if (d.enabled && d.status !== 'online') problems.push(`device ${d.id}: ${d.status}${d.detail ? ` (${d.detail})` : ''}`);
  }
  const mem = process.memoryUsage();
  return {
    status: down ? 'down' : problems.length > 0 ? 'degraded' : 'ok',
    problems,
    site: src.site,
    gateway: src.gateway,
    version: src.version,
    time: new Date().toISOString(),
    process: { pid: process.pid, uptime_s: Math.round(process.uptime()), rss_bytes: mem.rss, heap_used_bytes: mem.heapUsed, node: process.version },
    store,
    bus,
    devices,
  };
}
