import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LlrpFramer } from './framer.ts';
import { LlrpError } from './errors.ts';
import { readCorpus, splitFrames } from './test-support.ts';

function collect(framer: LlrpFramer, chunks: Iterable<Uint8Array>): { frames: Buffer[]; offsets: number[] } {
  const frames: Buffer[] = [];
  const offsets: number[] = [];
  for (const c of chunks) framer.push(c, (f, o) => { frames.push(f); offsets.push(o); });
  return { frames, offsets };
}

function* chunked(buf: Buffer, sizes: readonly number[]): Generator<Buffer> {
  let off = 0;
  let i = 0;
  while (off < buf.length) {
    const n = Math.max(1, sizes[i++ % sizes.length] ?? 1);
    yield buf.subarray(off, off + n);
    off += n;
  }
}

test('a stream pushed whole gives every frame with its offset', () => {
  const bytes = readCorpus('dx101_a');
  const expected = splitFrames(bytes);
  const framer = new LlrpFramer();
  const { frames, offsets } = collect(framer, [bytes]);
  assert.equal(frames.length, 934);
  assert.deepEqual(frames, expected);
  assert.equal(offsets[1], expected[0]!.length);
  assert.equal(framer.buffered, 0);
  framer.end();
});

test('three frames split at every byte boundary come out whole', () => {
  const frames = splitFrames(readCorpus('dx101_a')).slice(0, 3);
  const stream = Buffer.concat(frames);
  for (let cut = 0; cut <= stream.length; cut++) {
    const framer = new LlrpFramer();
    const got = collect(framer, [stream.subarray(0, cut), stream.subarray(cut)]).frames;
    assert.deepEqual(got, frames, `cut at ${cut}`);
  }
});

test('a frame fed one byte at a time comes out whole, once', () => {
  const frame = splitFrames(readCorpus('dx101_a'))[5]!;
  const framer = new LlrpFramer();
  const got = collect(framer, chunked(frame, [1])).frames;
  assert.deepEqual(got, [frame]);
});

test('the whole dx101_c corpus (a 1.4 MB frame) survives random chunk sizes', () => {
  const bytes = readCorpus('dx101_c');
  const expected = splitFrames(bytes);
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 70_000 }), { minLength: 1, maxLength: 20 }), (sizes) => {
      const framer = new LlrpFramer();
      const got = collect(framer, chunked(bytes, sizes)).frames;
      assert.equal(got.length, expected.length);
      for (let i = 0; i < got.length; i++) assert.ok(got[i]!.equals(expected[i]!));
      framer.end();
    }),
    { numRuns: 25 },
  );
});

test('dx101_a and dx101_b survive random chunk sizes down to one byte', () => {
  const bytes = Buffer.concat([readCorpus('dx101_a'), readCorpus('dx101_b')]);
  const expected = splitFrames(bytes);
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 30 }), (sizes) => {
      const got = collect(new LlrpFramer(), chunked(bytes, sizes)).frames;
      assert.deepEqual(got, expected);
    }),
    { numRuns: 50 },
  );
});

test('a large frame in 1 KB chunks is assembled with one copy, not a copy per chunk', (t) => {
  const big = splitFrames(readCorpus('dx101_c')).find((f) => f.length > 1_400_000)!;
  const concat = t.mock.method(Buffer, 'concat');
  const framer = new LlrpFramer();
  const got = collect(framer, chunked(big, [1024])).frames;
  assert.equal(got.length, 1);
  assert.ok(got[0]!.equals(big));
  // Bytes copied: the 10-byte header once, then the frame once (a quadratic framer copies
  // ~1400 times the frame here).
  const copied = concat.mock.calls.reduce((n, call) => n + (call.result?.length ?? 0), 0);
  assert.ok(copied <= big.length + 10, `copied ${copied} bytes for a ${big.length}-byte frame`);
});

test('a header with a length below 10 is a bad frame naming the stream offset', () => {
  const good = splitFrames(readCorpus('dx101_a'))[0]!;
  const bad = Buffer.from('043d00000009000000070000', 'hex'); // RO_ACCESS_REPORT id 7, length 9
  const framer = new LlrpFramer();
  const frames: Buffer[] = [];
  assert.throws(() => framer.push(Buffer.concat([good, bad]), (f) => frames.push(f)), (e: unknown) => {
    assert.ok(e instanceof LlrpError);
    assert.equal(e.code, 'LLRP_BAD_FRAME');
    assert.equal(e.offset, good.length);
    assert.match(e.message, new RegExp(`frame at offset ${good.length} \\(RO_ACCESS_REPORT id 7\\): length 9 is less than the 10-byte header`));
    return true;
  });
  assert.deepEqual(frames, [good], 'the frame before the bad one is delivered');
  assert.throws(() => framer.push(good, () => {}), /offset 32/, 'the framer stays failed');
});

test('a header whose length exceeds the configured maximum is a bad frame', () => {
  const framer = new LlrpFramer({ maxFrameLength: 1000 });
  const header = Buffer.from('043d000003e9000000010000', 'hex'); // length 1001
  // Split inside the header: the check happens once the 10 header bytes are in.
  framer.push(header.subarray(0, 4), () => {});
  assert.throws(() => framer.push(header.subarray(4), () => {}), /length 1001 exceeds the maximum of 1000/);
});

test('the default maximum (32 MiB) rejects an absurd length', () => {
  const framer = new LlrpFramer();
  assert.throws(() => framer.push(Buffer.from('043dffffffff00000001', 'hex'), () => {}), { code: 'LLRP_BAD_FRAME' });
});

test('end() reports a partial frame as truncated at its offset', () => {
  const [a, b] = splitFrames(readCorpus('dx101_a'));
  const framer = new LlrpFramer();
  collect(framer, [a!, b!.subarray(0, 5)]);
  assert.equal(framer.buffered, 5);
  assert.throws(() => framer.end(), (e: unknown) => e instanceof LlrpError && e.code === 'LLRP_TRUNCATED' && /offset 32 /.test(e.message));
  framer.reset();
  framer.end();
});
