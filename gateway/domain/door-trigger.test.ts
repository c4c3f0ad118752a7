import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  activeIntervals, createDoorTriggerState, pruneBefore, recordLevel, sensorView, triggered, type DoorTriggerConfig, type DoorTriggerState,
} from './door-trigger.ts';

const S = 1_000_000; // one second in µs
const T0 = 1_760_000_000 * S;
const door = (over: Partial<DoorTriggerConfig> = {}): DoorTriggerConfig => ({ door: 'd1', activeHigh: true, graceMs: 0, ...over });

test('a tag read while the sensor was high is triggered; one read before it fired or after it cleared is not', () => {
  const st = createDoorTriggerState([door()]);
  recordLevel(st, 'd1', T0 + 10 * S, true);
  recordLevel(st, 'd1', T0 + 20 * S, false);
  assert.deepEqual(activeIntervals(st, 'd1'), [{ fromUs: T0 + 10 * S, toUs: T0 + 20 * S }]);
  assert.equal(triggered(st, 'd1', T0 + 12 * S, T0 + 15 * S), true, 'inside');
  assert.equal(triggered(st, 'd1', T0 + 5 * S, T0 + 11 * S), true, 'overlapping the start');
  assert.equal(triggered(st, 'd1', T0 + 1 * S, T0 + 30 * S), true, 'spanning the whole interval');
  assert.equal(triggered(st, 'd1', T0 + 1 * S, T0 + 9 * S), false, 'before');
  assert.equal(triggered(st, 'd1', T0 + 20 * S, T0 + 25 * S), false, 'from the moment it cleared');
});

test('graceMs widens the sensor on both sides', () => {
  const st = createDoorTriggerState([door({ graceMs: 2000 })]);
  recordLevel(st, 'd1', T0 + 10 * S, true);
  recordLevel(st, 'd1', T0 + 20 * S, false);
  assert.equal(triggered(st, 'd1', T0 + 7 * S, T0 + 8 * S), true, 'read 2 s before it fired');
  assert.equal(triggered(st, 'd1', T0 + 7 * S, T0 + 7.9 * S), false, 'read 2.1 s before it fired');
  assert.equal(triggered(st, 'd1', T0 + 21.9 * S, T0 + 23 * S), true, 'read 1.9 s after it cleared');
  assert.equal(triggered(st, 'd1', T0 + 22 * S, T0 + 23 * S), false, 'read 2 s after it cleared');
});

test('an active-low sensor is active while its input is low; a sensor still active has an open interval', () => {
  const st = createDoorTriggerState([door({ activeHigh: false })]);
  recordLevel(st, 'd1', T0, true);
  recordLevel(st, 'd1', T0 + 5 * S, false); // sees something from here on
  assert.deepEqual(activeIntervals(st, 'd1'), [{ fromUs: T0 + 5 * S, toUs: Infinity }]);
  assert.equal(triggered(st, 'd1', T0 + 1 * S, T0 + 2 * S), false);
  assert.equal(triggered(st, 'd1', T0 + 100 * S, T0 + 200 * S), true);
  assert.deepEqual(sensorView(st, 'd1'), { door: 'd1', active: true, sinceUs: T0 + 5 * S, observations: 2 });
});

test('doors without a sensor are always triggered; a sensor never heard from never is', () => {
  const st = createDoorTriggerState([door()]);
  assert.equal(triggered(st, 'other-door', T0, T0 + S), true);
  assert.equal(triggered(st, 'd1', T0, T0 + S), false);
  assert.deepEqual(sensorView(st, 'd1'), { door: 'd1', active: undefined, sinceUs: undefined, observations: 0 });
  assert.equal(recordLevel(st, 'other-door', T0, true), false, 'an unknown door records nothing');
  assert.equal(recordLevel(st, 'd1', Number.NaN, true), false);
});

test('late, repeated and out-of-order edges give the intervals they would in order', () => {
  const st = createDoorTriggerState([door()]);
  assert.equal(recordLevel(st, 'd1', T0 + 20 * S, false), true);
  assert.equal(recordLevel(st, 'd1', T0 + 10 * S, true), true);
  assert.equal(recordLevel(st, 'd1', T0 + 10 * S, true), false, 'the same edge twice');
  recordLevel(st, 'd1', T0 + 15 * S, true); // a repeated level in the middle changes nothing
  recordLevel(st, 'd1', T0 + 30 * S, true);
  assert.deepEqual(activeIntervals(st, 'd1'), [
    { fromUs: T0 + 10 * S, toUs: T0 + 20 * S },
    { fromUs: T0 + 30 * S, toUs: Infinity },
  ]);
  assert.equal(st.stats.duplicates, 1);
});

test('pruning keeps the state at the horizon and bounds memory; a chattering sensor is capped', () => {
  const st = createDoorTriggerState([door()], { maxObservations: 100 });
  for (let i = 0; i < 50; i++) {
    recordLevel(st, 'd1', T0 + i * 2 * S, true);
    recordLevel(st, 'd1', T0 + (i * 2 + 1) * S, false);
  }
  recordLevel(st, 'd1', T0 + 200 * S, true); // still active
  assert.ok(st.doors.get('d1')!.observations.length <= 100);
  assert.ok(st.stats.capped >= 1);
  const dropped = pruneBefore(st, T0 + 150 * S);
  assert.ok(dropped > 0);
  assert.equal(st.doors.get('d1')!.observations.length, 2, 'the last level before the horizon and the one after');
  assert.equal(triggered(st, 'd1', T0 + 300 * S, T0 + 301 * S), true, 'the open interval survives');
  assert.equal(triggered(st, 'd1', T0 + 160 * S, T0 + 170 * S), false);
  // An active sensor at the horizon stays active after pruning.
  const st2 = createDoorTriggerState([door()]);
  recordLevel(st2, 'd1', T0, true);
  recordLevel(st2, 'd1', T0 + S, true);
  pruneBefore(st2, T0 + 100 * S);
  assert.equal(triggered(st2, 'd1', T0 + 200 * S, T0 + 200 * S), true);
});

// ----------------------------------------------------------------- properties

type Level = { atUs: number; level: boolean };
const levelArb = fc.record({ atUs: fc.integer({ min: 0, max: 200 }), level: fc.boolean() });
const queryArb = fc.tuple(fc.integer({ min: -20, max: 220 }), fc.integer({ min: 0, max: 40 }));

function build(levels: readonly Level[], cfg: DoorTriggerConfig): DoorTriggerState {
  const st = createDoorTriggerState([cfg]);
  for (const l of levels) recordLevel(st, cfg.door, l.atUs, l.level);
  return st;
}

/** Reference: the state at t is the last observation at or before t (active sorting last at equal times). */
function oracle(levels: readonly Level[], cfg: DoorTriggerConfig, fromUs: number, toUs: number): boolean {
  const obs = levels.map((l) => ({ atUs: l.atUs, active: l.level === cfg.activeHigh }));
  const g = cfg.graceMs * 1000;
  const lo = fromUs - g;
  const hi = toUs + g;
  const atLo = obs.filter((o) => o.atUs <= lo);
  const maxT = Math.max(-Infinity, ...atLo.map((o) => o.atUs));
  const stateAtLo = atLo.some((o) => o.atUs === maxT && o.active);
  return stateAtLo || obs.some((o) => o.active && o.atUs > lo && o.atUs <= hi);
}

test('property: the order edges arrive in, and repeats, do not change any answer', () => {
  fc.assert(
    fc.property(
      fc.array(levelArb, { maxLength: 40 }).chain((levels) =>
        fc.tuple(fc.constant(levels), fc.shuffledSubarray(levels, { minLength: levels.length, maxLength: levels.length }), fc.subarray(levels)),
      ),
      fc.boolean(),
      fc.array(queryArb, { minLength: 1, maxLength: 10 }),
      ([levels, shuffled, repeats], activeHigh, queries) => {
        const cfg = door({ activeHigh, graceMs: 0.005 });
        const a = build(levels, cfg);
        const b = build([...shuffled, ...repeats], cfg);
        assert.deepEqual(activeIntervals(b, 'd1'), activeIntervals(a, 'd1'));
        for (const [from, len] of queries) assert.equal(triggered(b, 'd1', from, from + len), triggered(a, 'd1', from, from + len));
      },
    ),
  );
});

test('property: triggered agrees with the state-at-a-time reference, with grace', () => {
  fc.assert(
    fc.property(fc.array(levelArb, { maxLength: 30 }), fc.boolean(), fc.integer({ min: 0, max: 20 }), fc.array(queryArb, { minLength: 1, maxLength: 10 }), (levels, activeHigh, graceUs, queries) => {
      const cfg = door({ activeHigh, graceMs: graceUs / 1000 });
      const st = build(levels, cfg);
      for (const [from, len] of queries) assert.equal(triggered(st, 'd1', from, from + len), oracle(levels, cfg, from, from + len), `query [${from}, ${from + len}]`);
    }),
  );
});

test('property: pruning never changes an answer about times after the horizon', () => {
  fc.assert(
    fc.property(fc.array(levelArb, { maxLength: 40 }), fc.integer({ min: 0, max: 200 }), fc.array(queryArb, { minLength: 1, maxLength: 10 }), (levels, horizon, queries) => {
      const cfg = door({ graceMs: 0.003 });
      const full = build(levels, cfg);
      const pruned = build(levels, cfg);
      pruneBefore(pruned, horizon);
      for (const [from, len] of queries) {
        if (from - 4 < horizon) continue; // the grace (3 µs) reaches back before the horizon
        assert.equal(triggered(pruned, 'd1', from, from + len), triggered(full, 'd1', from, from + len));
      }
      assert.deepEqual(sensorView(pruned, 'd1')?.active, sensorView(full, 'd1')?.active);
    }),
  );
});
