/**
 * Compiles the definitions tables (LLRP 1.0.1 generated, LLRP 1.1, Impinj) once, at import,
 * into the lookup structures the decoder and encoder walk: arrays indexed by type number,
 * numeric field kinds, and per slot a byte map of the definitions it accepts.
 */
import type { DefsTable, FieldDef, ReservedDef, SlotDef } from './defs-types.ts';
import { LLRP_1_0_1_DEFS } from './llrp-defs.generated.ts';
import { LLRP_1_1_DEFS } from './llrp11-defs.ts';
import { IMPINJ_DEFS } from './impinj-defs.ts';

/**
 * Field kinds, used as literal numbers in the decoder's and encoder's switches (keep in sync).
 * LLRP 1.0.1 §15.2.2: integers are big-endian; bit fields are packed from the most
 * significant bit; variable-length fields carry a u16 count of elements (bits for u1v).
 */
export const K = {
  U1: 0, U2: 1, U8: 2, U16: 3, U32: 4, U64: 5, S8: 6, S16: 7, S32: 8,
  U1V: 9, U8V_HEX: 10, U16V_HEX: 11, U32V: 12, U96: 13, UTF8V: 14, BYTES: 15, RESERVED: 16,
  U8V_LIST: 17, U16V_LIST: 18,
} as const;

export interface CField {
  readonly name: string;
  readonly kind: number;
  /** Bit width for u1, u2 and reserved. */
  readonly bits: number;
  readonly enumNames: ReadonlyMap<number, string> | null;
  readonly enumValues: ReadonlyMap<string, number> | null;
  /** For u1v: the sibling key holding the bit count when it is not a whole number of bytes. */
  readonly bitCountKey: string;
}

export interface CSlot {
  /** Property name in the decoded object: the parameter or choice name. */
  readonly key: string;
  readonly multi: boolean;
  readonly min: number;
  /** accepts[def.id] === 1 when a parameter of that definition may sit here. */
  readonly accepts: Uint8Array;
  /** For a single-type slot: the definition used when an item has no `type`. */
  readonly only: CDef | null;
  /** A choice that takes Custom, followed later by a dedicated Custom slot (see decodeSlots). */
  readonly customLater: boolean;
}

export interface CDef {
  readonly id: number;
  readonly name: string;
  readonly typeNum: number;
  readonly isMessage: boolean;
  /** TV parameter (typeNum < 128): no length on the wire, fixed body size `tvLen`. */
  readonly tv: boolean;
  tvLen: number;
  /** Vendor extension: -1 when not one. */
  readonly vendor: number;
  readonly subtype: number;
  readonly spec: string | undefined;
  readonly fields: CField[];
  readonly slots: CSlot[];
  /** Keys an object of this definition may carry (for the encoder's typo check). */
  readonly keys: Set<string>;
  /** Custom, a vendor extension or an unknown TLV: what a Custom slot takes. */
  customLike: boolean;
}

const KIND_BY_TYPE: Readonly<Record<string, number>> = {
  u1: K.U1, u2: K.U2, u8: K.U8, u16: K.U16, u32: K.U32, u64: K.U64, s8: K.S8, s16: K.S16, s32: K.S32,
  u1v: K.U1V, u32v: K.U32V, u96: K.U96, utf8v: K.UTF8V, bytesToEnd: K.BYTES,
};
const FIXED_BYTES: readonly number[] = [];
for (const [k, n] of [[K.U8, 1], [K.S8, 1], [K.U16, 2], [K.S16, 2], [K.U32, 4], [K.S32, 4], [K.U64, 8], [K.U96, 12]] as const) {
  (FIXED_BYTES as number[])[k] = n;
}

/** Name of the opaque stand-in for a TLV parameter type this codec does not know. */
export const UNKNOWN_PARAMETER = 'UnknownParameter';
/** Name of the opaque stand-in for a message type this codec does not know. */
export const UNKNOWN_MESSAGE = 'UNKNOWN_MESSAGE';

export interface Schema {
  readonly params: readonly CDef[];
  readonly tvByType: readonly (CDef | undefined)[];
  readonly tlvByType: readonly (CDef | undefined)[];
  readonly messagesByType: readonly (CDef | undefined)[];
  readonly customParams: ReadonlyMap<number, ReadonlyMap<number, CDef>>;
  readonly customMessages: ReadonlyMap<number, ReadonlyMap<number, CDef>>;
  readonly paramByName: ReadonlyMap<string, CDef>;
  readonly messageByName: ReadonlyMap<string, CDef>;
  readonly customParam: CDef;
  readonly unknownParam: CDef;
  readonly customMessage: CDef;
  readonly unknownMessage: CDef;
  /** A container with one slot, `Parameters` (0-N), that accepts every parameter. */
  readonly anyParameter: CDef;
}

function isReserved(f: FieldDef | ReservedDef): f is ReservedDef {
  return 'reserved' in f;
}

export function compileSchema(tables: readonly DefsTable[]): Schema {
  const enums = new Map<string, readonly (readonly [number, string])[]>();
  const choices = new Map<string, readonly string[]>();
  for (const t of tables) {
    for (const [k, v] of Object.entries(t.enumerations)) {
      if (enums.has(k)) throw new Error(`duplicate enumeration ${k}`);
      enums.set(k, v);
    }
    for (const [k, v] of Object.entries(t.choices)) {
      if (choices.has(k)) throw new Error(`duplicate choice ${k}`);
      choices.set(k, v);
    }
  }

  const compileField = (owner: string, f: FieldDef | ReservedDef): CField => {
    if (isReserved(f)) {
      return { name: '', kind: K.RESERVED, bits: f.reserved, enumNames: null, enumValues: null, bitCountKey: '' };
    }
    let kind = KIND_BY_TYPE[f.type];
    if (f.type === 'u8v') kind = f.enumeration ? K.U8V_LIST : K.U8V_HEX;
    if (f.type === 'u16v') kind = f.format === 'Hex' ? K.U16V_HEX : K.U16V_LIST;
    if (kind === undefined) throw new Error(`${owner}.${f.name}: unknown field type ${f.type}`);
    let enumNames: Map<number, string> | null = null;
    let enumValues: Map<string, number> | null = null;
    if (f.enumeration !== undefined) {
      const entries = enums.get(f.enumeration);
      if (!entries) throw new Error(`${owner}.${f.name}: unknown enumeration ${f.enumeration}`);
      enumNames = new Map(entries.map(([v, n]) => [v, n]));
      enumValues = new Map(entries.map(([v, n]) => [n, v]));
    }
    const bits = f.type === 'u1' ? 1 : f.type === 'u2' ? 2 : 0;
    return { name: f.name, kind, bits, enumNames, enumValues, bitCountKey: kind === K.U1V ? `${f.name}BitCount` : '' };
  };

  const params: CDef[] = [];
  const paramByName = new Map<string, CDef>();
  const messages: CDef[] = [];
  const messageByName = new Map<string, CDef>();
  const pendingSlots: [CDef, readonly SlotDef[]][] = [];

  const makeDef = (
    d: { name: string; typeNum: number; vendor?: number; subtype?: number; spec?: string;
      fields: readonly (FieldDef | ReservedDef)[]; slots: readonly SlotDef[] },
    isMessage: boolean,
    id: number,
  ): CDef => {
    const fields = d.fields.map((f) => compileField(d.name, f));
    const keys = new Set<string>(['type']);
    if (isMessage) for (const k of ['typeNum', 'id', 'version']) keys.add(k);
    for (const f of fields) {
      if (f.name) keys.add(f.name);
      if (f.bitCountKey) keys.add(f.bitCountKey);
    }
    for (const s of d.slots) keys.add(s.type);
    const def: CDef = {
      id, name: d.name, typeNum: d.typeNum, isMessage, tv: !isMessage && d.typeNum < 128, tvLen: 0,
      vendor: d.vendor ?? -1, subtype: d.subtype ?? -1, spec: d.spec, fields, slots: [], keys,
      customLike: !isMessage && d.typeNum === 1023,
    };
    if (def.tv) {
      let bits = 0;
      for (const f of fields) {
        if (f.kind === K.RESERVED || f.kind === K.U1 || f.kind === K.U2) bits += f.bits;
        else {
          const n = FIXED_BYTES[f.kind];
          if (n === undefined) throw new Error(`${d.name}: TV parameter with a variable field`);
          bits += 8 * n;
        }
      }
      if (bits % 8 !== 0 || d.slots.length > 0) throw new Error(`${d.name}: bad TV parameter layout`);
      def.tvLen = bits / 8;
    }
    pendingSlots.push([def, d.slots]);
    return def;
  };

  for (const t of tables) {
    for (const p of t.parameters) {
      if (paramByName.has(p.name)) throw new Error(`duplicate parameter ${p.name}`);
      const def = makeDef(p, false, params.length);
      params.push(def);
      paramByName.set(p.name, def);
    }
    for (const m of t.messages) {
      if (messageByName.has(m.name)) throw new Error(`duplicate message ${m.name}`);
      const def = makeDef(m, true, messages.length);
      messages.push(def);
      messageByName.set(m.name, def);
    }
  }

  // Opaque stand-ins: accepted wherever a Custom parameter is (the extension points).
  const unknownParam: CDef = {
    id: params.length, name: UNKNOWN_PARAMETER, typeNum: 0, isMessage: false, tv: false, tvLen: 0,
    vendor: -1, subtype: -1, spec: undefined,
    fields: [compileField(UNKNOWN_PARAMETER, { name: 'Data', type: 'bytesToEnd', format: 'Hex' })],
    slots: [], keys: new Set(['type', 'typeNum', 'Data']), customLike: true,
  };
  params.push(unknownParam);
  paramByName.set(UNKNOWN_PARAMETER, unknownParam);
  const unknownMessage: CDef = {
    id: messages.length, name: UNKNOWN_MESSAGE, typeNum: 0, isMessage: true, tv: false, tvLen: 0,
    vendor: -1, subtype: -1, spec: undefined,
    fields: [compileField(UNKNOWN_MESSAGE, { name: 'Data', type: 'bytesToEnd', format: 'Hex' })],
    slots: [], keys: new Set(['type', 'typeNum', 'id', 'version', 'Data']), customLike: false,
  };
  messages.push(unknownMessage);
  messageByName.set(UNKNOWN_MESSAGE, unknownMessage);

  const customParam = paramByName.get('Custom');
  const customMessage = messageByName.get('CUSTOM_MESSAGE');
  if (!customParam || customParam.typeNum !== 1023 || !customMessage) throw new Error('definitions lack Custom / CUSTOM_MESSAGE');
  // Everything a Custom slot takes: the generic Custom, every vendor extension, unknown TLVs.
  const customLike = params.filter((p) => p === customParam || p === unknownParam || p.vendor >= 0);

  for (const [def, slots] of pendingSlots) {
    for (const [i, s] of slots.entries()) {
      const accepts = new Uint8Array(params.length);
      let members: CDef[];
      if (s.kind === 'choice') {
        const names = choices.get(s.type);
        if (!names) throw new Error(`${def.name}: unknown choice ${s.type}`);
        members = names.map((n) => {
          const m = paramByName.get(n);
          if (!m) throw new Error(`choice ${s.type}: unknown parameter ${n}`);
          return m;
        });
      } else {
        const m = paramByName.get(s.type);
        if (!m) throw new Error(`${def.name}: unknown parameter ${s.type}`);
        members = [m];
      }
      const hasCustom = members.includes(customParam);
      for (const m of hasCustom ? [...members, ...customLike] : members) accepts[m.id] = 1;
      def.slots.push({
        key: s.type,
        multi: s.repeat === '0-N' || s.repeat === '1-N',
        min: s.repeat === '1' || s.repeat === '1-N' ? 1 : 0,
        accepts,
        only: s.kind === 'parameter' && s.type !== 'Custom' ? (members[0] ?? null) : null,
        customLater: s.kind === 'choice' && hasCustom && slots.slice(i + 1).some((l) => l.kind === 'parameter' && l.type === 'Custom'),
      });
    }
  }

  const tvByType: (CDef | undefined)[] = new Array<CDef | undefined>(128).fill(undefined);
  const tlvByType: (CDef | undefined)[] = new Array<CDef | undefined>(1024).fill(undefined);
  const messagesByType: (CDef | undefined)[] = new Array<CDef | undefined>(1024).fill(undefined);
  const customParams = new Map<number, Map<number, CDef>>();
  const customMessages = new Map<number, Map<number, CDef>>();
  const addVendor = (map: Map<number, Map<number, CDef>>, d: CDef): void => {
    let m = map.get(d.vendor);
    if (!m) map.set(d.vendor, (m = new Map()));
    if (m.has(d.subtype)) throw new Error(`duplicate vendor extension ${d.vendor}/${d.subtype}`);
    m.set(d.subtype, d);
  };
  for (const p of params) {
    if (p === unknownParam) continue;
    if (p.vendor >= 0) addVendor(customParams, p);
    else if (p.tv) tvByType[p.typeNum] = p;
    else if (tlvByType[p.typeNum]) throw new Error(`duplicate parameter type ${p.typeNum}`);
    else tlvByType[p.typeNum] = p;
  }
  for (const m of messages) {
    if (m === unknownMessage) continue;
    if (m.vendor >= 0) addVendor(customMessages, m);
    else if (messagesByType[m.typeNum]) throw new Error(`duplicate message type ${m.typeNum}`);
    else messagesByType[m.typeNum] = m;
  }

  const anyParameter: CDef = {
    id: -1, name: 'parameter', typeNum: 0, isMessage: false, tv: false, tvLen: 0,
    vendor: -1, subtype: -1, spec: undefined, fields: [],
    slots: [{ key: 'Parameters', multi: true, min: 0, accepts: new Uint8Array(params.length).fill(1), only: null, customLater: false }],
    keys: new Set(['Parameters']), customLike: false,
  };

  return {
    anyParameter, params, tvByType, tlvByType, messagesByType, customParams, customMessages,
    paramByName, messageByName, customParam, unknownParam, customMessage, unknownMessage,
  };
}

/** LLRP 1.0.1 + LLRP 1.1 version negotiation + Impinj extensions. */
export const SCHEMA: Schema = compileSchema([LLRP_1_0_1_DEFS, LLRP_1_1_DEFS, IMPINJ_DEFS]);

/** Name of a message type number ("type 900" when unknown), for logs and errors. */
export function messageTypeName(typeNum: number): string {
  return SCHEMA.messagesByType[typeNum]?.name ?? `type ${typeNum}`;
}
