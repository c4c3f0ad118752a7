/**
 * WAL checkpoints on a worker thread. SQLite's automatic checkpoint runs inside a commit once
 * the WAL passes 1000 pages: that commit then copies megabytes into the database file and
 * waits for its fsync, which stalls everything on the main thread (a dock door's reads, the
 * API) for tens of milliseconds. Here the main connection turns the automatic checkpoint off
 * and a second connection, on its own thread, runs PASSIVE checkpoints (they never block the
 * writer) every `intervalMs`.
 *
 * A PASSIVE checkpoint that races a commit leaves the WAL's tail for the next one, and the WAL
 * only starts over from its beginning when a write finds it fully copied back; under steady
 * writes that can keep missing. So the main connection keeps SQLite's automatic checkpoint
 * as a backstop at BACKSTOP_PAGES (it then has little left to copy, since the worker copied
 * the rest), and journal_size_limit trims the file after it starts over. If the worker cannot
 * start or dies, the automatic checkpoint goes back to SQLite's default.
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

/** WAL pages (4 KiB) after which a commit checkpoints anyway: 16 MiB */
export const BACKSTOP_PAGES = 4000;

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
  db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  db.pragma(`journal_size_limit = ${BACKSTOP_PAGES * 4096 * 2}`);
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
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      exited = true;
      if (code !== 0) fallBack(`worker exited with ${code}`);
      resolve();
    }),
  );
  return {
    get runs() {
      return state.runs;
    },
    stop: async () => {
      state.stopping = true;
      if (exited) return;
      worker.ref(); // keep the process up until it has closed its connection
      worker.postMessage('stop');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exit, new Promise<void>((r) => (timer = setTimeout(r, 2000)))]);
      clearTimeout(timer);
      if (!exited) await worker.terminate();
    },
  };
}
