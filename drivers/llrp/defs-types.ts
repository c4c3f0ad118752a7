/**
 * Shape of the LLRP definitions tables: the generated one (llrp-defs.generated.ts, from the
 * LTK's llrp-1x0-def.xml) and the hand-written ones (LLRP 1.1 additions, Impinj extensions).
 * Pure data; the codec compiles it once into lookup tables (schema.ts).
 */

/** Wire encodings of fields. LLRP 1.0.1 §15.2 (binary encoding of fields). */
export type FieldType =
  | 'u1' | 'u2' | 'u8' | 'u16' | 'u32' | 'u64'
  | 's8' | 's16' | 's32'
  | 'u1v' | 'u8v' | 'u16v' | 'u32v' | 'u96'
  | 'utf8v' | 'bytesToEnd';

export interface FieldDef {
  readonly name: string;
  readonly type: FieldType;
  /** Name of an enumeration in the same table. */
  readonly enumeration?: string;
  /** 'Hex' makes u16v a hex string; other formats are presentation only. */
  readonly format?: string;
}

/** Reserved bits: written as zero, ignored on read (LLRP 1.0.1 §4.1). */
export interface ReservedDef {
  readonly reserved: number;
}

export type Repeat = '1' | '0-1' | '0-N' | '1-N';

/** A sub-parameter position: one parameter type, or a choice of several. */
export interface SlotDef {
  readonly kind: 'parameter' | 'choice';
  /** Parameter name (kind 'parameter') or choice name (kind 'choice'). */
  readonly type: string;
  readonly repeat: Repeat;
}

export interface ParameterDef {
  readonly name: string;
  /** 1..127: TV parameter; 128..1023: TLV parameter. 1023 is Custom. */
  readonly typeNum: number;
  /** For vendor extensions carried in the Custom parameter (typeNum 1023). */
  readonly vendor?: number;
  readonly subtype?: number;
  readonly spec?: string;
  readonly fields: readonly (FieldDef | ReservedDef)[];
  readonly slots: readonly SlotDef[];
}

export interface MessageDef {
  readonly name: string;
  readonly typeNum: number;
  /** For vendor messages carried in CUSTOM_MESSAGE (typeNum 1023). */
  readonly vendor?: number;
  readonly subtype?: number;
  readonly responseType?: string;
  readonly spec?: string;
  readonly fields: readonly (FieldDef | ReservedDef)[];
  readonly slots: readonly SlotDef[];
}

export interface DefsTable {
  readonly enumerations: Readonly<Record<string, readonly (readonly [number, string])[]>>;
  readonly choices: Readonly<Record<string, readonly string[]>>;
  readonly parameters: readonly ParameterDef[];
  readonly messages: readonly MessageDef[];
}
