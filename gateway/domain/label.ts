/**
 * What goes on a shipping label, from a shipment, its carrier and its waybill (pure).
 * Renderers: label-zpl.ts (ZPL templates) and label-pdf.ts (PDF).
 */
import type { Party, Shipment } from './carrier.ts';

export interface LabelData {
  waybill: string;
  carrier: string;
  carrierName: string;
  orderRef: string;
  parcel: number;
  weightKg: string;
  sender: Party;
  receiver: Party;
  /** true when any text needs more than ASCII (Chinese addresses) */
  unicode: boolean;
}

export function labelData(s: Shipment, carrier: { id: string; name?: string | undefined }, waybill: string): LabelData {
  const data = {
    waybill,
    carrier: carrier.id,
    carrierName: carrier.name ?? carrier.id,
    orderRef: s.orderRef,
    parcel: s.parcel,
    weightKg: (s.weightGrams / 1000).toFixed(2),
    sender: s.sender,
    receiver: s.receiver,
  };
  return { ...data, unicode: /[^\x00-\x7f]/.test(JSON.stringify(data)) };
}

/** One line per party: name, phone, then address, city, province, postcode. */
export function partyLines(p: Party): [string, string] {
  return [[p.name, p.phone].filter(Boolean).join('  '), [p.address, p.city, p.province, p.postcode].filter(Boolean).join(', ')];
}

/** The flat fields a template can name: {{waybill}}, {{receiver.name}}, {{receiver.line2}}... */
export function labelFields(d: LabelData): Record<string, string> {
  const [sl1, sl2] = partyLines(d.sender);
  const [rl1, rl2] = partyLines(d.receiver);
  const f: Record<string, string> = {
    waybill: d.waybill,
    carrier: d.carrier,
    carrierName: d.carrierName,
    orderRef: d.orderRef,
    parcel: String(d.parcel),
    weightKg: d.weightKg,
    'sender.line1': sl1,
    'sender.line2': sl2,
    'receiver.line1': rl1,
    'receiver.line2': rl2,
  };
  for (const [who, p] of [['sender', d.sender], ['receiver', d.receiver]] as const) {
    for (const k of ['name', 'phone', 'address', 'city', 'province', 'postcode'] as const) f[`${who}.${k}`] = p[k] ?? '';
  }
  return f;
}
