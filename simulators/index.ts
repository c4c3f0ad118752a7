/**
 * `warehouse-gateway sim <name> ...`: every simulator registers here, one line each, loaded
 * lazily so one simulator's dependencies never slow another (or the gateway) down.
 * A simulator's `run` parses its own arguments, runs until SIGINT/SIGTERM, returns an exit code.
 */
export interface SimIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
}

export interface SimulatorEntry {
  summary: string;
  load: () => Promise<{ run: (argv: string[], io: SimIo) => Promise<number> }>;
}

export const SIMULATORS: Record<string, SimulatorEntry> = {
  // name: { summary: '...', load: () => import('./x/cli.ts') },
};
