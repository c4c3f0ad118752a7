import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeMessage } from './decode.ts';
import { encodeMessage } from './encode.ts';
import { LlrpError } from './errors.ts';
import { LlrpFramer } from './framer.ts';
import { decodeStream } from './tool.ts';
import { readCorpus, splitFrames } from './test-support.ts';

/** Decodes; if that works, the result must re-encode and decode to the same object. */
function check(frame: Uint8Array): void {
  let msg;
  try {
    msg = decodeMessage(frame, { onWarning: () => {} });
  } catch (e) {
    if (e instanceof LlrpError) return;
    throw e;
  }
  const again = encodeMessage(msg);
  assert.deepEqual(decodeMessage(again, { onWarning: () => {} }), msg);
}

const SEED_FRAMES = [...splitFrames(readCorpus('dx101_a')), ...splitFrames(readCorpus('dx101_b'))];

/** A random header (known type, consistent length) over random bytes. */
const framed = fc
  .tuple(fc.constantFrom(1, 2, 3, 11, 12, 13, 20, 30, 56, 61, 62, 63, 100, 1023, 999), fc.uint8Array({ maxLength: 200 }))
  .map(([type, body]) => {
    const b = Buffer.alloc(10 + body.length);
    b.writeUInt16BE((1 << 10) | type, 0);
    b.writeUInt32BE(b.length, 2);
    b.set(body, 10);
    return b;
  });

test('random bytes never throw anything but LlrpError, and what decodes re-encodes', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => check(bytes)), { numRuns: 3000 });
  fc.assert(fc.property(framed, (bytes) => check(bytes)), { numRuns: 5000 });
});

test('corpus frames with bytes flipped, cut or inserted never throw anything but LlrpError', () => {
  const mutated = fc
    .tuple(fc.constantFrom(...SEED_FRAMES), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'cut', 'insert')), { minLength: 1, maxLength: 4 }))
    .map(([frame, edits]) => {
      let b = Buffer.from(frame);
      for (const [at, v, op] of edits) {
        const i = at % Math.max(1, b.length);
        if (op === 'set') b[i] = v;
        else if (op === 'cut') b = Buffer.concat([b.subarray(0, i), b.subarray(i + 1)]);
        else b = Buffer.concat([b.subarray(0, i), Buffer.from([v]), b.subarray(i)]);
      }
      // Keep the header length consistent half of the time, so the body gets exercised.
      if (b.length >= 10 && v0(edits) % 2 === 0) b.writeUInt32BE(b.length, 2);
      return b;
    });
  fc.assert(fc.property(mutated, (bytes) => check(bytes)), { numRuns: 5000 });
});

function v0(edits: readonly (readonly [number, number, string])[]): number {
  return edits[0]?.[1] ?? 0;
}

test('random chunks never throw anything but LlrpError out of the framer or the stream decoder', () => {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 10 }), (chunks) => {
      const framer = new LlrpFramer({ maxFrameLength: 4096 });
      try {
        for (const c of chunks) framer.push(c, (f) => check(f));
        framer.end();
      } catch (e) {
        if (!(e instanceof LlrpError)) throw e;
      }
      try {
        for (const _ of decodeStream(Buffer.concat(chunks))) { /* drain */ }
      } catch (e) {
        if (!(e instanceof LlrpError)) throw e;
      }
    }),
    { numRuns: 2000 },
  );
});
