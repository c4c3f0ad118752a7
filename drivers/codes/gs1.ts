/**
 * GS1 element strings from GS1-128, GS1 DataMatrix, GS1 QR Code and GS1 DataBar scans, and the
 * plain retail codes (EAN-13, UPC-A, EAN-8) a scanner also reads. Pure and synchronous: bad
 * input is a result with errors, never a throw.
 *
 * Facts (not code) from: GS1 General Specifications §3 (AI formats, titles; cross-checked with
 * the GS1 AI list as published at gs1.org/standards/barcodes/application-identifiers),
 * §7.8 (YYMMDD, "00" day = last day of the month), §7.9 (mod-10 check digit),
 * §7.12 (two-digit year: sliding window, -49..+50 years around the current year),
 * ISO/IEC 15424 symbology identifiers (]C1 GS1-128, ]d2 GS1 DataMatrix, ]Q3 GS1 QR, ]e0 DataBar).
 *
 * Separators: a variable-length field ends at GS (0x1D), at the end of the data, or at a
 * configured substitute (wedge scanners lose the GS). None of '~', '|', ']' are in the GS1
 * character set 82, so they are safe substitutes; the literal '<GS>' is accepted too. If a
 * variable field runs past its maximum length with no separator, the separator was lost: the
 * parser assumes it ended at the maximum (and says so in `warnings`) only if the rest then
 * parses cleanly; otherwise it reports GS1_MISSING_SEPARATOR. If the data has no separator at
 * all and the tail of a variable field reads as a complete, valid fixed-length element string
 * (e.g. lot "ABC17250101" vs lot "ABC" + expiry 250101), it reports GS1_AMBIGUOUS_SEPARATOR
 * instead of guessing.
 */

export const GS = '\u001d';

export type Gs1ErrorCode =
  | 'GS1_EMPTY'
  | 'GS1_UNKNOWN_AI'
  | 'GS1_TRUNCATED'
  | 'GS1_TOO_SHORT'
  | 'GS1_BAD_CHARACTERS'
  | 'GS1_BAD_CHECK_DIGIT'
  | 'GS1_BAD_DATE'
  | 'GS1_MISSING_SEPARATOR'
  | 'GS1_AMBIGUOUS_SEPARATOR'
  | 'GS1_DUPLICATE_AI'
  | 'EAN_BAD_CHECK_DIGIT';

export interface Gs1Issue {
  code: string;
  message: string;
  ai?: string;
  /** character offset in the data after the symbology identifier */
  position?: number;
}

export interface Gs1Element {
  ai: string;
  title: string;
  /** the characters as scanned, without AI and separator */
  raw: string;
  /** string for text and identifiers, number for counts and measures, ISO date for dates */
  value: string | number;
  /** for measures (31nn-36nn): unit and the decimals taken from the AI's last digit */
  unit?: string;
  decimals?: number;
  /** how the field ended */
  end: 'fixed' | 'separator' | 'end-of-data' | 'max-length';
  /** offset of the field's first data character in `data` */
  position: number;
}

export interface Symbology {
  /** e.g. "]C1" */
  id: string;
  name: string;
  /** whether the identifier says the data is a GS1 element string */
  gs1: boolean;
}

export type ScanKind = 'gs1' | 'ean13' | 'upca' | 'ean8' | 'text';

export interface Gs1ParseResult {
  ok: boolean;
  kind: ScanKind;
  symbology?: Symbology;
  /** the data after the symbology identifier */
  data: string;
  elements: Gs1Element[];
  gtin?: string;
  content?: string;
  sscc?: string;
  lot?: string;
  serial?: string;
  /** ISO dates (YYYY-MM-DD) */
  expiry?: string;
  bestBefore?: string;
  productionDate?: string;
  packDate?: string;
  sellBy?: string;
  netWeightGrams?: number;
  grossWeightGrams?: number;
  count?: number;
  shipToGln?: string;
  grai?: string;
  giai?: string;
  errors: Gs1Issue[];
  warnings: Gs1Issue[];
}

export interface Gs1ParseOptions {
  /** Substitute separators in addition to GS, e.g. ['~'], ['|'], ['<GS>'], [']']. */
  separators?: readonly string[];
  /**
   * 'auto' (default): GS1 if a GS1 symbology identifier, a separator or "(AI)" notation says
   * so, or if the data parses cleanly as GS1; EAN/UPC if 8/12/13 digits with a valid check
   * digit; otherwise text. 'gs1': always parse as GS1 and report errors.
   */
  mode?: 'auto' | 'gs1';
  /** Reference date for the two-digit-year window (GS1 GenSpecs §7.12). Default: years are 20YY. */
  today?: Date | string;
  /** What to do when a lost separator makes the reading ambiguous. Default 'error'. */
  ambiguous?: 'error' | 'warn';
}

// ---------------------------------------------------------------------------------------------
// AI table

type Content = 'N' | 'X';
interface AiDef {
  ai: string;
  title: string;
  /** leading fixed numeric part (e.g. 3 for N3+X..9, 14 for N14+X..16) */
  numericPrefix: number;
  /** content type of the rest */
  content: Content;
  min: number;
  max: number;
  fixed: boolean;
  check?: 'whole' | 'prefix14';
  date?: 'YYMMDD' | 'YYMMDDHHMM';
  measure?: { unit: string; decimals: number; quantity: 'net-weight' | 'gross-weight' | 'other' };
  count?: boolean;
}

const defs: AiDef[] = [];
const fixedN = (ai: string, title: string, n: number, extra: Partial<AiDef> = {}): void => {
  defs.push({ ai, title, numericPrefix: n, content: 'N', min: n, max: n, fixed: true, ...extra });
};
const varX = (ai: string, title: string, max: number, extra: Partial<AiDef> = {}): void => {
  defs.push({ ai, title, numericPrefix: 0, content: 'X', min: 1, max, fixed: false, ...extra });
};

fixedN('00', 'SSCC', 18, { check: 'whole' });
fixedN('01', 'GTIN', 14, { check: 'whole' });
fixedN('02', 'CONTENT', 14, { check: 'whole' });
varX('10', 'BATCH/LOT', 20);
fixedN('11', 'PROD DATE', 6, { date: 'YYMMDD' });
fixedN('12', 'DUE DATE', 6, { date: 'YYMMDD' });
fixedN('13', 'PACK DATE', 6, { date: 'YYMMDD' });
fixedN('15', 'BEST BEFORE or BEST BY', 6, { date: 'YYMMDD' });
fixedN('16', 'SELL BY', 6, { date: 'YYMMDD' });
fixedN('17', 'USE BY OR EXPIRY', 6, { date: 'YYMMDD' });
fixedN('20', 'VARIANT', 2);
varX('21', 'SERIAL', 20);
varX('22', 'CPV', 20);
varX('240', 'ADDITIONAL ID', 30);
varX('241', 'CUST. PART No.', 30);
varX('250', 'SECONDARY SERIAL', 30);
varX('251', 'REF. TO SOURCE', 30);
varX('254', 'GLN EXTENSION COMPONENT', 20);
defs.push({ ai: '30', title: 'VAR. COUNT', numericPrefix: 0, content: 'N', min: 1, max: 8, fixed: false, count: true });
defs.push({ ai: '37', title: 'COUNT', numericPrefix: 0, content: 'N', min: 1, max: 8, fixed: false, count: true });
varX('400', 'ORDER NUMBER', 30);
varX('401', 'GINC', 30);
fixedN('402', 'GSIN', 17, { check: 'whole' });
varX('403', 'ROUTE', 30);
for (const [ai, title] of [
  ['410', 'SHIP TO LOC'], ['411', 'BILL TO'], ['412', 'PURCHASE FROM'], ['413', 'SHIP FOR LOC'],
  ['414', 'LOC No.'], ['415', 'PAY TO'], ['416', 'PROD/SERV LOC'], ['417', 'PARTY'],
] as const) fixedN(ai, title, 13, { check: 'whole' });
varX('420', 'SHIP TO POST', 20);
defs.push({ ai: '421', title: 'SHIP TO POST', numericPrefix: 3, content: 'X', min: 4, max: 12, fixed: false });
fixedN('7003', 'EXPIRY TIME', 10, { date: 'YYMMDDHHMM' });
defs.push({ ai: '8003', title: 'GRAI', numericPrefix: 14, content: 'X', min: 14, max: 30, fixed: false, check: 'prefix14' });
varX('8004', 'GIAI', 30);
varX('8020', 'REF No.', 25);
varX('90', 'INTERNAL', 30);
for (let i = 91; i <= 99; i++) varX(String(i), 'INTERNAL', 90);

// Measures: 3 digits + decimals digit, N6 (GenSpecs §3.6.2 - §3.6.9)
const MEASURES: ReadonlyArray<[prefix: string, title: string, unit: string, quantity?: 'net-weight' | 'gross-weight']> = [
  ['310', 'NET WEIGHT (kg)', 'kg', 'net-weight'], ['311', 'LENGTH (m)', 'm'], ['312', 'WIDTH (m)', 'm'], ['313', 'HEIGHT (m)', 'm'],
  ['314', 'AREA (m²)', 'm2'], ['315', 'NET VOLUME (l)', 'l'], ['316', 'NET VOLUME (m³)', 'm3'],
  ['320', 'NET WEIGHT (lb)', 'lb', 'net-weight'], ['321', 'LENGTH (in)', 'in'], ['322', 'LENGTH (ft)', 'ft'], ['323', 'LENGTH (yd)', 'yd'],
  ['324', 'WIDTH (in)', 'in'], ['325', 'WIDTH (ft)', 'ft'], ['326', 'WIDTH (yd)', 'yd'], ['327', 'HEIGHT (in)', 'in'], ['328', 'HEIGHT (ft)', 'ft'], ['329', 'HEIGHT (yd)', 'yd'],
  ['330', 'GROSS WEIGHT (kg)', 'kg', 'gross-weight'], ['331', 'LENGTH (m), log', 'm'], ['332', 'WIDTH (m), log', 'm'], ['333', 'HEIGHT (m), log', 'm'],
  ['334', 'AREA (m²), log', 'm2'], ['335', 'VOLUME (l), log', 'l'], ['336', 'VOLUME (m³), log', 'm3'], ['337', 'KG PER m²', 'kg/m2'],
  ['340', 'GROSS WEIGHT (lb)', 'lb', 'gross-weight'], ['341', 'LENGTH (in), log', 'in'], ['342', 'LENGTH (ft), log', 'ft'], ['343', 'LENGTH (yd), log', 'yd'],
  ['344', 'WIDTH (in), log', 'in'], ['345', 'WIDTH (ft), log', 'ft'], ['346', 'WIDTH (yd), log', 'yd'], ['347', 'HEIGHT (in), log', 'in'], ['348', 'HEIGHT (ft), log', 'ft'], ['349', 'HEIGHT (yd), log', 'yd'],
  ['350', 'AREA (in²)', 'in2'], ['351', 'AREA (ft²)', 'ft2'], ['352', 'AREA (yd²)', 'yd2'], ['353', 'AREA (in²), log', 'in2'], ['354', 'AREA (ft²), log', 'ft2'], ['355', 'AREA (yd²), log', 'yd2'],
  ['356', 'NET WEIGHT (t oz)', 'ozt', 'net-weight'], ['357', 'NET VOLUME (oz)', 'oz'],
  ['360', 'NET VOLUME (qt)', 'qt'], ['361', 'NET VOLUME (gal.)', 'gal'], ['362', 'VOLUME (qt), log', 'qt'], ['363', 'VOLUME (gal.), log', 'gal'],
  ['364', 'VOLUME (in³)', 'in3'], ['365', 'VOLUME (ft³)', 'ft3'], ['366', 'VOLUME (yd³)', 'yd3'], ['367', 'VOLUME (in³), log', 'in3'], ['368', 'VOLUME (ft³), log', 'ft3'], ['369', 'VOLUME (yd³), log', 'yd3'],
];
for (const [prefix, title, unit, quantity] of MEASURES) {
  for (let d = 0; d <= 9; d++) fixedN(prefix + d, title, 6, { measure: { unit, decimals: d, quantity: quantity ?? 'other' } });
}

const AI_TABLE: ReadonlyMap<string, AiDef> = new Map(defs.map((d) => [d.ai, d]));

/** All AIs this parser knows, with their definitions (for builders and tests). */
export function aiDefinition(ai: string): Readonly<AiDef> | undefined {
  return AI_TABLE.get(ai);
}
export const KNOWN_AIS: readonly string[] = defs.map((d) => d.ai);
export type { AiDef };

/**
 * AIs whose first two digits are in the GenSpecs "predefined length" table never need a
 * separator after them (GenSpecs Figure 7.8.5-2): 00-04, 11-20, 23, 31-36, 41.
 */
const PREDEFINED = new Set(['00', '01', '02', '03', '04', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20', '23', '31', '32', '33', '34', '35', '36', '41']);
export function needsSeparatorAfter(ai: string): boolean {
  return !PREDEFINED.has(ai.slice(0, 2));
}

// ---------------------------------------------------------------------------------------------
// Helpers

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

const isDigits = (s: string): boolean => /^[0-9]*$/.test(s);
/** GS1 AI encodable character set 82 (GenSpecs Figure 7.11-1) */
const CSET82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]*$/;

const SYMBOLOGIES: Readonly<Record<string, { name: string; gs1: boolean }>> = {
  ']C1': { name: 'GS1-128', gs1: true },
  ']C0': { name: 'Code 128', gs1: false },
  ']d2': { name: 'GS1 DataMatrix', gs1: true },
  ']d1': { name: 'Data Matrix', gs1: false },
  ']Q3': { name: 'GS1 QR Code', gs1: true },
  ']Q1': { name: 'QR Code', gs1: false },
  ']e0': { name: 'GS1 DataBar', gs1: true },
  ']E0': { name: 'EAN-13 / UPC-A', gs1: false },
  ']E4': { name: 'EAN-8', gs1: false },
  ']A0': { name: 'Code 39', gs1: false },
  ']I0': { name: 'ITF', gs1: false },
  ']I1': { name: 'ITF', gs1: false },
};

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysIn = (y: number, m: number): number => (m === 2 && isLeap(y) ? 29 : (DAYS_IN_MONTH[m - 1] ?? 31));

function fullYear(yy: number, today: Date | undefined): number {
  if (!today) return 2000 + yy;
  // GenSpecs §7.12: difference between YY and the current two-digit year decides the century.
  const current = today.getUTCFullYear();
  const cc = Math.floor(current / 100);
  const diff = yy - (current % 100);
  if (diff >= 51) return (cc - 1) * 100 + yy;
  if (diff <= -50) return (cc + 1) * 100 + yy;
  return cc * 100 + yy;
}

const p2 = (n: number): string => String(n).padStart(2, '0');

/** YYMMDD -> ISO date; DD=00 is the last day of the month. */
function parseYymmdd(raw: string, today: Date | undefined): string | string[] {
  const yy = Number(raw.slice(0, 2));
  const mm = Number(raw.slice(2, 4));
  const dd = Number(raw.slice(4, 6));
  if (mm < 1 || mm > 12) return [`month ${raw.slice(2, 4)} is not 01-12`];
  const year = fullYear(yy, today);
  const last = daysIn(year, mm);
  if (dd > last) return [`day ${raw.slice(4, 6)} does not exist in ${year}-${p2(mm)}`];
  return `${year}-${p2(mm)}-${p2(dd === 0 ? last : dd)}`;
}

/** Decimal value with `decimals` implied decimals, exact to the printed digits. */
function impliedDecimal(raw: string, decimals: number): number {
  if (decimals === 0) return Number(raw);
  const padded = raw.padStart(decimals + 1, '0');
  return Number(`${padded.slice(0, padded.length - decimals)}.${padded.slice(padded.length - decimals)}`);
}

const GRAMS_PER: Readonly<Record<string, number>> = { kg: 1000, lb: 453.59237, ozt: 31.1034768 };
/** grams rounded to 0.001 g (milligram) to drop binary noise */
const toGrams = (value: number, unit: string): number | undefined => {
  const f = GRAMS_PER[unit];
  return f === undefined ? undefined : Math.round(value * f * 1000) / 1000;
};

// ---------------------------------------------------------------------------------------------
// Element string parser

interface ScanState {
  data: string;
  separators: readonly string[];
  today: Date | undefined;
}

interface ParseOutcome {
  elements: Gs1Element[];
  errors: Gs1Issue[];
  warnings: Gs1Issue[];
}

/** Separator at position i: its length, or 0. */
function separatorAt(s: ScanState, i: number): number {
  for (const sep of s.separators) if (s.data.startsWith(sep, i)) return sep.length;
  return 0;
}

function findSeparator(s: ScanState, from: number): number {
  let best = -1;
  for (const sep of s.separators) {
    const i = s.data.indexOf(sep, from);
    if (i >= 0 && (best < 0 || i < best)) best = i;
  }
  return best;
}

function lookupAi(data: string, pos: number): AiDef | undefined {
  for (let n = 2; n <= 4; n++) {
    const d = AI_TABLE.get(data.slice(pos, pos + n));
    if (d && data.length >= pos + n) return d;
  }
  return undefined;
}

/** Validate one field's content; returns the typed value or the issues. */
function interpret(def: AiDef, raw: string, today: Date | undefined, position: number): { value: string | number; issues: Gs1Issue[] } {
  const issues: Gs1Issue[] = [];
  const where = `AI (${def.ai}) ${def.title}`;
  const numPart = raw.slice(0, def.numericPrefix);
  const rest = raw.slice(def.numericPrefix);
  if (!isDigits(numPart) || (def.content === 'N' && !isDigits(rest))) {
    issues.push({ code: 'GS1_BAD_CHARACTERS', message: `${where} must be digits${def.numericPrefix && def.content === 'X' ? ` in its first ${def.numericPrefix} characters` : ''}, got ${JSON.stringify(raw)}`, ai: def.ai, position });
    return { value: raw, issues };
  }
  if (def.content === 'X' && !CSET82.test(rest)) {
    const bad = [...rest].find((c) => !CSET82.test(c)) ?? '';
    issues.push({ code: 'GS1_BAD_CHARACTERS', message: `${where} contains ${JSON.stringify(bad)}, which is not in the GS1 character set`, ai: def.ai, position });
    return { value: raw, issues };
  }
  if (raw.length < def.min) {
    issues.push({ code: 'GS1_TOO_SHORT', message: `${where} needs at least ${def.min} characters, got ${raw.length}`, ai: def.ai, position });
    return { value: raw, issues };
  }
  if (def.check) {
    const body = def.check === 'whole' ? raw : raw.slice(0, 14);
    // 8003: the leading digit is a padding zero, the check digit covers digits 2-13.
    const covered = def.check === 'whole' ? body.slice(0, -1) : body.slice(1, 13);
    const expected = gs1CheckDigit(covered);
    if (String(expected) !== body.charAt(body.length - 1)) {
      issues.push({ code: 'GS1_BAD_CHECK_DIGIT', message: `${where} ${body} has check digit ${body.charAt(body.length - 1)}, expected ${expected}`, ai: def.ai, position });
    }
  }
  if (def.date === 'YYMMDD') {
    const d = parseYymmdd(raw, today);
    if (typeof d !== 'string') {
      issues.push({ code: 'GS1_BAD_DATE', message: `${where} ${raw} is not a valid YYMMDD date: ${d.join(', ')}`, ai: def.ai, position });
      return { value: raw, issues };
    }
    return { value: d, issues };
  }
  if (def.date === 'YYMMDDHHMM') {
    const d = parseYymmdd(raw.slice(0, 6), today);
    const hh = Number(raw.slice(6, 8));
    const mi = Number(raw.slice(8, 10));
    const dayZero = raw.slice(4, 6) === '00'; // 7003 does not allow the "end of month" day
    if (typeof d !== 'string' || dayZero || hh > 23 || mi > 59) {
      issues.push({ code: 'GS1_BAD_DATE', message: `${where} ${raw} is not a valid YYMMDDHHMM date and time`, ai: def.ai, position });
      return { value: raw, issues };
    }
    return { value: `${d}T${raw.slice(6, 8)}:${raw.slice(8, 10)}`, issues };
  }
  if (def.measure) return { value: impliedDecimal(raw, def.measure.decimals), issues };
  if (def.count) return { value: Number(raw), issues };
  return { value: raw, issues };
}

/** Parse an element string (no symbology identifier). Never throws. */
function parseElements(s: ScanState, start: number, allowHeuristic: boolean): ParseOutcome {
  const { data } = s;
  const elements: Gs1Element[] = [];
  const errors: Gs1Issue[] = [];
  const warnings: Gs1Issue[] = [];
  let pos = start;
  while (pos < data.length) {
    const sepLen = separatorAt(s, pos);
    if (sepLen > 0) {
      pos += sepLen; // leading or doubled separators are harmless
      continue;
    }
    const def = lookupAi(data, pos);
    if (!def) {
      const shown = data.slice(pos, pos + 4);
      errors.push({ code: 'GS1_UNKNOWN_AI', message: `no known GS1 Application Identifier at position ${pos} (${JSON.stringify(shown)})`, position: pos });
      break;
    }
    const fieldStart = pos + def.ai.length;
    let fieldEnd: number;
    let end: Gs1Element['end'];
    let next: number;
    if (def.fixed) {
      fieldEnd = fieldStart + def.max;
      const sepInside = findSeparator(s, fieldStart);
      if (fieldEnd > data.length || (sepInside >= 0 && sepInside < fieldEnd)) {
        const got = (sepInside >= 0 && sepInside < fieldEnd ? sepInside : data.length) - fieldStart;
        errors.push({ code: 'GS1_TRUNCATED', message: `AI (${def.ai}) ${def.title} is fixed at ${def.max} characters, only ${got} present`, ai: def.ai, position: fieldStart });
        break;
      }
      end = 'fixed';
      next = fieldEnd + separatorAt(s, fieldEnd);
    } else {
      const sep = findSeparator(s, fieldStart);
      const stop = sep < 0 ? data.length : sep;
      if (stop - fieldStart <= def.max) {
        fieldEnd = stop;
        end = sep < 0 ? 'end-of-data' : 'separator';
        next = sep < 0 ? stop : stop + separatorAt(s, stop);
      } else if (allowHeuristic) {
        // No separator within the maximum length: it was lost. Assume the field is full length.
        fieldEnd = fieldStart + def.max;
        end = 'max-length';
        next = fieldEnd;
      } else {
        errors.push({
          code: 'GS1_MISSING_SEPARATOR',
          message: `AI (${def.ai}) ${def.title} runs ${stop - fieldStart} characters without a separator, more than its maximum ${def.max}: the GS separator was probably lost (configure the scanner to send GS or a substitute)`,
          ai: def.ai,
          position: fieldStart,
        });
        break;
      }
    }
    const raw = data.slice(fieldStart, fieldEnd);
    const { value, issues } = interpret(def, raw, s.today, fieldStart);
    const el: Gs1Element = { ai: def.ai, title: def.title, raw, value, end, position: fieldStart };
    if (def.measure) {
      el.unit = def.measure.unit;
      el.decimals = def.measure.decimals;
    }
    elements.push(el);
    if (end === 'max-length') {
      // Only accept the guess if everything after it parses cleanly and the cut is credible:
      // the next AI has a predefined length, or the scan shows the scanner does send separators.
      const rest = parseElements(s, next, true);
      const credible = PREDEFINED.has(data.slice(next, next + 2)) || findSeparator(s, 0) >= 0;
      if (credible && rest.errors.length === 0 && issues.length === 0) {
        warnings.push({ code: 'GS1_SEPARATOR_ASSUMED', message: `AI (${def.ai}) ${def.title} filled its maximum ${def.max} characters with no separator; assumed it ends there`, ai: def.ai, position: fieldEnd });
        elements.push(...rest.elements);
        warnings.push(...rest.warnings);
      } else {
        errors.push(...issues);
        errors.push({
          code: 'GS1_MISSING_SEPARATOR',
          message: `AI (${def.ai}) ${def.title} runs past its maximum ${def.max} characters without a separator and the data after it does not parse: the GS separator was probably lost`,
          ai: def.ai,
          position: fieldStart,
        });
      }
      return { elements, errors, warnings };
    }
    errors.push(...issues);
    pos = next;
  }
  return { elements, errors, warnings };
}

/**
 * If a variable field ran to the end of the data (no separator anywhere), could its tail be a
 * separate element string starting with a predefined-length AI? Returns the first such split.
 */
function ambiguousSplit(s: ScanState, el: Gs1Element, fieldStart: number): { at: number; reading: Gs1Element[] } | undefined {
  for (let k = 1; k < el.raw.length; k++) {
    const at = fieldStart + k;
    if (!PREDEFINED.has(s.data.slice(at, at + 2))) continue;
    const alt = parseElements(s, at, false);
    // The other reading must start with strong evidence: an AI with a check digit or a date.
    const firstDef = alt.elements[0] && AI_TABLE.get(alt.elements[0].ai);
    const strong = firstDef !== undefined && (firstDef.check !== undefined || firstDef.date !== undefined);
    if (strong && alt.errors.length === 0 && alt.elements.every((e) => e.end !== 'max-length')) {
      // The alternative reading must also leave a valid head for the field itself.
      const def = AI_TABLE.get(el.ai);
      if (def && k >= def.min) return { at, reading: alt.elements };
    }
  }
  return undefined;
}

function parseParenthesised(data: string, today: Date | undefined): ParseOutcome {
  // "(01)09506000134352(17)250101(10)ABC": the parentheses delimit AIs, no separators needed.
  const elements: Gs1Element[] = [];
  const errors: Gs1Issue[] = [];
  const re = /\((\d{2,4})\)([^(]*)/g;
  let consumed = 0;
  for (let m = re.exec(data); m; m = re.exec(data)) {
    if (m.index !== consumed) break;
    consumed = m.index + m[0].length;
    const ai = m[1] ?? '';
    const raw = m[2] ?? '';
    const def = AI_TABLE.get(ai);
    if (!def) {
      errors.push({ code: 'GS1_UNKNOWN_AI', message: `(${ai}) is not a known GS1 Application Identifier`, ai, position: m.index });
      continue;
    }
    if (raw.length > def.max || (def.fixed && raw.length !== def.max)) {
      errors.push({ code: raw.length > def.max ? 'GS1_BAD_CHARACTERS' : 'GS1_TRUNCATED', message: `AI (${ai}) ${def.title} must be ${def.fixed ? `exactly ${def.max}` : `at most ${def.max}`} characters, got ${raw.length}`, ai, position: m.index });
      continue;
    }
    const { value, issues } = interpret(def, raw, today, m.index + ai.length + 2);
    errors.push(...issues);
    const el: Gs1Element = { ai, title: def.title, raw, value, end: 'separator', position: m.index + ai.length + 2 };
    if (def.measure) {
      el.unit = def.measure.unit;
      el.decimals = def.measure.decimals;
    }
    elements.push(el);
  }
  if (consumed !== data.length) errors.push({ code: 'GS1_UNKNOWN_AI', message: `unexpected text at position ${consumed} of the bracketed element string`, position: consumed });
  return { elements, errors, warnings: [] };
}

function retailKind(data: string): 'ean13' | 'upca' | 'ean8' | undefined {
  if (!/^(\d{8}|\d{12}|\d{13})$/.test(data)) return undefined;
  if (gs1CheckDigit(data.slice(0, -1)) !== Number(data.charAt(data.length - 1))) return undefined;
  return data.length === 13 ? 'ean13' : data.length === 12 ? 'upca' : 'ean8';
}

function summarise(result: Gs1ParseResult): void {
  const seen = new Map<string, string>();
  for (const el of result.elements) {
    const prev = seen.get(el.ai);
    if (prev !== undefined && prev !== el.raw) {
      result.errors.push({ code: 'GS1_DUPLICATE_AI', message: `AI (${el.ai}) appears twice with different values (${prev}, ${el.raw})`, ai: el.ai });
    }
    seen.set(el.ai, el.raw);
    const v = el.value;
    switch (el.ai) {
      case '00': result.sscc = el.raw; break;
      case '01': result.gtin = el.raw; break;
      case '02': result.content = el.raw; break;
      case '10': result.lot = el.raw; break;
      case '21': result.serial = el.raw; break;
      case '11': if (typeof v === 'string' && v !== el.raw) result.productionDate = v; break;
      case '13': if (typeof v === 'string' && v !== el.raw) result.packDate = v; break;
      case '15': if (typeof v === 'string' && v !== el.raw) result.bestBefore = v; break;
      case '16': if (typeof v === 'string' && v !== el.raw) result.sellBy = v; break;
      case '17': if (typeof v === 'string' && v !== el.raw) result.expiry = v; break;
      case '30': case '37': if (typeof v === 'number') result.count = v; break;
      case '410': result.shipToGln = el.raw; break;
      case '8003': result.grai = el.raw; break;
      case '8004': result.giai = el.raw; break;
      default: {
        const def = AI_TABLE.get(el.ai);
        if (def?.measure && typeof v === 'number') {
          const g = toGrams(v, def.measure.unit);
          if (g !== undefined && def.measure.quantity === 'net-weight') result.netWeightGrams = g;
          if (g !== undefined && def.measure.quantity === 'gross-weight') result.grossWeightGrams = g;
        }
      }
    }
  }
}

/**
 * Parse one scan: strip and report a symbology identifier, then read it as a GS1 element
 * string, an EAN-13 / UPC-A / EAN-8, or plain text.
 */
export function parseScan(input: string, options: Gs1ParseOptions = {}): Gs1ParseResult {
  let data = typeof input === 'string' ? input : '';
  let symbology: Symbology | undefined;
  const sym = /^\][A-Za-z][0-9A-Za-z]/.exec(data);
  if (sym) {
    const id = sym[0];
    const known = SYMBOLOGIES[id];
    symbology = { id, name: known?.name ?? 'unknown', gs1: known?.gs1 ?? false };
    data = data.slice(3);
  }
  const base = { symbology, data, elements: [] as Gs1Element[], errors: [] as Gs1Issue[], warnings: [] as Gs1Issue[] };
  if (symbology === undefined) delete (base as { symbology?: Symbology }).symbology;
  if (data.length === 0) {
    return { ok: false, kind: 'text', ...base, errors: [{ code: 'GS1_EMPTY', message: 'the scan is empty' }] };
  }

  const separators = [GS, ...(options.separators ?? []).filter((x) => x.length > 0 && x !== GS)];
  const ref = options.today === undefined ? undefined : new Date(options.today);
  const today = ref !== undefined && Number.isFinite(ref.getTime()) ? ref : undefined;
  const s: ScanState = { data, separators, today };
  const hasSeparator = findSeparator(s, 0) >= 0;
  const forced = options.mode === 'gs1' || symbology?.gs1 === true;
  const parenthesised = data.startsWith('(');

  if (!forced) {
    if (!parenthesised && !hasSeparator) {
      const retail = retailKind(data);
      if (retail) return { ok: true, kind: retail, ...base, gtin: data.padStart(14, '0') };
    }
    if (symbology?.id === ']E0' || symbology?.id === ']E4') {
      const len = symbology.id === ']E4' ? 'EAN-8 (8 digits)' : 'EAN-13 / UPC-A (12 or 13 digits)';
      const message = /^\d+$/.test(data) && (data.length === 8 || data.length === 12 || data.length === 13)
        ? `${symbology.name} ${data} has check digit ${data.charAt(data.length - 1)}, expected ${gs1CheckDigit(data.slice(0, -1))}`
        : `${symbology.name} data must be ${len}, got ${JSON.stringify(data)}`;
      return { ok: false, kind: 'text', ...base, errors: [{ code: 'EAN_BAD_CHECK_DIGIT', message }] };
    }
    if (symbology && !symbology.gs1 && symbology.id !== ']C0' && symbology.id !== ']d1' && symbology.id !== ']Q1') {
      return { ok: true, kind: 'text', ...base };
    }
    // Without a GS1 identifier, separator or brackets, only data that starts like a wedge-mangled
    // GS1 label (a predefined-length AI such as 00, 01, 02, 17) is tried as GS1.
    if (!hasSeparator && !parenthesised && !PREDEFINED.has(data.slice(0, 2))) {
      return { ok: true, kind: 'text', ...base };
    }
  }

  const outcome = parenthesised ? parseParenthesised(data, today) : parseElements(s, 0, true);
  const result: Gs1ParseResult = { ok: false, kind: 'gs1', ...base, elements: outcome.elements, errors: outcome.errors, warnings: outcome.warnings };

  // A variable field that ran to the end of a scan with no separators at all, or that was cut
  // at its maximum length, may have swallowed the next element (a wedge scanner lost the GS):
  // if another complete reading exists, refuse to guess.
  if (!parenthesised && result.errors.length === 0) {
    for (const el of result.elements) {
      if (!(el.end === 'max-length' || (el.end === 'end-of-data' && !hasSeparator))) continue;
      const split = ambiguousSplit(s, el, el.position);
      if (split) {
        const alt = split.reading.map((e) => `(${e.ai})${e.raw}`).join('');
        const issue: Gs1Issue = {
          code: 'GS1_AMBIGUOUS_SEPARATOR',
          message: `AI (${el.ai}) ${el.title} ${JSON.stringify(el.raw)} has no separator after it, and the scan could also read (${el.ai})${data.slice(el.position, split.at)}${alt}: the GS separator may have been lost`,
          ai: el.ai,
          position: split.at,
        };
        if (options.ambiguous === 'warn') result.warnings.push(issue);
        else result.errors.push(issue);
        break;
      }
    }
  }

  summarise(result);
  result.ok = result.errors.length === 0;

  if (!result.ok && !forced && !hasSeparator && !parenthesised) {
    // If even the first element does not read as GS1, it is plain text (a Code 128 / QR payload).
    const first = result.elements[0];
    const firstEnd = first ? first.ai.length + first.raw.length : 0;
    const firstBad = !first || result.errors.some((e) => e.code !== 'GS1_AMBIGUOUS_SEPARATOR' && e.code !== 'GS1_MISSING_SEPARATOR' && (e.position ?? 0) < firstEnd);
    if (firstBad) return { ok: true, kind: 'text', ...base };
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Builder (for tests, simulators and label printing)

/**
 * Build an element string from (ai, raw) pairs, with `separator` (default GS) after every
 * element that needs one, except the last.
 */
export function buildElementString(elements: ReadonlyArray<{ ai: string; raw: string }>, separator = GS): string {
  let out = '';
  elements.forEach((e, i) => {
    out += e.ai + e.raw;
    const def = AI_TABLE.get(e.ai);
    const needs = def ? !def.fixed || needsSeparatorAfter(e.ai) : true;
    if (needs && i < elements.length - 1) out += separator;
  });
  return out;
}
