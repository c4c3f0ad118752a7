/**
 * Site layout and master data: zones and bins from the site config, products from the ERP
 * download (or the config's seed), devices from the config with their last known status.
 */
import type { SiteConfig } from '../config/schema.ts';
import type { Store } from './store.ts';

/** Bring zones, bins and devices in line with the config; idempotent, runs at every start. */
export function syncLayout(store: Store, cfg: SiteConfig): void {
  store.db.transaction(() => {
    const zone = store.db.prepare(
      'INSERT INTO zones (id, kind, name) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name',
    );
    for (const z of cfg.zones) zone.run(z.id, z.kind, z.name ?? null);
    const bin = store.db.prepare(
      `INSERT INTO bins (id, zone_id, pick_seq, name, active) VALUES (?, ?, ?, ?, 1)
       ON CONFLICT (id) DO UPDATE SET zone_id = excluded.zone_id, pick_seq = excluded.pick_seq, name = excluded.name, active = 1`,
    );
    for (const b of cfg.bins) bin.run(b.id, b.zone, b.pickSeq, b.name ?? null);
    const dev = store.db.prepare(
      `INSERT INTO devices (id, kind, name, profile, enabled) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, profile = excluded.profile, enabled = excluded.enabled`,
    );
    for (const d of cfg.devices) dev.run(d.id, d.kind, d.name ?? null, d.profile, d.enabled ? 1 : 0);
  })();
}

export interface ProductInput {
  sku: string;
  name: string;
  gtin?: string | undefined;
  barcodes?: string[] | undefined;
}

export function upsertProducts(store: Store, products: readonly ProductInput[], now = new Date()): void {
  const up = store.db.prepare(
    `INSERT INTO products (sku, name, gtin, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (sku) DO UPDATE SET name = excluded.name, gtin = excluded.gtin, updated_at = excluded.updated_at`,
  );
  const clear = store.db.prepare('DELETE FROM product_barcodes WHERE sku = ?');
  const code = store.db.prepare('INSERT OR REPLACE INTO product_barcodes (barcode, sku) VALUES (?, ?)');
  store.db.transaction(() => {
    for (const p of products) {
      up.run(p.sku, p.name, p.gtin ?? null, now.toISOString());
      clear.run(p.sku);
      for (const b of p.barcodes ?? []) code.run(b, p.sku);
    }
  })();
}

/** Seed products and book opening stock once (movement ids are fixed, so a restart books nothing twice). */
export function applySeed(store: Store, cfg: SiteConfig): { booked: number } {
  upsertProducts(store, cfg.seed.products);
  let booked = 0;
  for (const s of cfg.seed.stock) {
    const id = `seed:${s.sku}:${s.bin}`;
    if (store.movementById(id)) continue;
    store.transact((tx) => tx.move({ id, type: 'initial', reason: 'opening stock from the site config seed', source: 'seed', lines: [{ sku: s.sku, bin: s.bin, state: 'on_hand', qty: s.qty }] }));
    booked++;
  }
  return { booked };
}

export function binExists(store: Store, bin: string): { zone: string } | undefined {
  return store.db.prepare('SELECT zone_id AS zone FROM bins WHERE id = ? AND active = 1').get(bin) as { zone: string } | undefined;
}

export function productExists(store: Store, sku: string): boolean {
  return store.db.prepare('SELECT 1 FROM products WHERE sku = ?').get(sku) !== undefined;
}

export interface DeviceRow {
  id: string;
  kind: string;
  name: string | null;
  profile: string | null;
  enabled: number;
  status: string;
  detail: string | null;
  status_at: string | null;
}

export function listDevices(store: Store): DeviceRow[] {
  return store.db.prepare('SELECT * FROM devices ORDER BY id').all() as DeviceRow[];
}

export function recordDeviceStatus(store: Store, id: string, status: string, detail: string | null, at: string): boolean {
  return store.db.prepare('UPDATE devices SET status = ?, detail = ?, status_at = ? WHERE id = ?').run(status, detail, at, id).changes > 0;
}
