/**
 * The RO_ACCESS_REPORT hot path (LLRP 1.0.1 §16.1.30, TagReportData §16.2.7.3): an
 * allocation-light decoder that fills a reused struct-of-arrays batch instead of building an
 * object per parameter, and a matching encoder for the common tag shape (the simulator and
 * the benchmark). Both are tested against the generic codec (fast-report.test.ts).
 *
 * The decoder reads what the gateway uses from each TagReportData: the EPC (EPC_96 or
 * EPCData), AntennaID, PeakRSSI, First/LastSeenTimestamp (UTC or uptime), TagSeenCount and
 * the Impinj PeakRSSI / RFPhaseAngle / RFDopplerFrequency; it skips everything else. It is
 * more lenient than the generic decoder about parameter order, never less careful about
 * bounds: every length is checked, and a malformed frame throws LlrpError.
 */
import { LlrpError } from './errors.ts';
import { SCHEMA } from './schema.ts';
import { IMPINJ_VENDOR } from './impinj-defs.ts';
import type { LlrpMessage } from './types.ts';

const RO_ACCESS_REPORT = 61;
const TAG_REPORT_DATA = 240;
const EPC_DATA = 241;
const CUSTOM = 1023;
const U32 = 4294967296;

/** Body sizes of TV parameters (LLRP 1.0.1 §15.2.1: fixed per type), -1 when unknown. */
const TV_LEN = new Int16Array(128).fill(-1);
for (let t = 1; t < 128; t++) {
  const def = SCHEMA.tvByType[t];
  if (def) TV_LEN[t] = def.tvLen;
}

/** Bits of TagReadBatch.flags */
export const FIRST_SEEN_UPTIME = 1;
export const LAST_SEEN_UPTIME = 2;
const RSSI_HIRES = 4;
const FIRST_UTC = 8;
const LAST_UTC = 16;

/** One tag read as it goes on the bus. Timestamps are UTC microseconds. */
export interface TagRead {
  epc: string;
  antenna?: number;
  /** Peak RSSI in dBm (Impinj: hundredths, else whole dBm) */
  rssi?: number;
  firstSeenUs?: number;
  lastSeenUs?: number;
  seenCount?: number;
  /** RF phase angle in degrees (Impinj 0..4095 = 0..360) */
  phase?: number;
  /** RF Doppler frequency in Hz (Impinj) */
  doppler?: number;
}

const NONE = -0x80000000;

/**
 * Tag reads of one report, column by column; reused from report to report (valid until the
 * next decode). EPCs stay as byte ranges of the frame until asked for.
 */
export class TagReadBatch {
  length = 0;
  frame: Buffer = Buffer.alloc(0);
  epcStart: Int32Array;
  epcEnd: Int32Array;
  antenna: Int32Array;
  rssi: Float64Array;
  firstSeen: Float64Array;
  lastSeen: Float64Array;
  seenCount: Int32Array;
  phase: Int32Array;
  doppler: Int32Array;
  flags: Uint8Array;

  constructor(capacity = 256) {
    this.epcStart = new Int32Array(capacity);
    this.epcEnd = new Int32Array(capacity);
    this.antenna = new Int32Array(capacity);
    this.rssi = new Float64Array(capacity);
    this.firstSeen = new Float64Array(capacity);
    this.lastSeen = new Float64Array(capacity);
    this.seenCount = new Int32Array(capacity);
    this.phase = new Int32Array(capacity);
    this.doppler = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
  }

  get capacity(): number {
    return this.epcStart.length;
  }

  /** The EPC of read `i` as lowercase hex (allocates the string). */
  epc(i: number): string {
    return this.frame.toString('hex', this.epcStart[i]!, this.epcEnd[i]!);
  }

  /** Whether read `i`'s EPC equals the given bytes (no allocation). */
  epcEquals(i: number, epc: Buffer): boolean {
    const s = this.epcStart[i]!;
    const n = this.epcEnd[i]! - s;
    return n === epc.length && this.frame.compare(epc, 0, n, s, s + n) === 0;
  }

  grow(): void {
    const n = this.capacity * 2;
    const g = <T extends Int32Array | Float64Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.epcStart = g(this.epcStart);
    this.epcEnd = g(this.epcEnd);
    this.antenna = g(this.antenna);
    this.rssi = g(this.rssi);
    this.firstSeen = g(this.firstSeen);
    this.lastSeen = g(this.lastSeen);
    this.seenCount = g(this.seenCount);
    this.phase = g(this.phase);
    this.doppler = g(this.doppler);
    this.flags = g(this.flags);
  }

  /**
   * Plain objects for the bus. `uptimeOffsetUs` turns reader-uptime timestamps into UTC
   * (undefined: such timestamps are left out, since they would be mistaken for UTC).
   */
  toReads(uptimeOffsetUs?: number): TagRead[] {
    const out: TagRead[] = new Array<TagRead>(this.length);
    for (let i = 0; i < this.length; i++) {
      const r: TagRead = { epc: this.epc(i) };
      const f = this.flags[i]!;
      if (this.antenna[i] !== NONE) r.antenna = this.antenna[i]!;
      const rssi = this.rssi[i]!;
      if (rssi === rssi) r.rssi = rssi;
      const fs = this.firstSeen[i]!;
      if (fs === fs) {
        if ((f & FIRST_SEEN_UPTIME) === 0) r.firstSeenUs = fs;
        else if (uptimeOffsetUs !== undefined) r.firstSeenUs = fs + uptimeOffsetUs;
      }
      const ls = this.lastSeen[i]!;
      if (ls === ls) {
        if ((f & LAST_SEEN_UPTIME) === 0) r.lastSeenUs = ls;
        else if (uptimeOffsetUs !== undefined) r.lastSeenUs = ls + uptimeOffsetUs;
      }
      if (this.seenCount[i] !== NONE) r.seenCount = this.seenCount[i]!;
      if (this.phase[i] !== NONE) r.phase = Math.round((this.phase[i]! * 36000) / 4096) / 100;
      if (this.doppler[i] !== NONE) r.doppler = this.doppler[i]!;
      out[i] = r;
    }
    return out;
  }
}

function bad(code: 'LLRP_BAD_FRAME' | 'LLRP_TRUNCATED' | 'LLRP_UNKNOWN_PARAMETER', id: number, at: number, what: string): never {
  throw new LlrpError(code, `RO_ACCESS_REPORT id ${id}: ${what} at byte ${at}`, { offset: at, messageType: 'RO_ACCESS_REPORT', messageId: id, path: 'TagReportData' });
}

/**
 * Decodes one RO_ACCESS_REPORT frame into `batch` (cleared first); returns the number of
 * tag reads. Throws LlrpError on a malformed frame (`batch` is then partly filled).
 */
export function decodeTagReport(frame: Buffer, batch: TagReadBatch): number {
  const n = frame.length;
  if (n < 10) bad('LLRP_TRUNCATED', 0, 0, 'header needs 10 bytes');
  const id = frame.readUInt32BE(6);
  if ((((frame[0]! & 3) << 8) | frame[1]!) !== RO_ACCESS_REPORT) bad('LLRP_BAD_FRAME', id, 0, 'not an RO_ACCESS_REPORT');
  if (frame.readUInt32BE(2) !== n) bad('LLRP_BAD_FRAME', id, 2, `length ${frame.readUInt32BE(2)} is not the frame's ${n} bytes`);
  batch.frame = frame;
  batch.length = 0;
  let pos = 10;
  while (pos < n) {
    if (pos + 4 > n) bad('LLRP_TRUNCATED', id, pos, 'parameter header truncated');
    const b0 = frame[pos]!;
    if (b0 & 0x80) bad('LLRP_BAD_FRAME', id, pos, `unexpected TV parameter ${b0 & 0x7f}`);
    const type = ((b0 & 3) << 8) | frame[pos + 1]!;
    const len = (frame[pos + 2]! << 8) | frame[pos + 3]!;
    if (len < 4) bad('LLRP_BAD_FRAME', id, pos, `parameter length ${len} is below 4`);
    const end = pos + len;
    if (end > n) bad('LLRP_TRUNCATED', id, pos, `parameter ${type} of length ${len} runs past the frame`);
    if (type === TAG_REPORT_DATA) tagReportData(frame, batch, id, pos + 4, end);
    pos = end;
  }
  return batch.length;
}

function tagReportData(buf: Buffer, batch: TagReadBatch, id: number, pos: number, end: number): void {
  if (batch.length === batch.capacity) batch.grow();
  const i = batch.length;
  let epcStart = -1;
  let epcEnd = -1;
  let antenna = NONE;
  let rssi = NaN;
  let first = NaN;
  let last = NaN;
  let count = NONE;
  let phase = NONE;
  let doppler = NONE;
  let flags = 0;
  while (pos < end) {
    const b0 = buf[pos]!;
    if (b0 & 0x80) {
      // TV parameter (LLRP 1.0.1 §15.2.1.1): 1-byte type, fixed body
      const t = b0 & 0x7f;
      const size = TV_LEN[t]!;
      if (size < 0) bad('LLRP_UNKNOWN_PARAMETER', id, pos, `unknown TV parameter type ${t}`);
      const p = pos + 1;
      if (p + size > end) bad('LLRP_TRUNCATED', id, pos, `TV parameter ${t} needs ${size} bytes`);
      switch (t) {
        case 13: epcStart = p; epcEnd = p + 12; break; // EPC_96
        case 1: antenna = (buf[p]! << 8) | buf[p + 1]!; break; // AntennaID
        case 6: if ((flags & RSSI_HIRES) === 0) rssi = (buf[p]! << 24) >> 24; break; // PeakRSSI s8 dBm
        // Timestamps: UTC wins over uptime when a reader sends both (§16.2.7.3.5-8)
        case 2: first = buf.readUInt32BE(p) * U32 + buf.readUInt32BE(p + 4); flags = (flags & ~FIRST_SEEN_UPTIME) | FIRST_UTC; break;
        case 3: if ((flags & FIRST_UTC) === 0) { first = buf.readUInt32BE(p) * U32 + buf.readUInt32BE(p + 4); flags |= FIRST_SEEN_UPTIME; } break;
        case 4: last = buf.readUInt32BE(p) * U32 + buf.readUInt32BE(p + 4); flags = (flags & ~LAST_SEEN_UPTIME) | LAST_UTC; break;
        case 5: if ((flags & LAST_UTC) === 0) { last = buf.readUInt32BE(p) * U32 + buf.readUInt32BE(p + 4); flags |= LAST_SEEN_UPTIME; } break;
        case 8: count = (buf[p]! << 8) | buf[p + 1]!; break; // TagSeenCount
        default: break;
      }
      pos = p + size;
      continue;
    }
    if (pos + 4 > end) bad('LLRP_TRUNCATED', id, pos, 'parameter header truncated');
    const type = ((b0 & 3) << 8) | buf[pos + 1]!;
    const len = (buf[pos + 2]! << 8) | buf[pos + 3]!;
    if (len < 4) bad('LLRP_BAD_FRAME', id, pos, `parameter length ${len} is below 4`);
    const pend = pos + len;
    if (pend > end) bad('LLRP_TRUNCATED', id, pos, `parameter ${type} of length ${len} runs past TagReportData`);
    if (type === EPC_DATA) {
      // u1v: u16 bit count, then the bits in whole bytes (§15.2.2)
      if (len < 6) bad('LLRP_TRUNCATED', id, pos, 'EPCData needs its bit count');
      const bits = (buf[pos + 4]! << 8) | buf[pos + 5]!;
      const bytes = (bits + 7) >> 3;
      if (pos + 6 + bytes !== pend) bad('LLRP_BAD_FRAME', id, pos, `EPCData of ${bits} bits does not fill its ${len} bytes`);
      epcStart = pos + 6;
      epcEnd = pend;
    } else if (type === CUSTOM) {
      if (len < 12) bad('LLRP_TRUNCATED', id, pos, 'Custom needs vendor and subtype');
      if (buf.readUInt32BE(pos + 4) === IMPINJ_VENDOR && len === 14) {
        const sub = buf.readUInt32BE(pos + 8);
        const v = (buf[pos + 12]! << 8) | buf[pos + 13]!;
        if (sub === 57) { rssi = ((v << 16) >> 16) / 100; flags |= RSSI_HIRES; } // ImpinjPeakRSSI s16, 1/100 dBm
        else if (sub === 56) phase = v; // ImpinjRFPhaseAngle u16
        else if (sub === 68) doppler = (v << 16) >> 16; // ImpinjRFDopplerFrequency s16
      }
    }
    pos = pend;
  }
  if (pos !== end) bad('LLRP_TRUNCATED', id, pos, 'parameter runs past TagReportData');
  if (epcStart < 0) bad('LLRP_BAD_FRAME', id, pos, 'TagReportData without an EPC');
  batch.epcStart[i] = epcStart;
  batch.epcEnd[i] = epcEnd;
  batch.antenna[i] = antenna;
  batch.rssi[i] = rssi;
  batch.firstSeen[i] = first;
  batch.lastSeen[i] = last;
  batch.seenCount[i] = count;
  batch.phase[i] = phase;
  batch.doppler[i] = doppler;
  batch.flags[i] = flags;
  batch.length = i + 1;
}

type Obj = Record<string, unknown>;

/**
 * The same reads from a generically decoded RO_ACCESS_REPORT: the reference the fast path is
 * tested against, and what the client uses while it needs the whole message (access results).
 */
export function tagReadsFromMessage(msg: LlrpMessage, uptimeOffsetUs?: number): TagRead[] {
  const out: TagRead[] = [];
  for (const t of (msg.TagReportData as Obj[] | undefined) ?? []) {
    const epcParam = t.EPCParameter as Obj;
    const r: TagRead = { epc: String(epcParam.EPC) };
    const num = (k: string, f: string): number | undefined => {
      const p = t[k] as Obj | undefined;
      return p === undefined ? undefined : Number(p[f]);
    };
    const antenna = num('AntennaID', 'AntennaID');
    if (antenna !== undefined) r.antenna = antenna;
    let rssi = num('PeakRSSI', 'PeakRSSI');
    let phase: number | undefined;
    let doppler: number | undefined;
    for (const c of (t.Custom as Obj[] | undefined) ?? []) {
      if (c.type === 'ImpinjPeakRSSI') rssi = Number(c.RSSI) / 100;
      else if (c.type === 'ImpinjRFPhaseAngle') phase = Math.round((Number(c.PhaseAngle) * 36000) / 4096) / 100;
      else if (c.type === 'ImpinjRFDopplerFrequency') doppler = Number(c.DopplerFrequency);
    }
    if (rssi !== undefined) r.rssi = rssi;
    const time = (utc: string, up: string): number | undefined => {
      const u = num(utc, 'Microseconds');
      if (u !== undefined) return u;
      const v = num(up, 'Microseconds');
      return v === undefined || uptimeOffsetUs === undefined ? undefined : v + uptimeOffsetUs;
    };
    const first = time('FirstSeenTimestampUTC', 'FirstSeenTimestampUptime');
    if (first !== undefined) r.firstSeenUs = first;
    const last = time('LastSeenTimestampUTC', 'LastSeenTimestampUptime');
    if (last !== undefined) r.lastSeenUs = last;
    const count = num('TagSeenCount', 'TagCount');
    if (count !== undefined) r.seenCount = count;
    if (phase !== undefined) r.phase = phase;
    if (doppler !== undefined) r.doppler = doppler;
    out.push(r);
  }
  return out;
}

/** A tag read to encode (simulator, benchmark). Timestamps are microseconds. */
export interface TagReportInput {
  epc: string | Buffer;
  antenna?: number;
  /** s8 dBm (LLRP PeakRSSI) */
  rssi?: number;
  /** Hundredths of a dBm (Impinj PeakRSSI) */
  impinjRssi?: number;
  firstSeenUs?: number;
  lastSeenUs?: number;
  /** The timestamps are reader uptime, not UTC */
  uptime?: boolean;
  seenCount?: number;
  /** Raw 0..4095 (Impinj) */
  phase?: number;
  /** Hz (Impinj) */
  doppler?: number;
  /** Extra TLV parameters (already encoded) appended inside this TagReportData, e.g. op results */
  extra?: Buffer;
}

let scratch = Buffer.allocUnsafe(64 * 1024);

/** A u64 TV parameter (timestamps, §16.2.7.3.5-8). */
function putU64(b: Buffer, pos: number, type: number, v: number): number {
  b[pos] = 0x80 | type;
  b.writeUInt32BE(Math.floor(v / U32), pos + 1);
  b.writeUInt32BE(v % U32, pos + 5);
  return pos + 9;
}

/** An Impinj Custom parameter with one 16-bit field (§16.2.9; IMPINJ.md). */
function putImpinj(b: Buffer, pos: number, subtype: number, v: number, signed: boolean): number {
  b.writeUInt16BE(CUSTOM, pos);
  b.writeUInt16BE(14, pos + 2);
  b.writeUInt32BE(IMPINJ_VENDOR, pos + 4);
  b.writeUInt32BE(subtype, pos + 8);
  if (signed) b.writeInt16BE(v, pos + 12);
  else b.writeUInt16BE(v, pos + 12);
  return pos + 14;
}

/**
 * Encodes an RO_ACCESS_REPORT with the parameters of each read in the order of LLRP 1.0.1
 * §16.2.7.3 (EPC, AntennaID, PeakRSSI, FirstSeen, LastSeen, TagSeenCount, op results,
 * Custom); byte-identical to the generic encoder's output for the same content.
 */
export function encodeTagReport(id: number, reads: readonly TagReportInput[]): Buffer {
  let need = 10;
  for (const r of reads) need += 4 + 80 + (typeof r.epc === 'string' ? r.epc.length >> 1 : r.epc.length) + (r.extra?.length ?? 0);
  if (scratch.length < need) scratch = Buffer.allocUnsafe(Math.max(need, scratch.length * 2));
  const b = scratch;
  b.writeUInt16BE((1 << 10) | RO_ACCESS_REPORT, 0);
  b.writeUInt32BE(id >>> 0, 6);
  let pos = 10;
  for (const r of reads) {
    const start = pos;
    b.writeUInt16BE(TAG_REPORT_DATA, pos);
    pos += 4;
    const epcLen = typeof r.epc === 'string' ? r.epc.length >> 1 : r.epc.length;
    if (epcLen === 12) {
      b[pos++] = 0x80 | 13; // EPC_96 (TV 13)
      if (typeof r.epc === 'string') b.write(r.epc, pos, 12, 'hex');
      else r.epc.copy(b, pos);
      pos += 12;
    } else {
      b.writeUInt16BE(EPC_DATA, pos);
      b.writeUInt16BE(6 + epcLen, pos + 2);
      b.writeUInt16BE(epcLen * 8, pos + 4);
      if (typeof r.epc === 'string') b.write(r.epc, pos + 6, epcLen, 'hex');
      else r.epc.copy(b, pos + 6);
      pos += 6 + epcLen;
    }
    if (r.antenna !== undefined) { b[pos] = 0x81; b.writeUInt16BE(r.antenna, pos + 1); pos += 3; }
    if (r.rssi !== undefined) { b[pos] = 0x86; b.writeInt8(r.rssi, pos + 1); pos += 2; }
    if (r.firstSeenUs !== undefined) pos = putU64(b, pos, r.uptime ? 3 : 2, r.firstSeenUs);
    if (r.lastSeenUs !== undefined) pos = putU64(b, pos, r.uptime ? 5 : 4, r.lastSeenUs);
    if (r.seenCount !== undefined) { b[pos] = 0x88; b.writeUInt16BE(r.seenCount, pos + 1); pos += 3; }
    if (r.extra) { r.extra.copy(b, pos); pos += r.extra.length; }
    if (r.impinjRssi !== undefined) pos = putImpinj(b, pos, 57, r.impinjRssi, true);
    if (r.phase !== undefined) pos = putImpinj(b, pos, 56, r.phase, false);
    if (r.doppler !== undefined) pos = putImpinj(b, pos, 68, r.doppler, true);
    b.writeUInt16BE(pos - start, start + 2);
  }
  b.writeUInt32BE(pos, 2);
  return Buffer.from(b.subarray(0, pos));
}
