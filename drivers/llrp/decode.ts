/**
 * Table-driven LLRP decoder: one frame (header + body) to a plain object (see types.ts).
 * A tight loop over a Buffer and a DataView; the only allocations are the result objects,
 * their strings and arrays. Every bound is checked; a malformed frame throws LlrpError naming
 * the message, the parameter path and the byte offset within the frame.
 */
import { LlrpError, type LlrpErrorCode } from './errors.ts';
import { SCHEMA, type CDef, type CField } from './schema.ts';
import type { DecodeOptions, LlrpMessage, LlrpParameter } from './types.ts';

/** LLRP 1.0.1 §4.1 / §15.1: Rsvd(3) Ver(3) Type(10), u32 Length, u32 ID. */
export const HEADER_LENGTH = 10;

export interface FrameHeader {
  version: number;
  typeNum: number;
  length: number;
  id: number;
}

/** Reads the 10-byte message header at `offset` (caller ensures 10 bytes are there). */
export function readHeader(buf: Uint8Array, offset = 0): FrameHeader {
  const b0 = buf[offset] ?? 0;
  const b1 = buf[offset + 1] ?? 0;
  const u32 = (o: number): number =>
    (((buf[o] ?? 0) << 24) | ((buf[o + 1] ?? 0) << 16) | ((buf[o + 2] ?? 0) << 8) | (buf[o + 3] ?? 0)) >>> 0;
  return { version: (b0 >> 2) & 7, typeNum: ((b0 & 3) << 8) | b1, length: u32(offset + 2), id: u32(offset + 6) };
}

class Ctx {
  readonly path: string[] = [];
  constructor(
    readonly buf: Buffer,
    readonly dv: DataView,
    readonly msg: string,
    readonly id: number,
  ) {}

  fail(code: LlrpErrorCode, at: number, what: string): never {
    const path = this.path.join(' > ');
    throw new LlrpError(code, `${this.msg} id ${this.id}: ${path ? `${path} ` : ''}${what}`, {
      offset: at, messageType: this.msg, messageId: this.id, path,
    });
  }

  truncated(at: number, end: number, need: number, field: string): never {
    const left = Math.max(0, end - at);
    return this.fail('LLRP_TRUNCATED', at, `${field ? `field ${field} ` : ''}truncated at byte ${at}: needs ${need} bytes, ${left} left`);
  }
}

function asBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

function enumOf(f: CField, v: number): string | number {
  return f.enumNames!.get(v) ?? v;
}

/** Decodes the fields of `def` from `pos`; returns the position after them. */
function decodeFields(c: Ctx, def: CDef, obj: Record<string, unknown>, pos: number, end: number): number {
  const buf = c.buf;
  const dv = c.dv;
  const fields = def.fields;
  let bit = 0; // bits already used in buf[pos] by packed fields
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    switch (f.kind) {
      case 0: // u1
      case 1: { // u2
        if (pos >= end) c.truncated(pos, end, 1, f.name);
        const v = (buf[pos]! >> (8 - bit - f.bits)) & ((1 << f.bits) - 1);
        bit += f.bits;
        if (bit === 8) { bit = 0; pos++; }
        obj[f.name] = f.enumNames !== null ? enumOf(f, v) : f.kind === 0 ? v === 1 : v;
        break;
      }
      case 16: { // reserved bits, ignored on read (LLRP 1.0.1 §4.1)
        bit += f.bits;
        const need = bit >> 3;
        if (pos + need > end || (pos + need === end && (bit & 7) !== 0)) c.truncated(pos, end, (bit + 7) >> 3, 'reserved');
        pos += need;
        bit &= 7;
        break;
      }
      case 2: // u8
        if (pos + 1 > end) c.truncated(pos, end, 1, f.name);
        obj[f.name] = f.enumNames !== null ? enumOf(f, buf[pos]!) : buf[pos]!;
        pos += 1;
        break;
      case 3: { // u16
        if (pos + 2 > end) c.truncated(pos, end, 2, f.name);
        const v = dv.getUint16(pos);
        obj[f.name] = f.enumNames !== null ? enumOf(f, v) : v;
        pos += 2;
        break;
      }
      case 4: { // u32
        if (pos + 4 > end) c.truncated(pos, end, 4, f.name);
        const v = dv.getUint32(pos);
        obj[f.name] = f.enumNames !== null ? enumOf(f, v) : v;
        pos += 4;
        break;
      }
      case 5: // u64
        if (pos + 8 > end) c.truncated(pos, end, 8, f.name);
        obj[f.name] = dv.getBigUint64(pos);
        pos += 8;
        break;
      case 6: // s8
        if (pos + 1 > end) c.truncated(pos, end, 1, f.name);
        obj[f.name] = dv.getInt8(pos);
        pos += 1;
        break;
      case 7: // s16
        if (pos + 2 > end) c.truncated(pos, end, 2, f.name);
        obj[f.name] = dv.getInt16(pos);
        pos += 2;
        break;
      case 8: // s32
        if (pos + 4 > end) c.truncated(pos, end, 4, f.name);
        obj[f.name] = dv.getInt32(pos);
        pos += 4;
        break;
      case 13: // u96: EPC-96 (LLRP 1.0.1 §16.2.7.3.2)
        if (pos + 12 > end) c.truncated(pos, end, 12, f.name);
        obj[f.name] = buf.toString('hex', pos, pos + 12);
        pos += 12;
        break;
      case 9: { // u1v: u16 bit count, then the bits in whole bytes
        if (pos + 2 > end) c.truncated(pos, end, 2, f.name);
        const nbits = dv.getUint16(pos);
        const n = (nbits + 7) >> 3;
        if (pos + 2 + n > end) c.truncated(pos + 2, end, n, f.name);
        obj[f.name] = buf.toString('hex', pos + 2, pos + 2 + n);
        if (nbits !== n * 8) obj[f.bitCountKey] = nbits;
        pos += 2 + n;
        break;
      }
      case 10: // u8v as hex
      case 14: // utf8v
      case 17: { // u8v of an enumeration
        if (pos + 2 > end) c.truncated(pos, end, 2, f.name);
        const n = dv.getUint16(pos);
        if (pos + 2 + n > end) c.truncated(pos + 2, end, n, f.name);
        pos += 2;
        if (f.kind === 10) obj[f.name] = buf.toString('hex', pos, pos + n);
        else if (f.kind === 14) obj[f.name] = n === 0 ? '' : buf.toString('utf8', pos, pos + n);
        else {
          const list: (string | number)[] = new Array<string | number>(n);
          for (let j = 0; j < n; j++) list[j] = enumOf(f, buf[pos + j]!);
          obj[f.name] = list;
        }
        pos += n;
        break;
      }
      case 11: // u16v as hex
      case 18: { // u16v as numbers
        if (pos + 2 > end) c.truncated(pos, end, 2, f.name);
        const n = dv.getUint16(pos);
        if (pos + 2 + 2 * n > end) c.truncated(pos + 2, end, 2 * n, f.name);
        pos += 2;
        if (f.kind === 11) obj[f.name] = buf.toString('hex', pos, pos + 2 * n);
        else {
          const list: number[] = new Array<number>(n);
          for (let j = 0; j < n; j++) list[j] = dv.getUint16(pos + 2 * j);
          obj[f.name] = list;
        }
        pos += 2 * n;
        break;
      }
      case 12: { // u32v
        if (pos + 2 > end) c.truncated(pos, end, 2, f.name);
        const n = dv.getUint16(pos);
        if (pos + 2 + 4 * n > end) c.truncated(pos + 2, end, 4 * n, f.name);
        pos += 2;
        const list: number[] = new Array<number>(n);
        for (let j = 0; j < n; j++) list[j] = dv.getUint32(pos + 4 * j);
        obj[f.name] = list;
        pos += 4 * n;
        break;
      }
      case 15: // bytesToEnd
        obj[f.name] = buf.toString('hex', pos, end);
        pos = end;
        break;
      default:
        throw new Error(`internal: field kind ${f.kind}`);
    }
  }
  return pos;
}

/**
 * Decodes the sub-parameters in [pos, end) against the slots of `def`, in order
 * (LLRP 1.0.1 §15.2.1: TV parameters have the high bit of the first byte set and a fixed size;
 * TLV parameters have 6 reserved bits, a 10-bit type and a u16 length including the header).
 */
function decodeSlots(c: Ctx, def: CDef, obj: Record<string, unknown>, pos: number, end: number): number {
  const buf = c.buf;
  const dv = c.dv;
  const slots = def.slots;
  let si = 0;
  let count = 0;
  let list: unknown[] | null = null;
  let lastCore = -2; // offset of the last non-extension parameter, computed when first needed
  while (pos < end) {
    const b0 = buf[pos]!;
    let pdef: CDef | undefined;
    let pend: number;
    if ((b0 & 0x80) !== 0) {
      const t = b0 & 0x7f;
      pdef = SCHEMA.tvByType[t];
      if (pdef === undefined) c.fail('LLRP_UNKNOWN_PARAMETER', pos, `has a TV parameter of unknown type ${t} at byte ${pos}, which cannot be skipped`);
      pend = pos + 1 + pdef.tvLen;
      if (pend > end) {
        c.path.push(pdef.name);
        c.truncated(pos + 1, end, pdef.tvLen, '');
      }
    } else {
      if (pos + 4 > end) c.fail('LLRP_TRUNCATED', pos, `parameter header truncated at byte ${pos}: needs 4 bytes, ${end - pos} left`);
      const t = ((b0 & 3) << 8) | buf[pos + 1]!;
      const len = dv.getUint16(pos + 2);
      pdef = SCHEMA.tlvByType[t];
      if (len < 4) c.fail('LLRP_BAD_FRAME', pos, `${pdef?.name ?? `parameter type ${t}`} at byte ${pos} has length ${len}, less than its 4-byte header`);
      pend = pos + len;
      if (t === 1023) {
        // LLRP 1.0.1 §16.2.9: Custom = header, u32 vendor, u32 subtype, body.
        if (len >= 12 && pend <= end) {
          pdef = SCHEMA.customParams.get(dv.getUint32(pos + 4))?.get(dv.getUint32(pos + 8)) ?? SCHEMA.customParam;
        }
      } else if (pdef === undefined) {
        // LLRP 1.0.1 §15.2.1: TLV types are 128..1023; 0..127 are TV types only.
        if (t < 128) c.fail('LLRP_BAD_FRAME', pos, `has a TLV parameter with TV-range type ${t} at byte ${pos}`);
        pdef = SCHEMA.unknownParam;
      }
      if (pend > end) {
        c.path.push(pdef?.name ?? 'Custom');
        c.fail('LLRP_TRUNCATED', pos, `truncated at byte ${pos}: length ${len}, ${end - pos} bytes left`);
      }
    }
    const p: CDef = pdef!;
    // Find the slot: slots are filled in definition order.
    for (;;) {
      const s = slots[si];
      if (s === undefined) {
        const what = p === SCHEMA.unknownParam ? `parameter type ${((b0 & 3) << 8) | buf[pos + 1]!}` : p.name;
        c.fail('LLRP_BAD_FRAME', pos, `has unexpected ${what} at byte ${pos}`);
      }
      if (s.accepts[p.id] === 1 && (s.multi || count === 0)) {
        // A choice that takes Custom (e.g. AccessCommandOpSpecResult) followed by a Custom
        // slot: extensions go to the Custom slot when nothing but extensions follows them, so
        // TagReportData's Impinj results land in TagReportData.Custom, and the order on the
        // wire is still the order of the slots (exact re-encoding).
        if (!(p.customLike && s.customLater)) break;
        if (lastCore === -2) lastCore = lastNonCustom(c, pos, end);
        if (lastCore > pos) break;
      }
      if (count < s.min) c.fail('LLRP_BAD_FRAME', pos, `lacks required ${s.key} (found ${p.name} at byte ${pos})`);
      si++;
      count = 0;
      list = null;
    }
    const s = slots[si]!;
    const value = decodeParam(c, p, pos, pend);
    if (s.multi) {
      if (list === null) {
        list = [];
        obj[s.key] = list;
      }
      list.push(value);
    } else {
      obj[s.key] = value;
    }
    count++;
    pos = pend;
  }
  for (; si < slots.length; si++, count = 0) {
    const s = slots[si]!;
    if (count < s.min) c.fail('LLRP_BAD_FRAME', end, `lacks required ${s.key} (at byte ${end})`);
  }
  return pos;
}

/** Offset of the last parameter in [pos, end) that is not an extension; -1 if none. */
function lastNonCustom(c: Ctx, pos: number, end: number): number {
  let last = -1;
  while (pos < end) {
    const b0 = c.buf[pos]!;
    if ((b0 & 0x80) !== 0) {
      const def = SCHEMA.tvByType[b0 & 0x7f];
      if (def === undefined) return end; // undecodable: the real pass reports it
      last = pos;
      pos += 1 + def.tvLen;
    } else {
      if (pos + 4 > end) return end;
      const t = ((b0 & 3) << 8) | c.buf[pos + 1]!;
      const len = c.dv.getUint16(pos + 2);
      if (len < 4) return end;
      if (t !== 1023 && SCHEMA.tlvByType[t] !== undefined) last = pos;
      pos += len;
    }
  }
  return last;
}

function decodeParam(c: Ctx, def: CDef, pos: number, end: number): LlrpParameter {
  c.path.push(def.name);
  const obj: LlrpParameter = { type: def.name };
  let p: number;
  if (def.tv) {
    p = pos + 1;
  } else {
    if (def === SCHEMA.unknownParam) obj['typeNum'] = ((c.buf[pos]! & 3) << 8) | c.buf[pos + 1]!;
    p = pos + (def.vendor >= 0 ? 12 : 4);
  }
  p = decodeFields(c, def, obj, p, end);
  if (def.slots.length > 0) p = decodeSlots(c, def, obj, p, end);
  if (p !== end) c.fail('LLRP_BAD_FRAME', p, `has ${end - p} unexpected bytes at byte ${p}`);
  c.path.pop();
  return obj;
}

/**
 * Decodes one whole frame (exactly one message: the header's length must equal the buffer's).
 * An unknown message type decodes to { type: 'UNKNOWN_MESSAGE', typeNum, id, version, Data }
 * and is reported through `onWarning`.
 */
export function decodeMessage(frame: Uint8Array, options?: DecodeOptions): LlrpMessage {
  const buf = asBuffer(frame);
  if (buf.length < HEADER_LENGTH) {
    throw new LlrpError('LLRP_TRUNCATED', `frame truncated at byte 0: the header needs ${HEADER_LENGTH} bytes, ${buf.length} left`, { offset: 0 });
  }
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const h0 = dv.getUint16(0);
  const version = (h0 >> 10) & 7;
  const typeNum = h0 & 0x3ff;
  const length = dv.getUint32(2);
  const id = dv.getUint32(6);
  let def = SCHEMA.messagesByType[typeNum];
  if (typeNum === 1023 && length >= 15 && buf.length >= 15) {
    // LLRP 1.0.1 §16.1.42: CUSTOM_MESSAGE = header, u32 vendor, u8 subtype, body.
    def = SCHEMA.customMessages.get(dv.getUint32(10))?.get(buf[14]!) ?? SCHEMA.customMessage;
  }
  const c = new Ctx(buf, dv, def?.name ?? `message type ${typeNum}`, id);
  if (length < HEADER_LENGTH) c.fail('LLRP_BAD_FRAME', 2, `has length ${length}, less than the ${HEADER_LENGTH}-byte header`);
  if (length > buf.length) c.fail('LLRP_TRUNCATED', 2, `truncated: length ${length}, ${buf.length} bytes available`);
  if (length < buf.length) c.fail('LLRP_BAD_FRAME', length, `has ${buf.length - length} bytes after its length ${length}`);
  if (def === undefined) {
    const msg: LlrpMessage = { type: SCHEMA.unknownMessage.name, typeNum, id, version, Data: buf.toString('hex', HEADER_LENGTH, length) };
    options?.onWarning?.({
      code: 'LLRP_UNKNOWN_MESSAGE', typeNum, id,
      message: `message type ${typeNum} id ${id} is unknown: kept as ${length - HEADER_LENGTH} opaque bytes`,
    });
    return msg;
  }
  const msg: LlrpMessage = { type: def.name, typeNum, id, version };
  let p = decodeFields(c, def, msg, def.vendor >= 0 ? 15 : HEADER_LENGTH, length);
  if (def.slots.length > 0) p = decodeSlots(c, def, msg, p, length);
  if (p !== length) c.fail('LLRP_BAD_FRAME', p, `has ${length - p} unexpected bytes at byte ${p}`);
  return msg;
}

/**
 * Decodes one whole parameter (TV or TLV, e.g. a Custom from a vector). The bytes must hold
 * exactly one parameter; offsets in errors are relative to its first byte.
 */
export function decodeParameter(bytes: Uint8Array): LlrpParameter {
  const buf = asBuffer(bytes);
  const c = new Ctx(buf, new DataView(buf.buffer, buf.byteOffset, buf.byteLength), 'parameter', 0);
  const holder: Record<string, unknown> = {};
  decodeSlots(c, SCHEMA.anyParameter, holder, 0, buf.length);
  const list = holder['Parameters'] as LlrpParameter[] | undefined;
  const first = list?.[0];
  if (list?.length !== 1 || first === undefined) {
    return c.fail('LLRP_BAD_FRAME', 0, `holds ${list?.length ?? 0} parameters, expected 1`);
  }
  return first;
}
