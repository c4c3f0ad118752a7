/**
 * From a stream of scale readings (any protocol, serial or USB) to the few events a warehouse
 * wants: a weight when the scale has settled, and the scale's conditions. Pure: readings in,
 * events out, no clock.
 *
 * - A reading becomes a weight only when stable: the scale says so (no motion flag) AND the
 *   last `stableReadings` readings were equal (within `toleranceGrams`).
 * - Zero, below zero, underload, overload, busy-for-good and errors are conditions, never
 *   weights. A settled 0 g is the condition `zero`; a settled negative value is `underload`
 *   ("below zero").
 * - Each settled state is reported once: the same weight (or condition) again is not repeated
 *   until something else was reported in between. `reset()` after a reconnect forgets that,
 *   so the state after an outage is always reported.
 */
import type { ScaleReading, ScaleStatus, WeightUnit } from './scale-reading.ts';

export type ScaleCondition = Exclude<ScaleStatus, 'busy'> | 'busy';

export type ScaleEvent =
  | { kind: 'weight'; grams: number; value: number; unit: WeightUnit; net: boolean; tare?: number }
  | { kind: 'condition'; condition: ScaleCondition; detail: string };

export interface StableWeightOptions {
  /** equal stable readings needed; default 3 */
  stableReadings?: number;
  /** readings closer than this count as equal; default 0 (exactly equal grams) */
  toleranceGrams?: number;
}

export class StableWeightFilter {
  private readonly n: number;
  private readonly tolerance: number;
  private candidate: Extract<ScaleReading, { kind: 'weight' }> | undefined;
  private count = 0;
  private last: string | undefined;
  readonly counters = { readings: 0, motion: 0, weights: 0, conditions: 0 };

  constructor(options: StableWeightOptions = {}) {
    this.n = Math.max(1, Math.trunc(options.stableReadings ?? 3));
    this.tolerance = Math.max(0, options.toleranceGrams ?? 0);
  }

  /** Forget everything (after a reconnect): the next settled state is reported even if unchanged. */
  reset(): void {
    this.candidate = undefined;
    this.count = 0;
    this.last = undefined;
  }

  push(reading: ScaleReading): ScaleEvent[] {
    this.counters.readings++;
    if (reading.kind === 'status') {
      this.candidate = undefined;
      this.count = 0;
      // Busy ("S I", power-up not zeroed) is the scale not having a value yet: like motion.
      if (reading.status === 'busy') {
        this.counters.motion++;
        return [];
      }
      return this.report({ kind: 'condition', condition: reading.status, detail: reading.detail });
    }
    if (!reading.stable) {
      this.counters.motion++;
      this.candidate = undefined;
      this.count = 0;
      return [];
    }
    if (this.candidate && Math.abs(this.candidate.grams - reading.grams) <= this.tolerance) this.count++;
    else {
      this.candidate = reading;
      this.count = 1;
    }
    if (this.count < this.n) return [];
    const r = this.candidate;
    if (r.grams === 0) return this.report({ kind: 'condition', condition: 'zero', detail: `stable at zero${r.net ? ' (net)' : ''}` });
    if (r.grams < 0) return this.report({ kind: 'condition', condition: 'underload', detail: `below zero: ${r.value} ${r.unit}${r.net ? ' net' : ''}` });
    return this.report({ kind: 'weight', grams: r.grams, value: r.value, unit: r.unit, net: r.net ?? false, ...(r.tare !== undefined ? { tare: r.tare } : {}) });
  }

  private report(e: ScaleEvent): ScaleEvent[] {
    const key = e.kind === 'weight' ? `w:${e.grams}:${e.net}` : `c:${e.condition}`;
    if (key === this.last) return [];
    this.last = key;
    if (e.kind === 'weight') this.counters.weights++;
    else this.counters.conditions++;
    return [e];
  }
}

/** The bus payload for a scale event (wh/{site}/scale/{id}/weight; the host adds v, device, at). */
export function scaleEventPayload(e: ScaleEvent): Record<string, unknown> {
  if (e.kind === 'weight') {
    return { grams: e.grams, stable: true, value: e.value, unit: e.unit, net: e.net, ...(e.tare !== undefined ? { tare: e.tare } : {}) };
  }
  return { stable: e.condition === 'zero', condition: e.condition, detail: e.detail };
}
