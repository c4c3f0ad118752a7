import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeEpc, encodeEpc, encodeEpcUri, encodeSgtinFromGtin, gs1CheckDigit, type EpcFields } from './epc.ts';

// Vectors from /work/shared/vectors/README.md (GS1 TDS examples, recomputed independently).
const VECTORS: ReadonlyArray<[hex: string, tagUri: string]> = [
  ['3074257BF7194E4000001A85', 'urn:epc:tag:sgtin-96:3.0614141.812345.6789'],
  ['3174257BF4499602D2000000', 'urn:epc:tag:sscc-96:3.0614141.1234567890'],
  ['3274257BF460720000000190', 'urn:epc:tag:sgln-96:3.0614141.12345.400'],
  ['30740242201D8840000FE632', 'urn:epc:tag:sgtin-96:3.0037000.030241.1041970'],
];

test('every README vector decodes to its tag URI and encodes back to its hex', () => {
  for (const [hex, uri] of VECTORS) {
    const d = decodeEpc(hex);
    assert.equal(d.ok, true, hex);
    assert.equal(d.ok && d.tagUri, uri);
    const e = encodeEpcUri(uri);
    assert.equal(e.ok && e.hex, hex);
  }
});

test('an SGTIN-96 gives pure URI, GTIN-14 with check digit and serial, keeping leading zeros', () => {
  const d = decodeEpc('30740242201D8840000FE632');
  assert.ok(d.ok && d.scheme === 'sgtin-96');
  assert.equal(d.pureUri, 'urn:epc:id:sgtin:0037000.030241.1041970');
  assert.equal(d.companyPrefix, '0037000');
  assert.equal(d.itemReference, '030241');
  assert.equal(d.gtin, '00037000302414');
  assert.equal(d.serial, '1041970');
  assert.equal(d.filter, 3);
  assert.equal(d.partition, 5);
  const v = decodeEpc('3074257BF7194E4000001A85');
  assert.ok(v.ok && v.scheme === 'sgtin-96');
  // indicator 8 + 0614141 + 12345 + check 8
  assert.equal(v.gtin, '80614141123458');
});

test('an SSCC-96 gives the 18-digit SSCC with the extension digit first', () => {
  const d = decodeEpc('3174257BF4499602D2000000');
  assert.ok(d.ok && d.scheme === 'sscc-96');
  assert.equal(d.sscc, '106141412345678908');
  assert.equal(d.pureUri, 'urn:epc:id:sscc:0614141.1234567890');
});

test('an SGLN-96 gives the GLN-13 and extension', () => {
  const d = decodeEpc('3274257BF460720000000190');
  assert.ok(d.ok && d.scheme === 'sgln-96');
  assert.equal(d.gln, '0614141123452');
  assert.equal(d.extension, '400');
  assert.equal(d.pureUri, 'urn:epc:id:sgln:0614141.12345.400');
});

test('GRAI-96 and GIAI-96 round-trip through their URIs (self-computed vectors)', () => {
  const g = encodeEpcUri('urn:epc:tag:grai-96:3.0614141.12345.5678');
  assert.equal(g.ok && g.hex, '3374257BF40C0E400000162E');
  const gd = decodeEpc('3374257BF40C0E400000162E');
  assert.ok(gd.ok && gd.scheme === 'grai-96');
  // AI (8003): 0 + company prefix + asset type + check digit + serial
  assert.equal(gd.grai, `0061414112345${gs1CheckDigit('061414112345')}5678`);
  assert.equal(gd.pureUri, 'urn:epc:id:grai:0614141.12345.5678');

  const i = encodeEpcUri('urn:epc:tag:giai-96:3.0614141.5678');
  assert.equal(i.ok && i.hex, '3474257BF40000000000162E');
  const id = decodeEpc('3474257BF40000000000162E');
  assert.ok(id.ok && id.scheme === 'giai-96');
  assert.equal(id.giai, '06141415678');
  assert.equal(id.assetReference, '5678');
});

test('a GIAI-96 asset reference above 2^53 decodes exactly', () => {
  const big = (1n << 62n) - 1n; // partition 6 allows 62 bits, 19 digits
  const e = encodeEpc({ scheme: 'giai-96', filter: 1, companyPrefix: '061414', assetReference: big });
  assert.ok(e.ok);
  const d = decodeEpc(e.hex);
  assert.ok(d.ok && d.scheme === 'giai-96');
  assert.equal(d.assetReference, big.toString());
});

test('hex is accepted in either case and reported upper case', () => {
  const d = decodeEpc('3074257bf7194e4000001a85');
  assert.ok(d.ok);
  assert.equal(d.hex, '3074257BF7194E4000001A85');
});

test('an unknown header is a returned EPC_UNKNOWN_HEADER, not a throw', () => {
  const d = decodeEpc('E2801160600002054E3D1C1A');
  assert.equal(d.ok, false);
  assert.equal(!d.ok && d.code, 'EPC_UNKNOWN_HEADER');
  assert.match(!d.ok ? d.message : '', /0xE2/);
});

test('wrong length and non-hex characters are EPC_BAD_HEX', () => {
  for (const bad of ['', '3074257BF7194E4000001A8', '3074257BF7194E4000001A850', '3074257BF7194E4000001A8G']) {
    const d = decodeEpc(bad);
    assert.equal(!d.ok && d.code, 'EPC_BAD_HEX', bad);
  }
  assert.equal(decodeEpc(undefined as unknown as string).ok, false);
});

test('partition 7 is rejected for every scheme', () => {
  for (const header of [0x30, 0x31, 0x32, 0x33, 0x34]) {
    // header, filter 3 (011), partition 7 (111), rest zero: 011 111 00 -> 0x7C
    const hex = header.toString(16) + '7C' + '0'.repeat(20);
    const d = decodeEpc(hex);
    assert.equal(!d.ok && d.code, 'EPC_BAD_PARTITION', hex);
  }
});

test('a company prefix >= 10^digits of its partition is rejected', () => {
  // SGTIN partition 0: 40-bit company prefix, 12 digits; all ones = 1099511627775 >= 10^12
  const v = (0x30n << 88n) | (0n << 85n) | (0n << 82n) | (((1n << 40n) - 1n) << 42n);
  const d = decodeEpc(v.toString(16).padStart(24, '0'));
  assert.equal(!d.ok && d.code, 'EPC_FIELD_OUT_OF_RANGE');
  assert.match(!d.ok ? d.message : '', /company prefix 1099511627775 does not fit 12 digits/);
});

test('an item reference >= 10^digits of its partition is rejected', () => {
  // SGTIN partition 5: item ref 20 bits, 6 digits; 10^6 = 1000000 is one too many
  const v = (0x30n << 88n) | (3n << 85n) | (5n << 82n) | (614141n << 58n) | (1000000n << 38n);
  const d = decodeEpc(v.toString(16).padStart(24, '0'));
  assert.equal(!d.ok && d.code, 'EPC_FIELD_OUT_OF_RANGE');
  assert.match(!d.ok ? d.message : '', /item reference 1000000 does not fit 6 digits/);
  // SGLN partition 0 has a 1-bit, 0-digit location reference: a 1 there is out of range
  const s = (0x32n << 88n) | (0n << 82n) | (1n << 41n);
  const sd = decodeEpc(s.toString(16).padStart(24, '0'));
  assert.equal(!sd.ok && sd.code, 'EPC_FIELD_OUT_OF_RANGE');
});

test('SSCC-96 with non-zero unallocated bits is rejected', () => {
  const d = decodeEpc('3174257BF4499602D2000001');
  assert.equal(!d.ok && d.code, 'EPC_NONZERO_UNALLOCATED');
});

test('encoding refuses fields that do not fit', () => {
  const bad: EpcFields[] = [
    { scheme: 'sgtin-96', filter: 8, companyPrefix: '0614141', itemReference: '812345', serial: 1 },
    { scheme: 'sgtin-96', filter: 3, companyPrefix: '06141', itemReference: '8123456', serial: 1 },
    { scheme: 'sgtin-96', filter: 3, companyPrefix: '0614141', itemReference: '81234', serial: 1 },
    { scheme: 'sgtin-96', filter: 3, companyPrefix: '0614141', itemReference: '812345', serial: '0123' },
    { scheme: 'sgtin-96', filter: 3, companyPrefix: '0614141', itemReference: '812345', serial: 2 ** 38 },
    { scheme: 'sgln-96', filter: 3, companyPrefix: '0614141', locationReference: '12345', extension: 2n ** 41n },
    { scheme: 'giai-96', filter: 3, companyPrefix: '0614141', assetReference: 2n ** 58n },
  ];
  for (const f of bad) assert.equal(encodeEpc(f).ok, false, JSON.stringify(f, (_, v) => (typeof v === 'bigint' ? v.toString() : v)));
  assert.equal(encodeEpcUri('urn:epc:tag:sgtin-96:3.0614141.812345').ok, false);
  assert.equal(encodeEpcUri('urn:epc:tag:sgtin-198:3.0614141.812345.A').ok, false);
  assert.equal(encodeEpcUri('urn:epc:tag:sgtin-96:9.0614141.812345.1').ok, false);
});

test('a pure identity URI encodes with the given filter', () => {
  const e = encodeEpcUri('urn:epc:id:sgtin:0614141.812345.6789', 3);
  assert.equal(e.ok && e.hex, '3074257BF7194E4000001A85');
});

test('an SGTIN can be built from a GTIN and a company prefix length', () => {
  const e = encodeSgtinFromGtin('00037000302414', 7, 1041970, 3);
  assert.equal(e.ok && e.hex, '30740242201D8840000FE632');
  assert.equal(encodeSgtinFromGtin('00037000302415', 7, 1).ok, false); // wrong check digit
});

test('the GS1 check digit matches known numbers', () => {
  assert.equal(gs1CheckDigit('0003700030241'), 4);
  assert.equal(gs1CheckDigit('10614141234567890'), 8);
  assert.equal(gs1CheckDigit('400638133393'), 1); // EAN-13 4006381333931
});

// ------------------------------------------------------------------------------------------
// Properties

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
const cpLen = fc.integer({ min: 6, max: 12 });
const filterArb = fc.integer({ min: 0, max: 7 });

const sgtinArb = cpLen.chain((n) =>
  fc.record({
    scheme: fc.constant('sgtin-96' as const), filter: filterArb, companyPrefix: digits(n), itemReference: digits(13 - n),
    serial: fc.bigInt({ min: 0n, max: (1n << 38n) - 1n }),
  }),
);
const ssccArb = cpLen.chain((n) => fc.record({ scheme: fc.constant('sscc-96' as const), filter: filterArb, companyPrefix: digits(n), serialReference: digits(17 - n) }));
const sglnArb = cpLen.chain((n) =>
  fc.record({ scheme: fc.constant('sgln-96' as const), filter: filterArb, companyPrefix: digits(n), locationReference: digits(12 - n), extension: fc.bigInt({ min: 0n, max: (1n << 41n) - 1n }) }),
);
const graiArb = cpLen.chain((n) =>
  fc.record({ scheme: fc.constant('grai-96' as const), filter: filterArb, companyPrefix: digits(n), assetType: digits(12 - n), serial: fc.bigInt({ min: 0n, max: (1n << 38n) - 1n }) }),
);
const giaiBits: Record<number, number> = { 12: 42, 11: 45, 10: 48, 9: 52, 8: 55, 7: 58, 6: 62 };
const giaiArb = cpLen.chain((n) =>
  fc.record({ scheme: fc.constant('giai-96' as const), filter: filterArb, companyPrefix: digits(n), assetReference: fc.bigInt({ min: 0n, max: (1n << BigInt(giaiBits[n] ?? 42)) - 1n }) }),
);

test('property: encode then decode gives back the tag URI and the hex', () => {
  fc.assert(
    fc.property(fc.oneof(sgtinArb, ssccArb, sglnArb, graiArb, giaiArb), (fields) => {
      const e = encodeEpc(fields);
      if (!e.ok) throw new Error(e.message);
      const d = decodeEpc(e.hex);
      if (!d.ok) throw new Error(d.message);
      assert.equal(d.tagUri, e.tagUri);
      assert.equal(d.pureUri, e.pureUri);
      assert.equal(d.scheme, fields.scheme);
      assert.equal(d.companyPrefix, fields.companyPrefix);
      const again = encodeEpcUri(d.tagUri);
      assert.equal(again.ok && again.hex, e.hex);
    }),
    { numRuns: 2000 },
  );
});

test('property: any 24 hex characters decode to a result without throwing, and valid ones re-encode identically', () => {
  const hexArb = fc.tuple(fc.constantFrom('30', '31', '32', '33', '34', '35', 'E2', '00'), fc.array(fc.integer({ min: 0, max: 15 }), { minLength: 22, maxLength: 22 }).map((a) => a.map((n) => n.toString(16).toUpperCase()).join(''))).map(([h, r]) => h + r);
  fc.assert(
    fc.property(hexArb, (hex) => {
      const d = decodeEpc(hex);
      if (d.ok) {
        const e = encodeEpcUri(d.tagUri);
        assert.equal(e.ok && e.hex, hex);
      } else {
        assert.match(d.code, /^EPC_/);
        assert.ok(d.message.length > 0);
      }
    }),
    { numRuns: 5000 },
  );
});

test('property: SGTIN GTIN-14 always carries a valid check digit', () => {
  fc.assert(
    fc.property(sgtinArb, (fields) => {
      const e = encodeEpc(fields);
      assert.ok(e.ok);
      const d = decodeEpc(e.hex);
      assert.ok(d.ok && d.scheme === 'sgtin-96');
      assert.equal(d.gtin.length, 14);
      assert.equal(gs1CheckDigit(d.gtin.slice(0, 13)), Number(d.gtin[13]));
    }),
  );
});
