/**
 * `warehouse-gateway sim cloud-erp --port N [--seed FILE] [--token T] [--host H] [--no-data]`
 * Runs the ERP simulator until SIGINT/SIGTERM. Prints one JSON line when listening:
 * {"msg":"cloud-erp listening","url":"http://127.0.0.1:N"}.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import type { SimIo } from '../index.ts';
import { startErpServer } from './server.ts';
import type { SeedData } from './state.ts';

const HELP = `warehouse-gateway sim cloud-erp [--port N] [--host H] [--seed FILE] [--token T] [--no-data] [--verbose]

The cloud ERP of DESIGN §7 on HTTP: GET /api/v1/{products|locations|orders|asns|returns}
?cursor=&limit=, POST /api/v1/events (dedupe by id). Control API for tests and demos:
  GET  /api/v1/_received?after=&limit=   events received, first copy of each id, in order
  GET  /api/v1/_stats                    counters and per-stream seq bookkeeping
  POST /api/v1/_faults  {latencyMs, fail:{status,count}, throttle:{retryAfterS,count},
                         drop:{after:'store'|'read',count}, reject:{ids,types,code}, down}
  DELETE /api/v1/_faults                 clear every fault
  POST /api/v1/_seed {products, locations, orders, asns, returns}   add or change items
  POST /api/v1/_orders/ID/cancel         cancel an order (a new version in the feed)

  --port N     listen port (default 0: a free port, printed)
  --host H     listen address (default 127.0.0.1)
  --seed FILE  YAML or JSON with products, locations, orders, asns, returns, faults
  --token T    require "Authorization: Bearer T"
  --no-data    keep only ids and seqs of received events (long benchmarks)
  --verbose    print each request
`;

export async function run(argv: string[], io: SimIo): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      strict: true,
      options: {
        port: { type: 'string', default: '0' },
        host: { type: 'string', default: '127.0.0.1' },
        seed: { type: 'string' },
        token: { type: 'string' },
        'no-data': { type: 'boolean' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    io.stderr.write(`${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (args.values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const port = Number(args.values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.stderr.write(`--port must be 0-65535\n`);
    return 2;
  }
  let seed: SeedData | undefined;
  if (args.values.seed) {
    try {
      const text = readFileSync(args.values.seed, 'utf8');
      seed = (args.values.seed.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as SeedData;
    } catch (e) {
      io.stderr.write(`cannot read the seed ${args.values.seed}: ${(e as Error).message}\n`);
      return 1;
    }
  }
  const server = await startErpServer({
    host: args.values.host,
    port,
    ...(seed ? { seed } : {}),
    ...(args.values.token ? { token: args.values.token } : {}),
    keepData: !args.values['no-data'],
    ...(args.values.verbose ? { onRequest: (line: string) => io.stdout.write(`${JSON.stringify({ msg: 'request', line })}\n`) } : {}),
  });
  io.stdout.write(`${JSON.stringify({ msg: 'cloud-erp listening', url: server.url, pid: process.pid })}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await server.close();
  const s = server.state.stats();
  io.stdout.write(`${JSON.stringify({ msg: 'cloud-erp stopped', unique: s.unique, duplicates: s.duplicates, rejected: s.rejected })}\n`);
  return 0;
}
