import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertSplitInvariant, latin1 } from './split-invariant.ts';
import { LineFramer, LineScanner } from './line-scanner.ts';



test('scans ending in CR, LF or CR LF are all read with the default terminator', () => {
  const s = assertSplitInvariant(() => new LineScanner(), latin1('4006381333931\r036000291452\n96385074\r\n\r\n'));
  assert.deepEqual(s, [
    { kind: 'scan', data: '4006381333931' },
    { kind: 'scan', data: '036000291452' },
    { kind: 'scan', data: '96385074' },
  ]);
});

test('a GS1 scan keeps its GS bytes and symbology identifier unless told to strip it', () => {
  const data = latin1(']C10109506000134352\x1d10ABC\r');
  assert.deepEqual(new LineScanner().push(data), [{ kind: 'scan', data: ']C10109506000134352\x1d10ABC' }]);
  assert.deepEqual(new LineScanner({ stripSymbologyId: true }).push(data), [{ kind: 'scan', data: '0109506000134352\x1d10ABC', symbologyId: ']C1' }]);
});

test('a multi-byte terminator split across chunks is found, and partial matches are data', () => {
  const make = () => new LineScanner({ terminator: '<END>' });
  const s = assertSplitInvariant(make, latin1('AB<ENCD<END><E<END>X<<END>'));
  assert.deepEqual(s.map((e) => e.kind === 'scan' && e.data), ['AB<ENCD', '<E', 'X<']);
});

test('CR LF as the terminator keeps a lone CR inside the data', () => {
  const s = assertSplitInvariant(() => new LineScanner({ terminator: 'CRLF' }), latin1('A\rB\r\r\nC\r\n'));
  assert.deepEqual(s.map((e) => e.kind === 'scan' && e.data), ['A\rB\r', 'C']);
});

test('an overlong line is reported once with its length and the next scan is read', () => {
  const make = () => new LineScanner({ maxLength: 10 });
  const s = assertSplitInvariant(make, latin1(`${'9'.repeat(25)}\rOK\r`));
  assert.deepEqual(s, [{ kind: 'overlong', length: 25, preview: '9999999999' }, { kind: 'scan', data: 'OK' }]);
});

test('configured prefixes and suffixes are stripped', () => {
  const sc = new LineScanner({ stripPrefixes: ['\x02', 'SCN:'], stripSuffixes: ['\x03'] });
  assert.deepEqual(sc.push(latin1('\x02123\x03\rSCN:456\r')), [{ kind: 'scan', data: '123' }, { kind: 'scan', data: '456' }]);
});

test('the framer counts lines and overlong lines', () => {
  const f = new LineFramer({ terminator: 'LF', maxLength: 3 });
  f.push(latin1('a\nbcdef\ng\n'));
  assert.deepEqual(f.stats, { lines: 2, overlong: 1 });
});

test('property: any text joined with a terminator splits back into the same lines', () => {
  fc.assert(
    fc.property(fc.array(fc.stringMatching(/^[A-Za-z0-9\x1d]{1,30}$/), { maxLength: 8 }), fc.constantFrom('CR', 'LF', 'CRLF', '|', '\r\n\r\n'), (lines, term) => {
      const sep = term === 'CR' ? '\r' : term === 'LF' ? '\n' : term === 'CRLF' ? '\r\n' : term;
      const sc = new LineScanner({ terminator: term as 'CR' });
      const out = sc.push(latin1(lines.map((l) => l + sep).join('')));
      assert.deepEqual(out.map((e) => e.kind === 'scan' && e.data), lines);
    }),
  );
});
