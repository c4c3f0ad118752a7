/**
 * Reservation planning, pure: which bins an order's lines are reserved from. All or nothing:
 * an order that cannot be fully covered by available stock gets no plan, only the shortfall
 * per sku (the caller flags it; nothing is half-reserved).
 *
 * Bins are taken in pick-path order (lowest pick_seq first) from pickable zones; reserve
 * (bulk) locations come after every pick face; QC, hold and shipping locations are never
 * reserved from (their stock is not sellable or already on its way out).
 */

export interface OrderLineQty {
  sku: string;
  qty: number;
}

export interface BinStock {
  bin: string;
  pick_seq: number;
  zone_kind: string;
  /** on_hand - reserved - held in this bin */
  available: number;
}

export interface ReservationLine {
  sku: string;
  bin: string;
  qty: number;
}

export interface Shortfall {
  sku: string;
  wanted: number;
  available: number;
}

export type ReservationPlan = { ok: true; lines: ReservationLine[] } | { ok: false; shortfall: Shortfall[] };

export const UNRESERVABLE_ZONE_KINDS: ReadonlySet<string> = new Set(['qc', 'hold', 'shipping']);

/** Quantities per sku, in first-seen order (an order may list one sku on several lines). */
export function totalsBySku(lines: readonly OrderLineQty[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const l of lines) out.set(l.sku, (out.get(l.sku) ?? 0) + l.qty);
  return out;
}

export function pickOrder(a: BinStock, b: BinStock): number {
  const ra = a.zone_kind === 'reserve' ? 1 : 0;
  const rb = b.zone_kind === 'reserve' ? 1 : 0;
  return ra - rb || a.pick_seq - b.pick_seq || (a.bin < b.bin ? -1 : a.bin > b.bin ? 1 : 0);
}

export function planReservation(lines: readonly OrderLineQty[], stockOf: (sku: string) => readonly BinStock[]): ReservationPlan {
  const plan: ReservationLine[] = [];
  const shortfall: Shortfall[] = [];
  for (const [sku, wanted] of totalsBySku(lines)) {
    const bins = stockOf(sku)
      .filter((b) => b.available > 0 && !UNRESERVABLE_ZONE_KINDS.has(b.zone_kind))
      .sort(pickOrder);
    let left = wanted;
    const taken: ReservationLine[] = [];
    for (const b of bins) {
      if (left === 0) break;
      const qty = Math.min(left, b.available);
      taken.push({ sku, bin: b.bin, qty });
      left -= qty;
    }
    if (left > 0) shortfall.push({ sku, wanted, available: wanted - left });
    else plan.push(...taken);
  }
  return shortfall.length > 0 ? { ok: false, shortfall } : { ok: true, lines: plan };
}
