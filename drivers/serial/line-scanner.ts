/**
 * Line framing for serial barcode scanners (and the line-based scale protocols): a resumable
 * byte framer with a configurable terminator and a maximum line length, plus a scanner wrapper
 * that strips configured prefixes and ISO/IEC 15424 symbology identifiers ("]C1", "]d2", ...).
 *
 * Bytes are decoded as latin1 (one char per byte), so GS (0x1D) and other control characters in
 * GS1 data come through unchanged.
 */

export type Terminator = 'CR' | 'LF' | 'CRLF' | 'any' | Uint8Array | string;

export interface LineFramerOptions {
  /** 'any' (default): CR, LF or CR LF each end a line, and empty lines are dropped. */
  terminator?: Terminator;
  /** longest line accepted, in bytes, terminator excluded; default 4096 */
  maxLength?: number;
}

export type FramedLine = { kind: 'line'; text: string } | { kind: 'overlong'; length: number; preview: string };

const CR = 0x0d;
const LF = 0x0a;

function terminatorBytes(t: Terminator): Uint8Array | 'any' {
  if (t === 'any') return 'any';
  if (t === 'CR') return Uint8Array.of(CR);
  if (t === 'LF') return Uint8Array.of(LF);
  if (t === 'CRLF') return Uint8Array.of(CR, LF);
  if (typeof t === 'string') return Uint8Array.from(t, (c) => c.charCodeAt(0) & 0xff);
  return t;
}

const latin1 = (bytes: readonly number[] | Uint8Array, start = 0, end = bytes.length): string => {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i] as number);
  return s;
};

/** Splits a byte stream into lines; keeps partial lines (and partial terminators) across chunks. */
export class LineFramer {
  private readonly term: Uint8Array | 'any';
  private readonly maxLength: number;
  private buf: number[] = [];
  /** bytes that may be the start of the terminator */
  private readonly pending: number[] = [];
  /** inside an overlong line: discard until the terminator */
  private skipping = 0;
  /** 'any' mode: the previous byte was CR, so an LF right after it is part of the same terminator */
  private afterCr = false;
  private readonly counters = { lines: 0, overlong: 0 };

  constructor(options: LineFramerOptions = {}) {
    this.term = terminatorBytes(options.terminator ?? 'any');
    if (this.term !== 'any' && this.term.length === 0) throw new RangeError('line terminator must not be empty');
    this.maxLength = options.maxLength ?? 4096;
  }

  get stats(): Readonly<{ lines: number; overlong: number }> {
    return { ...this.counters };
  }

  reset(): void {
    this.buf = [];
    this.pending.length = 0;
    this.skipping = 0;
    this.afterCr = false;
  }

  push(chunk: Uint8Array): FramedLine[] {
    const out: FramedLine[] = [];
    for (let i = 0; i < chunk.length; i++) this.byte(chunk[i] as number, out);
    return out;
  }

  private emit(out: FramedLine[]): void {
    if (this.skipping > 0) {
      this.counters.overlong++;
      out.push({ kind: 'overlong', length: this.skipping, preview: latin1(this.buf, 0, Math.min(this.buf.length, 32)) });
    } else if (!(this.term === 'any' && this.buf.length === 0)) {
      this.counters.lines++;
      out.push({ kind: 'line', text: latin1(this.buf) });
    }
    this.buf = [];
    this.skipping = 0;
  }

  private add(b: number): void {
    if (this.skipping > 0) {
      this.skipping++;
      return;
    }
    if (this.buf.length >= this.maxLength) {
      this.skipping = this.buf.length + 1; // keep the start as a preview, count the rest
      return;
    }
    this.buf.push(b);
  }

  private byte(b: number, out: FramedLine[]): void {
    const term = this.term;
    if (term === 'any') {
      if (b === LF && this.afterCr) {
        this.afterCr = false;
        return;
      }
      this.afterCr = b === CR;
      if (b === CR || b === LF) this.emit(out);
      else this.add(b);
      return;
    }
    // Terminator matcher: keep the bytes that could still be the start of a terminator; once
    // they cannot, the oldest one is data. Terminators are short, so this is cheap.
    const pending = this.pending;
    pending.push(b);
    while (pending.length > 0 && !isPrefix(pending, term)) this.add(pending.shift() as number);
    if (pending.length === term.length) {
      pending.length = 0;
      this.emit(out);
    }
  }
}

function isPrefix(part: readonly number[], whole: Uint8Array): boolean {
  for (let i = 0; i < part.length; i++) if (whole[i] !== part[i]) return false;
  return true;
}
// ---------------------------------------------------------------------------------------------
// Scanner

export interface LineScannerOptions extends LineFramerOptions {
  /** fixed prefixes configured on the scanner (e.g. a STX or "SCN:"); the first match is removed */
  stripPrefixes?: readonly string[];
  /** fixed suffixes configured on the scanner; the first match is removed */
  stripSuffixes?: readonly string[];
  /** remove a leading ISO/IEC 15424 symbology identifier "]Xm" and report it. Default false (keep it: the GS1 parser reads it). */
  stripSymbologyId?: boolean;
}

export type ScannerEvent =
  | { kind: 'scan'; data: string; symbologyId?: string }
  | { kind: 'overlong'; length: number; preview: string };

/** A serial barcode scanner's byte stream -> raw scan strings. */
export class LineScanner {
  private readonly framer: LineFramer;
  private readonly options: LineScannerOptions;

  constructor(options: LineScannerOptions = {}) {
    this.framer = new LineFramer(options);
    this.options = options;
  }

  get stats(): Readonly<{ lines: number; overlong: number }> {
    return this.framer.stats;
  }

  reset(): void {
    this.framer.reset();
  }

  push(chunk: Uint8Array): ScannerEvent[] {
    const out: ScannerEvent[] = [];
    for (const f of this.framer.push(chunk)) {
      if (f.kind === 'overlong') {
        out.push(f);
        continue;
      }
      let data = f.text;
      const prefix = this.options.stripPrefixes?.find((p) => p.length > 0 && data.startsWith(p));
      if (prefix !== undefined) data = data.slice(prefix.length);
      const suffix = this.options.stripSuffixes?.find((p) => p.length > 0 && data.endsWith(p));
      if (suffix !== undefined) data = data.slice(0, data.length - suffix.length);
      const ev: ScannerEvent = { kind: 'scan', data };
      if (this.options.stripSymbologyId) {
        const m = /^\][A-Za-z][0-9A-Za-z]/.exec(data);
        if (m) {
          ev.symbologyId = m[0];
          ev.data = data.slice(3);
        }
      }
      if (ev.data.length > 0) out.push(ev);
    }
    return out;
  }
}
