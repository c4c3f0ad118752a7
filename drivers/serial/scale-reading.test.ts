import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toGrams, roundTo, parseUnit, weightReading } from './scale-reading.ts';

test('unit conversions are exact by definition and rounded to a milligram', () => {
  assert.equal(toGrams(1, 'lb'), 453.592);
  assert.equal(toGrams(30, 'oz'), 850.486); // 30 x 28.349523125 = 850.48569375
  assert.equal(toGrams(16, 'oz'), 453.592);
  assert.equal(toGrams(1.5, 'kg'), 1500);
  assert.equal(toGrams(-0.0000001, 'g'), 0);
  assert.equal(toGrams(2, 't'), 2_000_000);
});

test('rounding drops binary noise and negative zero', () => {
  assert.equal(roundTo(0.1 + 0.2, 2), 0.3);
  assert.ok(Object.is(roundTo(-0.0001, 2), 0));
});

test('units parse case-insensitively and unknown units are undefined', () => {
  assert.equal(parseUnit(' KG '), 'kg');
  assert.equal(parseUnit('lbs'), 'lb');
  assert.equal(parseUnit('stone'), undefined);
});

test('a weight reading carries grams, and net and tare only when given', () => {
  assert.deepEqual(weightReading(1.25, 'kg', true), { kind: 'weight', value: 1.25, unit: 'kg', grams: 1250, stable: true });
  assert.deepEqual(weightReading(1, 'lb', false, { net: true, tare: 0.5 }), { kind: 'weight', value: 1, unit: 'lb', grams: 453.592, stable: false, net: true, tare: 0.5 });
});
