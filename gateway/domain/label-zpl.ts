/**
 * ZPL labels from templates (firmware-configs/labels/*.zpl). A template is plain ZPL with
 * {{field}} placeholders inside ^FD...^FS; every field is written with ^FH hex escapes, so
 * no value can break out of its field (a '^' or '~' in an address) and any UTF-8 text
 * reaches the printer intact.
 *
 * Chinese addresses: the template starts with ^CI28 (field data is UTF-8) and maps a CJK
 * TrueType font to a letter, e.g. ^CWJ,{{cjkFont}} with cjkFont E:SIMSUN.TTF or Zebra's
 * E:ANMDS.TTF (Andale Mono Simplified Chinese, installed on the printer's flash). Text fields
 * use that font (^AJN,h,w). See firmware-configs/labels/README.md.
 */
import { labelFields, type LabelData } from './label.ts';

/** ^FH escape with '_' as the indicator (ZPL II ^FH): every byte outside safe ASCII as _XX. */
export function zplEscape(text: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) {
    const safe = byte >= 0x20 && byte < 0x7f && byte !== 0x5e /* ^ */ && byte !== 0x7e /* ~ */ && byte !== 0x5f /* _ */ && byte !== 0x5c; /* \ */
    out += safe ? String.fromCharCode(byte) : `_${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export interface ZplOptions {
  /** Printer font object for CJK text; default E:ANMDS.TTF */
  cjkFont?: string;
}

export class TemplateError extends Error {
  readonly code = 'LABEL_TEMPLATE_INVALID';
}

/** Fill a template; throws TemplateError for an unknown placeholder (a typo would print blank). */
export function renderZpl(template: string, d: LabelData, options: ZplOptions = {}): string {
  const fields = labelFields(d);
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_m, name: string) => {
    if (name === 'cjkFont') return options.cjkFont ?? 'E:ANMDS.TTF';
    const v = fields[name];
    if (v === undefined) throw new TemplateError(`unknown template field {{${name}}}; known: ${Object.keys(fields).join(', ')}, cjkFont`);
    return zplEscape(v);
  });
}

/** Decode ^FH hex escapes back to text (tests, and the simulator's label viewer). */
export function zplUnescape(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '_' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(text.charCodeAt(i));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
