/**
 * The dock-door load of bench:portal and bench:portal-gateway: outbound pallets of 60 tagged
 * cartons, round robin over the doors, as many at once as the rate needs. Each carton is read
 * 32 times on its way: 4 reports on the inside antennas, then 4 on the outside, 250 ms apart.
 * How the reads are reported is the shape:
 * - aggregated (what the shipped portal profiles configure: a report every 250 ms, one entry
 *   per tag and antenna with its TagSeenCount): 8 entries of 4 reads per carton;
 * - per-read (a reader reporting every read on its own): 32 entries of 1 read per carton.
 * Reports carry wall-clock reader timestamps and are due at the moment of their newest read.
 */
import { encodeSgtinFromGtin } from '../../gateway/domain/epc.ts';

export const TAGS = 60;
export const REPORTS = 8;
export const REPORT_EVERY_US = 250_000;
export const GTIN = '80614141123458';

export type Shape = 'aggregated' | 'per-read';

export function shapeOf(name: string | undefined): { shape: Shape; perReport: number; seenCount: number; readsPerCarton: number } {
  const shape: Shape = name === 'per-read' ? 'per-read' : 'aggregated';
  const perReport = shape === 'per-read' ? 4 : 1;
  const seenCount = shape === 'per-read' ? 1 : 4;
  return { shape, perReport, seenCount, readsPerCarton: REPORTS * perReport * seenCount };
}

export interface Report {
  /** reader id, r0..r{doors-1} */
  reader: string;
  door: number;
  body: Buffer;
  /** wall clock ms at which the reader sends it */
  at: number;
  entries: number;
}

let serial = 0;
const nextEpc = () => {
  const r = encodeSgtinFromGtin(GTIN, 7, serial++);
  if (!r.ok) throw new Error(r.message);
  return r.hex;
};

/** Reports for `seconds` of load at `rate` reads/s over `doors` doors, from wall time t0Ms, in send order. */
export function palletReports(rate: number, seconds: number, t0Ms: number, doors: number, shapeName?: string): Report[] {
  const { perReport, seenCount, readsPerCarton } = shapeOf(shapeName);
  const palletsPerSec = rate / (TAGS * readsPerCarton);
  const pallets = Math.round(palletsPerSec * seconds);
  const out: Report[] = [];
  for (let p = 0; p < pallets; p++) {
    const startUs = (t0Ms + (p / palletsPerSec) * 1000) * 1000;
    const door = p % doors;
    const reader = `r${door}`;
    const epcs = Array.from({ length: TAGS }, nextEpc);
    for (let k = 0; k < REPORTS; k++) {
      const base = Math.round(startUs + k * REPORT_EVERY_US);
      const reads = [];
      for (let j = 0; j < perReport; j++) {
        for (let i = 0; i < TAGS; i++) {
          const at = base + i + (perReport === 1 ? 0 : Math.round((j * 200_000) / (perReport - 1)));
          const antenna = k < REPORTS / 2 ? 3 + ((i + j) % 2) : 1 + ((i + j) % 2);
          reads.push({ epc: epcs[i], antenna, rssi: -50 - (i % 7), firstSeenUs: at, lastSeenUs: perReport === 1 ? at + 200_000 : at, seenCount });
        }
      }
      out.push({ reader, door, body: Buffer.from(JSON.stringify({ v: 1, reader, reads })), at: (base + TAGS + 200_000) / 1000, entries: reads.length });
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

/**
 * Hand each report to `send` when it is due on the wall clock (as the readers would send
 * them), recording how late each went out; resolves after the last one.
 */
export function playReports(reports: readonly Report[], send: (r: Report) => void, lags: number[]): Promise<void> {
  let i = 0;
  return new Promise<void>((resolve) => {
    const pump = () => {
      const now = Date.now();
      while (i < reports.length && (reports[i] as Report).at <= now) {
        const r = reports[i++] as Report;
        lags.push(Math.round(Date.now() - r.at));
        send(r);
      }
      if (i < reports.length) setTimeout(pump, Math.max(0, Math.min(5, (reports[i] as Report).at - Date.now())));
      else resolve();
    };
    setTimeout(pump, Math.max(0, (reports[0]?.at ?? 0) - Date.now()));
  });
}

/** The q-quantile of sorted numbers. */
export const pct = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
