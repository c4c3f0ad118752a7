/**
 * `warehouse-gateway sim zpl-printer [--port 9100] [--host 127.0.0.1] [--dir FOLDER]
 *  [--print-ms N] [--paper-out-after N]`: a ZPL printer on raw TCP. Faults from stdin, one
 * per line: paper-out, pause, head-open, ribbon-out (each sets it), ok (clears all), status.
 */
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import type { SimIo } from '../index.ts';
import { ZPL_FAULTS, ZplPrinterSim, type ZplFault } from './printer.ts';

const HELP = `warehouse-gateway sim zpl-printer [options]
  --host H             listen address (default 127.0.0.1)
  --port N             TCP port (default 9100; 0 picks a free one)
  --dir FOLDER         keep each printed label as FOLDER/NNNNNN.zpl
  --print-ms N         time to print one label (default 0)
  --paper-out-after N  run out of labels after N
stdin: paper-out | pause | head-open | ribbon-out | ok | status
`;

export async function run(argv: string[], io: SimIo): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '9100' },
        dir: { type: 'string' },
        'print-ms': { type: 'string', default: '0' },
        'paper-out-after': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (args.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const port = Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.stderr.write(`--port must be 0-65535, not ${args.port}\n`);
    return 2;
  }
  const sim = new ZplPrinterSim({
    host: args.host,
    port,
    printMs: Number(args['print-ms']),
    ...(args.dir ? { dir: args.dir } : {}),
    ...(args['paper-out-after'] ? { paperOutAfter: Number(args['paper-out-after']) } : {}),
  });
  const addr = await sim.start();
  io.stdout.write(`zpl-printer listening on ${addr.host}:${addr.port}\n`);
  const rl = createInterface({ input: io.stdin });
  rl.on('line', (line) => {
    const cmd = line.trim();
    if (cmd === '') return;
    if (cmd === 'ok') sim.clearFaults();
    else if ((ZPL_FAULTS as readonly string[]).includes(cmd)) sim.setFault(cmd as ZplFault);
    else if (cmd !== 'status') {
      io.stderr.write(`unknown command '${cmd}' (paper-out, pause, head-open, ribbon-out, ok, status)\n`);
      return;
    }
    io.stdout.write(`faults: ${[...sim.faults].join(',') || 'none'}; printed ${sim.labels.length}; buffered ${sim.buffer.length}\n`);
  });
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  rl.close();
  await sim.stop();
  return 0;
}
