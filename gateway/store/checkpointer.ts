/**
 * WAL checkpoints on a worker thread. SQLite's automatic checkpoint runs inside a commit once
 * the WAL passes 1000 pages: that commit then copies megabytes into the database file and
 * waits for its fsync, which stalls everything on the main thread (a dock door's reads, the
 * API) for tens of milliseconds. Here the main connection turns the automatic checkpoint off
 * and a second connection, on its own thread, runs PASSIVE checkpoints (they never block the
 * writer) every `intervalMs`. If the worker cannot start or dies, the automatic checkpoint is
 * turned back on, so the WAL never grows without bound.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import type { Logger } from 'pino';
import type { Db } from './db.ts';

// CommonJS, evaluated on the worker thread; better-sqlite3 by absolute path, so it loads the
// same addon wherever the gateway was started from (sources or the bundle).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
let stopped = false;
const run = () => {
  if (stopped) return;
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    if (r && r.log > 0) parentPort.postMessage({ log: r.log, checkpointed: r.checkpointed });
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err) });
  }
  setTimeout(run, workerData.intervalMs);
};
parentPort.on('message', (m) => {
  if (m === 'stop') {
    stopped = true;
    db.close();
    parentPort.close();
  }
});
setTimeout(run, workerData.intervalMs);
`;

export interface Checkpointer {
  /** Checkpoints run so far that had frames to copy */
  readonly runs: number;
  stop(): Promise<void>;
}

export function startCheckpointer(db: Db, file: string, log: Logger, intervalMs = 500): Checkpointer {
  const state = { runs: 0, stopping: false };
  const fallBack = (why: string) => {
    if (state.stopping || !db.open) return;
    db.pragma('wal_autocheckpoint = 1000');
    log.warn({ why }, 'store: background checkpoints stopped; SQLite checkpoints during commits again');
  };
  let worker: Worker;
  try {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, intervalMs } });
  } catch (err) {
    fallBack((err as Error).message);
    return { runs: 0, stop: async () => {} };
  }
  db.pragma('wal_autocheckpoint = 0');
  worker.unref();
  let lastError = 0;
  worker.on('message', (m: { log?: number; error?: string }) => {
    if (m.error !== undefined) {
      // Busy now and then is normal (a long read); anything else is worth a line, not a flood.
      if (Date.now() - lastError > 60_000 && !/busy|locked/i.test(m.error)) log.warn({ error: m.error }, 'store: background checkpoint failed');
      lastError = Date.now();
    } else state.runs++;
  });
  worker.on('error', (err) => fallBack(err.message));
  worker.on('exit', (code) => {
    if (code !== 0) fallBack(`worker exited with ${code}`);
  });
  return {
    get runs() {
      return state.runs;
    },
    stop: async () => {
      state.stopping = true;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.ref(); // keep the process up until it has closed its connection
      worker.postMessage('stop');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000).unref())]);
      await worker.terminate();
    },
  };
}
