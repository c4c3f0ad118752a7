/**
 * The serial barcode scanner driver (profile protocol `line`): payload then a terminator,
 * optional fixed prefixes/suffixes stripped, AIM symbology identifiers read by the GS1 parser.
 * Each scan goes out with its parsed GS1 / EAN fields (drivers/codes/scan-payload.ts).
 * Device status: `connecting`, `online` when the port is open (a scanner is silent until
 * used), `offline` when it is gone (reopened with backoff).
 *
 * Profile keys: terminator (default "\r"), gsSubstitute (e.g. "~"), stripPrefixes,
 * stripSuffixes, maxLength (default 4096), baudRate/dataBits/parity/stopBits.
 */
import type { Driver, DriverContext, DriverFactory } from '../driver.ts';
import { nodeSerialBinding, type SerialBinding } from './serial-binding.ts';
import { SerialLink } from './serial-link.ts';
import { StatusReporter, profileReader } from './device-status.ts';
import { serialOptionsFor } from './serial-options.ts';
import { LineScanner } from './line-scanner.ts';
import { scanPayload } from '../codes/scan-payload.ts';
import type { BackoffOptions } from '../backoff.ts';

export interface SerialScannerDriverOptions {
  binding?: SerialBinding;
  backoff?: BackoffOptions;
}

export function serialScannerDriverFactory(options: SerialScannerDriverOptions = {}): DriverFactory {
  return (device, profile, ctx) => new SerialScannerDriver(device, profile, ctx, options);
}

export const createSerialScannerDriver: DriverFactory = (device, profile, ctx) => new SerialScannerDriver(device, profile, ctx, {});

class SerialScannerDriver implements Driver {
  private readonly status: StatusReporter;
  private link: SerialLink | undefined;
  private scanner: LineScanner | undefined;
  private problem: string | undefined;
  private readonly separators: string[];
  private readonly path: string;
  /** connection { type: bus }: the scanner publishes itself (a PDA, an external daemon) */
  private readonly external: boolean;
  scans = 0;

  constructor(
    device: Record<string, unknown> & { id: string; kind: string },
    profile: Record<string, unknown>,
    private readonly ctx: DriverContext,
    options: SerialScannerDriverOptions,
  ) {
    this.status = new StatusReporter(ctx);
    const p = profileReader(profile, ctx);
    this.separators = p.strList('gsSubstitute');
    this.external = (device.connection as { type?: unknown } | undefined)?.type === 'bus';
    const serial = serialOptionsFor(device, profile, ctx, `scanner ${device.id}`);
    this.path = serial.ok ? serial.port.path : '';
    if (!serial.ok) {
      this.problem = serial.reason;
      return;
    }
    const terminator = p.str('terminator', '\r');
    if (terminator.length === 0) {
      this.problem = 'profile terminator must not be empty';
      return;
    }
    const scanner = new LineScanner({
      terminator,
      maxLength: p.num('maxLength', 4096, 1),
      stripPrefixes: p.strList('stripPrefixes'),
      stripSuffixes: p.strList('stripSuffixes'),
    });
    this.scanner = scanner;
    this.link = new SerialLink({
      binding: options.binding ?? nodeSerialBinding(),
      port: serial.port,
      log: ctx.log,
      ...(options.backoff ? { backoff: options.backoff } : {}),
      onData: (chunk) => {
        for (const ev of scanner.push(chunk)) {
          if (ev.kind === 'overlong') {
            ctx.log.warn({ length: ev.length, preview: ev.preview }, 'scanner: overlong line dropped (wrong terminator programmed?)');
            continue;
          }
          // A CR terminator with a scanner sending CR LF leaves the LF at the start of the next scan.
          const data = terminator === '\r' ? ev.data.replace(/^\n+/, '') : ev.data;
          if (data.length === 0) continue;
          this.scans++;
          ctx.emit({ kind: 'scan', payload: scanPayload(data, { separators: this.separators }) });
        }
      },
      onUp: () => {
        scanner.reset();
        this.status.set('online', `serial scanner on ${serial.port.path}`);
      },
      onDown: (reason) => this.status.set('offline', reason),
    });
  }

  async start(): Promise<void> {
    if (this.external) {
      this.ctx.log.info('scanner: connection type bus: the device publishes its own scans and status; nothing to run here');
      return;
    }
    if (this.problem !== undefined || !this.link) {
      this.status.set('error', this.problem ?? 'not configured');
      return;
    }
    this.status.set('connecting', `opening ${this.path}`);
    this.link.start();
  }

  async stop(): Promise<void> {
    await this.link?.stop();
    this.status.set('offline', 'driver stopped');
  }
}
