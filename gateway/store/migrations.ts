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
  {
    version: 2,
    name: 'cloud bridge: dead letters, orders with reservations, ASNs, expected returns',
    sql: `
-- Events the ERP rejected (DESIGN §7): kept with the reason until an admin retries them.
-- status open: held back from forwarding; retried: handed back to the forwarder.
CREATE TABLE dead_letters (
  seq        INTEGER PRIMARY KEY,
  event_id   TEXT NOT NULL,
  type       TEXT NOT NULL,
  code       TEXT NOT NULL,
  message    TEXT NOT NULL,
  attempts   INTEGER NOT NULL DEFAULT 1,
  status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','retried')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX dead_letters_open ON dead_letters(seq) WHERE status = 'open';

-- Orders from the ERP (download or push). status is the gateway's: reserved, short
-- (could not be fully reserved: nothing is reserved), cancelled; later stages may add more.
CREATE TABLE orders (
  id             TEXT PRIMARY KEY,
  status         TEXT NOT NULL,
  erp_status     TEXT NOT NULL,
  erp_updated_at TEXT,
  revision       INTEGER NOT NULL DEFAULT 1,
  content_hash   TEXT NOT NULL,
  lines_hash     TEXT NOT NULL,
  customer       TEXT,
  carrier        TEXT,
  ship_by        TEXT,
  priority       INTEGER NOT NULL DEFAULT 0,
  shortfall      TEXT,
  data           TEXT NOT NULL,
  source         TEXT NOT NULL,
  received_at    TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
CREATE INDEX orders_by_status ON orders(status, priority DESC, received_at);
CREATE TABLE order_lines (
  order_id TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  line     INTEGER NOT NULL,
  sku      TEXT NOT NULL,
  qty      INTEGER NOT NULL CHECK (qty > 0),
  PRIMARY KEY (order_id, line)
) WITHOUT ROWID;
-- What each order holds in the 'reserved' state, per bin (the ledger has the movements).
CREATE TABLE order_reservations (
  order_id TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  sku      TEXT NOT NULL,
  bin_id   TEXT NOT NULL,
  qty      INTEGER NOT NULL CHECK (qty > 0),
  PRIMARY KEY (order_id, sku, bin_id)
) WITHOUT ROWID;
CREATE INDEX order_reservations_by_item ON order_reservations(sku, bin_id);

CREATE TABLE asns (
  id             TEXT PRIMARY KEY,
  status         TEXT NOT NULL,
  supplier       TEXT,
  expected_at    TEXT,
  erp_updated_at TEXT,
  content_hash   TEXT NOT NULL,
  data           TEXT NOT NULL,
  source         TEXT NOT NULL,
  received_at    TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
CREATE TABLE asn_lines (
  asn_id TEXT NOT NULL REFERENCES asns(id) ON DELETE CASCADE,
  line   INTEGER NOT NULL,
  sku    TEXT NOT NULL,
  qty    INTEGER NOT NULL CHECK (qty > 0),
  PRIMARY KEY (asn_id, line)
) WITHOUT ROWID;

CREATE TABLE expected_returns (
  id             TEXT PRIMARY KEY,
  order_id       TEXT,
  status         TEXT NOT NULL,
  erp_updated_at TEXT,
  content_hash   TEXT NOT NULL,
  data           TEXT NOT NULL,
  received_at    TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
`,
  },
  {
    version: 3,
    name: 'label printing: print jobs, waybill numbers used, waybill counters',
    sql: `
-- One row per label to print. state: queued (no byte sent; printer_id may be NULL while no
-- printer of the carrier is healthy), sending (committed before the bytes leave: after a
-- crash the printer is asked whether it has the job), sent (the printer has it, printer_ref
-- follows it), printed, failed (needs a person: reprint).
CREATE TABLE print_jobs (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  id          TEXT NOT NULL UNIQUE,
  order_ref   TEXT NOT NULL,
  parcel      INTEGER NOT NULL DEFAULT 1,
  reprint_of  TEXT REFERENCES print_jobs(id),
  carrier     TEXT NOT NULL,
  waybill     TEXT NOT NULL,
  station     TEXT,
  assignment  TEXT NOT NULL,
  shipment    TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('queued','sending','sent','printed','failed')),
  printer_id  TEXT,
  printer_ref TEXT,
  attempts    INTEGER NOT NULL DEFAULT 0,
  moves       INTEGER NOT NULL DEFAULT 0,
  last_error  TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  printed_at  TEXT
);
CREATE UNIQUE INDEX print_jobs_one_label ON print_jobs(order_ref, parcel) WHERE reprint_of IS NULL;
CREATE INDEX print_jobs_open ON print_jobs(printer_id, state, seq) WHERE state IN ('queued','sending','sent');
CREATE INDEX print_jobs_by_waybill ON print_jobs(waybill);
CREATE INDEX print_jobs_by_order ON print_jobs(order_ref);

-- Every waybill number ever given out: none is used twice, across restarts.
CREATE TABLE waybills (
  carrier TEXT NOT NULL,
  waybill TEXT NOT NULL,
  job_id  TEXT NOT NULL,
  PRIMARY KEY (carrier, waybill)
) WITHOUT ROWID;
-- The next number of each carrier's local range.
CREATE TABLE waybill_counters (
  carrier TEXT PRIMARY KEY,
  next    INTEGER NOT NULL
);
`,
  },
  {
    version: 4,
    name: 'dock-door portals: transits, suppression counters, door sessions and their crossings',
    sql: `
-- One row per committed transit (a tag through a door). id is stable (door, epc, first seen),
-- so a transit is never recorded twice.
CREATE TABLE transits (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  id            TEXT NOT NULL UNIQUE,
  door          TEXT NOT NULL,
  epc           TEXT NOT NULL,
  direction     TEXT NOT NULL CHECK (direction IN ('inbound','outbound','unknown')),
  confidence    REAL NOT NULL,
  first_seen_us INTEGER NOT NULL,
  last_seen_us  INTEGER NOT NULL,
  reads         INTEGER NOT NULL,
  peak_rssi     REAL NOT NULL,
  dithers       INTEGER NOT NULL DEFAULT 0,
  cross_reads   TEXT,
  gtin          TEXT,
  sku           TEXT,
  session_id    TEXT,
  verdict       TEXT,
  event_id      TEXT,
  recorded_at   TEXT NOT NULL
);
CREATE INDEX transits_by_epc ON transits(epc, seq);
CREATE INDEX transits_by_door ON transits(door, seq);
-- Suppressed outcomes (stray, cross-read, reversed, parked) are only counted.
CREATE TABLE portal_counters (
  door       TEXT NOT NULL,
  reason     TEXT NOT NULL,
  count      INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (door, reason)
) WITHOUT ROWID;
-- A door opened for an outbound shipment (orders) or an inbound ASN. lines: the manifest
-- (JSON ManifestLine[]); refs: order ids or the ASN id (JSON). At most one open per door.
CREATE TABLE door_sessions (
  id             TEXT PRIMARY KEY,
  door           TEXT NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('outbound','inbound')),
  refs           TEXT NOT NULL,
  lines          TEXT NOT NULL,
  receiving_bin  TEXT,
  status         TEXT NOT NULL CHECK (status IN ('open','closed')),
  opened_by      TEXT,
  opened_at      TEXT NOT NULL,
  closed_by      TEXT,
  closed_at      TEXT,
  reconciliation TEXT
);
CREATE UNIQUE INDEX door_sessions_one_open ON door_sessions(door) WHERE status = 'open';
-- Each transit judged against an open session, in order: the tally is rebuilt from these
-- (the judge's inputs are stored, so replaying them gives the same verdicts).
CREATE TABLE door_crossings (
  session_id    TEXT NOT NULL REFERENCES door_sessions(id),
  transit_seq   INTEGER NOT NULL,
  epc           TEXT NOT NULL,
  direction     TEXT NOT NULL,
  sku           TEXT,
  other_session TEXT,
  verdict       TEXT NOT NULL,
  line_id       TEXT,
  movement_id   TEXT,
  at            TEXT NOT NULL,
  PRIMARY KEY (session_id, transit_seq)
) WITHOUT ROWID;
CREATE INDEX door_crossings_by_epc ON door_crossings(epc);
`,
  },
  {
    version: 5,
    name: 'transits: deduplicated by their event id (the outbox id is unique), one index (by EPC)',
    sql: `
-- A transit's stable id (door, EPC, first seen) is its rfid.transit event's id, unique in
-- the outbox: the transits table no longer keeps a second unique index of the same string,
-- nor an index by door that nothing reads. Every committed transit kept its event_id.
CREATE TABLE transits_v5 (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  door          TEXT NOT NULL,
  epc           TEXT NOT NULL,
  direction     TEXT NOT NULL CHECK (direction IN ('inbound','outbound','unknown')),
  confidence    REAL NOT NULL,
  first_seen_us INTEGER NOT NULL,
  last_seen_us  INTEGER NOT NULL,
  reads         INTEGER NOT NULL,
  peak_rssi     REAL NOT NULL,
  dithers       INTEGER NOT NULL DEFAULT 0,
  cross_reads   TEXT,
  gtin          TEXT,
  sku           TEXT,
  session_id    TEXT,
  verdict       TEXT,
  event_id      TEXT NOT NULL,
  recorded_at   TEXT NOT NULL
);
INSERT INTO transits_v5 (seq, door, epc, direction, confidence, first_seen_us, last_seen_us, reads, peak_rssi, dithers, cross_reads, gtin, sku, session_id, verdict, event_id, recorded_at)
  SELECT seq, door, epc, direction, confidence, first_seen_us, last_seen_us, reads, peak_rssi, dithers, cross_reads, gtin, sku, session_id, verdict, COALESCE(event_id, id), recorded_at FROM transits ORDER BY seq;
DROP TABLE transits;
ALTER TABLE transits_v5 RENAME TO transits;
CREATE INDEX transits_by_epc ON transits(epc, seq);
`,
  },
  {
    version: 6,
    name: 'movements by ref (an item history looks its EPC up there)',
    sql: `
CREATE INDEX movements_by_ref ON movements(ref) WHERE ref IS NOT NULL;
`,
  },
];
