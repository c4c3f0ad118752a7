import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseScan, buildElementString, gs1CheckDigit, aiDefinition, KNOWN_AIS, GS } from './gs1.ts';

const GTIN = '09506000134352'; // GS1 example GTIN, check digit 2

test('a GS1-128 scan with ]C1, GS separators, a date with day 00 and a net weight is fully read', () => {
  const r = parseScan(`]C101${GTIN}17250200${GS}10ABC123${GS}3103001234`);
  assert.equal(r.ok, true);
  assert.equal(r.kind, 'gs1');
  assert.deepEqual(r.symbology, { id: ']C1', name: 'GS1-128', gs1: true });
  assert.equal(r.gtin, GTIN);
  assert.equal(r.expiry, '2025-02-28'); // DD=00 -> last day of the month
  assert.equal(r.lot, 'ABC123');
  assert.equal(r.netWeightGrams, 1234);
  const w = r.elements.find((e) => e.ai === '3103');
  assert.deepEqual(w && { value: w.value, unit: w.unit, decimals: w.decimals, title: w.title }, { value: 1.234, unit: 'kg', decimals: 3, title: 'NET WEIGHT (kg)' });
});

test('day 00 in a leap February is the 29th', () => {
  assert.equal(parseScan(`]C11724020010A`).expiry, '2024-02-29');
});

test('every GS1 symbology identifier is stripped and reported', () => {
  for (const id of [']C1', ']d2', ']Q3', ']e0']) {
    const r = parseScan(`${id}01${GTIN}21XYZ`);
    assert.equal(r.ok, true, id);
    assert.equal(r.symbology?.id, id);
    assert.equal(r.symbology?.gs1, true);
    assert.equal(r.serial, 'XYZ');
  }
});

test('SSCC, count, ship-to GLN, GRAI and GIAI land in their summary fields', () => {
  const sscc = '106141412345678908';
  const gln = `061414112345${gs1CheckDigit('061414112345')}`;
  const grai = `0061414112345${gs1CheckDigit('061414112345')}5678`;
  const r = parseScan(`]C100${sscc}02${GTIN}3712${GS}410${gln}8003${grai}${GS}8004ASSET-1`);
  assert.equal(r.ok, true, JSON.stringify(r.errors));
  assert.equal(r.sscc, sscc);
  assert.equal(r.content, GTIN);
  assert.equal(r.count, 12);
  assert.equal(r.shipToGln, gln);
  assert.equal(r.grai, grai);
  assert.equal(r.giai, 'ASSET-1');
});

test('a wrong check digit on 00, 01, 02, 410 and 8003 is an error naming the expected digit', () => {
  for (const data of [`00106141412345678907`, `0109506000134353`, `0209506000134353`, `4100614141123453`]) {
    const r = parseScan(`]C1${data}`);
    assert.equal(r.ok, false, data);
    assert.equal(r.errors[0]?.code, 'GS1_BAD_CHECK_DIGIT');
    assert.match(r.errors[0]?.message ?? '', /expected \d/);
  }
  assert.equal(parseScan(']C18003006141411234535678').errors[0]?.code, 'GS1_BAD_CHECK_DIGIT');
});

test('an impossible date is an error', () => {
  for (const d of ['251301', '250230', '250431']) {
    const r = parseScan(`]C117${d}`);
    assert.equal(r.errors[0]?.code, 'GS1_BAD_DATE', d);
  }
});

test('the two-digit year follows the sliding window when a reference date is given', () => {
  assert.equal(parseScan(']C117991231', { today: '2025-06-01' }).expiry, '1999-12-31');
  assert.equal(parseScan(']C117750101', { today: '2025-06-01' }).expiry, '2075-01-01');
  assert.equal(parseScan(']C117760101', { today: '2025-06-01' }).expiry, '1976-01-01');
  assert.equal(parseScan(']C117991231').expiry, '2099-12-31'); // no reference: 20YY
});

test('best before, production date, 7003 expiry time and pound weights are read', () => {
  const r = parseScan(`]C115251231${GS}11240115${GS}70032512312359${GS}3202001234`);
  assert.equal(r.ok, true, JSON.stringify(r.errors));
  assert.equal(r.bestBefore, '2025-12-31');
  assert.equal(r.productionDate, '2024-01-15');
  assert.equal(r.elements.find((e) => e.ai === '7003')?.value, '2025-12-31T23:59');
  assert.equal(r.netWeightGrams, 5597.33); // 12.34 lb x 453.59237
});

test('a substitute separator (~, |, <GS>, ]) ends a variable field like GS', () => {
  for (const sep of ['~', '|', '<GS>', ']']) {
    const r = parseScan(`]C101${GTIN}10LOT7${sep}21SER9${sep}17251231`, { separators: [sep] });
    assert.equal(r.ok, true, `${sep}: ${JSON.stringify(r.errors)}`);
    assert.equal(r.lot, 'LOT7');
    assert.equal(r.serial, 'SER9');
    assert.equal(r.expiry, '2025-12-31');
  }
});

test('a lost GS after a variable field at its maximum length is recovered with a warning', () => {
  const lot = 'ABCDEFGHIJKLMNOPQRST'; // 20 = maximum of AI 10
  const r = parseScan(`01${GTIN}10${lot}17251231`);
  assert.equal(r.ok, true, JSON.stringify(r.errors));
  assert.equal(r.lot, lot);
  assert.equal(r.expiry, '2025-12-31');
  assert.equal(r.warnings[0]?.code, 'GS1_SEPARATOR_ASSUMED');
});

test('a lost GS after a variable field that overruns its maximum is an error, not a guess', () => {
  const r = parseScan(`]C101${GTIN}10ABCDEFGHIJKLMNOPQRSTUV17251231`);
  assert.equal(r.ok, false);
  assert.equal(r.errors.at(-1)?.code, 'GS1_MISSING_SEPARATOR');
});

test('a lost GS that leaves a shorter field swallowing a valid date is reported as ambiguous', () => {
  const r = parseScan(`01${GTIN}10ABC17251231`);
  assert.equal(r.ok, false);
  assert.equal(r.errors[0]?.code, 'GS1_AMBIGUOUS_SEPARATOR');
  assert.match(r.errors[0]?.message ?? '', /\(10\)ABC\(17\)251231/);
  const warned = parseScan(`01${GTIN}10ABC17251231`, { ambiguous: 'warn' });
  assert.equal(warned.ok, true);
  assert.equal(warned.lot, 'ABC17251231');
  assert.equal(warned.warnings[0]?.code, 'GS1_AMBIGUOUS_SEPARATOR');
  // With a separator anywhere in the scan, the scanner evidently keeps GS: no ambiguity.
  assert.equal(parseScan(`01${GTIN}21X${GS}10ABC17251231`).ok, true);
});

test('a fixed field cut short or broken by a separator is GS1_TRUNCATED', () => {
  assert.equal(parseScan(`]C101095060001343`).errors[0]?.code, 'GS1_TRUNCATED');
  assert.equal(parseScan(`]C10109506${GS}00134352`).errors[0]?.code, 'GS1_TRUNCATED');
});

test('an unknown AI and characters outside set 82 are errors with positions', () => {
  const u = parseScan(`]C101${GTIN}05123`);
  assert.equal(u.errors[0]?.code, 'GS1_UNKNOWN_AI');
  assert.equal(u.errors[0]?.position, 16);
  const c = parseScan(`]C110AB#C`);
  assert.equal(c.errors[0]?.code, 'GS1_BAD_CHARACTERS');
  assert.equal(parseScan(`]C13712A`).errors[0]?.code, 'GS1_BAD_CHARACTERS');
});

test('the same AI twice with different values is an error', () => {
  assert.equal(parseScan(`]C110A${GS}10B`).errors[0]?.code, 'GS1_DUPLICATE_AI');
});

test('the bracketed human-readable form is parsed', () => {
  const r = parseScan(`(01)${GTIN}(17)250101(10)ABC(3202)001234`);
  assert.equal(r.ok, true);
  assert.equal(r.gtin, GTIN);
  assert.equal(r.lot, 'ABC');
});

test('EAN-13, UPC-A and EAN-8 are classified by their check digit', () => {
  assert.deepEqual([parseScan('4006381333931').kind, parseScan('4006381333931').gtin], ['ean13', '04006381333931']);
  assert.deepEqual([parseScan('036000291452').kind, parseScan('036000291452').gtin], ['upca', '00036000291452']);
  assert.deepEqual([parseScan('96385074').kind, parseScan('96385074').gtin], ['ean8', '00000096385074']);
  assert.equal(parseScan(']E04006381333931').kind, 'ean13');
  const bad = parseScan(']E04006381333932');
  assert.equal(bad.ok, false);
  assert.equal(bad.errors[0]?.code, 'EAN_BAD_CHECK_DIGIT');
  assert.equal(parseScan('4006381333932').kind, 'text'); // no identifier: just a number
});

test('plain Code 128 text is text, and an empty scan is an error', () => {
  for (const t of ['HELLO-123', ']C0ORDER-5567', '1234567', 'SO-10023']) {
    const r = parseScan(t);
    assert.equal(r.ok, true, t);
    assert.equal(r.kind, 'text', t);
  }
  assert.equal(parseScan('').errors[0]?.code, 'GS1_EMPTY');
  assert.equal(parseScan(']C1').errors[0]?.code, 'GS1_EMPTY');
});

test('mode gs1 reports errors instead of falling back to text', () => {
  const r = parseScan('HELLO', { mode: 'gs1' });
  assert.equal(r.ok, false);
  assert.equal(r.errors[0]?.code, 'GS1_UNKNOWN_AI');
});

test('the AI table covers the AIs the warehouse needs', () => {
  const needed = ['00', '01', '02', '10', '11', '12', '13', '15', '16', '17', '20', '21', '22', '240', '241', '250', '30', '37', '400', '401', '402', '403', '420', '421', '7003', '8003', '8004', '8020', '90', '99'];
  for (let i = 410; i <= 417; i++) needed.push(String(i));
  for (let p = 310; p <= 369; p++) if ((p < 317 || p >= 320) && p !== 338 && p !== 339 && p !== 358 && p !== 359) needed.push(`${p}0`, `${p}5`);
  for (const ai of needed) assert.ok(aiDefinition(ai), ai);
  assert.equal(aiDefinition('3175'), undefined);
});

// ------------------------------------------------------------------------------------------
// Properties: build element strings from random valid AIs, parse them back.

const digitStr = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
const withCheck = (n: number) => digitStr(n - 1).map((d) => d + gs1CheckDigit(d));
const set82 = [...'!"%&\'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz'];
const text = (min: number, max: number) => fc.array(fc.constantFrom(...set82), { minLength: min, maxLength: max }).map((a) => a.join(''));
const date = fc.record({ y: fc.integer({ min: 0, max: 99 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 0, max: 28 }) }).map(
  ({ y, m, d }) => [y, m, d].map((n) => String(n).padStart(2, '0')).join(''),
);

const elementArb = fc.oneof(
  withCheck(18).map((raw) => ({ ai: '00', raw })),
  withCheck(14).map((raw) => ({ ai: '01', raw })),
  withCheck(14).map((raw) => ({ ai: '02', raw })),
  text(1, 20).map((raw) => ({ ai: '10', raw })),
  fc.constantFrom('11', '13', '15', '16', '17').chain((ai) => date.map((raw) => ({ ai, raw }))),
  digitStr(2).map((raw) => ({ ai: '20', raw })),
  text(1, 20).map((raw) => ({ ai: '21', raw })),
  text(1, 30).map((raw) => ({ ai: '240', raw })),
  fc.integer({ min: 1, max: 8 }).chain((n) => digitStr(n)).map((raw) => ({ ai: '37', raw })),
  fc.constantFrom('3100', '3102', '3103', '3202', '3300', '3405', '3560', '3151').chain((ai) => digitStr(6).map((raw) => ({ ai, raw }))),
  withCheck(13).map((raw) => ({ ai: '414', raw })),
  text(1, 30).map((raw) => ({ ai: '400', raw })),
  text(1, 30).map((raw) => ({ ai: '8004', raw })),
  text(1, 90).map((raw) => ({ ai: '91', raw })),
);
// Each AI at most once (GS1 forbids conflicting duplicates).
const elementsArb = fc.uniqueArray(elementArb, { minLength: 1, maxLength: 6, selector: (e) => e.ai });

test('property: element strings built with GS parse back to the same elements', () => {
  fc.assert(
    fc.property(elementsArb, fc.constantFrom(']C1', ']d2', ']Q3', ']e0'), (els, sym) => {
      const r = parseScan(sym + buildElementString(els));
      assert.equal(r.ok, true, JSON.stringify(r.errors));
      assert.deepEqual(r.elements.map((e) => [e.ai, e.raw]), els.map((e) => [e.ai, e.raw]));
    }),
    { numRuns: 1000 },
  );
});

test('property: the same with a substitute separator', () => {
  fc.assert(
    fc.property(elementsArb, fc.constantFrom('~', '|', '<GS>'), (els, sep) => {
      const r = parseScan(']C1' + buildElementString(els, sep), { separators: [sep] });
      assert.equal(r.ok, true, JSON.stringify(r.errors));
      assert.deepEqual(r.elements.map((e) => [e.ai, e.raw]), els.map((e) => [e.ai, e.raw]));
    }),
    { numRuns: 500 },
  );
});

const fixedArb = fc.oneof(
  withCheck(18).map((raw) => ({ ai: '00', raw })),
  withCheck(14).map((raw) => ({ ai: '01', raw })),
  fc.constantFrom('11', '15', '17').chain((ai) => date.map((raw) => ({ ai, raw }))),
  fc.constantFrom('3103', '3202').chain((ai) => digitStr(6).map((raw) => ({ ai, raw }))),
);
const variableArb = fc.oneof(
  text(1, 20).map((raw) => ({ ai: '10', raw })),
  text(1, 20).map((raw) => ({ ai: '21', raw })),
  fc.integer({ min: 1, max: 8 }).chain((n) => digitStr(n)).map((raw) => ({ ai: '37', raw })),
);

test('property: with fixed-length elements first and one variable element last, losing every GS changes nothing', () => {
  fc.assert(
    fc.property(fc.uniqueArray(fixedArb, { maxLength: 4, selector: (e) => e.ai }), variableArb, (fixed, last) => {
      const els = [...fixed, last];
      const r = parseScan(buildElementString(els, ''), { mode: 'gs1' });
      // Either the exact reading, or (rarely) an ambiguity error: never a different reading.
      if (r.ok) assert.deepEqual(r.elements.map((e) => [e.ai, e.raw]), els.map((e) => [e.ai, e.raw]));
      else assert.equal(r.errors[0]?.code, 'GS1_AMBIGUOUS_SEPARATOR');
    }),
    { numRuns: 1000 },
  );
});

test('property: a dated or check-digit element swallowed by a variable field after a lost GS is an error, never silent', () => {
  const strongArb = fc.oneof(withCheck(14).map((raw) => ({ ai: '01', raw })), fc.constantFrom('11', '15', '17').chain((ai) => date.map((raw) => ({ ai, raw }))));
  fc.assert(
    fc.property(fc.uniqueArray(fixedArb, { maxLength: 2, selector: (e) => e.ai }), variableArb, strongArb, (fixed, variable, strong) => {
      fc.pre(!fixed.some((e) => e.ai === strong.ai));
      const els = [...fixed, variable, strong];
      const r = parseScan(buildElementString(els, ''), { mode: 'gs1' });
      const same = JSON.stringify(r.elements.map((e) => [e.ai, e.raw])) === JSON.stringify(els.map((e) => [e.ai, e.raw]));
      assert.ok(!r.ok || same, `silently read ${JSON.stringify(r.elements)} for ${JSON.stringify(els)}`);
    }),
    { numRuns: 1000 },
  );
});

test('property: arbitrary strings never throw and always give a result with coded errors', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 60 }), fc.constantFrom('', ']C1', ']d2', ']E0'), (s, sym) => {
      const r = parseScan(sym + s, { separators: ['~'] });
      assert.equal(typeof r.ok, 'boolean');
      for (const e of r.errors) assert.ok(e.code.length > 0 && e.message.length > 0);
    }),
    { numRuns: 2000 },
  );
});

test('KNOWN_AIS has no AI that is a prefix of another', () => {
  for (const a of KNOWN_AIS) for (const b of KNOWN_AIS) if (a !== b) assert.ok(!b.startsWith(a), `${a} prefixes ${b}`);
});
