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
  'llrp-reader': { summary: 'an LLRP RFID reader (Impinj R700-like, Zebra FX9600-like) with scenes and faults', load: () => import('./llrp-reader/cli.ts') },
  'cloud-erp': { summary: 'the cloud ERP (orders, master data, event intake) with fault injection', load: () => import('./cloud-erp/cli.ts') },
  scale: { summary: 'a scale (MT-SICS, Toledo continuous, CAS) on a pty pair, scripted weights, unplug/replug', load: () => import('./scale/cli.ts') },
  scanner: { summary: 'a serial barcode scanner on a pty pair, scripted codes, unplug/replug', load: () => import('./scanner/cli.ts') },
  'zpl-printer': { summary: 'a ZPL label printer on raw TCP 9100: ~HS status, paper-out/pause/head-open faults, stores labels', load: () => import('./zpl-printer/cli.ts') },
};
