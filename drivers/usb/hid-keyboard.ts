/**
 * HID keyboard boot reports -> typed text, for keyboard-wedge barcode scanners on USB
 * (HID 1.11 Appendix B.1 boot keyboard report; key codes from HID Usage Tables 1.4 §10,
 * "Keyboard/Keypad Page 0x07"; US layout, which is what scanners are programmed to type).
 *
 *   [0] modifiers: bit0 LCtrl, bit1 LShift, bit2 LAlt, bit3 LGUI, bit4 RCtrl, bit5 RShift, bit6 RAlt
 *   [1] reserved
 *   [2..7] up to six key codes held down (0 = none; 0x01 x6 = rollover error)
 *
 * A key types when it appears in a report and was not in the previous one. Ctrl + a key types
 * its control character, so a scanner programmed to send GS as Ctrl+] (0x1D) keeps GS1
 * separators; Enter is "\r", Tab "\t".
 */

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '1234567890';
const SHIFT_DIGITS = '!@#$%^&*()';
// 0x2c .. 0x38 (0x32 is the non-US # key)
const PUNCT: Readonly<Record<number, [string, string]>> = {
  0x2c: [' ', ' '],
  0x2d: ['-', '_'],
  0x2e: ['=', '+'],
  0x2f: ['[', '{'],
  0x30: [']', '}'],
  0x31: ['\\', '|'],
  0x32: ['#', '~'],
  0x33: [';', ':'],
  0x34: ["'", '"'],
  0x35: ['`', '~'],
  0x36: [',', '<'],
  0x37: ['.', '>'],
  0x38: ['/', '?'],
};
const KEYPAD: Readonly<Record<number, string>> = { 0x54: '/', 0x55: '*', 0x56: '-', 0x57: '+', 0x58: '\r', 0x62: '0', 0x63: '.' };

/** The character one key types, or undefined for keys that type nothing (F-keys, arrows...). */
export function keyChar(code: number, modifiers: number): string | undefined {
  const shift = (modifiers & 0x22) !== 0;
  const ctrl = (modifiers & 0x11) !== 0;
  let ch: string | undefined;
  if (code >= 0x04 && code <= 0x1d) ch = LOWER.charAt(code - 0x04);
  else if (code >= 0x1e && code <= 0x27) ch = (shift ? SHIFT_DIGITS : DIGITS).charAt(code - 0x1e);
  else if (code === 0x28) return '\r';
  else if (code === 0x2b) return '\t';
  else if (code === 0x29) return '\u001b';
  else if (PUNCT[code]) ch = (PUNCT[code] as [string, string])[shift ? 1 : 0];
  else if (code >= 0x59 && code <= 0x61) return String(code - 0x58);
  else if (KEYPAD[code] !== undefined) return KEYPAD[code];
  if (ch === undefined) return undefined;
  if (ctrl) {
    // Ctrl + @ A-Z [ \ ] ^ _ -> 0x00..0x1F
    const up = ch.toUpperCase().charCodeAt(0);
    if (up >= 0x40 && up <= 0x5f) return String.fromCharCode(up - 0x40);
    return undefined;
  }
  return shift && code <= 0x1d ? ch.toUpperCase() : ch;
}

export class HidKeyboardDecoder {
  private held = new Set<number>();
  readonly counters = { reports: 0, badReports: 0, rollover: 0 };

  constructor(private readonly options: { withReportId?: boolean } = {}) {}

  reset(): void {
    this.held.clear();
  }

  /** One input report -> the text it types (often ''). */
  push(report: Uint8Array): string {
    const o = this.options.withReportId ? 1 : 0;
    if (report.length < 8 + o) {
      this.counters.badReports++;
      return '';
    }
    this.counters.reports++;
    const modifiers = report[o] as number;
    const keys = [...report.subarray(o + 2, o + 8)].filter((k) => k !== 0);
    if (keys.length > 0 && keys.every((k) => k === 0x01)) {
      this.counters.rollover++;
      return ''; // phantom state: keep what is held
    }
    let out = '';
    for (const k of keys) {
      if (this.held.has(k)) continue;
      out += keyChar(k, modifiers) ?? '';
    }
    this.held = new Set(keys);
    return out;
  }
}

/** Build the press/release reports that type `text` (for tests and simulators). */
export function typeReports(text: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const ch of text) {
    const key = findKey(ch);
    if (!key) throw new RangeError(`cannot type ${JSON.stringify(ch)} on a US keyboard`);
    out.push(Uint8Array.of(key.modifiers, 0, key.code, 0, 0, 0, 0, 0), new Uint8Array(8));
  }
  return out;
}

function findKey(ch: string): { code: number; modifiers: number } | undefined {
  for (const modifiers of [0, 0x02, 0x01]) {
    for (let code = 0x04; code <= 0x38; code++) if (keyChar(code, modifiers) === ch) return { code, modifiers };
  }
  return undefined;
}
