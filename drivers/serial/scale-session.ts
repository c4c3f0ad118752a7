/**
 * Protocol sessions of the serial scale driver: what to send, when, and how replies become
 * readings. A session sees an open port (`write`) and reports readings, "the scale spoke"
 * and "the scale is silent" to the driver; sockets, reopening and statuses live in the driver.
 *
 * - MT-SICS (MT-SICS reference §2, level 0/1): strictly request/reply. The session polls `SI`
 *   (or `S`) every `pollMs`, one request in flight at a time; tare `T` and zero `Z` queue
 *   behind the poll. A reply is matched by its first token (`S`, `T`, `Z`; `ES`/`ET`/`EL`
 *   answer anything); a late reply to a timed-out request is read as a reading, not matched.
 * - Toledo continuous and CAS: the scale streams; the session parses and watches for silence.
 *   Toledo terminals accept the single-character remote commands `T` (tare) and `Z` (zero)
 *   ("CTPZ" input) when the profile says `remoteCommands: ctpz`; CAS streams have none.
 */
import { LineFramer } from './line-scanner.ts';
import { buildMtSicsCommand, parseMtSicsLine, type MtSicsCommand } from './mt-sics.ts';
import { ToledoContinuousParser } from './toledo-continuous.ts';
import { CasParser } from './cas.ts';
import type { ScaleReading, ScaleStreamParser } from './scale-reading.ts';

export type ScaleCommand = 'tare' | 'zero';

export interface SessionHooks {
  write(bytes: Uint8Array): Promise<void>;
  reading(r: ScaleReading): void;
  /** valid data was heard */
  alive(): void;
  /** nothing valid heard for a while: a communication error */
  silent(detail: string): void;
  debug(obj: Record<string, unknown>, msg: string): void;
}

export interface ScaleSession {
  /** the port is open: start talking */
  open(): void;
  data(chunk: Uint8Array): void;
  /** the port is gone or the driver stops: stop timers, fail what is pending */
  close(): void;
  command(c: ScaleCommand): Promise<void>;
  readonly stats: Readonly<Record<string, number>>;
}

export class CommandError extends Error {
  constructor(
    readonly code: 'SCALE_COMMAND_REFUSED' | 'SCALE_NO_REPLY' | 'SCALE_NOT_CONNECTED' | 'SCALE_COMMAND_UNSUPPORTED',
    message: string,
    /** the scale's condition, when it refused (busy, overload, ...) */
    readonly reading?: ScaleReading,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------
// MT-SICS

export interface MtSicsSessionOptions {
  pollMs: number;
  replyTimeoutMs: number;
  pollCommand: 'SI' | 'S';
  /** polls without a reply before the scale is reported silent */
  missesBeforeSilent: number;
}

interface Request {
  command: MtSicsCommand;
  resolve(line: string): void;
  reject(err: Error): void;
  timer?: NodeJS.Timeout;
}

const replyToken = (command: MtSicsCommand): string => (command === 'SI' || command === 'S' || command === 'SIR' ? 'S' : command === 'T' || command === 'TI' || command === 'TAC' ? 'T' : command === 'Z' || command === 'ZI' ? 'Z' : 'I4');

export class MtSicsSession implements ScaleSession {
  private readonly framer = new LineFramer({ terminator: 'any', maxLength: 128 });
  private queue: Request[] = [];
  private current: Request | undefined;
  private generation = 0;
  private pollTimer: NodeJS.Timeout | undefined;
  private misses = 0;
  private isOpen = false;
  private readonly counters = { polls: 0, replies: 0, timeouts: 0, unsolicited: 0, unrecognised: 0 };

  constructor(
    private readonly opts: MtSicsSessionOptions,
    private readonly hooks: SessionHooks,
  ) {}

  get stats(): Readonly<Record<string, number>> {
    return { ...this.counters };
  }

  open(): void {
    this.isOpen = true;
    this.framer.reset();
    this.misses = 0;
    const gen = ++this.generation;
    void this.pollLoop(gen);
  }

  close(): void {
    this.isOpen = false;
    this.generation++;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    const pending = [...(this.current ? [this.current] : []), ...this.queue];
    this.current = undefined;
    this.queue = [];
    for (const r of pending) {
      if (r.timer) clearTimeout(r.timer);
      r.reject(new CommandError('SCALE_NOT_CONNECTED', 'the scale port closed before it replied'));
    }
  }

  data(chunk: Uint8Array): void {
    for (const f of this.framer.push(chunk)) {
      if (f.kind === 'overlong') {
        this.counters.unrecognised++;
        continue;
      }
      const line = f.text.trim();
      if (line === '') continue;
      const cur = this.current;
      const token = line.split(/ +/)[0] ?? '';
      if (cur && (token === replyToken(cur.command) || token === 'ES' || token === 'ET' || token === 'EL')) {
        if (cur.timer) clearTimeout(cur.timer);
        this.current = undefined;
        this.counters.replies++;
        cur.resolve(line);
        this.pump();
        continue;
      }
      // Not the reply we wait for: a late reply to a timed-out request, or a scale sending by itself.
      this.counters.unsolicited++;
      const r = parseMtSicsLine(line);
      if (r) {
        this.hooks.alive();
        this.hooks.reading(r);
      } else {
        this.counters.unrecognised++;
        this.hooks.debug({ line }, 'mt-sics: unrecognised line dropped');
      }
    }
  }

  async command(c: ScaleCommand): Promise<void> {
    if (!this.isOpen) throw new CommandError('SCALE_NOT_CONNECTED', `cannot ${c}: the scale is not connected`);
    const cmd: MtSicsCommand = c === 'tare' ? 'T' : 'Z';
    let line: string;
    try {
      line = await this.send(cmd);
    } catch (err) {
      if (err instanceof CommandError) throw err;
      throw new CommandError('SCALE_NO_REPLY', `${c}: ${(err as Error).message}`);
    }
    const r = parseMtSicsLine(line);
    // MT-SICS: "T S <tare> <unit>" tare taken; "Z A" zero set. Anything else is a refusal.
    if (c === 'tare' && r?.kind === 'weight') return;
    if (c === 'zero' && r?.kind === 'status' && r.status === 'zero') return;
    const detail = r?.kind === 'status' ? r.detail : `unexpected reply ${JSON.stringify(line)}`;
    throw new CommandError('SCALE_COMMAND_REFUSED', `${c} refused by the scale: ${detail}`, r);
  }

  private send(command: MtSicsCommand): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      this.queue.push({ command, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (this.current || !this.isOpen) return;
    const next = this.queue.shift();
    if (!next) return;
    this.current = next;
    next.timer = setTimeout(() => {
      if (this.current !== next) return;
      this.current = undefined;
      this.counters.timeouts++;
      next.reject(new CommandError('SCALE_NO_REPLY', `no reply to ${next.command} within ${this.opts.replyTimeoutMs} ms`));
      this.pump();
    }, this.opts.replyTimeoutMs);
    this.hooks.write(buildMtSicsCommand(next.command)).catch((err: Error) => {
      if (this.current !== next) return;
      clearTimeout(next.timer);
      this.current = undefined;
      next.reject(err);
      this.pump();
    });
  }

  private async pollLoop(gen: number): Promise<void> {
    while (gen === this.generation) {
      this.counters.polls++;
      try {
        const line = await this.send(this.opts.pollCommand);
        if (gen !== this.generation) return;
        this.misses = 0;
        const r = parseMtSicsLine(line);
        this.hooks.alive();
        if (r) this.hooks.reading(r);
      } catch (err) {
        if (gen !== this.generation) return;
        this.misses++;
        if (this.misses === this.opts.missesBeforeSilent) {
          this.hooks.silent(`the scale does not answer: ${this.misses} polls without a reply (${(err as Error).message})`);
        }
      }
      if (gen !== this.generation) return;
      await new Promise<void>((resolve) => {
        this.pollTimer = setTimeout(resolve, this.opts.pollMs);
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Continuous output (Toledo, CAS)

export interface ContinuousSessionOptions {
  parser: ScaleStreamParser;
  /** no valid frame for this long: silent. Default 3000 ms */
  silenceMs: number;
  /** the remote commands the indicator accepts */
  remoteCommands: 'ctpz' | 'none';
  protocol: string;
}

export class ContinuousSession implements ScaleSession {
  private watchdog: NodeJS.Timeout | undefined;
  private isOpen = false;

  constructor(
    private readonly opts: ContinuousSessionOptions,
    private readonly hooks: SessionHooks,
  ) {}

  get stats(): Readonly<Record<string, number>> {
    return this.opts.parser.stats;
  }

  open(): void {
    this.isOpen = true;
    this.opts.parser.reset();
    this.arm();
  }

  close(): void {
    this.isOpen = false;
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = undefined;
  }

  data(chunk: Uint8Array): void {
    const readings = this.opts.parser.push(chunk);
    if (readings.length === 0) return;
    this.arm();
    this.hooks.alive();
    for (const r of readings) this.hooks.reading(r);
  }

  async command(c: ScaleCommand): Promise<void> {
    if (this.opts.remoteCommands !== 'ctpz') {
      throw new CommandError('SCALE_COMMAND_UNSUPPORTED', `${c}: a ${this.opts.protocol} scale takes no remote commands here; use the keys on the indicator (profile remoteCommands: none)`);
    }
    if (!this.isOpen) throw new CommandError('SCALE_NOT_CONNECTED', `cannot ${c}: the scale is not connected`);
    // Mettler Toledo CTPZ remote input: one ASCII character, no terminator.
    await this.hooks.write(Uint8Array.of(c === 'tare' ? 0x54 : 0x5a));
  }

  private arm(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    if (!this.isOpen) return;
    this.watchdog = setTimeout(() => {
      this.watchdog = undefined;
      this.hooks.silent(`no valid ${this.opts.protocol} data for ${this.opts.silenceMs} ms`);
    }, this.opts.silenceMs);
  }
}

export function toledoSession(hooks: SessionHooks, o: { checksum: boolean; silenceMs: number; remoteCommands: 'ctpz' | 'none' }): ContinuousSession {
  return new ContinuousSession({ parser: new ToledoContinuousParser({ checksum: o.checksum }), silenceMs: o.silenceMs, remoteCommands: o.remoteCommands, protocol: 'Toledo continuous' }, hooks);
}

export function casSession(hooks: SessionHooks, o: { silenceMs: number }): ContinuousSession {
  return new ContinuousSession({ parser: new CasParser(), silenceMs: o.silenceMs, remoteCommands: 'none', protocol: 'CAS' }, hooks);
}
