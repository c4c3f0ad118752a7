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
  return s;
}

/** Schedules a scenario's scenes and faults on a reader. */
export function applyScenario(reader: SimulatedReader, s: ScenarioFile): void {
  for (const sc of s.scenes ?? []) reader.addScene(sc);
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
