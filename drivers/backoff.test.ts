import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Backoff } from './backoff.ts';

test('delays double up to the cap and restart after a reset', () => {
  const b = new Backoff({ initialMs: 100, maxMs: 1000, jitter: 0 });
  assert.deepEqual([b.next(), b.next(), b.next(), b.next(), b.next(), b.next()], [100, 200, 400, 800, 1000, 1000]);
  b.reset();
  assert.equal(b.next(), 100);
});

test('jitter keeps each delay between (1 - jitter) and 1 times the step', () => {
  const lo = new Backoff({ initialMs: 1000, jitter: 0.5, random: () => 0 });
  const hi = new Backoff({ initialMs: 1000, jitter: 0.5, random: () => 0.999999 });
  assert.equal(lo.next(), 500);
  assert.equal(hi.next(), 1000);
});
