/**
 * Builds the print service from the site config: one transport per printer device (IPP or
 * raw 9100), its profile (language, label size, CJK font), the carriers section and the ZPL
 * templates in firmware-configs/labels/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { DeviceConfig, SiteConfig } from '../config/schema.ts';
import type { Store } from '../store/store.ts';
import type { Metrics } from '../metrics.ts';
import { GatewayError } from '../errors.ts';
import { IppTransport } from '../../drivers/printers/ipp-transport.ts';
import { RawTransport } from '../../drivers/printers/raw-transport.ts';
import type { PrinterTransport } from '../../drivers/printers/transport.ts';
import { readProfile } from './device-host.ts';
import { PrintService, type PrinterEntry, type PrintServiceOptions } from './print-service.ts';

type PrinterDevice = Extract<DeviceConfig, { kind: 'printer' }>;

export function loadTemplates(labelsDir: string): Map<string, string> {
  const templates = new Map<string, string>();
  for (const f of readdirSync(labelsDir)) if (f.endsWith('.zpl')) templates.set(f.slice(0, -4), readFileSync(path.join(labelsDir, f), 'utf8'));
  return templates;
}

export function transportFor(d: PrinterDevice): PrinterTransport {
  return d.connection.type === 'ipp'
    ? new IppTransport({ url: d.connection.url, timeoutMs: d.timeoutMs })
    : new RawTransport({ host: d.connection.host, port: d.connection.port, timeoutMs: d.timeoutMs });
}

export function printerEntry(d: PrinterDevice, profile: Record<string, unknown>, transport: PrinterTransport = transportFor(d)): PrinterEntry {
  const language = profile.language === 'pdf' ? 'pdf' : profile.language === 'zpl' || profile.language === undefined ? 'zpl' : undefined;
  if (!language) throw new GatewayError('CONFIG_INVALID', `printer ${d.id}: profile ${d.profile} has language '${String(profile.language)}'; zpl or pdf`);
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  return {
    id: d.id,
    carriers: d.carriers,
    stations: d.stations,
    language,
    transport,
    pollMs: d.pollMs,
    cjkFont: typeof profile.cjkFont === 'string' ? profile.cjkFont : undefined,
    labelWidthMm: num(profile.labelWidthMm),
    labelHeightMm: num(profile.labelHeightMm),
  };
}

export function createPrintService(
  config: SiteConfig,
  deps: { store: Store; log: Logger; profilesDir: string; labelsDir: string } & Pick<PrintServiceOptions, 'publishPrinter' | 'publishDevice'>,
): PrintService {
  const printers = config.devices
    .filter((d): d is PrinterDevice => d.kind === 'printer' && d.enabled)
    .map((d) => printerEntry(d, readProfile(deps.profilesDir, d.profile)));
  return new PrintService({
    store: deps.store,
    printers,
    plan: { carriers: config.carriers.list, zones: config.carriers.zones, rules: config.carriers.rules },
    templates: loadTemplates(deps.labelsDir),
    log: deps.log,
    ...(deps.publishPrinter ? { publishPrinter: deps.publishPrinter } : {}),
    ...(deps.publishDevice ? { publishDevice: deps.publishDevice } : {}),
  });
}

/** Add the printing section to a /health report; unhealthy printers or stuck labels degrade it. */
export function withPrintHealth<R extends { status: string; problems: string[] }>(report: R, print: PrintService | undefined): R {
  if (!print) return report;
  const h = print.health();
  const status = report.status === 'ok' && h.status !== 'ok' ? 'degraded' : report.status;
  return { ...report, status, problems: [...report.problems, ...h.problems.filter((p) => !report.problems.includes(p))], printing: h };
}

export function registerPrintGauges(metrics: Metrics, print: PrintService | undefined): void {
  if (!print) return;
  metrics.gauge('wg_print_jobs_submitted_total', 'Labels queued by this process', () => print.stats.submitted, 'counter');
  metrics.gauge('wg_print_jobs_printed_total', 'Labels printed by this process', () => print.stats.printed, 'counter');
  metrics.gauge('wg_print_jobs_moved_total', 'Labels moved to a sibling printer', () => print.stats.moved, 'counter');
  metrics.gauge('wg_print_jobs_failed_total', 'Labels that need a person (reprint)', () => print.stats.failed, 'counter');
  metrics.gauge('wg_printer_up', '1 when the printer is ready to print', () => print.printers().map((p) => ({ labels: { printer: p.id }, value: p.healthy ? 1 : 0 })));
  metrics.gauge('wg_printer_queue', 'Open labels per printer', () => print.printers().map((p) => ({ labels: { printer: p.id }, value: p.queue.queued + p.queue.sending + p.queue.sent })));
}
