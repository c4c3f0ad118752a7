/**
 * EPC binary decoding and encoding for the 96-bit GS1 schemes a warehouse sees on UHF tags:
 * SGTIN-96, SSCC-96, SGLN-96, GRAI-96, GIAI-96 (GS1 EPC Tag Data Standard, TDS 1.x/2.0 §14
 * "EPC binary encoding"; layouts and partition tables as in the GS1 Tag Data Translation
 * files SGTIN-96.xml, SSCC-96.xml, SGLN-96.xml, GRAI-96.xml, GIAI-96.xml).
 *
 * Pure and synchronous. Bad input is a returned result with a stable code, never a throw.
 * Decoding runs on plain numbers (three 32-bit words); only GIAI's asset reference, which can
 * exceed 2^53, goes through BigInt. Encoding uses BigInt; it is not on the hot path.
 *
 * Layout shared by all five schemes (TDS §14.5): header(8) filter(3) partition(3), then two
 * fields whose bit and digit widths come from the partition table, then a scheme-specific
 * tail (serial, extension, or 24 unallocated zero bits for SSCC).
 */

export const EPC_SCHEMES = ['sgtin-96', 'sscc-96', 'sgln-96', 'grai-96', 'giai-96'] as const;
export type EpcScheme = (typeof EPC_SCHEMES)[number];

export type EpcErrorCode =
  | 'EPC_BAD_HEX'
  | 'EPC_UNKNOWN_HEADER'
  | 'EPC_BAD_PARTITION'
  | 'EPC_FIELD_OUT_OF_RANGE'
  | 'EPC_NONZERO_UNALLOCATED'
  | 'EPC_BAD_URI'
  | 'EPC_BAD_FIELD';

export interface EpcError {
  ok: false;
  code: EpcErrorCode;
  message: string;
}

interface EpcCommon {
  ok: true;
  /** 24 upper-case hex characters */
  hex: string;
  filter: number;
  partition: number;
  /** GS1 Company Prefix with its leading zeros (6..12 digits, from the partition) */
  companyPrefix: string;
  /** Pure identity URI, e.g. urn:epc:id:sgtin:0614141.812345.6789 */
  pureUri: string;
  /** Tag URI, e.g. urn:epc:tag:sgtin-96:3.0614141.812345.6789 */
  tagUri: string;
}

export interface Sgtin96 extends EpcCommon {
  scheme: 'sgtin-96';
  /** Indicator digit followed by the item reference, with leading zeros */
  itemReference: string;
  /** Decimal, no leading zeros */
  serial: string;
  /** GTIN-14 with computed check digit */
  gtin: string;
}

export interface Sscc96 extends EpcCommon {
  scheme: 'sscc-96';
  /** Extension digit followed by the serial reference, with leading zeros */
  serialReference: string;
  /** 18-digit SSCC with computed check digit */
  sscc: string;
}

export interface Sgln96 extends EpcCommon {
  scheme: 'sgln-96';
  locationReference: string;
  /** Decimal, no leading zeros; "0" means no extension */
  extension: string;
  /** GLN-13 with computed check digit */
  gln: string;
}

export interface Grai96 extends EpcCommon {
  scheme: 'grai-96';
  assetType: string;
  serial: string;
  /** AI (8003) value: "0" + company prefix + asset type + check digit + serial */
  grai: string;
}

export interface Giai96 extends EpcCommon {
  scheme: 'giai-96';
  /** Decimal, no leading zeros */
  assetReference: string;
  /** AI (8004) value: company prefix + asset reference */
  giai: string;
}

export type DecodedEpc = Sgtin96 | Sscc96 | Sgln96 | Grai96 | Giai96;
export type EpcDecodeResult = DecodedEpc | EpcError;

/** Fields for encoding; digit strings keep their leading zeros (the partition is derived from the company prefix length). */
export type EpcFields =
  | { scheme: 'sgtin-96'; filter: number; companyPrefix: string; itemReference: string; serial: string | number | bigint }
  | { scheme: 'sscc-96'; filter: number; companyPrefix: string; serialReference: string }
  | { scheme: 'sgln-96'; filter: number; companyPrefix: string; locationReference: string; extension: string | number | bigint }
  | { scheme: 'grai-96'; filter: number; companyPrefix: string; assetType: string; serial: string | number | bigint }
  | { scheme: 'giai-96'; filter: number; companyPrefix: string; assetReference: string | number | bigint };

export type EpcEncodeResult = { ok: true; hex: string; tagUri: string; pureUri: string } | EpcError;

// ---------------------------------------------------------------------------------------------
// Scheme tables

interface PartitionRow {
  /** company prefix bits and digits */
  cpBits: number;
  cpDigits: number;
  /** second field bits and digits */
  refBits: number;
  refDigits: number;
}

interface SchemeDef {
  scheme: EpcScheme;
  header: number;
  /** URI name without "-96" */
  uriName: string;
  /** bits after header+filter+partition+cp+ref */
  tailBits: number;
  /** partition rows 0..6 (7 is reserved and rejected) */
  partitions: readonly PartitionRow[];
}

const row = (cpBits: number, cpDigits: number, refBits: number, refDigits: number): PartitionRow => ({ cpBits, cpDigits, refBits, refDigits });

// TDS §14.5.1 Table 14-2 (SGTIN partition): CP 40/12 .. 20/6, item ref (incl. indicator) 4/1 .. 24/7
const SGTIN_PARTITIONS = [row(40, 12, 4, 1), row(37, 11, 7, 2), row(34, 10, 10, 3), row(30, 9, 14, 4), row(27, 8, 17, 5), row(24, 7, 20, 6), row(20, 6, 24, 7)];
// TDS §14.5.2 (SSCC partition): serial reference (incl. extension digit) 18/5 .. 38/11
const SSCC_PARTITIONS = [row(40, 12, 18, 5), row(37, 11, 21, 6), row(34, 10, 24, 7), row(30, 9, 28, 8), row(27, 8, 31, 9), row(24, 7, 34, 10), row(20, 6, 38, 11)];
// TDS §14.5.3 (SGLN partition): location reference 1/0 .. 21/6
const SGLN_PARTITIONS = [row(40, 12, 1, 0), row(37, 11, 4, 1), row(34, 10, 7, 2), row(30, 9, 11, 3), row(27, 8, 14, 4), row(24, 7, 17, 5), row(20, 6, 21, 6)];
// TDS §14.5.4 (GRAI partition): asset type 4/0 .. 24/6
const GRAI_PARTITIONS = [row(40, 12, 4, 0), row(37, 11, 7, 1), row(34, 10, 10, 2), row(30, 9, 14, 3), row(27, 8, 17, 4), row(24, 7, 20, 5), row(20, 6, 24, 6)];
// TDS §14.5.5 (GIAI-96 partition): individual asset reference 42/13 .. 62/19
const GIAI_PARTITIONS = [row(40, 12, 42, 13), row(37, 11, 45, 14), row(34, 10, 48, 15), row(30, 9, 52, 16), row(27, 8, 55, 17), row(24, 7, 58, 18), row(20, 6, 62, 19)];

const SCHEMES: Readonly<Record<EpcScheme, SchemeDef>> = {
  'sgtin-96': { scheme: 'sgtin-96', header: 0x30, uriName: 'sgtin', tailBits: 38, partitions: SGTIN_PARTITIONS },
  'sscc-96': { scheme: 'sscc-96', header: 0x31, uriName: 'sscc', tailBits: 24, partitions: SSCC_PARTITIONS },
  'sgln-96': { scheme: 'sgln-96', header: 0x32, uriName: 'sgln', tailBits: 41, partitions: SGLN_PARTITIONS },
  'grai-96': { scheme: 'grai-96', header: 0x33, uriName: 'grai', tailBits: 38, partitions: GRAI_PARTITIONS },
  'giai-96': { scheme: 'giai-96', header: 0x34, uriName: 'giai', tailBits: 0, partitions: GIAI_PARTITIONS },
};

const BY_HEADER: ReadonlyMap<number, SchemeDef> = new Map(Object.values(SCHEMES).map((d) => [d.header, d]));

/** 10^n as numbers for n <= 15 (exact) */
const POW10: readonly number[] = Array.from({ length: 16 }, (_, i) => 10 ** i);
const POW2: readonly number[] = Array.from({ length: 54 }, (_, i) => 2 ** i);

// ---------------------------------------------------------------------------------------------
// Check digit

/** GS1 mod-10 check digit over a digit string (weights 3,1,3,... from the right). */
export function gs1CheckDigit(digits: string): number {
  let sum = 0;
  let weight = 3;
  for (let i = digits.length - 1; i >= 0; i--) {
    sum += (digits.charCodeAt(i) - 48) * weight;
    weight = weight === 3 ? 1 : 3;
  }
  return (10 - (sum % 10)) % 10;
}

// ---------------------------------------------------------------------------------------------
// Decoding

const fail = (code: EpcErrorCode, message: string): EpcError => ({ ok: false, code, message });

function hexNibble(c: number): number {
  if (c >= 48 && c <= 57) return c - 48; // 0-9
  const l = c | 0x20; // fold to lower case
  if (l >= 97 && l <= 102) return l - 87; // a-f
  return -1;
}

/**
 * Bits [start, start+len) of the 96-bit big-endian value w0 w1 w2, as a number. len <= 53.
 */
function bitsOf(w0: number, w1: number, w2: number, start: number, len: number): number {
  let value = 0;
  let pos = start;
  let remaining = len;
  while (remaining > 0) {
    const wi = pos >>> 5;
    const off = pos & 31;
    const take = Math.min(32 - off, remaining);
    const word = wi === 0 ? w0 : wi === 1 ? w1 : w2;
    const chunk = take === 32 ? word : (word >>> (32 - off - take)) & ((1 << take) - 1);
    value = value * (POW2[take] as number) + chunk;
    pos += take;
    remaining -= take;
  }
  return value;
}

const pad = (n: number, digits: number): string => (digits === 0 ? '' : String(n).padStart(digits, '0'));

/**
 * Decode 24 hex characters (either case) holding a 96-bit EPC.
 * Unknown headers, partition 7, fields >= 10^digits and non-zero SSCC padding are returned errors.
 */
export function decodeEpc(hex: string): EpcDecodeResult {
  if (typeof hex !== 'string' || hex.length !== 24) {
    return fail('EPC_BAD_HEX', `an EPC-96 is 24 hex characters, got ${typeof hex === 'string' ? `${hex.length} characters` : typeof hex}`);
  }
  let w0 = 0;
  let w1 = 0;
  let w2 = 0;
  for (let i = 0; i < 24; i++) {
    const n = hexNibble(hex.charCodeAt(i));
    if (n < 0) return fail('EPC_BAD_HEX', `character ${i + 1} of the EPC (${JSON.stringify(hex[i])}) is not a hex digit`);
    if (i < 8) w0 = w0 * 16 + n;
    else if (i < 16) w1 = w1 * 16 + n;
    else w2 = w2 * 16 + n;
  }
  const header = w0 >>> 24;
  const def = BY_HEADER.get(header);
  if (def === undefined) {
    return fail('EPC_UNKNOWN_HEADER', `EPC header 0x${header.toString(16).padStart(2, '0').toUpperCase()} is not one of SGTIN-96 (30), SSCC-96 (31), SGLN-96 (32), GRAI-96 (33), GIAI-96 (34)`);
  }
  const filter = (w0 >>> 21) & 7;
  const partition = (w0 >>> 18) & 7;
  const p = def.partitions[partition];
  if (p === undefined) return fail('EPC_BAD_PARTITION', `${def.scheme} partition value ${partition} is reserved (valid 0-6)`);

  const cp = bitsOf(w0, w1, w2, 14, p.cpBits);
  if (cp >= (POW10[p.cpDigits] as number)) {
    return fail('EPC_FIELD_OUT_OF_RANGE', `${def.scheme} company prefix ${cp} does not fit ${p.cpDigits} digits (partition ${partition})`);
  }
  const companyPrefix = pad(cp, p.cpDigits);
  const refStart = 14 + p.cpBits;
  const tailStart = refStart + p.refBits;
  const hexOut = hex.toUpperCase();

  if (def.scheme === 'giai-96') {
    // Asset reference may be up to 62 bits: split into two <= 32-bit reads.
    const hiLen = p.refBits - 32;
    const hi = bitsOf(w0, w1, w2, refStart, hiLen);
    const lo = bitsOf(w0, w1, w2, refStart + hiLen, 32);
    const ref = hi * 4294967296 + lo;
    let assetReference: string;
    if (ref <= Number.MAX_SAFE_INTEGER) {
      if (ref >= (POW10[p.refDigits] ?? Infinity)) return fail('EPC_FIELD_OUT_OF_RANGE', `GIAI-96 asset reference ${ref} does not fit ${p.refDigits} digits (partition ${partition})`);
      assetReference = String(ref);
    } else {
      const big = (BigInt(hi) << 32n) | BigInt(lo);
      if (big >= 10n ** BigInt(p.refDigits)) return fail('EPC_FIELD_OUT_OF_RANGE', `GIAI-96 asset reference ${big} does not fit ${p.refDigits} digits (partition ${partition})`);
      assetReference = big.toString();
    }
    return {
      ok: true, scheme: 'giai-96', hex: hexOut, filter, partition, companyPrefix, assetReference,
      giai: companyPrefix + assetReference,
      pureUri: `urn:epc:id:giai:${companyPrefix}.${assetReference}`,
      tagUri: `urn:epc:tag:giai-96:${filter}.${companyPrefix}.${assetReference}`,
    };
  }

  const ref = bitsOf(w0, w1, w2, refStart, p.refBits);
  if (ref >= (POW10[p.refDigits] as number)) {
    return fail('EPC_FIELD_OUT_OF_RANGE', `${def.scheme.toUpperCase()} ${refName(def.scheme)} ${ref} does not fit ${p.refDigits} digits (partition ${partition})`);
  }
  const refStr = pad(ref, p.refDigits);
  const tail = bitsOf(w0, w1, w2, tailStart, def.tailBits);

  switch (def.scheme) {
    case 'sgtin-96': {
      const serial = String(tail);
      const body = refStr.charAt(0) + companyPrefix + refStr.slice(1);
      return {
        ok: true, scheme: 'sgtin-96', hex: hexOut, filter, partition, companyPrefix, itemReference: refStr, serial,
        gtin: body + gs1CheckDigit(body),
        pureUri: `urn:epc:id:sgtin:${companyPrefix}.${refStr}.${serial}`,
        tagUri: `urn:epc:tag:sgtin-96:${filter}.${companyPrefix}.${refStr}.${serial}`,
      };
    }
    case 'sscc-96': {
      // TDS §14.5.2: the last 24 bits are unallocated and must be zero.
      if (tail !== 0) return fail('EPC_NONZERO_UNALLOCATED', `SSCC-96 unallocated bits (last 24) must be zero, got 0x${tail.toString(16).toUpperCase()}`);
      const body = refStr.charAt(0) + companyPrefix + refStr.slice(1);
      return {
        ok: true, scheme: 'sscc-96', hex: hexOut, filter, partition, companyPrefix, serialReference: refStr,
        sscc: body + gs1CheckDigit(body),
        pureUri: `urn:epc:id:sscc:${companyPrefix}.${refStr}`,
        tagUri: `urn:epc:tag:sscc-96:${filter}.${companyPrefix}.${refStr}`,
      };
    }
    case 'sgln-96': {
      const body = companyPrefix + refStr;
      const extension = String(tail);
      return {
        ok: true, scheme: 'sgln-96', hex: hexOut, filter, partition, companyPrefix, locationReference: refStr, extension,
        gln: body + gs1CheckDigit(body),
        pureUri: `urn:epc:id:sgln:${companyPrefix}.${refStr}.${extension}`,
        tagUri: `urn:epc:tag:sgln-96:${filter}.${companyPrefix}.${refStr}.${extension}`,
      };
    }
    case 'grai-96': {
      const body = companyPrefix + refStr;
      const serial = String(tail);
      return {
        ok: true, scheme: 'grai-96', hex: hexOut, filter, partition, companyPrefix, assetType: refStr, serial,
        grai: '0' + body + gs1CheckDigit(body) + serial,
        pureUri: `urn:epc:id:grai:${companyPrefix}.${refStr}.${serial}`,
        tagUri: `urn:epc:tag:grai-96:${filter}.${companyPrefix}.${refStr}.${serial}`,
      };
    }
  }
}

function refName(scheme: EpcScheme): string {
  switch (scheme) {
    case 'sgtin-96': return 'item reference';
    case 'sscc-96': return 'serial reference';
    case 'sgln-96': return 'location reference';
    case 'grai-96': return 'asset type';
    case 'giai-96': return 'asset reference';
  }
}

// ---------------------------------------------------------------------------------------------
// Encoding

const DIGITS = /^[0-9]*$/;

/** A decimal integer without leading zeros ("0" allowed), below 2^bits; TDS §14.3.x "Integer" fields. */
function integerField(value: string | number | bigint, bits: number, what: string): bigint | EpcError {
  let s: string;
  if (typeof value === 'bigint') s = value.toString();
  else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) return fail('EPC_BAD_FIELD', `${what} must be a non-negative whole number, got ${value}`);
    s = String(value);
  } else s = value;
  if (!/^(0|[1-9][0-9]*)$/.test(s)) return fail('EPC_BAD_FIELD', `${what} must be decimal digits without leading zeros, got ${JSON.stringify(s)}`);
  const big = BigInt(s);
  if (big >= 1n << BigInt(bits)) return fail('EPC_FIELD_OUT_OF_RANGE', `${what} ${s} does not fit ${bits} bits (max ${(1n << BigInt(bits)) - 1n})`);
  return big;
}

/** Encode fields to 24 upper-case hex characters, with both URIs for convenience. */
export function encodeEpc(fields: EpcFields): EpcEncodeResult {
  const def = SCHEMES[fields.scheme];
  if (def === undefined) return fail('EPC_BAD_FIELD', `unknown EPC scheme ${JSON.stringify((fields as { scheme: unknown }).scheme)}`);
  const { filter, companyPrefix } = fields;
  if (!Number.isInteger(filter) || filter < 0 || filter > 7) return fail('EPC_BAD_FIELD', `filter value must be 0-7, got ${filter}`);
  if (typeof companyPrefix !== 'string' || !DIGITS.test(companyPrefix)) return fail('EPC_BAD_FIELD', `company prefix must be digits, got ${JSON.stringify(companyPrefix)}`);
  const partition = def.partitions.findIndex((r) => r.cpDigits === companyPrefix.length);
  const p = def.partitions[partition];
  if (p === undefined) return fail('EPC_BAD_FIELD', `company prefix must be 6 to 12 digits, got ${companyPrefix.length}`);

  let refDigits: string;
  let refValue: bigint;
  let tail = 0n;
  let pureRest: string;
  switch (fields.scheme) {
    case 'sgtin-96':
    case 'sscc-96':
    case 'sgln-96':
    case 'grai-96': {
      refDigits = fields.scheme === 'sgtin-96' ? fields.itemReference : fields.scheme === 'sscc-96' ? fields.serialReference : fields.scheme === 'sgln-96' ? fields.locationReference : fields.assetType;
      const name = refName(fields.scheme);
      if (typeof refDigits !== 'string' || !DIGITS.test(refDigits)) return fail('EPC_BAD_FIELD', `${name} must be digits, got ${JSON.stringify(refDigits)}`);
      if (refDigits.length !== p.refDigits) {
        return fail('EPC_BAD_FIELD', `${name} must be ${p.refDigits} digits with a ${companyPrefix.length}-digit company prefix, got ${refDigits.length}`);
      }
      refValue = refDigits === '' ? 0n : BigInt(refDigits);
      if (fields.scheme === 'sscc-96') {
        pureRest = refDigits;
      } else {
        const t = fields.scheme === 'sgln-96' ? fields.extension : fields.serial;
        const r = integerField(t, def.tailBits, fields.scheme === 'sgln-96' ? 'extension' : 'serial');
        if (typeof r !== 'bigint') return r;
        tail = r;
        pureRest = `${refDigits}.${r}`;
      }
      break;
    }
    case 'giai-96': {
      const r = integerField(fields.assetReference, p.refBits, 'asset reference');
      if (typeof r !== 'bigint') return r;
      if (r >= 10n ** BigInt(p.refDigits)) return fail('EPC_FIELD_OUT_OF_RANGE', `asset reference ${r} has more than ${p.refDigits} digits`);
      refValue = r;
      pureRest = r.toString();
      break;
    }
  }

  let v = BigInt(def.header);
  v = (v << 3n) | BigInt(filter);
  v = (v << 3n) | BigInt(partition);
  v = (v << BigInt(p.cpBits)) | BigInt(companyPrefix);
  v = (v << BigInt(p.refBits)) | refValue;
  v = v << BigInt(def.tailBits) | tail; // SSCC: 24 zero bits
  const hex = v.toString(16).toUpperCase().padStart(24, '0');
  return {
    ok: true,
    hex,
    pureUri: `urn:epc:id:${def.uriName}:${companyPrefix}.${pureRest}`,
    tagUri: `urn:epc:tag:${def.scheme}:${filter}.${companyPrefix}.${pureRest}`,
  };
}

/**
 * Encode from a tag URI (urn:epc:tag:sgtin-96:3.0614141.812345.6789) or a pure identity URI
 * (urn:epc:id:sgtin:0614141.812345.6789, encoded as the -96 scheme with `filter`, default 0).
 */
export function encodeEpcUri(uri: string, filter = 0): EpcEncodeResult {
  const tag = /^urn:epc:tag:(sgtin|sscc|sgln|grai|giai)-96:(.*)$/.exec(uri);
  const pure = tag ? null : /^urn:epc:id:(sgtin|sscc|sgln|grai|giai):(.*)$/.exec(uri);
  const m = tag ?? pure;
  if (!m) return fail('EPC_BAD_URI', `not an EPC tag URI (urn:epc:tag:<scheme>-96:...) or pure identity URI (urn:epc:id:<scheme>:...): ${JSON.stringify(uri)}`);
  const scheme = `${m[1]}-96` as EpcScheme;
  const parts = (m[2] ?? '').split('.');
  if (tag) {
    const f = parts.shift() ?? '';
    if (!/^[0-7]$/.test(f)) return fail('EPC_BAD_URI', `filter in ${JSON.stringify(uri)} must be a digit 0-7`);
    filter = Number(f);
  }
  const expected = scheme === 'sscc-96' || scheme === 'giai-96' ? 2 : 3;
  if (parts.length !== expected) return fail('EPC_BAD_URI', `${scheme} URI needs ${expected} dot-separated fields after the scheme${tag ? ' and filter' : ''}: ${JSON.stringify(uri)}`);
  const [a = '', b = '', c = ''] = parts;
  switch (scheme) {
    case 'sgtin-96': return encodeEpc({ scheme, filter, companyPrefix: a, itemReference: b, serial: c });
    case 'sscc-96': return encodeEpc({ scheme, filter, companyPrefix: a, serialReference: b });
    case 'sgln-96': return encodeEpc({ scheme, filter, companyPrefix: a, locationReference: b, extension: c });
    case 'grai-96': return encodeEpc({ scheme, filter, companyPrefix: a, assetType: b, serial: c });
    case 'giai-96': return encodeEpc({ scheme, filter, companyPrefix: a, assetReference: b });
  }
}

/**
 * SGTIN-96 from a GTIN (8, 12, 13 or 14 digits, check digit verified), the length of its
 * company prefix (6-12) and a serial.
 */
export function encodeSgtinFromGtin(gtin: string, companyPrefixLength: number, serial: string | number | bigint, filter = 0): EpcEncodeResult {
  if (!/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(gtin)) return fail('EPC_BAD_FIELD', `GTIN must be 8, 12, 13 or 14 digits, got ${JSON.stringify(gtin)}`);
  const g = gtin.padStart(14, '0');
  const check = gs1CheckDigit(g.slice(0, 13));
  if (check !== Number(g[13])) return fail('EPC_BAD_FIELD', `GTIN ${gtin} has check digit ${g[13]}, expected ${check}`);
  if (!Number.isInteger(companyPrefixLength) || companyPrefixLength < 6 || companyPrefixLength > 12) {
    return fail('EPC_BAD_FIELD', `company prefix length must be 6-12, got ${companyPrefixLength}`);
  }
  const companyPrefix = g.slice(1, 1 + companyPrefixLength);
  const itemReference = g.charAt(0) + g.slice(1 + companyPrefixLength, 13);
  return encodeEpc({ scheme: 'sgtin-96', filter, companyPrefix, itemReference, serial });
}
