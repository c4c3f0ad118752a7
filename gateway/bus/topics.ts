/**
 * Every bus topic string is built here (DESIGN §5). Payloads are JSON with "v": 1.
 * Ids are validated topic-safe by the config schema; `assertSegment` guards anything else.
 */

export const PAYLOAD_VERSION = 1;

const SEGMENT = /^[^/+#\u0000]+$/;
export function assertSegment(value: string, what: string): string {
  if (!SEGMENT.test(value)) throw new Error(`${what} '${value}' cannot be used in an MQTT topic (no '/', '+', '#')`);
  return value;
}

export interface Topics {
  readonly root: string;
  deviceStatus(deviceId: string): string;
  rfidReads(readerId: string): string;
  /** A reader GPI input changed (or its state was read on connect): wh/{site}/rfid/{readerId}/gpi */
  rfidGpi(readerId: string): string;
  scan(deviceId: string): string;
  scaleWeight(deviceId: string): string;
  printerStatus(printerId: string): string;
  event(type: string): string;
  feedback(deviceId: string): string;
  command(deviceId: string): string;
  /** Subscription filters */
  readonly all: string;
  readonly allDeviceStatus: string;
  readonly allRfidReads: string;
  readonly allRfidGpi: string;
  readonly allScans: string;
  readonly allWeights: string;
  readonly allEvents: string;
  /** The topics a device identity may publish to (ACL) */
  devicePublishable(deviceId: string): string[];
  /** Parse a topic of this site back to its kind and id; undefined for foreign topics */
  parse(topic: string): ParsedTopic | undefined;
}

export type ParsedTopic =
  | { kind: 'device-status' | 'rfid-reads' | 'rfid-gpi' | 'scan' | 'scale-weight' | 'printer-status' | 'feedback' | 'command'; id: string }
  | { kind: 'event'; type: string };

export function topicsFor(siteId: string): Topics {
  const root = `wh/${assertSegment(siteId, 'site id')}`;
  const seg = (v: string, what: string) => assertSegment(v, what);
  const t: Topics = {
    root,
    deviceStatus: (id) => `${root}/device/${seg(id, 'device id')}/status`,
    rfidReads: (id) => `${root}/rfid/${seg(id, 'reader id')}/reads`,
    rfidGpi: (id) => `${root}/rfid/${seg(id, 'reader id')}/gpi`,
    scan: (id) => `${root}/scan/${seg(id, 'device id')}`,
    scaleWeight: (id) => `${root}/scale/${seg(id, 'device id')}/weight`,
    printerStatus: (id) => `${root}/printer/${seg(id, 'printer id')}/status`,
    event: (type) => `${root}/event/${seg(type, 'event type')}`,
    feedback: (id) => `${root}/feedback/${seg(id, 'device id')}`,
    command: (id) => `${root}/cmd/${seg(id, 'device id')}`,
    all: `${root}/#`,
    allDeviceStatus: `${root}/device/+/status`,
    allRfidReads: `${root}/rfid/+/reads`,
    allRfidGpi: `${root}/rfid/+/gpi`,
    allScans: `${root}/scan/+`,
    allWeights: `${root}/scale/+/weight`,
    allEvents: `${root}/event/+`,
    devicePublishable: (id) => [t.deviceStatus(id), t.rfidReads(id), t.scan(id), t.scaleWeight(id), t.printerStatus(id), t.rfidGpi(id)],
    parse(topic) {
      if (!topic.startsWith(`${root}/`)) return undefined;
      const p = topic.slice(root.length + 1).split('/');
      const [a, b, c] = p;
      if (b === undefined || b === '') return undefined;
      if (p.length === 3 && a === 'device' && c === 'status') return { kind: 'device-status', id: b };
      if (p.length === 3 && a === 'rfid' && c === 'reads') return { kind: 'rfid-reads', id: b };
      if (p.length === 3 && a === 'rfid' && c === 'gpi') return { kind: 'rfid-gpi', id: b };
      if (p.length === 3 && a === 'scale' && c === 'weight') return { kind: 'scale-weight', id: b };
      if (p.length === 3 && a === 'printer' && c === 'status') return { kind: 'printer-status', id: b };
      if (p.length === 2 && a === 'scan') return { kind: 'scan', id: b };
      if (p.length === 2 && a === 'feedback') return { kind: 'feedback', id: b };
      if (p.length === 2 && a === 'cmd') return { kind: 'command', id: b };
      if (p.length === 2 && a === 'event') return { kind: 'event', type: b };
      return undefined;
    },
  };
  return t;
}

/** Retained device status payload (DESIGN §5). */
export interface DeviceStatusPayload {
  v: 1;
  device: string;
  status: 'online' | 'offline' | 'error' | 'connecting';
  detail?: string;
  at: string;
}

/**
 * A reader GPI input (wh/{site}/rfid/{readerId}/gpi): `state` is the electrical level (true =
 * high), `atUs` when the reader saw it, UTC microseconds on the reader's clock (as the
 * firstSeenUs / lastSeenUs of reads), `at` when the driver published it (ISO, its wall clock).
 */
export interface GpiPayload {
  v: 1;
  reader: string;
  /** GPI port number, from 1 */
  port: number;
  state: boolean;
  atUs: number;
  at: string;
}
