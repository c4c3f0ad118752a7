/**
 * JSON form of decoded messages: the same objects with bigints (u64) as decimal strings.
 * The encoder accepts that form directly, so JSON round-trips.
 */
import { LlrpError } from './errors.ts';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Deep copy with bigints as decimal strings (undefined properties dropped). */
export function toJsonValue(v: unknown): JsonValue {
  if (typeof v === 'bigint') return v.toString();
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (typeof v === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = toJsonValue(x);
    return out;
  }
  throw new TypeError(`cannot represent ${typeof v} in JSON`);
}

/** Parses hex text: whitespace, ':' separators and '#' comments to end of line are ignored. */
export function parseHexText(text: string): Buffer {
  const clean = text.replace(/#[^\n]*/g, '').replace(/[\s:]+/g, '');
  const bad = /[^0-9a-fA-F]/.exec(clean);
  if (bad) throw new LlrpError('LLRP_BAD_INPUT', `hex input has a non-hex character ${JSON.stringify(bad[0])} at hex digit ${bad.index}`);
  if (clean.length % 2 !== 0) throw new LlrpError('LLRP_BAD_INPUT', `hex input has an odd number of digits (${clean.length})`);
  return Buffer.from(clean, 'hex');
}

/** Parses JSON lines (one object per line; blank lines skipped) or one JSON array. */
export function parseJsonObjects(text: string): unknown[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    try {
      const v: unknown = JSON.parse(trimmed);
      if (Array.isArray(v)) return v;
    } catch (e) {
      throw new LlrpError('LLRP_BAD_INPUT', `input is not a JSON array: ${(e as Error).message}`, { cause: e });
    }
  }
  const out: unknown[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    try {
      out.push(JSON.parse(line));
    } catch (e) {
      throw new LlrpError('LLRP_BAD_INPUT', `line ${i + 1} is not JSON: ${(e as Error).message}`, { cause: e });
    }
  }
  return out;
}
