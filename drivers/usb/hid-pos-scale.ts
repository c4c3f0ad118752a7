/**
 * USB HID point-of-sale scale input report (HID Usage Tables, POS "Scale" page 0x8D; the
 * 6-byte report sent by Dymo, Mettler Toledo PS-series, Stamps.com and similar USB scales):
 *
 *   [0] report ID 0x03 (Weight report)
 *   [1] scale status: 1 fault, 2 stable at centre of zero, 3 in motion, 4 weight stable,
 *       5 under zero, 6 over weight limit, 7 requires calibration, 8 requires re-zeroing
 *   [2] weight unit: 1 mg, 2 g, 3 kg, 4 carat, 5 tael, 6 grain, 7 pennyweight, 8 metric ton,
 *       9 avoirdupois ton, 10 troy ounce, 11 ounce, 12 pound
 *   [3] data scaling: signed 8-bit power of ten
 *   [4..5] weight, unsigned 16-bit little-endian; weight = raw x 10^scaling
 *   Example: 03 04 0B FF 2C 01 = stable, 300 x 10^-1 = 30.0 oz.
 */
import { roundTo, weightReading, type ScaleReading, type WeightUnit } from '../serial/scale-reading.ts';

export const HID_SCALE_REPORT_ID = 0x03;

const UNITS: Readonly<Record<number, WeightUnit>> = { 1: 'mg', 2: 'g', 3: 'kg', 4: 'ct', 7: 'dwt', 8: 't', 10: 'ozt', 11: 'oz', 12: 'lb' };

export type HidScaleResult =
  | { ok: true; reading: ScaleReading }
  | { ok: false; code: 'HID_SCALE_BAD_REPORT' | 'HID_SCALE_UNKNOWN_UNIT' | 'HID_SCALE_UNKNOWN_STATUS'; message: string };

/**
 * Parse one input report. `withReportId` (default true): the report starts with its ID byte,
 * as hidraw and node-hid deliver numbered reports; false for 5-byte reports without it.
 */
export function parseHidScaleReport(report: Uint8Array, options: { withReportId?: boolean } = {}): HidScaleResult {
  const withId = options.withReportId ?? true;
  const o = withId ? 1 : 0;
  if (report.length < 5 + o) return { ok: false, code: 'HID_SCALE_BAD_REPORT', message: `a HID scale report is ${5 + o} bytes, got ${report.length}` };
  if (withId && report[0] !== HID_SCALE_REPORT_ID) {
    return { ok: false, code: 'HID_SCALE_BAD_REPORT', message: `report ID 0x${(report[0] ?? 0).toString(16).padStart(2, '0')} is not the scale weight report (0x03)` };
  }
  const status = report[o] as number;
  const unitCode = report[o + 1] as number;
  const exp = ((report[o + 2] as number) << 24) >> 24; // int8
  const raw = (report[o + 3] as number) | ((report[o + 4] as number) << 8);
  const decimals = exp < 0 ? -exp : 0;
  const value = roundTo(raw * 10 ** exp, decimals);

  switch (status) {
    case 1: return { ok: true, reading: { kind: 'status', status: 'error', detail: 'scale fault (HID status 1)' } };
    case 2: return { ok: true, reading: { kind: 'status', status: 'zero', detail: 'stable at centre of zero (HID status 2)' } };
    case 5: return { ok: true, reading: { kind: 'status', status: 'underload', detail: 'under zero (HID status 5)' } };
    case 6: return { ok: true, reading: { kind: 'status', status: 'overload', detail: 'over weight limit (HID status 6)' } };
    case 7: return { ok: true, reading: { kind: 'status', status: 'error', detail: 'scale requires calibration (HID status 7)' } };
    case 8: return { ok: true, reading: { kind: 'status', status: 'error', detail: 'scale requires re-zeroing (HID status 8)' } };
    case 3:
    case 4: {
      const unit = UNITS[unitCode];
      if (unit === undefined) return { ok: false, code: 'HID_SCALE_UNKNOWN_UNIT', message: `HID weight unit ${unitCode} is not supported (supported: ${Object.keys(UNITS).join(', ')})` };
      return { ok: true, reading: weightReading(value, unit, status === 4) };
    }
    default:
      return { ok: false, code: 'HID_SCALE_UNKNOWN_STATUS', message: `HID scale status ${status} is not 1-8` };
  }
}
