import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HidKeyboardDecoder, keyChar, typeReports } from './hid-keyboard.ts';

const hex = (s: string) => Uint8Array.from(s.split(' ').map((b) => parseInt(b, 16)));

test('boot reports as a wedge scanner sends them: press, release, shift, Enter', () => {
  const d = new HidKeyboardDecoder();
  // "A1" then Enter: LShift+a (0x02, key 0x04), release, '1' (0x1e), release, Enter (0x28), release
  const reports = ['02 00 04 00 00 00 00 00', '00 00 00 00 00 00 00 00', '00 00 1e 00 00 00 00 00', '00 00 00 00 00 00 00 00', '00 00 28 00 00 00 00 00', '00 00 00 00 00 00 00 00'];
  assert.equal(reports.map((r) => d.push(hex(r))).join(''), 'A1\r');
});

test('a key held over several reports types once; a rollover error types nothing', () => {
  const d = new HidKeyboardDecoder();
  assert.equal(d.push(hex('00 00 05 00 00 00 00 00')), 'b');
  assert.equal(d.push(hex('00 00 05 00 00 00 00 00')), '');
  assert.equal(d.push(hex('00 00 05 06 00 00 00 00')), 'c');
  assert.equal(d.push(hex('00 00 01 01 01 01 01 01')), '');
  assert.equal(d.counters.rollover, 1);
});

test('Ctrl+] types GS (0x1D), keypad digits and Tab type their characters', () => {
  assert.equal(keyChar(0x30, 0x01), '\u001d');
  assert.equal(keyChar(0x30, 0x10), '\u001d');
  assert.equal(keyChar(0x59, 0), '1');
  assert.equal(keyChar(0x62, 0), '0');
  assert.equal(keyChar(0x2b, 0), '\t');
  assert.equal(keyChar(0x3a, 0), undefined, 'F1 types nothing');
});

test('reports with a report ID byte are read when configured; short reports are counted', () => {
  const d = new HidKeyboardDecoder({ withReportId: true });
  assert.equal(d.push(hex('01 00 00 27 00 00 00 00 00')), '0');
  assert.equal(d.push(hex('01 00 00')), '');
  assert.equal(d.counters.badReports, 1);
});

test('property: typed printable ASCII and GS decode back to the same text', () => {
  const ch = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), fc.constant('\u001d'), fc.constant('\r'));
  fc.assert(
    fc.property(fc.array(ch, { maxLength: 40 }), (chars) => {
      const text = chars.join('');
      const d = new HidKeyboardDecoder();
      assert.equal(typeReports(text).map((r) => d.push(r)).join(''), text);
    }),
  );
});
