/**
 * METTLER TOLEDO MT-SICS (Standard Interface Command Set) replies and commands.
 * Facts from the MT-SICS reference manuals (level 0/1 commands S, SI, T, Z; e.g. "MT-SICS
 * 11780711" and the XPR/XSR reference, §2 "Response formats", §2.3 "Error messages"):
 *   - commands and replies are ASCII lines ending CR LF; fields separated by spaces;
 *   - S/SI reply "S S <value> <unit>" (stable) or "S D <value> <unit>" (dynamic, SI only);
 *     "S I" not executable now (busy / no stability in time), "S +" overload, "S -" underload;
 *   - T reply "T S <tare value> <unit>" (tare taken), "T I", "T +", "T -";
 *   - Z reply "Z A" (zero set), "Z I", "Z +", "Z -";
 *   - general errors: "ES" syntax error, "ET" transmission error, "EL" logical error.
 */
import { LineFramer } from './line-scanner.ts';
import { parseUnit, roundTo, weightReading, type ScaleReading, type ScaleStreamParser } from './scale-reading.ts';

export type MtSicsCommand = 'S' | 'SI' | 'SIR' | 'T' | 'TI' | 'TAC' | 'Z' | 'ZI' | '@';

/** The bytes to send for a command: the command name then CR LF. */
export function buildMtSicsCommand(command: MtSicsCommand): Uint8Array {
  return Uint8Array.from(`${command}\r\n`, (c) => c.charCodeAt(0));
}

/**
 * A weight reply as a scale sends it (for the simulator and tests): command, stability, the
 * value right-aligned in 10 characters, the unit, CR LF. e.g. "S S     100.00 g".
 */
export function formatMtSicsWeight(command: 'S' | 'T', state: 'S' | 'D', value: number, unit: string, decimals: number): string {
  return `${command} ${state} ${value.toFixed(decimals).padStart(10)} ${unit}\r\n`;
}

const WEIGHT = /^([ST]) +([SD]) +([-+]?\s*\d+(?:\.\d+)?|[-+]?\s*\.\d+) +(\S+)\s*$/;

const ERRORS: Readonly<Record<string, string>> = {
  ES: 'syntax error (ES): the scale did not recognise the command',
  ET: 'transmission error (ET): the scale received a garbled command',
  EL: 'logical error (EL): the command cannot be executed now',
};

/**
 * One MT-SICS reply line (without CR LF) -> a reading, or undefined if it is not a weight,
 * status or error reply (e.g. an I4 serial-number reply).
 */
export function parseMtSicsLine(line: string): ScaleReading | undefined {
  const text = line.replace(/\s+$/, '');
  const err = ERRORS[text];
  if (err !== undefined) return { kind: 'status', status: 'error', detail: err };

  const m = WEIGHT.exec(text);
  if (m) {
    const [, cmd, state, num = '', unitText = ''] = m;
    const unit = parseUnit(unitText);
    if (unit === undefined) return { kind: 'status', status: 'error', detail: `MT-SICS reply in unsupported unit ${JSON.stringify(unitText)}: ${text}` };
    const decimals = (num.split('.')[1] ?? '').length;
    const value = roundTo(Number(num.replace(/\s+/g, '')), decimals);
    if (cmd === 'T') {
      // Tare taken: the display now shows net zero with this tare.
      if (state !== 'S') return undefined;
      return weightReading(0, unit, true, { net: true, tare: value });
    }
    return weightReading(value, unit, state === 'S');
  }

  const s = /^([STZ]) +([IA+-])$/.exec(text);
  if (s) {
    const [, cmd, code] = s;
    const what = cmd === 'S' ? 'weighing' : cmd === 'T' ? 'tare' : 'zero';
    switch (code) {
      case 'A':
        return cmd === 'Z' ? { kind: 'status', status: 'zero', detail: 'zero set (Z A)' } : undefined;
      case 'I':
        return { kind: 'status', status: 'busy', detail: `${what} not executable now (${cmd} I): busy or no stable weight in time` };
      case '+':
        return { kind: 'status', status: 'overload', detail: cmd === 'Z' ? 'zero range exceeded (Z +)' : `overload (${cmd} +)` };
      case '-':
        return { kind: 'status', status: 'underload', detail: cmd === 'Z' ? 'below zero range (Z -)' : `underload (${cmd} -)` };
    }
  }
  return undefined;
}

/** Resumable MT-SICS reply parser over a byte stream. */
export class MtSicsParser implements ScaleStreamParser {
  private readonly framer: LineFramer;
  private readonly counters = { replies: 0, unrecognised: 0, overlong: 0 };

  constructor(options: { maxLineLength?: number } = {}) {
    this.framer = new LineFramer({ terminator: 'any', maxLength: options.maxLineLength ?? 128 });
  }

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
      const r = parseMtSicsLine(f.text);
      if (r === undefined) this.counters.unrecognised++;
      else {
        this.counters.replies++;
        out.push(r);
      }
    }
    return out;
  }
}
