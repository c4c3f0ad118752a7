/** `warehouse-gateway sim scanner --link PATH [--terminator CR|LF|CRLF] [--script FILE]` */
import type { SimIo } from '../index.ts';
import { parseSimArgs, runSimCommands, unescapeCode } from '../pty-sim-cli.ts';
import { SOCAT_MISSING, socatAvailable } from '../pty.ts';
import { ScannerSimulator } from './scanner-sim.ts';

export const USAGE = `warehouse-gateway sim scanner --link PATH [options]

A serial barcode scanner on a pty pair (socat): the driver opens PATH. Commands on stdin or
in --script, one per line; each answers "ok <command>" or "error <command>: <why>":
  scan CODE        send CODE then the terminator; in CODE, <GS> or \\x1d is the GS separator,
                   and an AIM identifier may lead it (]C1, ]d2, ]E0 ...)
  unplug | replug  the pty pair vanishes / comes back
  wait MS | quit

Options:
  --terminator CR|LF|CRLF|TAB   what ends each scan (default CR)
  --unplugged      start with the cable pulled (send replug to plug it in)
  --script FILE                 commands to run first
`;

const TERMINATORS: Record<string, string> = { CR: '\r', LF: '\n', CRLF: '\r\n', TAB: '\t' };

export async function run(argv: string[], io: SimIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(USAGE);
    return 0;
  }
  const parsed = parseSimArgs(argv, ['link', 'terminator', 'script'], ['unplugged']);
  if ('error' in parsed) {
    io.stderr.write(`sim scanner: ${parsed.error}\n\n${USAGE}`);
    return 2;
  }
  const link = parsed.options.get('link');
  if (!link) {
    io.stderr.write('sim scanner: --link PATH is required (the path the driver opens)\n');
    return 2;
  }
  const terminator = TERMINATORS[(parsed.options.get('terminator') ?? 'CR').toUpperCase()];
  if (terminator === undefined) {
    io.stderr.write(`sim scanner: --terminator must be one of ${Object.keys(TERMINATORS).join(', ')}\n`);
    return 2;
  }
  if (!socatAvailable()) {
    io.stderr.write(`sim scanner: ${SOCAT_MISSING}\n`);
    return 1;
  }
  const sim = new ScannerSimulator({ link, terminator });
  if (!parsed.flags.has('unplugged')) await sim.start();
  io.stdout.write(`ready${parsed.flags.has('unplugged') ? ' (unplugged)' : ''} scanner on ${link}\n`);
  return runSimCommands({
    io,
    ...(parsed.options.has('script') ? { script: parsed.options.get('script') as string } : {}),
    plug: () => sim.plug(),
    unplug: () => sim.unplug(),
    stop: () => sim.stop(),
    commands: {
      scan: async (rest) => {
        if (rest === '') throw new Error('scan CODE');
        if (!(await sim.scan(unescapeCode(rest)))) throw new Error('unplugged: the scan went nowhere');
      },
    },
  });
}
