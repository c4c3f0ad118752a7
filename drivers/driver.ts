/**
 * The one lifecycle every device driver follows (DESIGN §2, STYLE "one driver lifecycle").
 * A driver knows its device and protocol, nothing of the warehouse, the store or the bus:
 * it gets a logger and an emit function, and its transport is injected by whoever builds it.
 */
import type { Logger } from 'pino';

export type DeviceStatus = 'online' | 'offline' | 'error' | 'connecting';

/** What a driver can say. The host turns each into a bus message on the device's own topic. */
export type DriverOutput =
  | { kind: 'status'; status: DeviceStatus; detail?: string }
  /** A batch of tag reads (one reader report): wh/{site}/rfid/{id}/reads */
  | { kind: 'reads'; payload: Record<string, unknown> }
  /** A reader GPI input level (port, state, atUs): wh/{site}/rfid/{id}/gpi */
  | { kind: 'gpi'; payload: Record<string, unknown> }
  /** One barcode scan: wh/{site}/scan/{id} */
  | { kind: 'scan'; payload: Record<string, unknown> }
  /** A stable weight or a scale condition: wh/{site}/scale/{id}/weight */
  | { kind: 'weight'; payload: Record<string, unknown> }
  /** Printer state and queue: wh/{site}/printer/{id}/status */
  | { kind: 'printer-status'; payload: Record<string, unknown> };

export interface DriverContext {
  /** The device id from the site config */
  deviceId: string;
  log: Logger;
  emit(output: DriverOutput): void;
}

export interface Driver {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** A command from wh/{site}/cmd/{id} (tare, zero, start/stop reader, ...); validated by the driver. */
  command?(command: Record<string, unknown>): Promise<void>;
}

/**
 * Builds a driver for one configured device. `device` is that device's entry of the site
 * config and `profile` its parsed profile file (firmware-configs/profiles/...).
 */
export type DriverFactory = (device: Record<string, unknown> & { id: string; kind: string }, profile: Record<string, unknown>, ctx: DriverContext) => Driver;
