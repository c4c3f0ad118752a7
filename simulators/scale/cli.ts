/**
 * `warehouse-gateway sim scale --protocol mt-sics|toledo|cas --link PATH [--interval MS]
 *  [--capacity GRAMS] [--script FILE]`
 */
import type { SimIo } from '../index.ts';
import { parseSimArgs, runSimCommands } from '../pty-sim-cli.ts';
import { SOCAT_MISSING, socatAvailable } from '../pty.ts';
import { SCALE_SIM_PROTOCOLS, type ScaleSimProtocol } from './protocols.ts';
import { ScaleSimulator } from './scale-sim.ts';

export const USAGE = `warehouse-gateway sim scale --protocol mt-sics|toledo|cas --link PATH [options]

A scale on a pty pair (socat): the driver opens PATH. Commands on stdin or in --script,
one per line; each answers "ok <command>" or "error <command>: <why>":
  place GRAMS [SETTLE_MS]   put a parcel on: in motion, stable after SETTLE_MS (default 400)
  remove [SETTLE_MS]        take it off (back to 0 g)
  set GRAMS                 stable at GRAMS at once
  motion | settle           start / end motion
  overload | underload      the scale reports over / under capacity
  clear                     back to normal weighing
  tare | zero               press the keys on the scale
  unplug | replug           the pty pair vanishes / comes back
  wait MS | quit

Options:
  --interval MS    time between frames for toledo and cas (default 100)
  --capacity G     capacity in grams (default 30000)
  --unplugged      start with the cable pulled (send replug to plug it in)
  --script FILE    commands to run first
`;

export async function run(argv: string[], io: SimIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(USAGE);
    return 0;
  }
  const parsed = parseSimArgs(argv, ['protocol', 'link', 'interval', 'capacity', 'script'], ['unplugged']);
  if ('error' in parsed) {
    io.stderr.write(`sim scale: ${parsed.error}\n\n${USAGE}`);
    return 2;
  }
  const protocol = parsed.options.get('protocol') ?? '';
  const link = parsed.options.get('link');
  if (!(SCALE_SIM_PROTOCOLS as readonly string[]).includes(protocol)) {
    io.stderr.write(`sim scale: --protocol must be one of ${SCALE_SIM_PROTOCOLS.join(', ')}, got ${JSON.stringify(protocol)}\n`);
    return 2;
  }
  if (!link) {
    io.stderr.write('sim scale: --link PATH is required (the path the driver opens)\n');
    return 2;
  }
  const interval = Number(parsed.options.get('interval') ?? 100);
  const capacity = Number(parsed.options.get('capacity') ?? 30_000);
  if (!(interval >= 5) || !(capacity > 0)) {
    io.stderr.write('sim scale: --interval must be >= 5 and --capacity > 0\n');
    return 2;
  }
  if (!socatAvailable()) {
    io.stderr.write(`sim scale: ${SOCAT_MISSING}\n`);
    return 1;
  }
  const sim = new ScaleSimulator({ protocol: protocol as ScaleSimProtocol, link, intervalMs: interval, capacityGrams: capacity });
  if (!parsed.flags.has('unplugged')) await sim.start();
  io.stdout.write(`ready${parsed.flags.has('unplugged') ? ' (unplugged)' : ''} ${protocol} scale on ${link}\n`);
  const m = sim.model;
  const grams = (text: string | undefined): number => {
    const g = Number(text);
    if (text === undefined || !Number.isFinite(g)) throw new Error('needs a weight in grams');
    return g;
  };
  const ms = (text: string | undefined, dflt: number): number => {
    if (text === undefined) return dflt;
    const v = Number(text);
    if (!Number.isFinite(v) || v < 0) throw new Error('needs a time in ms');
    return v;
  };
  return runSimCommands({
    io,
    ...(parsed.options.has('script') ? { script: parsed.options.get('script') as string } : {}),
    plug: () => sim.plug(),
    unplug: () => sim.unplug(),
    stop: () => sim.stop(),
    commands: {
      place: (_r, a) => m.place(grams(a[0]), ms(a[1], 400)),
      remove: (_r, a) => m.place(0, ms(a[0], 400)),
      set: (_r, a) => m.set(grams(a[0])),
      motion: () => m.startMotion(),
      settle: () => m.settle(),
      overload: () => void (m.fault = 'overload'),
      underload: () => void (m.fault = 'underload'),
      clear: () => void (m.fault = 'none'),
      tare: () => {
        const o = m.tareNow();
        if (o !== 'ok') throw new Error(`tare refused: ${o}`);
      },
      zero: () => {
        const o = m.zeroNow();
        if (o !== 'ok') throw new Error(`zero refused: ${o}`);
      },
    },
  });
}
