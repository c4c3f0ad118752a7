import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { activeSlot, instantOf, nextChange, scheduleAt, slotInstances, WEEKDAYS, type ScheduleSlot, type Weekday } from './door-schedule.ts';

const BERLIN = 'Europe/Berlin';
const at = (iso: string) => Date.parse(iso);
const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());

test('a slot is active from its start (inclusive) to its end (exclusive), with an id in local time', () => {
  const slots: ScheduleSlot[] = [{ from: '14:00', to: '18:00' }];
  // 2026-11-27 is a Friday; Berlin is UTC+1 in November.
  assert.equal(activeSlot('door-3', slots, BERLIN, at('2026-11-27T12:59:59.999Z')), undefined);
  const a = activeSlot('door-3', slots, BERLIN, at('2026-11-27T13:00:00Z'));
  assert.equal(a?.id, 'door-3@2026-11-27T14:00');
  assert.equal(a?.localStart, '2026-11-27T14:00');
  assert.equal(iso(a?.start), '2026-11-27T13:00:00.000Z');
  assert.equal(iso(a?.end), '2026-11-27T17:00:00.000Z');
  assert.equal(activeSlot('door-3', slots, BERLIN, at('2026-11-27T16:59:59.999Z'))?.id, 'door-3@2026-11-27T14:00');
  assert.equal(activeSlot('door-3', slots, BERLIN, at('2026-11-27T17:00:00Z')), undefined);

  assert.equal(iso(nextChange('door-3', slots, BERLIN, at('2026-11-27T08:00:00Z'))), '2026-11-27T13:00:00.000Z');
  assert.equal(iso(nextChange('door-3', slots, BERLIN, at('2026-11-27T13:00:00Z'))), '2026-11-27T17:00:00.000Z');
  assert.equal(iso(nextChange('door-3', slots, BERLIN, at('2026-11-27T17:00:00Z'))), '2026-11-28T13:00:00.000Z');
  // The same wall times in summer are an hour earlier in UTC.
  assert.equal(iso(activeSlot('door-3', slots, BERLIN, at('2026-07-01T12:00:00Z'))?.start), '2026-07-01T12:00:00.000Z');
});

test('a slot whose end is before its start runs past midnight and belongs to the day it starts on', () => {
  const slots: ScheduleSlot[] = [{ days: ['fri'], from: '22:00', to: '06:00' }];
  const sat3am = activeSlot('d', slots, BERLIN, at('2026-11-28T02:00:00Z'));
  assert.equal(sat3am?.id, 'd@2026-11-27T22:00', 'Saturday 03:00 is in the Friday night slot');
  assert.equal(iso(sat3am?.start), '2026-11-27T21:00:00.000Z');
  assert.equal(iso(sat3am?.end), '2026-11-28T05:00:00.000Z');
  assert.equal(activeSlot('d', slots, BERLIN, at('2026-11-28T21:30:00Z')), undefined, 'Saturday night is not a Friday');
  assert.equal(iso(nextChange('d', slots, BERLIN, at('2026-11-28T02:00:00Z'))), '2026-11-28T05:00:00.000Z');
  assert.equal(iso(nextChange('d', slots, BERLIN, at('2026-11-28T05:00:00Z'))), '2026-12-04T21:00:00.000Z', 'then the next Friday');
  // A restart just after midnight still finds the instance that began the evening before.
  assert.equal(activeSlot('d', slots, BERLIN, at('2026-11-27T23:00:01Z'))?.id, 'd@2026-11-27T22:00');
});

test('the days filter leaves the weekend out and the next change skips to Monday', () => {
  const slots: ScheduleSlot[] = [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '12:00' }];
  // Saturday 2026-11-28 and Sunday 2026-11-29 09:00 local.
  assert.equal(activeSlot('d', slots, BERLIN, at('2026-11-28T08:00:00Z')), undefined);
  assert.equal(activeSlot('d', slots, BERLIN, at('2026-11-29T08:00:00Z')), undefined);
  assert.equal(activeSlot('d', slots, BERLIN, at('2026-11-30T08:00:00Z'))?.id, 'd@2026-11-30T08:00');
  assert.equal(iso(nextChange('d', slots, BERLIN, at('2026-11-27T11:00:00Z'))), '2026-11-30T07:00:00.000Z');
  assert.equal(scheduleAt('d', [], BERLIN, at('2026-11-27T11:00:00Z')).next, undefined, 'no slots: nothing ever changes');
});

test('spring forward in Berlin: a 02:30-03:30 slot runs 03:00-03:30 summer time; a slot inside the gap does not happen', () => {
  // 2026-03-29: at 02:00 CET (01:00Z) clocks jump to 03:00 CEST.
  assert.equal(iso(instantOf(BERLIN, Date.UTC(2026, 2, 29, 2, 30))), '2026-03-29T01:00:00.000Z', 'a wall time in the gap is the end of the gap');
  const slots: ScheduleSlot[] = [{ from: '02:30', to: '03:30' }];
  const s = activeSlot('d', slots, BERLIN, at('2026-03-29T01:10:00Z'));
  assert.equal(s?.id, 'd@2026-03-29T02:30', 'the id keeps the configured wall time');
  assert.equal(iso(s?.start), '2026-03-29T01:00:00.000Z');
  assert.equal(iso(s?.end), '2026-03-29T01:30:00.000Z');
  assert.equal(iso(nextChange('d', slots, BERLIN, at('2026-03-29T00:00:00Z'))), '2026-03-29T01:00:00.000Z');
  // The day before and the day after: one real hour each.
  const before = activeSlot('d', slots, BERLIN, at('2026-03-28T02:00:00Z'));
  assert.equal((before?.end ?? 0) - (before?.start ?? 0), 3_600_000);
  const after = activeSlot('d', slots, BERLIN, at('2026-03-30T01:00:00Z'));
  assert.equal(iso(after?.start), '2026-03-30T00:30:00.000Z');

  const inGap: ScheduleSlot[] = [{ from: '02:10', to: '02:50' }];
  assert.deepEqual(
    slotInstances('d', inGap, BERLIN, at('2026-03-29T12:00:00Z')).map((i) => i.localStart).filter((l) => l.startsWith('2026-03-29')),
    [],
  );
  assert.equal(iso(nextChange('d', inGap, BERLIN, at('2026-03-28T12:00:00Z'))), '2026-03-30T00:10:00.000Z', 'from Saturday noon, the next one is Monday');

  const overGap: ScheduleSlot[] = [{ from: '01:30', to: '03:30' }];
  const o = activeSlot('d', overGap, BERLIN, at('2026-03-29T00:45:00Z'));
  assert.equal((o?.end ?? 0) - (o?.start ?? 0), 3_600_000, 'two wall hours over the gap are one real hour');
});

test('fall back in Berlin: a wall time that happens twice is taken the first time', () => {
  // 2026-10-25: at 03:00 CEST (01:00Z) clocks go back to 02:00 CET; 02:00-03:00 happens twice.
  const slots: ScheduleSlot[] = [{ from: '02:30', to: '03:30' }];
  const s = activeSlot('d', slots, BERLIN, at('2026-10-25T01:00:00Z'));
  assert.equal(s?.id, 'd@2026-10-25T02:30');
  assert.equal(iso(s?.start), '2026-10-25T00:30:00.000Z', '02:30 summer time');
  assert.equal(iso(s?.end), '2026-10-25T02:30:00.000Z', '03:30 winter time: two real hours');
  const short: ScheduleSlot[] = [{ from: '02:10', to: '02:40' }];
  const t = activeSlot('d', short, BERLIN, at('2026-10-25T00:20:00Z'));
  assert.equal(iso(t?.start), '2026-10-25T00:10:00.000Z');
  assert.equal(iso(t?.end), '2026-10-25T00:40:00.000Z');
  assert.equal(activeSlot('d', short, BERLIN, at('2026-10-25T01:20:00Z')), undefined, 'not again in the repeated hour');
});

test('overlapping slots: the one that started last holds the door; the first returns when it ends', () => {
  const slots: ScheduleSlot[] = [
    { from: '06:00', to: '14:00' },
    { from: '12:00', to: '13:00' },
  ];
  const tz = 'Asia/Shanghai'; // UTC+8, no DST
  assert.equal(activeSlot('d', slots, tz, at('2026-05-04T03:00:00Z'))?.id, 'd@2026-05-04T06:00'); // 11:00
  assert.equal(activeSlot('d', slots, tz, at('2026-05-04T04:30:00Z'))?.id, 'd@2026-05-04T12:00'); // 12:30
  assert.equal(iso(nextChange('d', slots, tz, at('2026-05-04T04:30:00Z'))), '2026-05-04T05:00:00.000Z');
  assert.equal(activeSlot('d', slots, tz, at('2026-05-04T05:00:00Z'))?.id, 'd@2026-05-04T06:00');
  // Back-to-back slots: the end of one is the start of the next, one change.
  const shifts: ScheduleSlot[] = [
    { from: '06:00', to: '14:00' },
    { from: '14:00', to: '06:00' },
  ];
  assert.equal(iso(nextChange('d', shifts, tz, at('2026-05-04T03:00:00Z'))), '2026-05-04T06:00:00.000Z');
  assert.equal(activeSlot('d', shifts, tz, at('2026-05-04T06:00:00Z'))?.id, 'd@2026-05-04T14:00');
});

const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Shanghai', 'Australia/Lord_Howe', 'UTC'];
const hhmm = fc.integer({ min: 0, max: 24 * 60 - 1 }).map((m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
const slotArb = fc
  .record({ from: hhmm, to: hhmm, days: fc.option(fc.subarray([...WEEKDAYS] as Weekday[], { minLength: 1 }), { nil: undefined }) })
  .filter((s) => s.from !== s.to);
// Uniform over three years, or within two days of a DST change (Berlin, New York, Lord Howe's 30 minutes).
const DST_CHANGES = ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z', '2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z', '2026-04-04T15:00:00Z', '2026-10-03T15:30:00Z'].map(Date.parse);
const instant = fc.oneof(
  fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 0, 1) }),
  fc.tuple(fc.constantFrom(...DST_CHANGES), fc.integer({ min: -2 * 86_400_000, max: 2 * 86_400_000 })).map(([c, d]) => c + d),
);

test('property: the active instance holds from `at` until nextChange, and differs at nextChange', () => {
  fc.assert(
    fc.property(fc.array(slotArb, { minLength: 1, maxLength: 3 }), fc.constantFrom(...ZONES), instant, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 3 }), (slots, tz, t, fractions) => {
      const { active, next } = scheduleAt('d', slots, tz, t);
      if (active) assert.ok(active.start <= t && t < active.end, 'active contains t');
      assert.notEqual(next, undefined, 'with a slot there is always a next change');
      const n = next as number;
      assert.ok(n > t);
      assert.ok(n - t <= 8 * 86_400_000, 'within a week and a day');
      for (const f of fractions) {
        const u = Math.min(n - 1, t + Math.floor(f * (n - t)));
        assert.equal(activeSlot('d', slots, tz, u)?.id, active?.id, `same instance at ${new Date(u).toISOString()}`);
      }
      assert.equal(activeSlot('d', slots, tz, n - 1)?.id, active?.id);
      assert.notEqual(activeSlot('d', slots, tz, n)?.id, active?.id, 'a change at nextChange');
    }),
    { numRuns: 150 },
  );
});

test('property: without DST an instance lasts exactly its wall-clock length', () => {
  fc.assert(
    fc.property(slotArb, instant, (slot, t) => {
      const [fh, fm] = slot.from.split(':').map(Number) as [number, number];
      const [th, tm] = slot.to.split(':').map(Number) as [number, number];
      const minutes = (th * 60 + tm - (fh * 60 + fm) + 24 * 60) % (24 * 60);
      for (const i of slotInstances('d', [slot], 'Asia/Shanghai', t)) assert.equal(i.end - i.start, minutes * 60_000);
    }),
    { numRuns: 100 },
  );
});
