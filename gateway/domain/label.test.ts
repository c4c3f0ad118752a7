import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { CODE128_PATTERNS, code128Values } from './label-code128.ts';
import { labelData } from './label.ts';
import { renderZpl, zplEscape, zplUnescape } from './label-zpl.ts';
import { renderPdf } from './label-pdf.ts';
import type { Shipment } from './carrier.ts';

const shipment: Shipment = {
  orderRef: 'SO-42',
  parcel: 1,
  skus: ['A'],
  weightGrams: 1250,
  sender: { name: 'Demo WH', address: 'Dock 3, 1 Harbour Rd', city: 'Shenzhen' },
  receiver: { name: '张三', phone: '13800000000', address: '天河路 1 号 ^XZ~JA', city: '广州', province: '广东', postcode: '510000' },
};

test('every Code 128 pattern has 11 modules (the stop 13) and all are distinct', () => {
  assert.equal(CODE128_PATTERNS.length, 107);
  CODE128_PATTERNS.forEach((p, i) => assert.equal([...p].reduce((a, b) => a + Number(b), 0), i === 106 ? 13 : 11, `value ${i}`));
  assert.equal(new Set(CODE128_PATTERNS).size, 107);
});

test('Code 128 check symbol: "PJJ123C" from the standard example', () => {
  // ISO/IEC 15417 Annex: start B (104) P J J 1 2 3 C, check 54... computed: (104 + 48*1 + 42*2 + 42*3 + 17*4 + 18*5 + 19*6 + 35*7) % 103
  const v = code128Values('PJJ123C');
  assert.equal(v.at(-2), (104 + 48 + 42 * 2 + 42 * 3 + 17 * 4 + 18 * 5 + 19 * 6 + 35 * 7) % 103);
  assert.throws(() => code128Values('中'), RangeError);
});

test('a field cannot break out of ^FD: ^, ~ and _ and every non-ASCII byte are hex-escaped, and decode back', () => {
  assert.equal(zplEscape('a^b~c_d'), 'a_5Eb_7Ec_5Fd');
  assert.equal(zplEscape('张'), '_E5_BC_A0');
  fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => {
    const e = zplEscape(s);
    assert.ok(!/[\^~]/.test(e));
    assert.equal(zplUnescape(e), s);
  }));
});

test('the default template renders a UTF-8 ZPL label with the waybill as Code 128 and the Chinese address in the CJK font', () => {
  const tpl = readFileSync(new URL('../../firmware-configs/labels/default.zpl', import.meta.url), 'utf8');
  const d = labelData(shipment, { id: 'SF', name: 'SF Express' }, 'SF0000001234');
  assert.equal(d.unicode, true);
  const zpl = renderZpl(tpl, d, { cjkFont: 'E:SIMSUN.TTF' });
  assert.match(zpl, /\^CI28/);
  assert.match(zpl, /\^CWJ,E:SIMSUN\.TTF/);
  assert.match(zpl, /\^BCN,150,Y,N,N\^FH_\^FDSF0000001234\^FS/);
  assert.equal((zpl.match(/\^XA/g) ?? []).length, 1, 'the ^XZ~JA in the address did not end the format');
  assert.ok(zplUnescape(zpl).includes('天河路 1 号 ^XZ~JA, 广州, 广东, 510000'));
  assert.throws(() => renderZpl('^XA^FD{{nope}}^FS^XZ', d), /unknown template field \{\{nope\}\}/);
});

test('a PDF label is a well-formed one-page PDF with the waybill bars and the Chinese text in UCS-2', () => {
  const pdf = renderPdf(labelData(shipment, { id: 'SF' }, 'SF0000001234'));
  assert.ok(pdf.startsWith('%PDF-1.4\n') && pdf.endsWith('%%EOF\n'));
  assert.ok(/^[\x00-\x7f]*$/.test(pdf));
  const xref = Number(/startxref\n(\d+)/.exec(pdf)?.[1]);
  assert.ok(pdf.slice(xref).startsWith('xref'));
  // every xref offset points at its object
  const offsets = [...pdf.slice(xref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
  offsets.forEach((o, i) => assert.ok(pdf.slice(o).startsWith(`${i + 1} 0 obj`), `object ${i + 1}`));
  assert.ok(pdf.includes('<5F204E09'), '张三 as UCS-2 hex');
  assert.ok((pdf.match(/ re f/g) ?? []).length > 20);
});
