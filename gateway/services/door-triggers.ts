/**
 * Door presence sensors: GPI levels from the bus (wh/{site}/rfid/+/gpi) into the pure sensor
 * state (domain/door-trigger.ts), and the answer the portal asks when it closes a track: did
 * this door's sensor see something while the tag was read (± the door's graceMs)? A door's
 * sensor is its config `trigger: { device, gpi, activeHigh, graceMs }`; doors without one are
 * always triggered. One GPI input may serve several doors.
 *
 * Invalid payloads are logged (rate-limited), counted and dropped. Memory: sensor history
 * older than `retainMs` is pruned as messages arrive, and each door keeps a bounded number of
 * levels. Times are UTC microseconds on the reader's clock, like the reads' first/last seen.
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import type { DoorConfig } from '../config/schema.ts';
import type { Counter, Metrics } from '../metrics.ts';
import { ReaderInput, zodCheck } from './reader-input.ts';
import { createDoorTriggerState, pruneBefore, recordLevel, sensorView, triggered, type DoorTriggerState } from '../domain/door-trigger.ts';

/** wh/{site}/rfid/{reader}/gpi (bus/topics.ts GpiPayload). */
export const GpiPayloadSchema = z.object({
  v: z.literal(1),
  reader: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  state: z.boolean(),
  atUs: z.number().finite().nonnegative(),
  at: z.string().optional(),
});

export interface DoorTriggersOptions {
  doors: readonly DoorConfig[];
  metrics: Metrics;
  log: Logger;
  /** Sensor history kept, ms. Default: 15 min, or twice the longest parkAfterMs plus grace if longer */
  retainMs?: number;
  /** Wall clock in UTC µs (pruning only); default Date.now */
  nowUs?: () => number;
}

export interface DoorTriggerView {
  door: string;
  device: string;
  gpi: number;
  active_high: boolean;
  grace_ms: number;
  /** unknown: no level heard from the reader yet */
  state: 'active' | 'inactive' | 'unknown';
  /** When the current state began (reader clock), ISO */
  since: string | null;
}

const PRUNE_EVERY_US = 10_000_000;

export class DoorTriggers {
  readonly state: DoorTriggerState;
  private readonly triggers: { door: string; device: string; gpi: number; activeHigh: boolean; graceMs: number }[];
  /** `${reader} ${port}` -> doors */
  private readonly inputs = new Map<string, string[]>();
  private readonly readers = new Set<string>();
  private readonly input: ReaderInput<z.output<typeof GpiPayloadSchema>>;
  private readonly levels: Counter;
  private readonly retainUs: number;
  private readonly nowUs: () => number;
  private lastPruneUs = 0;

  constructor(private readonly opts: DoorTriggersOptions) {
    this.triggers = opts.doors.flatMap((d) => (d.trigger ? [{ door: d.id, ...d.trigger }] : []));
    this.state = createDoorTriggerState(this.triggers.map((t) => ({ door: t.door, activeHigh: t.activeHigh, graceMs: t.graceMs })));
    for (const t of this.triggers) {
      const key = `${t.device} ${t.gpi}`;
      this.inputs.set(key, [...(this.inputs.get(key) ?? []), t.door]);
      this.readers.add(t.device);
    }
    const longest = Math.max(0, ...opts.doors.map((d) => d.thresholds.parkAfterMs ?? 0));
    const grace = Math.max(0, ...this.triggers.map((t) => t.graceMs));
    this.retainUs = (opts.retainMs ?? Math.max(15 * 60_000, 2 * longest + grace)) * 1000;
    this.nowUs = opts.nowUs ?? (() => Date.now() * 1000);
    this.input = new ReaderInput({ check: zodCheck(GpiPayloadSchema), bad: opts.metrics.counter('wg_door_trigger_bad_messages_total', 'GPI messages dropped as invalid, by reason'), log: opts.log, message: 'door triggers: invalid GPI message dropped' });
    this.levels = opts.metrics.counter('wg_door_trigger_levels_total', 'Presence sensor levels heard, by door and state (active, inactive)');
    opts.metrics.gauge('wg_door_sensor_active', '1 while the door presence sensor sees something, 0 when not (doors whose sensor state is known)', () =>
      this.view().flatMap((v) => (v.state === 'unknown' ? [] : [{ labels: { door: v.door }, value: v.state === 'active' ? 1 : 0 }])),
    );
    opts.metrics.gauge('wg_door_trigger_levels_kept', 'Presence sensor levels kept in memory, all doors', () => {
      let n = 0;
      for (const s of this.state.doors.values()) n += s.observations.length;
      return n;
    });
  }

  /** Whether any door has a presence sensor. */
  get configured(): boolean {
    return this.triggers.length > 0;
  }

  /** For the portal: doors without a sensor are always triggered. */
  triggered(door: string, fromUs: number, toUs: number): boolean {
    return triggered(this.state, door, fromUs, toUs);
  }

  /** One bus message (topic wh/{site}/rfid/{reader}/gpi). */
  onMessage(readerFromTopic: string, payload: Buffer): void {
    const m = this.input.parse(readerFromTopic, payload);
    if (m === undefined) return;
    this.record(m.reader, m.port, m.state, m.atUs);
  }

  /** A GPI level of a reader input (true = high) at atUs (UTC µs, reader clock). */
  record(reader: string, port: number, level: boolean, atUs: number): void {
    const doors = this.inputs.get(`${reader} ${port}`);
    if (!doors) {
      if (this.readers.has(reader)) this.opts.log.debug({ reader, port, level }, 'door triggers: a GPI input no door uses');
      return;
    }
    for (const door of doors) {
      const changed = recordLevel(this.state, door, atUs, level);
      const cfg = this.state.doors.get(door)?.config;
      const active = cfg !== undefined && level === cfg.activeHigh;
      this.levels.inc({ door, state: active ? 'active' : 'inactive' });
      if (changed) this.opts.log.debug({ door, reader, port, level, active, atUs }, 'door triggers: sensor level');
    }
    const now = this.nowUs();
    if (now - this.lastPruneUs >= PRUNE_EVERY_US) {
      this.lastPruneUs = now;
      pruneBefore(this.state, now - this.retainUs);
    }
  }

  /** Each door's sensor: its input and current state (for /health). */
  view(): DoorTriggerView[] {
    return this.triggers.map((t) => {
      const v = sensorView(this.state, t.door);
      return {
        door: t.door,
        device: t.device,
        gpi: t.gpi,
        active_high: t.activeHigh,
        grace_ms: t.graceMs,
        state: v?.active === undefined ? 'unknown' : v.active ? 'active' : 'inactive',
        since: v?.sinceUs === undefined ? null : new Date(Math.floor(v.sinceUs / 1000)).toISOString(),
      };
    });
  }
}

/** Adds `door_triggers` (each door sensor's state) to a health report; informational, no verdict. */
export function withDoorTriggerHealth<R extends object>(report: R, triggers: DoorTriggers | undefined): R {
  if (!triggers?.configured) return report;
  return { ...report, door_triggers: triggers.view() };
}
