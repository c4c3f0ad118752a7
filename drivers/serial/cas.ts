/**
 * CAS indicator continuous output, "CAS 22 bytes" format (also read: the 18-byte "AND" format
 * the same indicators offer). Facts from CAS manuals (CI-150A / CI-400 / CI-600D "Serial data
 * information", NT-200 "CAS Protocol (22 bytes)", PDI "Transmission data format (22 bytes)"):
 *
 *   offset  0-1  header 1: "ST" stable, "US" unstable, "OL" overload
 *           2    ','
 *           3-4  header 2: "GS" gross, "NT" net
 *           5    ','
 *           6    device ID (one byte, ASCII '1'.. set in the indicator)
 *           7    lamp status byte: bit7 1, bit6 stable, bit4 hold, bit3 printer,
 *                bit2 gross, bit1 tare, bit0 zero point
 *           8    ','
 *           9-16 weight, 8 ASCII characters including sign and decimal point, e.g. "+00013.5"
 *           17   ' '
 *           18-19 unit: "kg", " t", " g", "lb"
 *           20-21 CR LF
 *   AND 18 bytes: "ST,GS," + 8 weight characters + 2 unit characters + CR LF.
 */
import { LineFramer } from './line-scanner.ts';
import { parseUnit, roundTo, weightReading, type ScaleReading, type ScaleStreamParser } from './scale-reading.ts';

export interface CasLamps {
  stable: boolean;
  hold: boolean;
  printer: boolean;
  gross: boolean;
  tare: boolean;
  zero: boolean;
}

export type CasLine =
  | { ok: true; reading: ScaleReading; format: 'cas22' | 'and18'; deviceId?: string; lamps?: CasLamps }
  | { ok: false; code: 'CAS_BAD_FRAME'; message: string };

const bad = (message: string): CasLine => ({ ok: false, code: 'CAS_BAD_FRAME', message });

function parseWeight(text: string): { value: number; decimals: number } | undefined {
  const t = text.replace(/\s+/g, '');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return undefined;
  const decimals = (t.split('.')[1] ?? '').length;
  return { value: roundTo(Number(t), decimals), decimals };
}

/** One line without CR LF (latin1, one char per byte). */
export function parseCasLine(line: string): CasLine {
  let format: 'cas22' | 'and18';
  let weightText: string;
  let unitText: string;
  let deviceId: string | undefined;
  let lampByte: number | undefined;
  if (line.length === 20 && line[2] === ',' && line[5] === ',' && line[8] === ',') {
    format = 'cas22';
    deviceId = line[6];
    lampByte = line.charCodeAt(7);
    weightText = line.slice(9, 17);
    unitText = line.slice(18, 20);
  } else if (line.length === 16 && line[2] === ',' && line[5] === ',') {
    format = 'and18';
    weightText = line.slice(6, 14);
    unitText = line.slice(14, 16);
  } else {
    return bad(`CAS frame must be 20 (CAS 22-byte) or 16 (AND 18-byte) characters before CR LF with commas at fixed places, got ${line.length}: ${JSON.stringify(line)}`);
  }
  const state = line.slice(0, 2);
  const mode = line.slice(3, 5);
  if (state !== 'ST' && state !== 'US' && state !== 'OL') return bad(`CAS header ${JSON.stringify(state)} is not ST, US or OL`);
  if (mode !== 'GS' && mode !== 'NT') return bad(`CAS weight mode ${JSON.stringify(mode)} is not GS or NT`);
  const lamps: CasLamps | undefined =
    lampByte === undefined
      ? undefined
      : { stable: (lampByte & 0x40) !== 0, hold: (lampByte & 0x10) !== 0, printer: (lampByte & 0x08) !== 0, gross: (lampByte & 0x04) !== 0, tare: (lampByte & 0x02) !== 0, zero: (lampByte & 0x01) !== 0 };
  const extra = { format, ...(deviceId !== undefined ? { deviceId } : {}), ...(lamps ? { lamps } : {}) };
  if (state === 'OL') return { ok: true, reading: { kind: 'status', status: 'overload', detail: 'overload (CAS header OL)' }, ...extra };
  const unit = parseUnit(unitText);
  if (unit === undefined) return bad(`CAS unit ${JSON.stringify(unitText)} is not kg, g, t or lb`);
  const w = parseWeight(weightText);
  if (!w) return bad(`CAS weight ${JSON.stringify(weightText)} is not a number`);
  return { ok: true, reading: weightReading(w.value, unit, state === 'ST', { net: mode === 'NT' }), ...extra };
}

/**
 * Encode one CAS 22-byte frame (for the simulator and tests): weight in `unit` with
 * `decimals` places, sign included, right-aligned in 8 characters, zero-padded.
 */
export function encodeCasFrame(fields: { state: 'ST' | 'US' | 'OL'; mode: 'GS' | 'NT'; deviceId?: string; lamps?: Partial<CasLamps>; value: number; decimals: number; unit: 'kg' | 'g' | 'lb' | 't' }): Uint8Array {
  const l = fields.lamps ?? {};
  const lamp = 0x80 | (l.stable ? 0x40 : 0) | (l.hold ? 0x10 : 0) | (l.printer ? 0x08 : 0) | (l.gross ? 0x04 : 0) | (l.tare ? 0x02 : 0) | (l.zero ? 0x01 : 0);
  const sign = fields.value < 0 ? '-' : '+';
  const digits = Math.abs(fields.value).toFixed(fields.decimals).padStart(7, '0').slice(-7);
  const unit = fields.unit.length === 1 ? ` ${fields.unit}` : fields.unit;
  const text = `${fields.state},${fields.mode},${(fields.deviceId ?? '1').charAt(0)}${String.fromCharCode(lamp)},${sign}${digits} ${unit}\r\n`;
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
}

/** Resumable CAS parser over a byte stream (lines end in CR LF; a lone CR or LF also ends one). */
export class CasParser implements ScaleStreamParser {
  private readonly framer = new LineFramer({ terminator: 'any', maxLength: 64 });
  private readonly counters = { frames: 0, badFrames: 0, overlong: 0 };

  get stats(): Readonly<Record<string, number>> {
    return { ...this.counters };
  }

  reset(): void {
    this.framer.reset();
  }

  push(chunk: Uint8Array): ScaleReading[] {
    const out: ScaleReading[] = [];
    for (const f of this.framer.push(chunk)) {
      if (f.kind === 'overlong') {
        this.counters.overlong++;
        continue;
      }
      let text = f.text;
      // Garbage before a frame (line noise, a frame cut at connect): resynchronise on the header.
      if (text.length > 20) {
        const at = text.search(/(ST|US|OL),(GS|NT),/);
        if (at > 0) text = text.slice(at);
      }
      const r = parseCasLine(text);
      if (r.ok) {
        this.counters.frames++;
        out.push(r.reading);
      } else this.counters.badFrames++;
    }
    return out;
  }
}
