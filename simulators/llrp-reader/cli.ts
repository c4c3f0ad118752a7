/**
 * `warehouse-gateway sim llrp-reader [--port N] [--host H] [--model M] [--scenario FILE]`:
 * one simulated LLRP reader until SIGINT/SIGTERM. Prints `listening on HOST:PORT` once ready.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { SimIo } from '../index.ts';
import { SimulatedReader } from './reader.ts';
import { MODELS } from './models.ts';
import { applyScenario, parseScenario, type ScenarioFile } from './scenario.ts';

export const USAGE = `warehouse-gateway sim llrp-reader [options]

  --port N          TCP port (default 5084; 0 picks a free one)
  --host H          address to listen on (default 127.0.0.1)
  --model M         ${Object.keys(MODELS).join(' | ')} (default impinj-r700, or the scenario's)
  --clock C         utc | uptime (default: the model's)
  --scenario FILE   YAML/JSON scenes and faults (see simulators/llrp-reader/scenario.ts)
  --pallet N        shortcut: a pallet of N cartons crossing inbound 2 s after start, every 20 s
`;

export async function run(argv: string[], io: SimIo): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' }, host: { type: 'string' }, model: { type: 'string' }, clock: { type: 'string' },
        scenario: { type: 'string' }, pallet: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  let scenario: ScenarioFile = {};
  try {
    if (args.scenario) scenario = parseScenario(readFileSync(args.scenario, 'utf8'), args.scenario);
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  const port = args.port === undefined ? 5084 : Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.stderr.write(`--port: expected 0..65535, got ${args.port}\n`);
    return 2;
  }
  const clock = (args.clock ?? scenario.clock) as 'utc' | 'uptime' | undefined;
  let reader: SimulatedReader;
  try {
    reader = new SimulatedReader({
      model: args.model ?? scenario.model ?? 'impinj-r700',
      ...(clock ? { clock } : {}),
      ...(scenario.layout ? { layout: scenario.layout } : {}),
      ...(scenario.seed !== undefined ? { seed: scenario.seed } : {}),
      host: args.host ?? '127.0.0.1',
      port,
    });
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  applyScenario(reader, scenario);
  const pallets = args.pallet === undefined ? 0 : Number(args.pallet);
  let palletTimer: NodeJS.Timeout | undefined;
  if (pallets > 0) {
    const next = (direction: 'inbound' | 'outbound') => {
      reader.addScene({ kind: 'pallet', cartons: pallets, direction, speedMps: 1, startMs: 2000, epcPrefix: `3034${Date.now().toString(16).slice(-8)}` });
      palletTimer = setTimeout(() => next(direction === 'inbound' ? 'outbound' : 'inbound'), 20_000);
    };
    next('inbound');
  }
  let addr;
  try {
    addr = await reader.listen();
  } catch (err) {
    io.stderr.write(`cannot listen: ${(err as Error).message}\n`);
    if (palletTimer) clearTimeout(palletTimer);
    await reader.close();
    return 1;
  }
  io.stdout.write(`llrp-reader (${reader.model.name}, clock ${reader.clock}) listening on ${addr.host}:${addr.port}\n`);
  reader.on('connect', () => io.stderr.write('llrp-reader: client connected\n'));
  reader.on('disconnect', () => io.stderr.write('llrp-reader: client disconnected\n'));
  reader.on('refused', () => io.stderr.write('llrp-reader: refused a client (already has one)\n'));
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  if (palletTimer) clearTimeout(palletTimer);
  await reader.close();
  return 0;
}
