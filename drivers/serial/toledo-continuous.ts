/**
 * Mettler Toledo "continuous output" (the 8142/8530-compatible stream most indicators can send).
 * Facts from Mettler Toledo terminal manuals (e.g. WILDCAT technical manual, Appendix 2,
 * Tables 6-8..6-11; IND445/FTC "Toledo Continuous mode" §5.2.2):
 *
 *   byte 1      STX (0x02)
 *   byte 2-4    status words SWA, SWB, SWC
 *   byte 5-10   displayed weight, 6 ASCII digits, no decimal point, no sign
 *   byte 11-16  tare weight, 6 ASCII digits
 *   byte 17     CR (0x0D)
 *   byte 18     checksum (optional): the two's complement of the seven low-order bits of the
 *               binary sum of all preceding characters, STX and CR included. So the low 7 bits
 *               of (sum of bytes 1..17) + CHK are 0.
 *
 *   SWA bits 0-2: decimal point / dummy zeros: 0 XXXX00, 1 XXXXX0, 2 XXXXXX, 3 XXXXX.X,
 *                 4 XXXX.XX, 5 XXX.XXX, 6 XX.XXXX, 7 X.XXXXX
 *       bits 3-4: increment size 01 x1, 10 x2, 11 x5; bit 5 always 1; bit 6 always 0
 *   SWB bit 0 net (else gross), bit 1 negative, bit 2 out of range (over/under capacity),
 *       bit 3 motion, bit 4 kg (else lb), bit 5 always 1, bit 6 power-up not zeroed
 *   SWC bit 0 grams (overrides lb/kg), bit 3 print request, bit 4 expanded display (x10),
 *       bit 5 always 1
 *   Bit 7 of every byte may carry parity and is ignored.
 */
import { roundTo, weightReading, type ScaleReading, type ScaleStreamParser, type WeightUnit } from './scale-reading.ts';

const STX = 0x02;
const CR = 0x0d;

export interface ToledoOptions {
  /** whether frames carry the checksum byte (18 bytes) or not (17 bytes). Default true. */
  checksum?: boolean;
}

export interface ToledoFrame {
  decimals: number;
  /** multiplier for the dummy-zero codes (x100, x10), else 1 */
  multiplier: number;
  increment: 1 | 2 | 5 | undefined;
  net: boolean;
  negative: boolean;
  outOfRange: boolean;
  motion: boolean;
  unit: WeightUnit;
  powerUpNotZeroed: boolean;
  printRequest: boolean;
  expanded: boolean;
  weight: number;
  tare: number;
}

/** The checksum byte for the 17 bytes before it (STX .. CR). */
export function toledoChecksum(bytes: ArrayLike<number>, length = bytes.length): number {
  let sum = 0;
  for (let i = 0; i < length; i++) sum += (bytes[i] as number) & 0x7f;
  return (0x80 - (sum & 0x7f)) & 0x7f;
}

const DIGIT_OR_SPACE = (b: number): boolean => (b >= 0x30 && b <= 0x39) || b === 0x20;

function digits(bytes: Uint8Array, start: number): number {
  let n = 0;
  for (let i = start; i < start + 6; i++) {
    const b = (bytes[i] as number) & 0x7f;
    n = n * 10 + (b === 0x20 ? 0 : b - 0x30);
  }
  return n;
}

/** Decode one complete frame (STX..CR[+CHK]); undefined if it is malformed. Does not check the checksum. */
export function decodeToledoFrame(frame: Uint8Array): ToledoFrame | undefined {
  if (frame.length < 17 || frame[0] !== STX || ((frame[16] as number) & 0x7f) !== CR) return undefined;
  for (let i = 4; i < 16; i++) if (!DIGIT_OR_SPACE((frame[i] as number) & 0x7f)) return undefined;
  const swa = (frame[1] as number) & 0x7f;
  const swb = (frame[2] as number) & 0x7f;
  const swc = (frame[3] as number) & 0x7f;
  const dp = swa & 0x07;
  const decimals = Math.max(0, dp - 2);
  const multiplier = dp === 0 ? 100 : dp === 1 ? 10 : 1;
  const inc = (swa >> 3) & 0x03;
  const scale = (raw: number): number => (decimals > 0 ? roundTo(raw / 10 ** decimals, decimals) : raw * multiplier);
  return {
    decimals,
    multiplier,
    increment: inc === 1 ? 1 : inc === 2 ? 2 : inc === 3 ? 5 : undefined,
    net: (swb & 0x01) !== 0,
    negative: (swb & 0x02) !== 0,
    outOfRange: (swb & 0x04) !== 0,
    motion: (swb & 0x08) !== 0,
    unit: (swc & 0x01) !== 0 ? 'g' : (swb & 0x10) !== 0 ? 'kg' : 'lb',
    powerUpNotZeroed: (swb & 0x40) !== 0,
    printRequest: (swc & 0x08) !== 0,
    expanded: (swc & 0x10) !== 0,
    weight: scale(digits(frame, 4)),
    tare: scale(digits(frame, 10)),
  };
}

/** A frame as a reading. */
export function toledoReading(f: ToledoFrame): ScaleReading {
  if (f.powerUpNotZeroed) return { kind: 'status', status: 'busy', detail: 'power-up: the scale has not been zeroed yet' };
  if (f.outOfRange) {
    return f.negative
      ? { kind: 'status', status: 'underload', detail: 'under capacity (Toledo SWB bit 2, negative)' }
      : { kind: 'status', status: 'overload', detail: 'over capacity (Toledo SWB bit 2)' };
  }
  const value = f.negative && f.weight !== 0 ? -f.weight : f.weight;
  return weightReading(value, f.unit, !f.motion, f.net ? { net: true, tare: f.tare } : { net: false });
}

/** Build a frame (for tests and the simulator). */
export function encodeToledoFrame(
  fields: { swa: number; swb: number; swc: number; weight: number; tare: number },
  options: ToledoOptions = {},
): Uint8Array {
  const withChk = options.checksum ?? true;
  const out = new Uint8Array(withChk ? 18 : 17);
  out[0] = STX;
  out[1] = fields.swa;
  out[2] = fields.swb;
  out[3] = fields.swc;
  const w = String(Math.trunc(fields.weight)).padStart(6, '0').slice(-6);
  const t = String(Math.trunc(fields.tare)).padStart(6, '0').slice(-6);
  for (let i = 0; i < 6; i++) {
    out[4 + i] = w.charCodeAt(i);
    out[10 + i] = t.charCodeAt(i);
  }
  out[16] = CR;
  if (withChk) out[17] = toledoChecksum(out, 17);
  return out;
}

/** Resumable parser: finds STX, collects a frame, verifies it, resynchronises on garbage. */
export class ToledoContinuousParser implements ScaleStreamParser {
  private readonly frameLength: number;
  private readonly checksum: boolean;
  private readonly buf: Uint8Array;
  private len = 0;
  private readonly counters = { frames: 0, badChecksums: 0, badFrames: 0, discardedBytes: 0 };

  constructor(options: ToledoOptions = {}) {
    this.checksum = options.checksum ?? true;
    this.frameLength = this.checksum ? 18 : 17;
    this.buf = new Uint8Array(this.frameLength);
  }

  get stats(): Readonly<Record<string, number>> {
    return { ...this.counters };
  }

  reset(): void {
    this.len = 0;
  }

  push(chunk: Uint8Array): ScaleReading[] {
    const out: ScaleReading[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      if (this.len === 0) {
        if ((b & 0x7f) !== STX) {
          this.counters.discardedBytes++;
          continue;
        }
      }
      this.buf[this.len++] = b;
      if (this.len === this.frameLength) this.frame(out);
    }
    return out;
  }

  private frame(out: ScaleReading[]): void {
    const f = this.buf;
    const decoded = decodeToledoFrame(f);
    const sumOk = !this.checksum || toledoChecksum(f, 17) === ((f[17] as number) & 0x7f);
    if (decoded && sumOk) {
      this.counters.frames++;
      this.len = 0;
      out.push(toledoReading(decoded));
      return;
    }
    if (decoded) this.counters.badChecksums++;
    else this.counters.badFrames++;
    // Resynchronise: drop the STX and rescan the rest of the buffer for the next STX.
    let next = 1;
    while (next < this.len && ((f[next] as number) & 0x7f) !== STX) next++;
    this.counters.discardedBytes += next;
    f.copyWithin(0, next, this.len);
    this.len -= next;
    // The moved bytes may already hold a complete frame only if len == frameLength, impossible here
    // (we dropped at least one byte), so just wait for more input.
  }
}
