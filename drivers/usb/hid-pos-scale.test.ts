import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseHidScaleReport } from './hid-pos-scale.ts';

const r = (...b: number[]) => Uint8Array.from(b);

test('03 04 0B FF 2C 01 is stable 30.0 oz (README vector)', () => {
  // id 03, status 4 stable, unit 0x0B ounce, exponent 0xFF = -1, raw 0x012C = 300
  const res = parseHidScaleReport(r(0x03, 0x04, 0x0b, 0xff, 0x2c, 0x01));
  assert.deepEqual(res, { ok: true, reading: { kind: 'weight', value: 30, unit: 'oz', grams: 850.486, stable: true } });
});

test('motion, grams, kilograms and pounds with exponents', () => {
  assert.deepEqual(parseHidScaleReport(r(0x03, 0x03, 0x02, 0x00, 0xe8, 0x03)), { ok: true, reading: { kind: 'weight', value: 1000, unit: 'g', grams: 1000, stable: false } });
  assert.deepEqual(parseHidScaleReport(r(0x03, 0x04, 0x03, 0xfd, 0x39, 0x30)), { ok: true, reading: { kind: 'weight', value: 12.345, unit: 'kg', grams: 12345, stable: true } });
  assert.deepEqual(parseHidScaleReport(r(0x03, 0x04, 0x0c, 0xfe, 0xfa, 0x00)), { ok: true, reading: { kind: 'weight', value: 2.5, unit: 'lb', grams: 1133.981, stable: true } });
  assert.deepEqual(parseHidScaleReport(r(0x03, 0x04, 0x02, 0x01, 0x05, 0x00)), { ok: true, reading: { kind: 'weight', value: 50, unit: 'g', grams: 50, stable: true } });
});

test('zero, under zero, over weight and faults are statuses', () => {
  const status = (s: number) => {
    const res = parseHidScaleReport(r(0x03, s, 0x02, 0x00, 0x00, 0x00));
    return res.ok && res.reading.kind === 'status' ? res.reading.status : undefined;
  };
  assert.equal(status(2), 'zero');
  assert.equal(status(5), 'underload');
  assert.equal(status(6), 'overload');
  assert.equal(status(1), 'error');
  assert.equal(status(8), 'error');
});

test('bad reports are returned errors with codes', () => {
  assert.equal(parseHidScaleReport(r(0x03, 0x04)).ok, false);
  const wrongId = parseHidScaleReport(r(0x05, 0x04, 0x0b, 0xff, 0x2c, 0x01));
  assert.equal(!wrongId.ok && wrongId.code, 'HID_SCALE_BAD_REPORT');
  const unit = parseHidScaleReport(r(0x03, 0x04, 0x06, 0x00, 0x01, 0x00));
  assert.equal(!unit.ok && unit.code, 'HID_SCALE_UNKNOWN_UNIT');
  const st = parseHidScaleReport(r(0x03, 0x09, 0x02, 0x00, 0x01, 0x00));
  assert.equal(!st.ok && st.code, 'HID_SCALE_UNKNOWN_STATUS');
});

test('a 5-byte report without the ID byte is read when configured', () => {
  const res = parseHidScaleReport(r(0x04, 0x0b, 0xff, 0x2c, 0x01), { withReportId: false });
  assert.equal(res.ok && res.reading.kind === 'weight' && res.reading.value, 30);
});

test('property: any 6 bytes give a result, never a throw', () => {
  fc.assert(fc.property(fc.uint8Array({ minLength: 0, maxLength: 8 }), (b) => { assert.equal(typeof parseHidScaleReport(b).ok, 'boolean'); }));
});
