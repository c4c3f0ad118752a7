import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createPortalState, ingestBatch, closeDue, openTracks, nextDueInUs, type DoorLayout, type ReadBatch, type TagRead, type PortalOutcome } from './portal-transit.ts';

const thresholds = { windowMs: 3000, minReads: 2, rssiFloorDbm: -75 };
const DOORS: DoorLayout[] = [
  { id: 'door-3', readers: [{ device: 'r3', outside: [1, 2], inside: [3, 4] }], adjacent: ['door-4'], thresholds },
  { id: 'door-4', readers: [{ device: 'r4', outside: [1, 2], inside: [3, 4] }], adjacent: ['door-3'], thresholds },
  { id: 'door-9', readers: [{ device: 'r9', outside: [1], inside: [2] }], adjacent: [], thresholds },
];
const S = 1_000_000; // one second in microseconds
const epcOf = (i: number) => `30740242201d8840000f${i.toString(16).padStart(4, '0')}`;

/** One report per reader every 250 ms: what a portal reader sends while a pallet passes. */
function passage(reader: string, epcs: string[], path: ('out' | 'in')[], t0: number, opts: { rssi?: number; stepUs?: number } = {}): ReadBatch[] {
  const step = opts.stepUs ?? 250_000;
  return path.map((side, k) => ({
    reader,
    reads: epcs.map((epc, i) => ({
      epc,
      antenna: side === 'out' ? 1 + (i % 2) : 3 + (i % 2),
      rssi: (opts.rssi ?? -50) - (i % 5),
      firstSeenUs: t0 + k * step + i,
      lastSeenUs: t0 + k * step + i + 200_000,
      count: 3,
    })),
  }));
}

function run(batches: ReadBatch[], nowUs: number, options: Parameters<typeof closeDue>[2] = {}, doors = DOORS) {
  const state = createPortalState(doors);
  for (const b of batches) ingestBatch(state, b);
  return { outcomes: closeDue(state, nowUs, options), state };
}

const transits = (o: PortalOutcome[]) => o.filter((x) => x.kind === 'transit');

test('a pallet of 60 cartons seen outside then inside is 60 inbound transits', () => {
  const epcs = Array.from({ length: 60 }, (_, i) => epcOf(i));
  const { outcomes, state } = run(passage('r3', epcs, ['out', 'out', 'out', 'in', 'in', 'in'], 0), 10 * S);
  const t = transits(outcomes);
  assert.equal(t.length, 60);
  assert.ok(t.every((x) => x.kind === 'transit' && x.direction === 'inbound' && x.door === 'door-3' && x.confidence >= 0.9));
  assert.equal(state.tracks.size, 0);
  assert.equal(state.stats.transits, 60);
});

test('inside then outside is outbound; nothing closes before the window has passed', () => {
  const batches = passage('r3', [epcOf(1)], ['in', 'in', 'out', 'out'], 0);
  const state = createPortalState(DOORS);
  for (const b of batches) ingestBatch(state, b);
  const lastSeen = 3 * 250_000 + 200_000;
  assert.deepEqual(closeDue(state, lastSeen + 2 * S), [], 'still inside the 3 s window');
  const [t] = closeDue(state, lastSeen + 4 * S);
  assert.equal(t?.kind === 'transit' && t.direction, 'outbound');
});

test('the next door reading the same pallet weaker is a suppressed cross-read', () => {
  const epcs = [epcOf(1), epcOf(2)];
  const batches = [...passage('r3', epcs, ['out', 'out', 'in', 'in'], 0, { rssi: -48 }), ...passage('r4', epcs, ['out', 'in'], 100_000, { rssi: -68 })];
  const { outcomes, state } = run(batches, 10 * S);
  assert.deepEqual(
    outcomes.map((o) => [o.kind, o.door, o.kind === 'suppressed' ? o.reason : o.direction]).sort(),
    [
      ['suppressed', 'door-4', 'cross-read'],
      ['suppressed', 'door-4', 'cross-read'],
      ['transit', 'door-3', 'inbound'],
      ['transit', 'door-3', 'inbound'],
    ].sort(),
  );
  assert.equal(state.stats.crossReads, 2);
  const t = transits(outcomes)[0];
  assert.deepEqual(t?.kind === 'transit' && t.crossReadsFrom, ['door-4']);
});

test('while sessions are open, the door whose manifest expects the item wins even with weaker reads', () => {
  const batches = [...passage('r3', [epcOf(1)], ['out', 'out', 'in', 'in'], 0, { rssi: -48 }), ...passage('r4', [epcOf(1)], ['out', 'out', 'in', 'in'], 0, { rssi: -68 })];
  const { outcomes } = run(batches, 10 * S, { expects: (door) => door === 'door-4' });
  assert.deepEqual(transits(outcomes).map((t) => t.door), ['door-4']);
});

test('doors that are not adjacent each keep their own transit', () => {
  const batches = [...passage('r3', [epcOf(1)], ['out', 'in'], 0), ...passage('r9', [epcOf(1)].map((e) => e), ['out', 'in'], 0)];
  // r9 has antennas 1 (outside) and 2 (inside): remap the inside reads to antenna 2.
  for (const b of batches) if (b.reader === 'r9') for (const r of b.reads as TagRead[]) if (r.antenna >= 3) r.antenna = 2;
  const { outcomes } = run(batches, 10 * S);
  assert.deepEqual(transits(outcomes).map((t) => t.door).sort(), ['door-3', 'door-9']);
});

test('a tag parked in the door all day never becomes a transit', () => {
  const path = Array.from({ length: 600 }, () => 'in' as const); // ten minutes of reads every second
  const batches = passage('r3', [epcOf(7)], path, 0, { stepUs: S });
  const state = createPortalState(DOORS);
  for (const b of batches) ingestBatch(state, b);
  assert.deepEqual(openTracks(state, 600 * S).map((t) => [t.epc, t.parked]), [[epcOf(7), true]]);
  const out = closeDue(state, 700 * S);
  assert.deepEqual(out.map((o) => (o.kind === 'suppressed' ? o.reason : o.kind)), ['parked']);
  assert.equal(state.stats.parked, 1);
});

test('a parked tag is reported once while it lies there; carried through later, it is a transit; going quiet, nothing more', () => {
  const state = createPortalState(DOORS);
  const parked: string[] = [];
  const all: PortalOutcome[] = [];
  // Five minutes on the inside, read every second, with the service closing every second.
  for (let sec = 0; sec < 300; sec++) {
    for (const b of passage('r3', [epcOf(8), epcOf(9)], ['in'], sec * S, { stepUs: S })) ingestBatch(state, b);
    all.push(...closeDue(state, sec * S + S / 2));
  }
  for (const o of all) if (o.kind === 'suppressed' && o.reason === 'parked') parked.push(o.epc);
  assert.deepEqual(parked.sort(), [epcOf(8), epcOf(9)].sort(), 'each reported parked once, while still being read');
  assert.equal(state.stats.parked, 2);
  assert.equal(all.length, 2);
  // Then epc 8 is carried out through the door; epc 9 stops being read (picked up the other way).
  for (const b of passage('r3', [epcOf(8)], ['in', 'in', 'out', 'out'], 300 * S)) ingestBatch(state, b);
  const out = closeDue(state, 320 * S);
  assert.deepEqual(out.map((o) => [o.epc, o.kind === 'transit' ? o.direction : o.reason]), [[epcOf(8), 'outbound']]);
  assert.equal(state.tracks.size, 0);
  assert.equal(state.stats.parked, 2);
});

test('a forklift that drives in and reverses out is no transit', () => {
  const { outcomes, state } = run(passage('r3', [epcOf(3)], ['out', 'out', 'in', 'in', 'out', 'out'], 0), 10 * S);
  assert.deepEqual(outcomes.map((o) => (o.kind === 'suppressed' ? o.reason : o.kind)), ['reversed']);
  assert.equal(state.stats.reversed, 1);
});

test('a tag dithering in the door counts once, with the dithers recorded', () => {
  const { outcomes } = run(passage('r3', [epcOf(4)], ['out', 'out', 'in', 'in', 'out', 'out', 'in', 'in'], 0), 10 * S);
  const t = transits(outcomes);
  assert.equal(t.length, 1);
  assert.equal(t[0]?.kind === 'transit' && t[0].direction, 'inbound');
  assert.equal(t[0]?.kind === 'transit' && t[0].dithers, 2);
});

test('one stray read on the other side at the end does not turn a crossing into a reversal', () => {
  const batches = passage('r3', [epcOf(5)], ['out', 'out', 'in', 'in'], 0);
  batches.push({ reader: 'r3', reads: [{ epc: epcOf(5), antenna: 1, rssi: -70, firstSeenUs: 1_100_000, lastSeenUs: 1_100_000, count: 1 }] });
  const t = transits(run(batches, 10 * S).outcomes);
  assert.equal(t[0]?.kind === 'transit' && t[0].direction, 'inbound');
  assert.equal(t[0]?.kind === 'transit' && t[0].dithers, 1);
});

test('stray single reads are ignored and counted; reads below the RSSI floor never open a track', () => {
  const batches: ReadBatch[] = [
    { reader: 'r3', reads: [{ epc: epcOf(8), antenna: 1, rssi: -60, firstSeenUs: 0, lastSeenUs: 0, count: 1 }] },
    { reader: 'r3', reads: [{ epc: epcOf(9), antenna: 3, rssi: -80, firstSeenUs: 0, lastSeenUs: 0, count: 5 }] },
    { reader: 'r-unknown', reads: [{ epc: epcOf(9), antenna: 1, rssi: -40, firstSeenUs: 0, lastSeenUs: 0, count: 5 }] },
  ];
  const { outcomes, state } = run(batches, 10 * S);
  assert.deepEqual(outcomes.map((o) => (o.kind === 'suppressed' ? [o.epc, o.reason] : o.kind)), [[epcOf(8), 'stray']]);
  assert.equal(state.stats.belowRssiFloor, 1);
  assert.equal(state.stats.unknownAntenna, 1);
});

test('a tag seen on one side only is a transit of unknown direction with low confidence', () => {
  const t = transits(run(passage('r3', [epcOf(6)], ['in', 'in', 'in'], 0), 10 * S).outcomes);
  assert.equal(t[0]?.kind === 'transit' && t[0].direction, 'unknown');
  assert.ok(t[0] !== undefined && t[0].confidence < 0.5);
});

test('the same reads in any order within each batch give the same outcomes', () => {
  const epcs = Array.from({ length: 6 }, (_, i) => epcOf(i));
  const base = [
    ...passage('r3', epcs, ['out', 'out', 'in', 'in', 'out', 'in'], 0, { rssi: -50 }),
    ...passage('r4', epcs.slice(0, 3), ['in', 'out', 'in'], 50_000, { rssi: -60 }),
  ];
  const expected = run(base, 20 * S).outcomes;
  fc.assert(
    fc.property(fc.array(fc.nat(), { minLength: base.length, maxLength: base.length }), fc.func(fc.integer()), (seeds, rank) => {
      const shuffled = base.map((b, i) => ({ reader: b.reader, reads: [...b.reads].sort((x, y) => rank(`${seeds[i]}${x.epc}${x.antenna}`) - rank(`${seeds[i]}${y.epc}${y.antenna}`)) }));
      assert.deepEqual(run(shuffled, 20 * S).outcomes, expected);
    }),
    { numRuns: 200 },
  );
});

test("each door on its own clock: a door heard late waits for its reports without holding another back; a tag seen at both waits for the later", () => {
  const state = createPortalState(DOORS);
  for (const b of passage('r3', [epcOf(20)], ['out', 'out', 'in', 'in'], 0)) ingestBatch(state, b);
  for (const b of passage('r4', [epcOf(21)], ['out', 'out', 'in', 'in'], 0)) ingestBatch(state, b);
  // Both tags' windows (3 s) passed by 5 s; door-4's reports, though, are only in up to 2 s.
  const clocks = (d: string) => (d === 'door-4' ? 2 * S : 5 * S);
  assert.equal(nextDueInUs(state, clocks)! < 0, true, 'door-3 has one due now');
  assert.deepEqual(closeDue(state, clocks).map((o) => o.epc), [epcOf(20)]);
  assert.deepEqual(closeDue(state, clocks), [], 'door-4 waits');
  assert.ok(nextDueInUs(state, clocks)! > 0, 'and the wait is in door-4 time');
  assert.deepEqual(closeDue(state, (d) => (d === 'door-4' ? 5 * S : 5 * S)).map((o) => o.epc), [epcOf(21)]);
  // Cross-read at both doors: it closes only when both are past its window.
  for (const b of passage('r3', [epcOf(22)], ['out', 'in'], 10 * S)) ingestBatch(state, b);
  for (const b of passage('r4', [epcOf(22)], ['out', 'in'], 10 * S, { rssi: -70 })) ingestBatch(state, b);
  assert.deepEqual(closeDue(state, (d) => (d === 'door-4' ? 11 * S : 20 * S)), []);
  assert.deepEqual(closeDue(state, 20 * S).map((o) => [o.door, o.kind]), [['door-4', 'suppressed'], ['door-3', 'transit']].sort());
});
