/**
 * Scenario files for the simulated reader (YAML or JSON):
 *
 *   model: impinj-r700            # or zebra-fx9600
 *   clock: utc                    # or uptime (default: the model's)
 *   seed: 1
 *   layout: { outside: [1, 2], inside: [3, 4] }
 *   scenes:                    # startMs counts from the simulator's start
 *     - { kind: pallet, cartons: 40, direction: inbound, speedMps: 1.5, startMs: 2000 }
 *     - { kind: parked, epc: 30340000000000000000beef }
 *     - { kind: cross-read, tags: 5 }
 *     - { kind: stray, ratePerSec: 0.5 }
 *     - { kind: flood, readsPerSec: 5000, tags: 2000 }
 *   faults:                       # atMs counts from the simulator's start
 *     - { atMs: 30000, kind: drop }
 *     - { atMs: 45000, kind: stall, ms: 20000 }
 *     - { atMs: 60000, kind: refuse, clients: 2 }
 *     - { atMs: 70000, kind: malformed, variant: truncated-parameter }
 *     - { atMs: 80000, kind: error-status, message: ADD_ROSPEC, statusCode: M_ParameterError, text: nope }
 *   gpi:                          # GPI input levels (a presence sensor); atMs from the start
 *     - { atMs: 1500, port: 1, state: true }    # true = high
 *     - { atMs: 6000, port: 1, state: false }
 */
import { parse as parseYaml } from 'yaml';
import type { DoorLayout, Scene } from './world.ts';
import type { MalformedKind, SimulatedReader } from './reader.ts';

export type Fault =
  | { atMs: number; kind: 'drop' }
  | { atMs: number; kind: 'stall'; ms: number }
  | { atMs: number; kind: 'refuse'; clients?: number }
  | { atMs: number; kind: 'malformed'; variant?: MalformedKind }
  | { atMs: number; kind: 'error-status'; message: string; statusCode?: string; text?: string; count?: number };

export interface ScenarioFile {
  model?: string;
  clock?: 'utc' | 'uptime';
  seed?: number;
  layout?: DoorLayout;
  scenes?: Scene[];
  faults?: Fault[];
  gpi?: GpiStep[];
}

/** A GPI input set to a level (true = high) at atMs from the simulator's start. */
export interface GpiStep {
  atMs: number;
  port: number;
  state: boolean;
}

const SCENE_KINDS = new Set(['pallet', 'parked', 'cross-read', 'stray', 'flood']);
const FAULT_KINDS = new Set(['drop', 'stall', 'refuse', 'malformed', 'error-status']);

/** Parses and checks a scenario file's text; errors name the entry and what is wrong. */
export function parseScenario(text: string, file = 'scenario'): ScenarioFile {
  const raw = parseYaml(text) as unknown;
  const fail = (where: string, what: string): never => {
    throw new Error(`${file}: ${where}: ${what}`);
  };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail('top level', 'expected a mapping');
  const s = raw as ScenarioFile;
  if (s.clock !== undefined && s.clock !== 'utc' && s.clock !== 'uptime') fail('clock', `expected utc or uptime, got ${JSON.stringify(s.clock)}`);
  (s.scenes ?? []).forEach((sc, i) => {
    if (!sc || !SCENE_KINDS.has((sc as { kind: string }).kind)) fail(`scenes[${i}].kind`, `expected one of ${[...SCENE_KINDS].join(', ')}`);
    if (sc.kind === 'pallet' && !(Number.isInteger(sc.cartons) && sc.cartons > 0)) fail(`scenes[${i}].cartons`, 'expected a positive integer');
    if (sc.kind === 'flood' && !(typeof sc.readsPerSec === 'number' && sc.readsPerSec > 0)) fail(`scenes[${i}].readsPerSec`, 'expected a positive number');
  });
  (s.faults ?? []).forEach((f, i) => {
    if (!f || !FAULT_KINDS.has((f as { kind: string }).kind)) fail(`faults[${i}].kind`, `expected one of ${[...FAULT_KINDS].join(', ')}`);
    if (typeof f.atMs !== 'number' || f.atMs < 0) fail(`faults[${i}].atMs`, 'expected a number of ms >= 0');
    if (f.kind === 'error-status' && typeof f.message !== 'string') fail(`faults[${i}].message`, 'expected an LLRP message type, e.g. ADD_ROSPEC');
  });
  if (s.gpi !== undefined && !Array.isArray(s.gpi)) fail('gpi', 'expected a list of { atMs, port, state }');
  (s.gpi ?? []).forEach((g, i) => {
    if (g === null || typeof g !== 'object' || Array.isArray(g)) fail(`gpi[${i}]`, 'expected { atMs, port, state }');
    const unknown = Object.keys(g).filter((k) => k !== 'atMs' && k !== 'port' && k !== 'state');
    if (unknown.length > 0) fail(`gpi[${i}]`, `unknown key ${unknown.map((k) => JSON.stringify(k)).join(', ')} (expected atMs, port, state)`);
    if (typeof g.atMs !== 'number' || !Number.isFinite(g.atMs) || g.atMs < 0) fail(`gpi[${i}].atMs`, 'expected a number of ms >= 0');
    if (!Number.isInteger(g.port) || g.port < 1) fail(`gpi[${i}].port`, `expected a GPI port number from 1, got ${JSON.stringify(g.port)}`);
    if (typeof g.state !== 'boolean') fail(`gpi[${i}].state`, `expected true (high) or false (low), got ${JSON.stringify(g.state)}`);
  });
  return s;
}

/** Schedules a scenario's scenes, faults and GPI levels on a reader (a GPI port it lacks throws). */
export function applyScenario(reader: SimulatedReader, s: ScenarioFile): void {
  (s.gpi ?? []).forEach((g, i) => {
    if (g.port > reader.gpiPorts) throw new Error(`gpi[${i}].port: the ${reader.model.name} has GPI ports 1..${reader.gpiPorts}, not ${g.port}`);
  });
  for (const sc of s.scenes ?? []) reader.addScene(sc);
  for (const g of s.gpi ?? []) reader.schedule(g.atMs, () => reader.setGpi(g.port, g.state));
  for (const f of s.faults ?? []) {
    reader.schedule(f.atMs, () => {
      switch (f.kind) {
        case 'drop': reader.dropConnection(); break;
        case 'stall': reader.stall(f.ms); break;
        case 'refuse': reader.refuseClients(f.clients ?? 1); break;
        case 'malformed': reader.sendMalformed(f.variant); break;
        case 'error-status': reader.failNext(f.message, f.statusCode, f.text, f.count); break;
      }
    });
  }
}
