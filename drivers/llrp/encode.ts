/**
 * Table-driven LLRP encoder: a plain object (types.ts; JSON form accepted: u64 as decimal
 * strings) to one frame. Writes into a reused scratch buffer, backpatching lengths, then copies
 * the result into one exact-size Buffer: one allocation per encoded message.
 * Invalid input throws LlrpError('LLRP_BAD_VALUE') naming the path and the field.
 */
import { LlrpError } from './errors.ts';
import { SCHEMA, type CDef, type CField, type CSlot } from './schema.ts';
import { HEADER_LENGTH } from './decode.ts';

const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/;
const MAX_U64 = (1n << 64n) - 1n;

class Writer {
  buf: Buffer = Buffer.allocUnsafe(64 * 1024);
  pos = 0;
  path: string[] = [];
  messageType: string | undefined;

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  fail(what: string): never {
    const path = this.path.join(' > ');
    throw new LlrpError('LLRP_BAD_VALUE', `${path}: ${what}`, { path, messageType: this.messageType });
  }
}

const scratch = new Writer();

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function intValue(w: Writer, f: CField, v: unknown, min: number, max: number): number {
  let n = v;
  if (typeof v === 'string' && f.enumValues !== null) {
    n = f.enumValues.get(v);
    if (n === undefined) w.fail(`field ${f.name}: "${v}" is not one of ${[...f.enumValues.keys()].join(', ')}`);
  }
  if (typeof n === 'boolean' && f.kind === 0) n = n ? 1 : 0;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    w.fail(`field ${f.name}: ${JSON.stringify(v) ?? String(v)} is not ${f.enumValues ? 'an enumeration name or ' : ''}an integer in ${min}..${max}`);
  }
  return n;
}

function hexValue(w: Writer, f: CField, v: unknown, unit: number): string {
  if (typeof v !== 'string' || !HEX_RE.test(v) || (v.length / 2) % unit !== 0) {
    w.fail(`field ${f.name}: expected hex digits in groups of ${unit * 2}, got ${JSON.stringify(v) ?? String(v)}`);
  }
  return v;
}

function listValue(w: Writer, f: CField, v: unknown): unknown[] {
  if (!Array.isArray(v)) w.fail(`field ${f.name}: expected an array`);
  if (v.length > 0xffff) w.fail(`field ${f.name}: ${v.length} elements, at most 65535`);
  return v;
}

function writeHex(w: Writer, hex: string): void {
  const n = hex.length >> 1;
  w.ensure(n);
  if (n > 0) w.buf.write(hex, w.pos, n, 'hex');
  w.pos += n;
}

function encodeFields(w: Writer, def: CDef, obj: Record<string, unknown>): void {
  let acc = 0; // packed bits, LLRP 1.0.1 §15.2.2: from the most significant bit
  let bit = 0;
  for (const f of def.fields) {
    if (f.kind === 16 || f.kind === 0 || f.kind === 1) {
      const v = f.kind === 16 ? 0 : intValue(w, f, obj[f.name], 0, (1 << f.bits) - 1);
      let left = f.bits;
      while (left > 0) {
        const take = Math.min(left, 8 - bit);
        acc |= ((v >>> (left - take)) & ((1 << take) - 1)) << (8 - bit - take);
        bit += take;
        left -= take;
        if (bit === 8) {
          w.ensure(1);
          w.buf[w.pos++] = acc;
          acc = 0;
          bit = 0;
        }
      }
      continue;
    }
    const v = obj[f.name];
    if (v === undefined) w.fail(`missing field ${f.name}`);
    switch (f.kind) {
      case 2: w.ensure(1); w.buf[w.pos] = intValue(w, f, v, 0, 0xff); w.pos += 1; break;
      case 3: w.ensure(2); w.buf.writeUInt16BE(intValue(w, f, v, 0, 0xffff), w.pos); w.pos += 2; break;
      case 4: w.ensure(4); w.buf.writeUInt32BE(intValue(w, f, v, 0, 0xffffffff), w.pos); w.pos += 4; break;
      case 6: w.ensure(1); w.buf.writeInt8(intValue(w, f, v, -0x80, 0x7f), w.pos); w.pos += 1; break;
      case 7: w.ensure(2); w.buf.writeInt16BE(intValue(w, f, v, -0x8000, 0x7fff), w.pos); w.pos += 2; break;
      case 8: w.ensure(4); w.buf.writeInt32BE(intValue(w, f, v, -0x80000000, 0x7fffffff), w.pos); w.pos += 4; break;
      case 5: { // u64: bigint, safe integer or decimal string
        let n: bigint | undefined;
        if (typeof v === 'bigint') n = v;
        else if (typeof v === 'number' && Number.isSafeInteger(v)) n = BigInt(v);
        else if (typeof v === 'string' && /^\d{1,20}$/.test(v)) n = BigInt(v);
        if (n === undefined || n < 0n || n > MAX_U64) w.fail(`field ${f.name}: ${String(v)} is not a u64 (bigint, integer or decimal string)`);
        w.ensure(8);
        w.buf.writeBigUInt64BE(n, w.pos);
        w.pos += 8;
        break;
      }
      case 13: { // u96
        const hex = hexValue(w, f, v, 1);
        if (hex.length !== 24) w.fail(`field ${f.name}: a u96 needs 24 hex digits, got ${hex.length}`);
        writeHex(w, hex);
        break;
      }
      case 9: { // u1v
        const hex = hexValue(w, f, v, 1);
        const bc = obj[f.bitCountKey];
        const nbits = bc === undefined ? hex.length * 4 : bc;
        if (typeof nbits !== 'number' || !Number.isInteger(nbits) || nbits < 0 || nbits > 0xffff || (nbits + 7) >> 3 !== hex.length / 2) {
          w.fail(`field ${f.name}: bit count ${String(nbits)} does not match ${hex.length / 2} bytes`);
        }
        w.ensure(2);
        w.buf.writeUInt16BE(nbits, w.pos);
        w.pos += 2;
        writeHex(w, hex);
        break;
      }
      case 10: // u8v as hex
      case 11: { // u16v as hex
        const hex = hexValue(w, f, v, f.kind === 10 ? 1 : 2);
        const n = f.kind === 10 ? hex.length / 2 : hex.length / 4;
        if (n > 0xffff) w.fail(`field ${f.name}: ${n} elements, at most 65535`);
        w.ensure(2);
        w.buf.writeUInt16BE(n, w.pos);
        w.pos += 2;
        writeHex(w, hex);
        break;
      }
      case 14: { // utf8v
        if (typeof v !== 'string') w.fail(`field ${f.name}: expected a string`);
        const n = Buffer.byteLength(v, 'utf8');
        if (n > 0xffff) w.fail(`field ${f.name}: ${n} bytes, at most 65535`);
        w.ensure(2 + n);
        w.buf.writeUInt16BE(n, w.pos);
        w.buf.write(v, w.pos + 2, n, 'utf8');
        w.pos += 2 + n;
        break;
      }
      case 17: // u8v of an enumeration
      case 18: // u16v as numbers
      case 12: { // u32v
        const list = listValue(w, f, v);
        const size = f.kind === 17 ? 1 : f.kind === 18 ? 2 : 4;
        w.ensure(2 + size * list.length);
        w.buf.writeUInt16BE(list.length, w.pos);
        w.pos += 2;
        for (const item of list) {
          if (size === 1) w.buf[w.pos] = intValue(w, f, item, 0, 0xff);
          else if (size === 2) w.buf.writeUInt16BE(intValue(w, f, item, 0, 0xffff), w.pos);
          else w.buf.writeUInt32BE(intValue(w, f, item, 0, 0xffffffff), w.pos);
          w.pos += size;
        }
        break;
      }
      case 15: // bytesToEnd
        writeHex(w, hexValue(w, f, v, 1));
        break;
      default:
        throw new Error(`internal: field kind ${f.kind}`);
    }
  }
  if (bit !== 0) throw new Error(`internal: ${def.name} fields end unaligned`);
}

function checkKeys(w: Writer, def: CDef, obj: Record<string, unknown>, ignore: ReadonlySet<string>): void {
  for (const k in obj) {
    if (!def.keys.has(k) && !ignore.has(k) && obj[k] !== undefined) w.fail(`${def.name} has no field or parameter "${k}"`);
  }
}

const NO_KEYS: ReadonlySet<string> = new Set();

function resolveParam(w: Writer, s: CSlot, item: unknown, index: number): [CDef, Record<string, unknown>] {
  if (!isObject(item)) w.fail(`${s.key}${index >= 0 ? `[${index}]` : ''}: expected an object`);
  let def: CDef | undefined;
  const t = item['type'];
  if (t === undefined && s.only !== null) def = s.only;
  else if (typeof t === 'string') def = SCHEMA.paramByName.get(t);
  if (def === undefined) w.fail(`${s.key}${index >= 0 ? `[${index}]` : ''}: unknown parameter type ${JSON.stringify(t) ?? 'undefined'}`);
  if (s.accepts[def.id] !== 1) w.fail(`${s.key}${index >= 0 ? `[${index}]` : ''}: a ${def.name} parameter is not allowed here`);
  return [def, item];
}

function encodeSlots(w: Writer, def: CDef, obj: Record<string, unknown>): void {
  for (const s of def.slots) {
    const v = obj[s.key];
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) {
      if (s.min > 0) w.fail(`missing required parameter ${s.key}`);
      continue;
    }
    if (Array.isArray(v)) {
      if (!s.multi && v.length > 1) w.fail(`${s.key}: at most one allowed, got ${v.length}`);
      for (let i = 0; i < v.length; i++) {
        const [pdef, item] = resolveParam(w, s, v[i], s.multi ? i : -1);
        w.path.push(s.multi ? `${pdef.name}[${i}]` : pdef.name);
        encodeParam(w, pdef, item);
        w.path.pop();
      }
    } else {
      const [pdef, item] = resolveParam(w, s, v, -1);
      w.path.push(pdef.name);
      encodeParam(w, pdef, item);
      w.path.pop();
    }
  }
}

function encodeParam(w: Writer, def: CDef, obj: Record<string, unknown>): void {
  checkKeys(w, def, obj, NO_KEYS);
  w.ensure(12);
  if (def.tv) {
    // LLRP 1.0.1 §15.2.1: TV = 1 bit set, 7-bit type, fixed-size value.
    w.buf[w.pos++] = 0x80 | def.typeNum;
    encodeFields(w, def, obj);
    return;
  }
  const start = w.pos;
  let typeNum = def.typeNum;
  if (def === SCHEMA.unknownParam) {
    const t = obj['typeNum'];
    if (typeof t !== 'number' || !Number.isInteger(t) || t < 128 || t > 1023) w.fail('UnknownParameter needs a typeNum in 128..1023');
    typeNum = t;
  }
  w.buf.writeUInt16BE(typeNum, start); // 6 reserved bits = 0, 10-bit type
  w.pos += 4;
  if (def.vendor >= 0) {
    w.buf.writeUInt32BE(def.vendor, w.pos);
    w.buf.writeUInt32BE(def.subtype, w.pos + 4);
    w.pos += 8;
  }
  encodeFields(w, def, obj);
  encodeSlots(w, def, obj);
  const len = w.pos - start;
  if (len > 0xffff) w.fail(`${def.name} is ${len} bytes, more than a TLV parameter can hold (65535)`);
  w.buf.writeUInt16BE(len, start + 2);
}

/** Keys the field tool adds to decoded objects; the encoder ignores them. */
const TOOL_KEYS: ReadonlySet<string> = new Set(['offset', 'warning']);

export interface EncodeInput {
  type: string;
  /** Message ID; default 0. */
  id?: number;
  /** Header version; default 1 (LLRP 1.0.1). */
  version?: number;
  /** Required for UNKNOWN_MESSAGE; checked against the definition otherwise. */
  typeNum?: number;
  [key: string]: unknown;
}

/** Encodes one message object to one frame. */
export function encodeMessage(msg: EncodeInput): Buffer {
  const w: Writer = scratch;
  w.pos = 0;
  w.path.length = 0;
  if (!isObject(msg) || typeof msg.type !== 'string') {
    throw new LlrpError('LLRP_BAD_VALUE', 'a message needs a string "type"');
  }
  const def = SCHEMA.messageByName.get(msg.type);
  if (def === undefined) {
    throw new LlrpError('LLRP_UNKNOWN_MESSAGE', `unknown message type "${msg.type}"`, { messageType: msg.type });
  }
  const id = msg.id ?? 0;
  const version = msg.version ?? 1;
  w.messageType = def.name;
  w.path.push(`${def.name} id ${String(id)}`);
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > 0xffffffff) w.fail('id must be a u32');
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0 || version > 7) w.fail('version must be 0..7');
  let typeNum = def.typeNum;
  if (def === SCHEMA.unknownMessage) {
    if (typeof msg.typeNum !== 'number' || !Number.isInteger(msg.typeNum) || msg.typeNum < 0 || msg.typeNum > 1023) {
      w.fail('UNKNOWN_MESSAGE needs a typeNum in 0..1023');
    }
    typeNum = msg.typeNum;
  } else if (msg.typeNum !== undefined && msg.typeNum !== def.typeNum) {
    w.fail(`typeNum ${String(msg.typeNum)} does not match ${def.name} (${def.typeNum})`);
  }
  checkKeys(w, def, msg, TOOL_KEYS);
  w.ensure(HEADER_LENGTH + 5);
  // LLRP 1.0.1 §15.1: Rsvd(3)=0, Ver(3), Type(10), Length(32), ID(32).
  w.buf.writeUInt16BE((version << 10) | typeNum, 0);
  w.buf.writeUInt32BE(id, 6);
  w.pos = HEADER_LENGTH;
  if (def.vendor >= 0) {
    // LLRP 1.0.1 §16.1.42: u32 vendor, u8 subtype.
    w.buf.writeUInt32BE(def.vendor, w.pos);
    w.buf[w.pos + 4] = def.subtype;
    w.pos += 5;
  }
  encodeFields(w, def, msg);
  encodeSlots(w, def, msg);
  w.buf.writeUInt32BE(w.pos, 2);
  const out = Buffer.allocUnsafe(w.pos);
  w.buf.copy(out, 0, 0, w.pos);
  if (w.buf.length > 4 * 1024 * 1024) w.buf = Buffer.allocUnsafe(64 * 1024); // do not pin a huge scratch
  return out;
}

/** Encodes one parameter object (with its `type`) on its own, e.g. to build vectors. */
export function encodeParameter(param: { type: string; [key: string]: unknown }): Buffer {
  const w: Writer = scratch;
  w.pos = 0;
  w.path.length = 0;
  w.messageType = undefined;
  w.path.push('parameter');
  encodeSlots(w, SCHEMA.anyParameter, { Parameters: [param] });
  const out = Buffer.allocUnsafe(w.pos);
  w.buf.copy(out, 0, 0, w.pos);
  return out;
}
