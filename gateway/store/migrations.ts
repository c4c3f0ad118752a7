/**
 * Numbered schema migrations, applied in order at start (PRAGMA user_version holds the last
 * one applied). Never edit a migration that has shipped: add the next number.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const appendOnly = (table: string) => `
CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
  BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END;
CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
  BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END;`;

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'initial: layout, products, ledger, balances, outbox, cursors, devices',
    sql: `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE zones (
  id   TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('pick','reserve','shipping','qc','fast-mover','small-items','hold')),
  name TEXT
);

CREATE TABLE bins (
  id       TEXT PRIMARY KEY,
  zone_id  TEXT NOT NULL REFERENCES zones(id),
  pick_seq INTEGER NOT NULL CHECK (pick_seq >= 0),
  name     TEXT,
  active   INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX bins_by_pick_path ON bins(zone_id, pick_seq);

CREATE TABLE products (
  sku        TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  gtin       TEXT UNIQUE CHECK (gtin IS NULL OR length(gtin) = 14),
  updated_at TEXT NOT NULL
);
CREATE TABLE product_barcodes (
  barcode TEXT PRIMARY KEY,
  sku     TEXT NOT NULL REFERENCES products(sku) ON DELETE CASCADE
);
CREATE INDEX product_barcodes_by_sku ON product_barcodes(sku);

-- The movement ledger: append-only. A movement has one or more signed lines.
CREATE TABLE movements (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  id          TEXT NOT NULL UNIQUE,
  type        TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  reason      TEXT,
  note        TEXT,
  ref         TEXT,
  actor       TEXT,
  source      TEXT
);
CREATE TABLE movement_lines (
  movement_seq INTEGER NOT NULL REFERENCES movements(seq),
  line         INTEGER NOT NULL,
  sku          TEXT NOT NULL,
  bin_id       TEXT NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('on_hand','reserved','held','in_transit')),
  qty          INTEGER NOT NULL CHECK (qty <> 0),
  PRIMARY KEY (movement_seq, line)
) WITHOUT ROWID;
CREATE INDEX movement_lines_by_item ON movement_lines(sku, bin_id);
${appendOnly('movements')}
${appendOnly('movement_lines')}

-- Balances per (sku, bin, state): a cache of the ledger's sums, kept in the same transaction.
CREATE TABLE stock_balances (
  sku        TEXT NOT NULL,
  bin_id     TEXT NOT NULL,
  state      TEXT NOT NULL CHECK (state IN ('on_hand','reserved','held','in_transit')),
  qty        INTEGER NOT NULL CHECK (qty >= 0),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (sku, bin_id, state)
) WITHOUT ROWID;
CREATE INDEX stock_balances_by_bin ON stock_balances(bin_id);

-- Transactional outbox: seq is the per-site sequence sent to the ERP (AUTOINCREMENT never
-- reuses a number; a rolled-back transaction does not consume one).
CREATE TABLE outbox (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  id           TEXT NOT NULL UNIQUE,
  type         TEXT NOT NULL,
  occurred_at  TEXT NOT NULL,
  data         TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  published_at TEXT,
  delivered_at TEXT,
  attempts     INTEGER NOT NULL DEFAULT 0,
  last_error   TEXT
);
CREATE INDEX outbox_unpublished ON outbox(seq) WHERE published_at IS NULL;
CREATE INDEX outbox_undelivered ON outbox(seq) WHERE delivered_at IS NULL;

CREATE TABLE download_cursors (
  resource   TEXT PRIMARY KEY,
  cursor     TEXT,
  updated_at TEXT NOT NULL
);

CREATE TABLE devices (
  id        TEXT PRIMARY KEY,
  kind      TEXT NOT NULL,
  name      TEXT,
  profile   TEXT,
  enabled   INTEGER NOT NULL DEFAULT 1,
  status    TEXT NOT NULL DEFAULT 'unknown',
  detail    TEXT,
  status_at TEXT
);
`,
  },
];
