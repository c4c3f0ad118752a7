/**
 * Decode (and encode) throughput of the generic LLRP codec.
 *
 *   node --import tsx drivers/llrp/bench.ts [runs]
 *
 * Corpora: dx101_c (RO_ACCESS_REPORTs of every shape, ~140 bytes per tag, one frame 1.4 MB),
 * and synthetic RO_ACCESS_REPORTs with 1 and 100 tags of 43 bytes each (EPC-96, antenna, peak
 * RSSI, first and last seen, seen count), the dock-door shape. Prints the median of the runs.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeMessage, readHeader } from './decode.ts';
import { encodeMessage } from './encode.ts';
import type { LlrpMessage } from './types.ts';

const runs = Number(process.argv[2] ?? 7);

function split(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let off = 0; off < buf.length;) {
    const { length } = readHeader(buf, off);
    out.push(buf.subarray(off, off + length));
    off += length;
  }
  return out;
}

function report(tagsPerReport: number, id: number): Buffer {
  const tags = [];
  for (let i = 0; i < tagsPerReport; i++) {
    tags.push({
      EPCParameter: { type: 'EPC_96', EPC: (0x300833b2ddd9014000000000n + BigInt(id * 1000 + i)).toString(16).padStart(24, '0') },
      AntennaID: { AntennaID: 1 + (i % 4) },
      PeakRSSI: { PeakRSSI: -40 - (i % 30) },
      FirstSeenTimestampUTC: { Microseconds: 1_700_000_000_000_000n + BigInt(i) },
      LastSeenTimestampUTC: { Microseconds: 1_700_000_000_100_000n + BigInt(i) },
      TagSeenCount: { TagCount: 1 + (i % 7) },
    });
  }
  return encodeMessage({ type: 'RO_ACCESS_REPORT', id, TagReportData: tags });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function bench(name: string, frames: Buffer[], minMs = 300): void {
  const bytes = frames.reduce((n, f) => n + f.length, 0);
  const tags = frames.reduce((n, f) => n + ((decodeMessage(f)['TagReportData'] as unknown[] | undefined)?.length ?? 0), 0);
  const msgs: LlrpMessage[] = frames.map((f) => decodeMessage(f));
  const time = (fn: () => void): number => {
    let iters = 0;
    const t0 = process.hrtime.bigint();
    let ns = 0;
    do {
      fn();
      iters++;
      ns = Number(process.hrtime.bigint() - t0);
    } while (ns < minMs * 1e6);
    return iters / (ns / 1e9); // passes per second
  };
  for (let i = 0; i < 3; i++) time(() => { for (const f of frames) decodeMessage(f); }); // warm up
  const dec: number[] = [];
  const enc: number[] = [];
  for (let r = 0; r < runs; r++) {
    dec.push(time(() => { for (const f of frames) decodeMessage(f); }));
    enc.push(time(() => { for (const m of msgs) encodeMessage(m); }));
  }
  const d = median(dec);
  const e = median(enc);
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
  console.log(`${name}: ${frames.length} frames, ${fmt(bytes)} bytes, ${fmt(tags)} tags`);
  console.log(`  decode: ${fmt(d * frames.length)} frames/s, ${(d * bytes / 1e6).toFixed(1)} MB/s, ${fmt(d * tags)} tag reads/s`);
  console.log(`  encode: ${fmt(e * frames.length)} frames/s, ${(e * bytes / 1e6).toFixed(1)} MB/s, ${fmt(e * tags)} tag reads/s`);
}

const corpus = readFileSync(fileURLToPath(new URL('../../../shared/vectors/llrp-ltk/dx101_c.bin', import.meta.url)));
console.log(`node ${process.version}, median of ${runs} runs`);
bench('dx101_c', split(corpus));
bench('RO_ACCESS_REPORT x 1 tag (43 B/tag)', Array.from({ length: 1000 }, (_, i) => report(1, i)));
bench('RO_ACCESS_REPORT x 100 tags (43 B/tag)', Array.from({ length: 20 }, (_, i) => report(100, i)));
