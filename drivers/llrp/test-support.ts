/** Test helpers: the LTK dx101 corpora (../../../shared/vectors/llrp-ltk) split into frames. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readHeader } from './decode.ts';

export const VECTORS_DIR = fileURLToPath(new URL('../../../shared/vectors/llrp-ltk/', import.meta.url));

export function readCorpus(name: 'dx101_a' | 'dx101_b' | 'dx101_c'): Buffer {
  return readFileSync(`${VECTORS_DIR}${name}.bin`);
}

/** Splits back-to-back frames by their header lengths (trusting them: corpora only). */
export function splitFrames(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let off = 0; off < buf.length;) {
    const { length } = readHeader(buf, off);
    if (length < 10) throw new Error(`bad corpus frame at ${off}`);
    out.push(buf.subarray(off, off + length));
    off += length;
  }
  return out;
}

/** Hex with spaces, '|' and comments ('# ...' to end of line) removed: for commented vectors. */
export function hex(text: string): Buffer {
  return Buffer.from(text.replace(/#[^\n]*/g, '').replace(/[\s|]+/g, ''), 'hex');
}
