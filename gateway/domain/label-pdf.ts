/**
 * PDF labels for printers that take PDF (IPP Everywhere): one 4x6 in page, the waybill as a
 * Code 128 barcode drawn with rectangles, text in Helvetica, and Chinese text in the PDF
 * predefined CJK font STSong-Light with the UniGB-UCS2-H CMap (ISO 32000-1 §9.7.5.2,
 * Adobe-GB1): no font is embedded, the viewer or printer supplies it. Pure: returns the file
 * as an ASCII string (hex strings keep it 7-bit).
 */
import { code128Modules } from './label-code128.ts';
import { partyLines, type LabelData } from './label.ts';

export interface PdfOptions {
  widthMm?: number;
  heightMm?: number;
}

const PT_PER_MM = 72 / 25.4;

function literal(s: string): string {
  return `(${s.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

/** UCS-2 big-endian hex for UniGB-UCS2-H; characters outside the BMP become '?'. */
function ucs2Hex(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 63;
    out += (c > 0xffff ? 63 : c).toString(16).toUpperCase().padStart(4, '0');
  }
  return `<${out}>`;
}

function text(x: number, y: number, size: number, s: string): string {
  const ascii = /^[\x20-\x7e]*$/.test(s);
  return `BT /${ascii ? 'F1' : 'F2'} ${size} Tf ${x.toFixed(2)} ${y.toFixed(2)} Td ${ascii ? literal(s) : ucs2Hex(s)} Tj ET`;
}

export function renderPdf(d: LabelData, options: PdfOptions = {}): string {
  const w = (options.widthMm ?? 101.6) * PT_PER_MM;
  const h = (options.heightMm ?? 152.4) * PT_PER_MM;
  const m = 14;
  const ops: string[] = ['0 g'];
  let y = h - m - 16;
  ops.push(text(m, y, 16, d.carrierName));
  ops.push(text(w - m - 90, y, 10, `${d.weightKg} kg`));
  // Waybill barcode: quiet zone of 10 modules each side (ISO/IEC 15417 §4.4.2).
  const modules = code128Modules(d.waybill);
  const total = modules.reduce((a, b) => a + b, 0) + 20;
  const unit = Math.min(1.4, (w - 2 * m) / total);
  let x = m + 10 * unit;
  const barH = 70;
  y -= barH + 12;
  modules.forEach((mw, i) => {
    if (i % 2 === 0) ops.push(`${x.toFixed(3)} ${y.toFixed(2)} ${(mw * unit).toFixed(3)} ${barH} re f`);
    x += mw * unit;
  });
  y -= 14;
  ops.push(text(m + 10 * unit, y, 11, d.waybill));
  const block = (title: string, lines: string[], size: number) => {
    y -= size + 14;
    ops.push(text(m, y, 8, title));
    for (const l of lines) {
      y -= size + 4;
      ops.push(text(m, y, size, l));
    }
  };
  block('TO', partyLines(d.receiver), 13);
  block('FROM', partyLines(d.sender), 9);
  y -= 20;
  ops.push(text(m, y, 9, `Order ${d.orderRef}  parcel ${d.parcel}`));
  const content = ops.join('\n');

  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w.toFixed(2)} ${h.toFixed(2)}] /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R >>`,
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [7 0 R] >>',
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 8 0 R >>',
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return out;
}
