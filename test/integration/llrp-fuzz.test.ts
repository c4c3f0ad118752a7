/**
 * A hostile reader: mutated and random frames over a real socket never crash the client.
 * Frames whose length holds are dropped one by one (the connection stays); bytes that break
 * the framing reset the connection, and the client comes back and reads again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodeMessage } from '../../drivers/llrp/encode.ts';
import { encodeTagReport } from '../../drivers/llrp/fast-report.ts';
import { harness } from './llrp-support.ts';

function seedFrames(): Buffer[] {
  return [
    encodeTagReport(1, [
      { epc: '303400000000000000000001', antenna: 1, rssi: -50, firstSeenUs: 1, lastSeenUs: 2, seenCount: 3 },
      { epc: '3034000000000000000000', antenna: 2, impinjRssi: -4250, phase: 100, doppler: -3 },
    ]),
    encodeMessage({ type: 'KEEPALIVE', id: 7 }),
    encodeMessage({ type: 'READER_EVENT_NOTIFICATION', id: 8, ReaderEventNotificationData: { Timestamp: { type: 'UTCTimestamp', Microseconds: 1n }, AntennaEvent: { EventType: 'Antenna_Disconnected', AntennaID: 2 } } }),
    encodeMessage({ type: 'ERROR_MESSAGE', id: 9, LLRPStatus: { StatusCode: 'M_UnsupportedMessage', ErrorDescription: 'x' } }),
    encodeMessage({ type: 'START_ROSPEC_RESPONSE', id: 10, LLRPStatus: { StatusCode: 'M_Success', ErrorDescription: '' } }),
  ];
}

/** Seed frames with bytes set, cut or inserted, the header length kept consistent. */
const mutatedFrame = fc
  .tuple(fc.constantFrom(...seedFrames()), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'cut', 'insert')), { minLength: 1, maxLength: 4 }))
  .map(([frame, edits]) => {
    let b = Buffer.from(frame);
    for (const [at, v, op] of edits) {
      const i = 10 + (at % Math.max(1, b.length - 10));
      if (op === 'set') b[i] = v;
      else if (op === 'cut') b = Buffer.concat([b.subarray(0, i), b.subarray(i + 1)]);
      else b = Buffer.concat([b.subarray(0, i), Buffer.from([v]), b.subarray(i)]);
    }
    b.writeUInt32BE(b.length, 2);
    return b;
  });

test('mutated frames with a consistent length are dropped one by one; the connection and the reads go on', async () => {
  const h = await harness();
  try {
    h.sim.addScene({ kind: 'parked', epc: '3034000000000000000000dd' });
    h.client.start();
    await h.until('reads', () => h.reads.length > 0);
    const frames = fc.sample(mutatedFrame, { numRuns: 1500, seed: 42 });
    // Sent in odd-sized chunks so frames straddle TCP segments.
    const all = Buffer.concat(frames);
    for (let off = 0, k = 0; off < all.length; k++) {
      const n = 1 + ((k * 7919) % 997);
      h.sim.sendRaw(all.subarray(off, off + n));
      off += n;
    }
    const n = h.reads.length;
    await h.until('reads after the storm', () => h.reads.length > n + 5);
    assert.equal(h.client.stats.framingErrors, 0);
    assert.equal(h.client.stats.installs, 1, 'still the first connection');
    assert.ok(h.client.stats.malformedFrames > 100, `malformed frames counted: ${h.client.stats.malformedFrames}`);
  } finally {
    await h.close();
  }
});

test('random bytes from the reader reset the connection at worst; the client reinstalls and reads again', async () => {
  const h = await harness();
  try {
    h.sim.addScene({ kind: 'parked', epc: '3034000000000000000000ee' });
    h.client.start();
    for (const [i, bytes] of fc.sample(fc.uint8Array({ minLength: 1, maxLength: 400 }), { numRuns: 20, seed: 7 }).entries()) {
      await h.until(`online before burst ${i}`, () => h.client.online);
      h.sim.sendRaw(bytes);
      // then certainly a bad length (or, inside a frame announced as long, silence until the keepalive watchdog)
      h.sim.sendRaw(Buffer.from([0x04, 0x3d, 0, 0, 0, 4, 0, 0, 0, 0]));
      await h.until(`reset after burst ${i}`, () => h.client.stats.disconnects >= i + 1);
    }
    const n = h.reads.length;
    await h.until('reads at the end', () => h.client.online && h.reads.length > n);
  } finally {
    await h.close();
  }
});
