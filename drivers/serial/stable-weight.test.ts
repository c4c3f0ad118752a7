import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { StableWeightFilter, scaleEventPayload, type ScaleEvent } from './stable-weight.ts';
import { weightReading, type ScaleReading } from './scale-reading.ts';

const w = (g: number, stable = true): ScaleReading => weightReading(g, 'g', stable);
const run = (f: StableWeightFilter, readings: ScaleReading[]): ScaleEvent[] => readings.flatMap((r) => f.push(r));

test('a weight is reported once, after N equal stable readings', () => {
  const f = new StableWeightFilter({ stableReadings: 3 });
  assert.deepEqual(run(f, [w(1250), w(1250)]), []);
  assert.deepEqual(run(f, [w(1250)]), [{ kind: 'weight', grams: 1250, value: 1250, unit: 'g', net: false }]);
  assert.deepEqual(run(f, [w(1250), w(1250), w(1250)]), [], 'the same settled weight is not repeated');
});

test('motion and changing values restart the count; nothing in motion is a weight', () => {
  const f = new StableWeightFilter({ stableReadings: 3 });
  assert.deepEqual(run(f, [w(1200, false), w(1300, false), w(1250), w(1250), w(1251), w(1250, false), w(1250), w(1250)]), []);
  assert.equal(run(f, [w(1250)]).length, 1);
});

test('zero, below zero, overload, underload and errors are conditions, never weights', () => {
  const f = new StableWeightFilter({ stableReadings: 2 });
  assert.deepEqual(run(f, [w(0), w(0)]), [{ kind: 'condition', condition: 'zero', detail: 'stable at zero' }]);
  assert.deepEqual(run(f, [w(-5), w(-5)]).map((e) => e.kind === 'condition' && e.condition), ['underload']);
  const statuses: ScaleReading[] = [
    { kind: 'status', status: 'overload', detail: 'S +' },
    { kind: 'status', status: 'overload', detail: 'S +' },
    { kind: 'status', status: 'error', detail: 'ES' },
    { kind: 'status', status: 'underload', detail: 'S -' },
  ];
  assert.deepEqual(run(f, statuses).map((e) => e.kind === 'condition' && e.condition), ['overload', 'error', 'underload']);
});

test('busy is like motion: it reports nothing and restarts the count', () => {
  const f = new StableWeightFilter({ stableReadings: 2 });
  assert.deepEqual(run(f, [w(10), { kind: 'status', status: 'busy', detail: 'S I' }, w(10)]), []);
  assert.equal(run(f, [w(10)]).length, 1);
});

test('after reset the settled state is reported again', () => {
  const f = new StableWeightFilter({ stableReadings: 1 });
  assert.equal(run(f, [w(0)]).length, 1);
  assert.equal(run(f, [w(0)]).length, 0);
  f.reset();
  assert.equal(run(f, [w(0)]).length, 1);
});

test('a tolerance lets readings within it count as equal', () => {
  const f = new StableWeightFilter({ stableReadings: 3, toleranceGrams: 1 });
  assert.equal(run(f, [w(500), w(501), w(500)]).length, 1);
});

test('payloads: a weight has grams and stable, a condition has no grams', () => {
  assert.deepEqual(scaleEventPayload({ kind: 'weight', grams: 1250, value: 1.25, unit: 'kg', net: false }), { grams: 1250, stable: true, value: 1.25, unit: 'kg', net: false });
  const c = scaleEventPayload({ kind: 'condition', condition: 'overload', detail: 'S +' });
  assert.equal('grams' in c, false);
  assert.equal(c.condition, 'overload');
});

test('property: every weight event follows N equal stable readings, and none repeats the last event', () => {
  const reading = fc.oneof(
    fc.record({ g: fc.integer({ min: -3, max: 3 }), stable: fc.boolean() }).map(({ g, stable }) => w(g * 100, stable)),
    fc.constantFrom<ScaleReading>({ kind: 'status', status: 'overload', detail: 'o' }, { kind: 'status', status: 'busy', detail: 'b' }),
  );
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 4 }), fc.array(reading, { maxLength: 60 }), (n, readings) => {
      const f = new StableWeightFilter({ stableReadings: n });
      let last: string | undefined;
      readings.forEach((r, i) => {
        for (const e of f.push(r)) {
          const key = JSON.stringify(e);
          assert.notEqual(key, last);
          last = key;
          if (e.kind === 'weight' || (e.kind === 'condition' && (e.condition === 'zero' || (e.condition === 'underload' && r.kind === 'weight')))) {
            const window = readings.slice(i - n + 1, i + 1);
            assert.equal(window.length, n);
            assert.ok(window.every((x) => x.kind === 'weight' && x.stable && r.kind === 'weight' && x.grams === r.grams));
          }
        }
      });
    }),
  );
});
