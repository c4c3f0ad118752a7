/**
 * The pure portal logic alone (no bus, no store): tag reads/s through ingest + close with
 * 20 doors, pallets of 60 tags crossing continuously. The end-to-end portal benchmark
 * (reads to committed events) belongs to the portal service. Median of several runs.
 */
import { createPortalState, ingestBatch, closeDue, type DoorLayout, type ReadBatch } from '../../gateway/domain/portal-transit.ts';

const DOORS = 20;
const thresholds = { windowMs: 3000, minReads: 2, rssiFloorDbm: -75 };
const doors: DoorLayout[] = Array.from({ length: DOORS }, (_, d) => ({
  id: `door-${d}`,
  readers: [{ device: `r${d}`, outside: [1, 2], inside: [3, 4] }],
  adjacent: [d > 0 ? `door-${d - 1}` : '', d < DOORS - 1 ? `door-${d + 1}` : ''].filter(Boolean),
  thresholds,
}));

function workload(pallets: number): ReadBatch[] {
  const batches: ReadBatch[] = [];
  for (let p = 0; p < pallets; p++) {
    const door = p % DOORS;
    const t0 = Math.floor(p / DOORS) * 5_000_000;
    for (let k = 0; k < 8; k++) {
      batches.push({
        reader: `r${door}`,
        reads: Array.from({ length: 60 }, (_, i) => ({
          epc: `3074257bf7194e4${p.toString(16).padStart(5, '0')}${i.toString(16).padStart(4, '0')}`,
          antenna: k < 4 ? 1 + (i % 2) : 3 + (i % 2),
          rssi: -50 - (i % 7),
          firstSeenUs: t0 + k * 250_000 + i,
          lastSeenUs: t0 + k * 250_000 + i + 200_000,
          count: 4,
        })),
      });
    }
  }
  return batches;
}

const batches = workload(2000);
const reads = batches.reduce((n, b) => n + b.reads.length, 0);
const rates: number[] = [];
let transits = 0;
for (let run = 0; run < 7; run++) {
  const state = createPortalState(doors);
  const t = performance.now();
  let now = 0;
  transits = 0;
  for (const b of batches) {
    ingestBatch(state, b);
    const last = b.reads[0]?.lastSeenUs ?? 0;
    if (last - now > 500_000) {
      now = last;
      transits += closeDue(state, now).length;
    }
  }
  transits += closeDue(state, Number.MAX_SAFE_INTEGER).length;
  rates.push(reads / ((performance.now() - t) / 1000));
}
rates.sort((a, b) => a - b);
console.log(`portal domain: ${reads} reads in ${batches.length} reports, 20 doors, ${transits} outcomes per run`);
console.log(`  median ${Math.round(rates[3] as number).toLocaleString('en')} reads/s (min ${Math.round(rates[0] as number).toLocaleString('en')}, max ${Math.round(rates[6] as number).toLocaleString('en')})`);
