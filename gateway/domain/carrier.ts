/**
 * Carrier assignment (pure): rules in order, first match wins, and the choice says why.
 * Rules: the carrier the customer chose; the company's carrier for a channel or for a SKU;
 * a carrier by destination area (province, city, postcode prefix); the cheapest carrier by
 * rate table (weight brackets per area zone).
 */

export interface Party {
  name: string;
  phone?: string | undefined;
  address: string;
  city?: string | undefined;
  province?: string | undefined;
  postcode?: string | undefined;
}

/** A shipment to label: what POST /api/v1/print-jobs takes (no link to stored orders yet). */
export interface Shipment {
  orderRef: string;
  /** 1-based parcel number within the order: (orderRef, parcel) gets one label */
  parcel: number;
  /** The carrier the customer chose, if any */
  carrier?: string | undefined;
  channel?: string | undefined;
  skus: string[];
  weightGrams: number;
  sender: Party;
  /** Also the destination: province, city, postcode */
  receiver: Party;
  /** A waybill number the order already has (else one comes from the carrier's range) */
  waybill?: string | undefined;
}

export interface RateBracket {
  upToGrams: number;
  price: number;
}

export interface WaybillRange {
  prefix: string;
  from: number;
  to: number;
  /** Zero-pad the number to this many digits */
  digits: number;
}

export interface CarrierDef {
  id: string;
  name?: string | undefined;
  /** Area zone id -> weight brackets, ascending */
  rates: Record<string, RateBracket[]>;
  waybill?: WaybillRange | undefined;
}

export interface AreaZone {
  id: string;
  provinces?: string[] | undefined;
  cities?: string[] | undefined;
  postcodePrefixes?: string[] | undefined;
}

export type CarrierRule =
  | { by: 'customer'; allow?: string[] | undefined }
  | { by: 'channel'; channels: string[]; carrier: string }
  | { by: 'sku'; skus: string[]; carrier: string }
  | { by: 'area'; provinces?: string[] | undefined; cities?: string[] | undefined; postcodePrefixes?: string[] | undefined; carrier: string }
  | { by: 'cheapest'; among?: string[] | undefined };

export interface CarrierPlan {
  carriers: CarrierDef[];
  zones: AreaZone[];
  rules: CarrierRule[];
}

export type Assignment =
  | { ok: true; carrier: string; rule: number; by: CarrierRule['by'] | 'order'; explanation: string; zone: string; price?: number }
  | { ok: false; code: 'NO_CARRIER' | 'UNKNOWN_CARRIER'; explanation: string };

export const DEFAULT_ZONE = 'default';

const norm = (s: string | undefined) => (s ?? '').trim().toLowerCase();
const inList = (list: readonly string[] | undefined, v: string | undefined) => list !== undefined && v !== undefined && list.some((x) => norm(x) === norm(v));
const prefixed = (list: readonly string[] | undefined, v: string | undefined) =>
  list !== undefined && v !== undefined && v !== '' && list.some((p) => v.replace(/\s/g, '').startsWith(p));

function areaMatches(a: { provinces?: string[] | undefined; cities?: string[] | undefined; postcodePrefixes?: string[] | undefined }, to: Party): string | undefined {
  if (inList(a.cities, to.city)) return `city ${to.city}`;
  if (prefixed(a.postcodePrefixes, to.postcode)) return `postcode ${to.postcode}`;
  if (inList(a.provinces, to.province)) return `province ${to.province}`;
  return undefined;
}

/** The area zone of a destination (first zone that matches), or 'default'. */
export function zoneOf(zones: readonly AreaZone[], to: Party): string {
  return zones.find((z) => areaMatches(z, to) !== undefined)?.id ?? DEFAULT_ZONE;
}

/** The price for a weight in a zone, or undefined when the carrier has no bracket for it. */
export function priceOf(carrier: CarrierDef, zone: string, grams: number): number | undefined {
  const brackets = carrier.rates[zone] ?? carrier.rates[DEFAULT_ZONE];
  return brackets?.find((b) => grams <= b.upToGrams)?.price;
}

export function assignCarrier(plan: CarrierPlan, s: Shipment): Assignment {
  const known = new Map(plan.carriers.map((c) => [norm(c.id), c]));
  const zone = zoneOf(plan.zones, s.receiver);
  const ok = (carrier: string, rule: number, by: CarrierRule['by'], why: string, price?: number): Assignment => {
    const def = known.get(norm(carrier));
    if (!def) return { ok: false, code: 'UNKNOWN_CARRIER', explanation: `rule ${rule + 1} (${by}) names carrier '${carrier}', which is not in carriers.list` };
    return { ok: true, carrier: def.id, rule: rule + 1, by, zone, explanation: `rule ${rule + 1} (${by}): ${why}`, ...(price !== undefined ? { price } : {}) };
  };
  for (const [i, rule] of plan.rules.entries()) {
    switch (rule.by) {
      case 'customer':
        if (s.carrier !== undefined && s.carrier !== '' && (rule.allow === undefined || inList(rule.allow, s.carrier)) && known.has(norm(s.carrier))) {
          return ok(s.carrier, i, 'customer', `the customer chose ${s.carrier}`);
        }
        break;
      case 'channel':
        if (inList(rule.channels, s.channel)) return ok(rule.carrier, i, 'channel', `channel ${s.channel} ships with ${rule.carrier}`);
        break;
      case 'sku': {
        const sku = s.skus.find((x) => rule.skus.includes(x));
        if (sku !== undefined) return ok(rule.carrier, i, 'sku', `SKU ${sku} ships with ${rule.carrier}`);
        break;
      }
      case 'area': {
        const where = areaMatches(rule, s.receiver);
        if (where !== undefined) return ok(rule.carrier, i, 'area', `${where} ships with ${rule.carrier}`);
        break;
      }
      case 'cheapest': {
        const candidates = plan.carriers.filter((c) => rule.among === undefined || inList(rule.among, c.id));
        let best: { c: CarrierDef; price: number } | undefined;
        for (const c of candidates) {
          const price = priceOf(c, zone, s.weightGrams);
          // Ties go to the carrier listed first: stable, and the config decides.
          if (price !== undefined && (best === undefined || price < best.price)) best = { c, price };
        }
        if (best) return ok(best.c.id, i, 'cheapest', `${best.c.id} is cheapest for ${s.weightGrams} g to zone ${zone} (${best.price})`, best.price);
        break;
      }
    }
  }
  return { ok: false, code: 'NO_CARRIER', explanation: `no rule matched (zone ${zone}, ${s.weightGrams} g${s.carrier ? `, customer chose '${s.carrier}'` : ''}): add a rule or a rate` };
}

/** The n-th number of a range as a waybill, or undefined past its end. */
export function formatWaybill(range: WaybillRange, n: number): string | undefined {
  if (!Number.isSafeInteger(n) || n < range.from || n > range.to) return undefined;
  return `${range.prefix}${String(n).padStart(range.digits, '0')}`;
}
