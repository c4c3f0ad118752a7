/**
 * EPC decode throughput: `node --import tsx gateway/domain/epc.bench.ts`.
 * Prints decodes per second, the median of several runs over a mix of schemes.
 * A benchmark, not a test: no assertions on timing (DESIGN §10).
 */
import { decodeEpc, encodeEpc } from './epc.ts';

const RUNS = 7;
const PER_RUN = 200_000;

// A realistic mix: mostly SGTIN-96 cartons, some SSCC pallets, SGLN and GRAI, a few foreign tags.
const sample: string[] = [];
for (let i = 0; i < 1000; i++) {
  const k = i % 20;
  if (k < 14) {
    const r = encodeEpc({ scheme: 'sgtin-96', filter: 1, companyPrefix: '0614141', itemReference: String(100000 + i).slice(-6), serial: 1_000_000 + i * 7919 });
    if (r.ok) sample.push(r.hex.toLowerCase());
  } else if (k < 17) {
    const r = encodeEpc({ scheme: 'sscc-96', filter: 2, companyPrefix: '0614141', serialReference: String(1_000_000_000 + i) });
    if (r.ok) sample.push(r.hex);
  } else if (k < 18) {
    const r = encodeEpc({ scheme: 'sgln-96', filter: 0, companyPrefix: '0614141', locationReference: '12345', extension: i });
    if (r.ok) sample.push(r.hex);
  } else if (k < 19) {
    const r = encodeEpc({ scheme: 'giai-96', filter: 0, companyPrefix: '061414', assetReference: (1n << 60n) + BigInt(i) });
    if (r.ok) sample.push(r.hex);
  } else {
    sample.push('E2801160600002054E3D1C1A');
  }
}

let sink = 0;
const rates: number[] = [];
for (let run = 0; run < RUNS + 1; run++) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < PER_RUN; i++) {
    const d = decodeEpc(sample[i % sample.length] as string);
    if (d.ok) sink += d.filter;
  }
  const ns = Number(process.hrtime.bigint() - t0);
  if (run > 0) rates.push((PER_RUN / ns) * 1e9); // run 0 is warm-up
}
rates.sort((a, b) => a - b);
const median = rates[Math.floor(rates.length / 2)] ?? 0;
console.log(`EPC-96 decode: median ${Math.round(median).toLocaleString('en')} decodes/s over ${RUNS} runs of ${PER_RUN.toLocaleString('en')} (min ${Math.round(rates[0] ?? 0).toLocaleString('en')}, max ${Math.round(rates[rates.length - 1] ?? 0).toLocaleString('en')}) [sink ${sink}]`);
