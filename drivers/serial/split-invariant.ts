/**
 * Test support for resumable byte-stream parsers: the same bytes split at every boundary,
 * and fed one byte at a time, must give exactly what one whole push gives.
 */
import assert from 'node:assert/strict';

export const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

export function assertSplitInvariant<T>(make: () => { push(chunk: Uint8Array): T[] }, data: Uint8Array): T[] {
  const whole = make().push(data);
  for (let i = 0; i <= data.length; i++) {
    const p = make();
    assert.deepEqual([...p.push(data.subarray(0, i)), ...p.push(data.subarray(i))], whole, `split at ${i}`);
  }
  const p = make();
  const one: T[] = [];
  for (let i = 0; i < data.length; i++) one.push(...p.push(data.subarray(i, i + 1)));
  assert.deepEqual(one, whole, 'byte by byte');
  return whole;
}
