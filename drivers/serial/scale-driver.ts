/**
 * The serial scale driver: one scale on one serial port (RS-232, a USB-serial adapter, a pty),
 * speaking MT-SICS, Toledo continuous output or CAS (profile `protocol`).
 *
 * Bus behaviour (through the host): device status `connecting` at start, `online` once the
 * scale has said something valid, `error` when it falls silent (no reply / no frames),
 * `offline` when the port is gone (reopened with backoff until it returns, then `online`
 * again). Settled weights and conditions (zero, underload, overload, error) go out as
 * `weight` outputs (stable-weight.ts). Commands: `{ "command": "tare" }`, `{ "command": "zero" }`.
 */
import type { Driver, DriverContext, DriverFactory } from '../driver.ts';
import { nodeSerialBinding, type SerialBinding } from './serial-binding.ts';
import { SerialLink } from './serial-link.ts';
import { StatusReporter, profileReader } from './device-status.ts';
import { serialOptionsFor } from './serial-options.ts';
import { StableWeightFilter, scaleEventPayload } from './stable-weight.ts';
import { CommandError, MtSicsSession, casSession, toledoSession, type ScaleCommand, type ScaleSession, type SessionHooks } from './scale-session.ts';
import type { BackoffOptions } from '../backoff.ts';

export const SERIAL_SCALE_PROTOCOLS = ['mt-sics', 'toledo-continuous', 'cas'] as const;

export interface SerialScaleDriverOptions {
  binding?: SerialBinding;
  backoff?: BackoffOptions;
}

export function serialScaleDriverFactory(options: SerialScaleDriverOptions = {}): DriverFactory {
  return (device, profile, ctx) => new SerialScaleDriver(device, profile, ctx, options);
}

/** The factory the device host registers (real serialport binding). */
export const createSerialScaleDriver: DriverFactory = (device, profile, ctx) => new SerialScaleDriver(device, profile, ctx, {});

/** Parse a command body from wh/{site}/cmd/{id}. */
export function parseScaleCommand(body: Record<string, unknown>): ScaleCommand | { error: string } {
  const c = body.command;
  if (c === 'tare' || c === 'zero') return c;
  return { error: `a scale command is { "command": "tare" | "zero" }, got ${JSON.stringify(c ?? null)}` };
}

class SerialScaleDriver implements Driver {
  private readonly status: StatusReporter;
  private readonly filter: StableWeightFilter;
  private link: SerialLink | undefined;
  private session: ScaleSession | undefined;
  private readonly problem: string | undefined;

  constructor(
    private readonly device: Record<string, unknown> & { id: string; kind: string },
    profile: Record<string, unknown>,
    private readonly ctx: DriverContext,
    options: SerialScaleDriverOptions,
  ) {
    this.status = new StatusReporter(ctx);
    const p = profileReader(profile, ctx);
    this.filter = new StableWeightFilter({ stableReadings: p.num('stableReadings', 3, 1), toleranceGrams: p.num('toleranceGrams', 0) });
    const protocol = p.str('protocol', '');
    const serial = serialOptionsFor(device, profile, ctx, `scale ${device.id}`);
    if (!serial.ok) {
      this.problem = serial.reason;
      return;
    }
    const hooks: SessionHooks = {
      write: (bytes) => this.link?.write(bytes) ?? Promise.reject(new Error('not open')),
      reading: (r) => {
        for (const e of this.filter.push(r)) ctx.emit({ kind: 'weight', payload: scaleEventPayload(e) });
      },
      alive: () => this.status.set('online', `${protocol} scale on ${serial.port.path}`),
      silent: (detail) => this.status.set('error', detail),
      debug: (obj, msg) => ctx.log.debug(obj, msg),
    };
    const silenceMs = p.num('silenceMs', 3000, 100);
    switch (protocol) {
      case 'mt-sics': {
        const pollCommand = p.str('pollCommand', 'SI');
        this.session = new MtSicsSession(
          {
            pollMs: p.num('pollMs', 250, 10),
            replyTimeoutMs: p.num('replyTimeoutMs', 1000, 10),
            pollCommand: pollCommand === 'S' ? 'S' : 'SI',
            missesBeforeSilent: p.num('missesBeforeSilent', 3, 1),
          },
          hooks,
        );
        break;
      }
      case 'toledo-continuous':
        this.session = toledoSession(hooks, { checksum: p.bool('checksum', true), silenceMs, remoteCommands: p.str('remoteCommands', 'none') === 'ctpz' ? 'ctpz' : 'none' });
        break;
      case 'cas':
        this.session = casSession(hooks, { silenceMs });
        break;
      default:
        this.problem = `serial scale protocol ${JSON.stringify(protocol)} is not one of ${SERIAL_SCALE_PROTOCOLS.join(', ')}`;
        return;
    }
    this.link = new SerialLink({
      binding: options.binding ?? nodeSerialBinding(),
      port: serial.port,
      log: ctx.log,
      ...(options.backoff ? { backoff: options.backoff } : {}),
      onData: (chunk) => this.session?.data(chunk),
      onUp: () => {
        // A reopened port may face another state of the scale: report the next settled state afresh.
        this.filter.reset();
        this.session?.open();
      },
      onDown: (reason) => {
        this.session?.close();
        this.status.set('offline', reason);
      },
    });
  }

  async start(): Promise<void> {
    if (this.problem !== undefined || !this.link) {
      this.status.set('error', this.problem ?? 'not configured');
      return;
    }
    this.status.set('connecting', `opening ${String((this.device.connection as { path?: string }).path)}`);
    this.link.start();
  }

  async stop(): Promise<void> {
    this.session?.close();
    await this.link?.stop();
    this.status.set('offline', 'driver stopped');
  }

  async command(body: Record<string, unknown>): Promise<void> {
    const c = parseScaleCommand(body);
    if (typeof c !== 'string') throw new Error(c.error);
    if (!this.session) throw new Error(this.problem ?? 'not configured');
    try {
      await this.session.command(c);
      this.ctx.log.info({ command: c }, 'scale: command done');
    } catch (err) {
      // A refused tare or zero is something the station should see, on the scale's own topic.
      if (err instanceof CommandError && (err.code === 'SCALE_COMMAND_REFUSED' || err.code === 'SCALE_NO_REPLY')) {
        const r = err.reading;
        const condition = r?.kind === 'status' ? r.status : 'error';
        this.ctx.emit({ kind: 'weight', payload: { condition, detail: err.message, command: c, code: err.code } });
      }
      throw err;
    }
  }
}
