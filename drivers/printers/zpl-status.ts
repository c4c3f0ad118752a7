/**
 * ZPL host status (`~HS`) and host directory listing (`^HW`): the bytes both sides speak.
 * Pure and synchronous; the simulator encodes with the same module the driver decodes with.
 *
 * ZPL II Programming Guide, ~HS: three strings, each STX ... ETX CR LF:
 *   1: aaa,b,c,dddd,eee,f,g,h,iii,j,k,l
 *      aaa interface settings, b paper out, c pause, dddd label length (dots),
 *      eee formats in the receive buffer, f buffer full, g diagnostic mode, h partial format,
 *      iii unused, j corrupt RAM, k under temperature, l over temperature
 *   2: mmm,n,o,p,q,r,s,t,uuuuuuuu,v,www
 *      mmm function settings, n unused, o head up, p ribbon out, q thermal transfer,
 *      r print mode, s print width mode, t label waiting, uuuuuuuu labels remaining in batch,
 *      v format while printing, www graphic images stored
 *   3: xxxx,y  password, static RAM installed
 */
import { createHash } from 'node:crypto';
import type { PrinterReason } from './transport.ts';

export const STX = 0x02;
export const ETX = 0x03;

export interface ZplHostStatus {
  paperOut: boolean;
  paused: boolean;
  labelLengthDots: number;
  formatsInBuffer: number;
  bufferFull: boolean;
  partialFormat: boolean;
  corruptRam: boolean;
  underTemperature: boolean;
  overTemperature: boolean;
  headUp: boolean;
  ribbonOut: boolean;
  labelWaiting: boolean;
  labelsRemaining: number;
}

export const HOST_STATUS_OK: ZplHostStatus = {
  paperOut: false,
  paused: false,
  labelLengthDots: 1218, // 6 in at 203 dpi
  formatsInBuffer: 0,
  bufferFull: false,
  partialFormat: false,
  corruptRam: false,
  underTemperature: false,
  overTemperature: false,
  headUp: false,
  ribbonOut: false,
  labelWaiting: false,
  labelsRemaining: 0,
};

const flag = (b: boolean) => (b ? '1' : '0');
const pad = (n: number, width: number) => String(Math.max(0, Math.min(n, 10 ** width - 1))).padStart(width, '0');

/** The three ~HS strings, as a printer sends them. */
export function encodeHostStatus(s: ZplHostStatus): Buffer {
  const one = ['030', flag(s.paperOut), flag(s.paused), pad(s.labelLengthDots, 4), pad(s.formatsInBuffer, 3), flag(s.bufferFull), '0', flag(s.partialFormat), '000', flag(s.corruptRam), flag(s.underTemperature), flag(s.overTemperature)];
  const two = ['001', '0', flag(s.headUp), flag(s.ribbonOut), '0', '2', '6', flag(s.labelWaiting), pad(s.labelsRemaining, 8), '1', '000'];
  const three = ['1234', '0'];
  return Buffer.from([one, two, three].map((f) => `\x02${f.join(',')}\x03\r\n`).join(''), 'latin1');
}

/** How many complete STX...ETX strings `text` holds (a reader waits for 3). */
export function countStrings(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === ETX) n++;
  return n;
}

export class ZplStatusError extends Error {
  readonly code = 'ZPL_BAD_STATUS';
}

/** Parse the ~HS answer; throws ZplStatusError on anything that is not three well-formed strings. */
export function parseHostStatus(text: string): ZplHostStatus {
  const strings = [...text.matchAll(/\x02([^\x02\x03]*)\x03/g)].map((m) => (m[1] ?? '').trim().split(','));
  const [one, two] = strings;
  if (strings.length < 3 || !one || !two || one.length < 12 || two.length < 11) {
    throw new ZplStatusError(`not a ~HS answer (${strings.length} strings): ${JSON.stringify(text.slice(0, 120))}`);
  }
  const num = (f: string[], i: number) => {
    const v = f[i] ?? '';
    if (!/^\d+$/.test(v)) throw new ZplStatusError(`~HS field ${i + 1} is not a number: ${JSON.stringify(v)}`);
    return Number(v);
  };
  const bit = (f: string[], i: number) => num(f, i) !== 0;
  return {
    paperOut: bit(one, 1),
    paused: bit(one, 2),
    labelLengthDots: num(one, 3),
    formatsInBuffer: num(one, 4),
    bufferFull: bit(one, 5),
    partialFormat: bit(one, 7),
    corruptRam: bit(one, 9),
    underTemperature: bit(one, 10),
    overTemperature: bit(one, 11),
    headUp: bit(two, 2),
    ribbonOut: bit(two, 3),
    labelWaiting: bit(two, 7),
    labelsRemaining: num(two, 8),
  };
}

/** The conditions that stop printing, in the shared vocabulary. */
export function reasonsOf(s: ZplHostStatus): PrinterReason[] {
  const r: PrinterReason[] = [];
  if (s.paperOut) r.push('media-empty');
  if (s.paused) r.push('paused');
  if (s.headUp) r.push('cover-open');
  if (s.ribbonOut) r.push('marker-supply-empty');
  if (s.bufferFull) r.push('buffer-full');
  if (s.overTemperature) r.push('over-temperature');
  if (s.corruptRam) r.push('corrupt-ram');
  return r;
}

/**
 * A per-job marker object stored on the printer's RAM drive after the label (ZPL ^DF), so
 * that after a crash `^HW` tells whether the printer received the job. Object names are
 * at most 16 characters before the extension: "WG" + 14 hex digits of the key's hash.
 */
export function markerName(key: string): string {
  return `WG${createHash('sha256').update(key).digest('hex').slice(0, 14).toUpperCase()}.ZPL`;
}

/** ^HW answer: STX CRLF "- DIR R:*.*" CRLF, "*R:NAME.EXT size" per object, CRLF, "-N bytes free" CRLF ETX. */
export function encodeDirectoryListing(drive: string, names: readonly string[], freeBytes = 1_000_000): Buffer {
  const lines = ['', `- DIR ${drive}:*.*`, ...names.map((n) => `*${drive}:${n} ${String(8).padStart(10)}`), '', `-${freeBytes} bytes free ${drive}:RAM`];
  return Buffer.from(`\x02${lines.join('\r\n')}\r\n\x03`, 'latin1');
}

export function parseDirectoryListing(text: string): string[] {
  const names: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\*([A-Z]):(\S+)/.exec(line.trim());
    if (m?.[2]) names.push(m[2].toUpperCase());
  }
  return names;
}
