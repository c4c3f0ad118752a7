import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HOST_STATUS_OK, encodeDirectoryListing, encodeHostStatus, markerName, parseDirectoryListing, parseHostStatus, reasonsOf } from './zpl-status.ts';

test('a ~HS answer from a ZD420 out of paper and paused decodes field by field', () => {
  // string 1: aaa=030 b=1 (paper out) c=1 (pause) dddd=1218 eee=002 (formats) f=0 g=0 h=0 iii=000 j=0 k=0 l=0
  // string 2: mmm=001 n=0 o=1 (head up) p=0 (ribbon) q=0 r=2 s=6 t=0 uuuuuuuu=00000000 v=1 www=000
  // string 3: xxxx=1234 y=0
  const wire = '\x02030,1,1,1218,002,0,0,0,000,0,0,0\x03\r\n\x02001,0,1,0,0,2,6,0,00000000,1,000\x03\r\n\x021234,0\x03\r\n';
  const s = parseHostStatus(wire);
  assert.deepEqual([s.paperOut, s.paused, s.labelLengthDots, s.formatsInBuffer, s.headUp, s.ribbonOut], [true, true, 1218, 2, true, false]);
  assert.deepEqual(reasonsOf(s), ['media-empty', 'paused', 'cover-open']);
});

test('encoding then decoding a host status gives it back', () => {
  fc.assert(
    fc.property(fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 999 }), (paperOut, paused, headUp, ribbonOut, formatsInBuffer) => {
      const s = { ...HOST_STATUS_OK, paperOut, paused, headUp, ribbonOut, formatsInBuffer };
      assert.deepEqual(parseHostStatus(encodeHostStatus(s).toString('latin1')), s);
    }),
  );
});

test('garbage is not a host status', () => {
  assert.throws(() => parseHostStatus('hello'), /not a ~HS answer/);
  assert.throws(() => parseHostStatus('\x02a,b\x03\x02c\x03\x02d\x03'), /not a ~HS answer/);
  fc.assert(fc.property(fc.string(), (s) => {
    try {
      parseHostStatus(s);
    } catch (err) {
      assert.equal((err as { code?: string }).code, 'ZPL_BAD_STATUS');
    }
  }));
});

test('markers are valid ZPL object names, stable per key, and listed back by ^HW', () => {
  const m = markerName('job-123');
  assert.match(m, /^WG[0-9A-F]{14}\.ZPL$/);
  assert.equal(markerName('job-123'), m);
  assert.notEqual(markerName('job-124'), m);
  assert.deepEqual(parseDirectoryListing(encodeDirectoryListing('R', [m, 'OTHER.GRF']).toString('latin1')), [m, 'OTHER.GRF']);
  assert.deepEqual(parseDirectoryListing(encodeDirectoryListing('R', []).toString('latin1')), []);
});
