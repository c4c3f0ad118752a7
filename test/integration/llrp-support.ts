/** Helpers for the LLRP integration tests: a client against a simulated reader, log capture. */
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { LlrpClient, type ClientState, type LlrpClientOptions } from '../../drivers/llrp/client.ts';
import { parseReaderProfile } from '../../drivers/llrp/reader-profile.ts';
import type { TagRead } from '../../drivers/llrp/fast-report.ts';
import { SimulatedReader, type SimulatedReaderOptions } from '../../simulators/llrp-reader/reader.ts';

export interface LogLine {
  level: number;
  msg: string;
  [k: string]: unknown;
}

/** A pino logger whose lines are kept (debug and up). */
export function captureLog(): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString().split('\n')) if (l) lines.push(JSON.parse(l) as LogLine);
      cb();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines };
}

/** Short timings so reconnect and keepalive tests run in seconds. */
export const FAST_PROFILE = {
  antennas: [1, 2, 3, 4],
  reportEveryMs: 50,
  keepaliveMs: 200,
  missedKeepalives: 3,
  responseTimeoutMs: 2000,
  connectTimeoutMs: 2000,
  reconnect: { initialMs: 5, maxMs: 50, jitter: 0.5 },
};

export interface Harness {
  sim: SimulatedReader;
  client: LlrpClient;
  reads: TagRead[];
  states: { state: ClientState; detail: string }[];
  lines: LogLine[];
  /** Waits until `f` holds (polling); throws naming `what` after 10 s. */
  until(what: string, f: () => boolean, ms?: number): Promise<void>;
  close(): Promise<void>;
}

export async function until(what: string, f: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!f()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function harness(
  profile: Record<string, unknown> = {},
  simOptions: SimulatedReaderOptions = {},
  clientOptions: Partial<LlrpClientOptions> = {},
): Promise<Harness> {
  const sim = new SimulatedReader({ tickMs: 10, ...simOptions });
  const { port } = await sim.listen();
  const { log, lines } = captureLog();
  const reads: TagRead[] = [];
  const states: { state: ClientState; detail: string }[] = [];
  const client = new LlrpClient({
    host: '127.0.0.1',
    port,
    profile: parseReaderProfile({ ...FAST_PROFILE, ...profile }),
    log,
    onState: (state, detail) => states.push({ state, detail }),
    onReport: (batch, c) => {
      for (const r of batch.toReads(c.uptimeOffsetUs)) reads.push(r);
    },
    ...clientOptions,
  });
  return {
    sim, client, reads, states, lines, until,
    async close() {
      await client.stop();
      await sim.close();
    },
  };
}
