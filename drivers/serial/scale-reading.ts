/**
 * The one reading type every scale protocol parser emits (serial and USB), normalised to grams.
 * Conversions are exact by definition: 1 lb = 453.59237 g (international yard and pound, 1959),
 * 1 oz = 1/16 lb = 28.349523125 g, 1 troy oz = 31.1034768 g, 1 dwt = 1/20 troy oz.
 */

export type WeightUnit = 'mg' | 'g' | 'kg' | 't' | 'lb' | 'oz' | 'ozt' | 'dwt' | 'ct';

export const GRAMS_PER_UNIT: Readonly<Record<WeightUnit, number>> = {
  mg: 0.001,
  g: 1,
  kg: 1000,
  t: 1_000_000,
  lb: 453.59237,
  oz: 28.349523125,
  ozt: 31.1034768,
  dwt: 1.55517384,
  ct: 0.2,
};

export type ScaleStatus = 'zero' | 'underload' | 'overload' | 'busy' | 'error';

export type ScaleReading =
  | {
      kind: 'weight';
      /** as the scale shows it, in `unit`; negative when below zero */
      value: number;
      unit: WeightUnit;
      /** `value` in grams, rounded to 0.001 g */
      grams: number;
      stable: boolean;
      /** true when the value is net (a tare is active) */
      net?: boolean;
      /** tare in `unit`, when the protocol reports it */
      tare?: number;
    }
  | { kind: 'status'; status: ScaleStatus; detail: string };

/** Grams rounded to a milligram: enough for any warehouse scale, free of binary noise. */
export function toGrams(value: number, unit: WeightUnit): number {
  const g = Math.round(value * GRAMS_PER_UNIT[unit] * 1000) / 1000;
  return g === 0 ? 0 : g; // no -0
}

/** Round to `decimals` places without binary noise (0.1 + 0.2 -> 0.3). */
export function roundTo(value: number, decimals: number): number {
  const r = Number(value.toFixed(Math.max(0, Math.min(20, decimals))));
  return r === 0 ? 0 : r;
}

export function weightReading(value: number, unit: WeightUnit, stable: boolean, extra: { net?: boolean; tare?: number } = {}): ScaleReading {
  const r: ScaleReading = { kind: 'weight', value, unit, grams: toGrams(value, unit), stable };
  if (extra.net !== undefined) r.net = extra.net;
  if (extra.tare !== undefined) r.tare = extra.tare;
  return r;
}

/** Parse a unit as scales print it ("g", "kg", "lb", "oz", "t", "ozt", "dwt", "ct"); case-insensitive. */
export function parseUnit(text: string): WeightUnit | undefined {
  const u = text.trim().toLowerCase();
  switch (u) {
    case 'g': case 'mg': case 'kg': case 't': case 'lb': case 'oz': case 'ozt': case 'dwt': case 'ct': return u;
    case 'lbs': return 'lb';
    default: return undefined;
  }
}

/** A resumable byte-stream protocol parser: feed chunks of any size, get readings back. */
export interface ScaleStreamParser {
  push(chunk: Uint8Array): ScaleReading[];
  /** counters for /metrics and logs */
  readonly stats: Readonly<Record<string, number>>;
  reset(): void;
}
