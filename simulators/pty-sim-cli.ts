/**
 * The command line every pty simulator shares: `--link PATH`, a script (`--script FILE`) and
 * then commands on stdin, one per line (`#` starts a comment). Each command answers on stdout
 * with `ok <command>` or `error <command>: <why>`, so a test or a person can follow along.
 * Common commands: `wait MS`, `unplug`, `replug`, `quit`.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { SimIo } from './index.ts';

export interface ParsedArgs {
  options: Map<string, string>;
  flags: Set<string>;
}

export function parseSimArgs(argv: string[], valued: readonly string[], flagNames: readonly string[] = []): ParsedArgs | { error: string } {
  const options = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (!a.startsWith('--')) return { error: `unexpected argument ${JSON.stringify(a)}` };
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (valued.includes(name)) {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) return { error: `--${name} needs a value` };
      options.set(name, v);
    } else if (eq < 0 && flagNames.includes(name)) flags.add(name);
    else return { error: `unknown option --${name}` };
  }
  return { options, flags };
}

/** `\x1d`, `\r`, `\n`, `\t`, `\\` and `<GS>` in scripted codes. */
export function unescapeCode(text: string): string {
  return text.replace(/<GS>/g, '\u001d').replace(/\\(x[0-9a-fA-F]{2}|r|n|t|\\)/g, (_, e: string) => (e === 'r' ? '\r' : e === 'n' ? '\n' : e === 't' ? '\t' : e === '\\' ? '\\' : String.fromCharCode(parseInt(e.slice(1), 16))));
}

export type SimCommand = (rest: string, args: string[]) => Promise<void> | void;

export interface SimCliOptions {
  io: SimIo;
  script?: string;
  commands: Record<string, SimCommand>;
  plug(): Promise<void>;
  unplug(): Promise<void>;
  stop(): Promise<void>;
}

/** Run commands until `quit`, SIGINT or SIGTERM. Returns the exit code. */
export async function runSimCommands(o: SimCliOptions): Promise<number> {
  const out = (line: string) => o.io.stdout.write(`${line}\n`);
  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((r) => (resolveDone = r));
  let finished = false;
  const finish = async (code: number) => {
    if (finished) return;
    finished = true;
    await o.stop().catch(() => {});
    resolveDone(code);
  };
  const onSignal = () => void finish(0);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const run = async (raw: string): Promise<void> => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '' || finished) return;
    const [name = '', ...args] = line.split(/\s+/);
    const rest = line.slice(name.length).trim();
    try {
      if (name === 'wait') {
        const ms = Number(args[0]);
        if (!Number.isFinite(ms) || ms < 0) throw new Error('wait MS');
        await new Promise((r) => setTimeout(r, ms));
      } else if (name === 'unplug') await o.unplug();
      else if (name === 'replug' || name === 'plug') await o.plug();
      else if (name === 'quit' || name === 'exit') {
        out(`ok ${line}`);
        await finish(0);
        return;
      } else {
        const cmd = o.commands[name];
        if (!cmd) throw new Error(`unknown command (commands: ${[...Object.keys(o.commands), 'wait', 'unplug', 'replug', 'quit'].join(', ')})`);
        await cmd(rest, args);
      }
      out(`ok ${line}`);
    } catch (err) {
      out(`error ${line}: ${(err as Error).message}`);
    }
  };

  // One command at a time, in order: the script first, then stdin.
  let chain = Promise.resolve();
  const enqueue = (line: string) => {
    chain = chain.then(() => run(line));
  };
  if (o.script !== undefined) for (const line of readFileSync(o.script, 'utf8').split(/\r?\n/)) enqueue(line);
  const rl = createInterface({ input: o.io.stdin as NodeJS.ReadableStream, terminal: false });
  rl.on('line', enqueue);
  const code = await done;
  rl.close();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  return code;
}
