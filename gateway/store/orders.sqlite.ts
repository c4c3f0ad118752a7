/**
 * What the ERP sends down (DESIGN §7), applied to the store: locations, products, orders,
 * ASNs and expected returns, each page with its cursor in one transaction (the DownloadSink
 * of cloud-bridge/ports.ts). Pushed orders and ASNs (POST /api/v1/orders, /asns) go through
 * the same functions.
 *
 * Orders reserve stock when they arrive: 'reserve' movements put the quantity in the
 * 'reserved' state of the chosen bins (available falls, on hand does not), planned by
 * domain/reservation.ts. All or nothing: an order that cannot be fully reserved is 'short'
 * (an order.short event says what is missing) and is retried after each download. A
 * cancellation (or a change of lines) releases what the order held. Applying the same
 * order twice changes nothing (content hash); an older copy never overwrites a newer one.
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { DownloadSink, ItemsOf, PageResult, Resource } from '../../cloud-bridge/ports.ts';
import type { ErpAsn, ErpLocation, ErpOrder, ErpProduct, ErpReturn } from '../../cloud-bridge/erp-schemas.ts';
import { planReservation, type BinStock, type ReservationLine, type Shortfall } from '../domain/reservation.ts';
import type { Store, Tx } from './store.ts';

export type ApplyResult = 'created' | 'updated' | 'unchanged' | 'stale' | 'locked';

export interface OrderOutcome {
  id: string;
  result: ApplyResult;
  status: string;
  revision: number;
  reserved?: ReservationLine[];
  released?: ReservationLine[];
  shortfall?: Shortfall[];
}

/** Statuses this module manages; a later stage (picking, shipped) locks the reservation. */
const MANAGED = new Set(['reserved', 'short', 'cancelled']);

export const ORDER_EVENTS = { reserved: 'order.reserved', short: 'order.short', cancelled: 'order.cancelled' } as const;

function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}
const hashOf = (v: unknown) => createHash('sha256').update(stable(v)).digest('hex');
const newer = (incoming: string | undefined, stored: string | null) =>
  incoming === undefined || stored === null || Date.parse(incoming) >= Date.parse(stored);

interface OrderRow {
  id: string;
  status: string;
  erp_status: string;
  erp_updated_at: string | null;
  revision: number;
  content_hash: string;
  lines_hash: string;
  received_at: string;
}

/** Available stock of one sku per active bin, with the bin's pick_seq and zone kind. */
export function binStock(tx: { db: Store['db'] }, sku: string): BinStock[] {
  return tx.db
    .prepare(
      `SELECT b.bin_id AS bin, bins.pick_seq, zones.kind AS zone_kind,
              SUM(CASE WHEN b.state = 'on_hand' THEN b.qty WHEN b.state IN ('reserved', 'held') THEN -b.qty ELSE 0 END) AS available
       FROM stock_balances b JOIN bins ON bins.id = b.bin_id AND bins.active = 1 JOIN zones ON zones.id = bins.zone_id
       WHERE b.sku = ? GROUP BY b.bin_id`,
    )
    .all(sku) as BinStock[];
}

function releaseAll(tx: Tx, orderId: string, revision: number, reason: string): ReservationLine[] {
  const held = tx.db.prepare('SELECT sku, bin_id AS bin, qty FROM order_reservations WHERE order_id = ? ORDER BY sku, bin_id').all(orderId) as ReservationLine[];
  // Another stage may have consumed part of a reservation (picked and issued): never release more than is reserved.
  const lines = held.map((r) => ({ ...r, qty: Math.min(r.qty, tx.balance({ sku: r.sku, bin: r.bin, state: 'reserved' })) })).filter((r) => r.qty > 0);
  if (lines.length > 0) {
    tx.move({
      id: `order:${orderId}:r${revision}:release`,
      type: 'release',
      reason,
      ref: orderId,
      source: 'cloud',
      lines: lines.map((l) => ({ sku: l.sku, bin: l.bin, state: 'reserved', qty: -l.qty })),
    });
  }
  tx.db.prepare('DELETE FROM order_reservations WHERE order_id = ?').run(orderId);
  return lines;
}

/** Plan and book the reservation of an open order's current lines. */
function reserve(tx: Tx, orderId: string, tag: string, nowIso: string): { reserved?: ReservationLine[]; shortfall?: Shortfall[] } {
  const lines = tx.db.prepare('SELECT sku, qty FROM order_lines WHERE order_id = ? ORDER BY line').all(orderId) as { sku: string; qty: number }[];
  const plan = planReservation(lines, (sku) => binStock(tx, sku));
  if (!plan.ok) {
    tx.db.prepare("UPDATE orders SET status = 'short', shortfall = ?, updated_at = ? WHERE id = ?").run(JSON.stringify(plan.shortfall), nowIso, orderId);
    return { shortfall: plan.shortfall };
  }
  tx.move({
    id: `order:${orderId}:${tag}:reserve`,
    type: 'reserve',
    reason: 'order downloaded',
    ref: orderId,
    source: 'cloud',
    lines: plan.lines.map((l) => ({ sku: l.sku, bin: l.bin, state: 'reserved', qty: l.qty })),
  });
  const ins = tx.db.prepare(
    'INSERT INTO order_reservations (order_id, sku, bin_id, qty) VALUES (?, ?, ?, ?) ON CONFLICT (order_id, sku, bin_id) DO UPDATE SET qty = qty + excluded.qty',
  );
  for (const l of plan.lines) ins.run(orderId, l.sku, l.bin, l.qty);
  tx.db.prepare("UPDATE orders SET status = 'reserved', shortfall = NULL, updated_at = ? WHERE id = ?").run(nowIso, orderId);
  return { reserved: plan.lines };
}

export function applyOrderTx(tx: Tx, o: ErpOrder, source: 'download' | 'push', now = new Date()): OrderOutcome {
  const nowIso = now.toISOString();
  const existing = tx.db.prepare('SELECT * FROM orders WHERE id = ?').get(o.id) as OrderRow | undefined;
  const hash = hashOf(o);
  const linesHash = hashOf(o.lines);
  if (existing) {
    const base = { id: o.id, status: existing.status, revision: existing.revision };
    if (existing.content_hash === hash) return { ...base, result: 'unchanged' };
    if (!newer(o.updated_at, existing.erp_updated_at)) return { ...base, result: 'stale' };
    if (!MANAGED.has(existing.status)) return { ...base, result: 'locked' };
  }
  const revision = existing ? existing.revision + 1 : 1;
  const header = {
    id: o.id,
    erp_status: o.status,
    erp_updated_at: o.updated_at ?? existing?.erp_updated_at ?? null,
    revision,
    content_hash: hash,
    lines_hash: linesHash,
    customer: o.customer ?? null,
    carrier: o.carrier ?? null,
    ship_by: o.ship_by ?? null,
    priority: o.priority,
    data: JSON.stringify(o),
    source,
    now: nowIso,
  };
  if (existing) {
    tx.db
      .prepare(
        `UPDATE orders SET erp_status = @erp_status, erp_updated_at = @erp_updated_at, revision = @revision, content_hash = @content_hash,
           lines_hash = @lines_hash, customer = @customer, carrier = @carrier, ship_by = @ship_by, priority = @priority, data = @data,
           source = @source, updated_at = @now WHERE id = @id`,
      )
      .run(header);
  } else {
    tx.db
      .prepare(
        `INSERT INTO orders (id, status, erp_status, erp_updated_at, revision, content_hash, lines_hash, customer, carrier, ship_by, priority, data, source, received_at, updated_at)
         VALUES (@id, 'short', @erp_status, @erp_updated_at, @revision, @content_hash, @lines_hash, @customer, @carrier, @ship_by, @priority, @data, @source, @now, @now)`,
      )
      .run(header);
  }
  const result: ApplyResult = existing ? 'updated' : 'created';

  if (o.status === 'cancelled') {
    const released = existing ? releaseAll(tx, o.id, revision, 'order cancelled') : [];
    tx.db.prepare("UPDATE orders SET status = 'cancelled', shortfall = NULL WHERE id = ?").run(o.id);
    if (existing && existing.status !== 'cancelled') {
      tx.emit({ id: `order:${o.id}:r${revision}:cancelled`, type: ORDER_EVENTS.cancelled, data: { order_id: o.id, revision, released } });
    }
    return { id: o.id, result, status: 'cancelled', revision, released };
  }

  // Open: a change of header only (carrier, priority...) keeps what is reserved.
  if (existing && existing.erp_status === 'open' && existing.lines_hash === linesHash && existing.status !== 'cancelled') {
    return { id: o.id, result, status: existing.status, revision };
  }
  const released = existing ? releaseAll(tx, o.id, revision, 'order lines changed') : [];
  tx.db.prepare('DELETE FROM order_lines WHERE order_id = ?').run(o.id);
  const line = tx.db.prepare('INSERT INTO order_lines (order_id, line, sku, qty) VALUES (?, ?, ?, ?)');
  o.lines.forEach((l, i) => line.run(o.id, i + 1, l.sku, l.qty));
  const r = reserve(tx, o.id, `r${revision}`, nowIso);
  const common = { order_id: o.id, revision, customer: o.customer ?? null, carrier: o.carrier ?? null, ship_by: o.ship_by ?? null, ...(released.length ? { released } : {}) };
  if (r.reserved) {
    tx.emit({ id: `order:${o.id}:r${revision}:reserved`, type: ORDER_EVENTS.reserved, data: { ...common, lines: r.reserved } });
    return { id: o.id, result, status: 'reserved', revision, reserved: r.reserved, ...(released.length ? { released } : {}) };
  }
  tx.emit({ id: `order:${o.id}:r${revision}:short`, type: ORDER_EVENTS.short, data: { ...common, shortfall: r.shortfall } });
  return { id: o.id, result, status: 'short', revision, shortfall: r.shortfall ?? [], ...(released.length ? { released } : {}) };
}

export function applyOrders(store: Store, orders: readonly ErpOrder[], source: 'download' | 'push'): OrderOutcome[] {
  return store.transact((tx) => orders.map((o) => applyOrderTx(tx, o, source)));
}

/** Try again to reserve short orders (highest priority, then oldest first). Returns how many now are reserved. */
export function retryShortOrders(store: Store, limit = 500, now = new Date()): number {
  const ids = store.db.prepare("SELECT id FROM orders WHERE status = 'short' ORDER BY priority DESC, received_at, id LIMIT ?").pluck().all(limit) as string[];
  let reserved = 0;
  for (const id of ids) {
    store.transact((tx) => {
      const row = tx.db.prepare('SELECT status, revision, customer, carrier, ship_by FROM orders WHERE id = ?').get(id) as
        | { status: string; revision: number; customer: string | null; carrier: string | null; ship_by: string | null }
        | undefined;
      if (row?.status !== 'short') return;
      // A retry has its own ids: the order keeps its revision, the attempt is numbered.
      const attempt = `r${row.revision}.a${(tx.db.prepare("SELECT COUNT(*) FROM movements WHERE ref = ? AND type = 'reserve'").pluck().get(id) as number) + 1}`;
      const lines = tx.db.prepare('SELECT sku, qty FROM order_lines WHERE order_id = ? ORDER BY line').all(id) as { sku: string; qty: number }[];
      const plan = planReservation(lines, (sku) => binStock(tx, sku));
      if (!plan.ok) {
        tx.db.prepare('UPDATE orders SET shortfall = ? WHERE id = ?').run(JSON.stringify(plan.shortfall), id);
        return;
      }
      const r = reserve(tx, id, attempt, now.toISOString());
      if (r.reserved) {
        reserved++;
        tx.emit({
          id: `order:${id}:${attempt}:reserved`,
          type: ORDER_EVENTS.reserved,
          data: { order_id: id, revision: row.revision, customer: row.customer, carrier: row.carrier, ship_by: row.ship_by, lines: r.reserved, after_shortage: true },
        });
      }
    });
  }
  return reserved;
}

function applyAsnTx(tx: Tx, a: ErpAsn, source: 'download' | 'push', nowIso: string): ApplyResult {
  const hash = hashOf(a);
  const existing = tx.db.prepare('SELECT content_hash, erp_updated_at FROM asns WHERE id = ?').get(a.id) as { content_hash: string; erp_updated_at: string | null } | undefined;
  if (existing?.content_hash === hash) return 'unchanged';
  if (existing && !newer(a.updated_at, existing.erp_updated_at)) return 'stale';
  tx.db
    .prepare(
      `INSERT INTO asns (id, status, supplier, expected_at, erp_updated_at, content_hash, data, source, received_at, updated_at)
       VALUES (@id, @status, @supplier, @expected_at, @updated, @hash, @data, @source, @now, @now)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, supplier = excluded.supplier, expected_at = excluded.expected_at,
         erp_updated_at = excluded.erp_updated_at, content_hash = excluded.content_hash, data = excluded.data, source = excluded.source, updated_at = excluded.updated_at`,
    )
    .run({ id: a.id, status: a.status, supplier: a.supplier ?? null, expected_at: a.expected_at ?? null, updated: a.updated_at ?? null, hash, data: JSON.stringify(a), source, now: nowIso });
  tx.db.prepare('DELETE FROM asn_lines WHERE asn_id = ?').run(a.id);
  const ins = tx.db.prepare('INSERT INTO asn_lines (asn_id, line, sku, qty) VALUES (?, ?, ?, ?)');
  a.lines.forEach((l, i) => ins.run(a.id, i + 1, l.sku, l.qty));
  return existing ? 'updated' : 'created';
}

export function applyAsns(store: Store, asns: readonly ErpAsn[], source: 'download' | 'push'): { id: string; result: ApplyResult }[] {
  const nowIso = new Date().toISOString();
  return store.transact((tx) => asns.map((a) => ({ id: a.id, result: applyAsnTx(tx, a, source, nowIso) })));
}

function applyReturnTx(tx: Tx, r: ErpReturn, nowIso: string): ApplyResult {
  const hash = hashOf(r);
  const existing = tx.db.prepare('SELECT content_hash, erp_updated_at FROM expected_returns WHERE id = ?').get(r.id) as { content_hash: string; erp_updated_at: string | null } | undefined;
  if (existing?.content_hash === hash) return 'unchanged';
  if (existing && !newer(r.updated_at, existing.erp_updated_at)) return 'stale';
  tx.db
    .prepare(
      `INSERT INTO expected_returns (id, order_id, status, erp_updated_at, content_hash, data, received_at, updated_at)
       VALUES (@id, @order_id, @status, @updated, @hash, @data, @now, @now)
       ON CONFLICT (id) DO UPDATE SET order_id = excluded.order_id, status = excluded.status, erp_updated_at = excluded.erp_updated_at,
         content_hash = excluded.content_hash, data = excluded.data, updated_at = excluded.updated_at`,
    )
    .run({ id: r.id, order_id: r.order_id ?? null, status: r.status, updated: r.updated_at ?? null, hash, data: JSON.stringify(r), now: nowIso });
  return existing ? 'updated' : 'created';
}

function applyProductTx(tx: Tx, p: ErpProduct, nowIso: string): ApplyResult {
  const existing = tx.db.prepare('SELECT name, gtin FROM products WHERE sku = ?').get(p.sku) as { name: string; gtin: string | null } | undefined;
  const codes = (tx.db.prepare('SELECT barcode FROM product_barcodes WHERE sku = ? ORDER BY barcode').pluck().all(p.sku) as string[]).join('\n');
  const wanted = [...new Set(p.barcodes)].sort();
  if (existing && existing.name === p.name && existing.gtin === (p.gtin ?? null) && codes === wanted.join('\n')) return 'unchanged';
  // A GTIN or barcode the ERP moved to this sku leaves its previous owner.
  if (p.gtin) tx.db.prepare('UPDATE products SET gtin = NULL WHERE gtin = ? AND sku <> ?').run(p.gtin, p.sku);
  tx.db
    .prepare(
      `INSERT INTO products (sku, name, gtin, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (sku) DO UPDATE SET name = excluded.name, gtin = excluded.gtin, updated_at = excluded.updated_at`,
    )
    .run(p.sku, p.name, p.gtin ?? null, nowIso);
  tx.db.prepare('DELETE FROM product_barcodes WHERE sku = ?').run(p.sku);
  const code = tx.db.prepare('INSERT OR REPLACE INTO product_barcodes (barcode, sku) VALUES (?, ?)');
  for (const b of wanted) code.run(b, p.sku);
  return existing ? 'updated' : 'created';
}

function applyLocationTx(tx: Tx, l: ErpLocation, log: Logger | undefined): ApplyResult {
  const zone = tx.db.prepare('SELECT kind FROM zones WHERE id = ?').get(l.zone) as { kind: string } | undefined;
  if (!zone && !l.zone_kind) {
    log?.warn({ location: l.id, zone: l.zone }, 'download: location in an unknown zone without zone_kind; skipped');
    return 'unchanged';
  }
  if (l.zone_kind && zone?.kind !== l.zone_kind) {
    tx.db.prepare('INSERT INTO zones (id, kind) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET kind = excluded.kind').run(l.zone, l.zone_kind);
  }
  const existing = tx.db.prepare('SELECT zone_id, pick_seq, name, active FROM bins WHERE id = ?').get(l.id) as
    | { zone_id: string; pick_seq: number; name: string | null; active: number }
    | undefined;
  const active = l.active ? 1 : 0;
  if (existing && existing.zone_id === l.zone && existing.pick_seq === l.pick_seq && existing.name === (l.name ?? null) && existing.active === active) return 'unchanged';
  tx.db
    .prepare(
      `INSERT INTO bins (id, zone_id, pick_seq, name, active) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET zone_id = excluded.zone_id, pick_seq = excluded.pick_seq, name = excluded.name, active = excluded.active`,
    )
    .run(l.id, l.zone, l.pick_seq, l.name ?? null, active);
  return existing ? 'updated' : 'created';
}

export function getCursor(store: Store, resource: string): string | null {
  return (store.db.prepare('SELECT cursor FROM download_cursors WHERE resource = ?').pluck().get(resource) as string | null | undefined) ?? null;
}

/** The DownloadSink over this store. */
export function sqliteDownloadSink(store: Store, log?: Logger): DownloadSink {
  const setCursor = store.db.prepare(
    'INSERT INTO download_cursors (resource, cursor, updated_at) VALUES (?, ?, ?) ON CONFLICT (resource) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at',
  );
  return {
    cursor: (resource) => getCursor(store, resource),
    applyPage<R extends Resource>(resource: R, items: readonly ItemsOf[R][], nextCursor: string | null): PageResult {
      const now = new Date();
      const nowIso = now.toISOString();
      return store.transact((tx) => {
        let applied = 0;
        let unchanged = 0;
        for (const item of items) {
          let r: ApplyResult;
          switch (resource) {
            case 'orders':
              r = applyOrderTx(tx, item as ErpOrder, 'download', now).result;
              break;
            case 'products':
              r = applyProductTx(tx, item as ErpProduct, nowIso);
              break;
            case 'locations':
              r = applyLocationTx(tx, item as ErpLocation, log);
              break;
            case 'asns':
              r = applyAsnTx(tx, item as ErpAsn, 'download', nowIso);
              break;
            default:
              r = applyReturnTx(tx, item as ErpReturn, nowIso);
          }
          if (r === 'created' || r === 'updated') applied++;
          else unchanged++;
        }
        setCursor.run(resource, nextCursor, nowIso);
        return { applied, unchanged };
      });
    },
    afterSync: () => retryShortOrders(store),
  };
}

export interface OrderView {
  id: string;
  status: string;
  erp_status: string;
  revision: number;
  customer: string | null;
  carrier: string | null;
  ship_by: string | null;
  priority: number;
  shortfall: Shortfall[] | null;
  source: string;
  received_at: string;
  updated_at: string;
  lines: { line: number; sku: string; qty: number }[];
  reservations: ReservationLine[];
}

function orderView(store: Store, row: Record<string, unknown>): OrderView {
  const id = row.id as string;
  return {
    id,
    status: row.status as string,
    erp_status: row.erp_status as string,
    revision: row.revision as number,
    customer: row.customer as string | null,
    carrier: row.carrier as string | null,
    ship_by: row.ship_by as string | null,
    priority: row.priority as number,
    shortfall: row.shortfall ? (JSON.parse(row.shortfall as string) as Shortfall[]) : null,
    source: row.source as string,
    received_at: row.received_at as string,
    updated_at: row.updated_at as string,
    lines: store.db.prepare('SELECT line, sku, qty FROM order_lines WHERE order_id = ? ORDER BY line').all(id) as OrderView['lines'],
    reservations: store.db.prepare('SELECT sku, bin_id AS bin, qty FROM order_reservations WHERE order_id = ? ORDER BY sku, bin_id').all(id) as ReservationLine[],
  };
}

export function getOrder(store: Store, id: string): OrderView | undefined {
  const row = store.db.prepare('SELECT * FROM orders WHERE id = ?').get(id) as Record<string, unknown> | undefined;
  return row ? orderView(store, row) : undefined;
}

export function listOrders(store: Store, q: { status?: string; after?: string; limit?: number }): { items: OrderView[]; next_after: string | null } {
  const limit = q.limit ?? 100;
  const rows = store.db
    .prepare(`SELECT * FROM orders WHERE id > @after ${q.status ? 'AND status = @status' : ''} ORDER BY id LIMIT @limit`)
    .all({ after: q.after ?? '', status: q.status ?? null, limit }) as Record<string, unknown>[];
  const items = rows.map((r) => orderView(store, r));
  return { items, next_after: items.length === limit ? (items.at(-1)?.id ?? null) : null };
}
