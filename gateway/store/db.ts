/**
 * Open the SQLite store: WAL, full sync (a committed movement survives power loss, not only
 * kill -9), foreign keys, and every pending migration applied in its own transaction.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { GatewayError } from '../errors.ts';
import { MIGRATIONS, type Migration } from './migrations.ts';

export type Db = Database.Database;

export const STORE_FILE = 'gateway.sqlite';

export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): { db: Db; applied: Migration[] } {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  let db: Db;
  try {
    db = new Database(file);
  } catch (err) {
    throw new GatewayError('STORE_OPEN_FAILED', `cannot open the store ${file}: ${(err as Error).message}`, { cause: err });
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const applied = migrate(db, migrations);
  return { db, applied };
}

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * A prepared statement for this connection, compiled once and kept: for SQL run per tag or
 * per scan, where compiling it each time would cost more than running it.
 */
export function prepared(db: Db, sql: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let st = cache.get(sql);
  if (!st) {
    st = db.prepare(sql);
    cache.set(sql, st);
  }
  return st;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Db, migrations: readonly Migration[]): Migration[] {
  const current = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new GatewayError(
      'STORE_TOO_NEW',
      `the store is at schema version ${current}, this gateway knows up to ${latest}: run the newer gateway, or restore a backup`,
    );
  }
  const pending = migrations.filter((m) => m.version > current);
  for (const m of pending) {
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return pending;
}
