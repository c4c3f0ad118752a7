/**
 * IPP/2.0 (RFC 8011) with the `ipp` package's codec: Get-Printer-Attributes for health,
 * Print-Job to submit (job-name = our job key), Get-Job-Attributes to follow a job, Get-Jobs
 * to find a job by its key after a crash. HTTP is ours (fetch with a timeout), because the
 * package's own request helper has none and logs to stdout.
 */
import ipp from 'ipp';
import { PrinterError, type JobProgress, type PrintDocument, type PrinterReason, type PrinterStatus, type PrinterTransport } from './transport.ts';

export interface IppTransportOptions {
  /** ipp://host:port/path or ipps://... */
  url: string;
  /** Per request. Default 5000 ms */
  timeoutMs?: number;
  userName?: string;
  /** Injected HTTP (tests); default global fetch */
  fetch?: typeof fetch;
}

type Attrs = Record<string, unknown>;
type IppResponse = { statusCode?: string; [group: string]: unknown };

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined || v === null ? [] : [String(v)]);

/** RFC 8011 §5.4.12: '-report' and '-warning' do not stop printing; '-error' and bare keywords may. */
export function blockingReasons(reasons: readonly string[]): PrinterReason[] {
  const out: PrinterReason[] = [];
  for (const r of reasons) {
    if (r === 'none' || r.endsWith('-report') || r.endsWith('-warning')) continue;
    const bare = r.replace(/-error$/, '');
    if (bare === 'moving-to-paused' || bare === 'paused') out.push('paused');
    else if (bare === 'media-needed') out.push('media-empty');
    else out.push(bare);
  }
  return [...new Set(out)];
}

export class IppTransport implements PrinterTransport {
  readonly kind = 'ipp' as const;
  readonly address: string;
  private readonly httpUrl: string;
  private readonly printerUri: string;
  private readonly timeoutMs: number;
  private readonly userName: string;
  private readonly fetchFn: typeof fetch;
  private requestId = 0;

  constructor(options: IppTransportOptions) {
    const u = new URL(options.url);
    if (u.protocol !== 'ipp:' && u.protocol !== 'ipps:') throw new PrinterError('PRINTER_REFUSED', `not an ipp:// URL: ${options.url}`);
    const port = u.port || '631';
    this.printerUri = `${u.protocol}//${u.hostname}:${port}${u.pathname}`;
    this.httpUrl = `${u.protocol === 'ipps:' ? 'https' : 'http'}://${u.hostname}:${port}${u.pathname}`;
    this.address = this.printerUri;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.userName = options.userName ?? 'warehouse-gateway';
    this.fetchFn = options.fetch ?? fetch;
  }

  private async call(operation: string, attrs: Attrs, document?: Buffer): Promise<IppResponse> {
    this.requestId = (this.requestId % 0x7fffffff) + 1;
    const head = ipp.serialize({
      version: '2.0',
      operation,
      id: this.requestId,
      // RFC 8011 §4.1.4: charset, natural language, then the target, in this order.
      'operation-attributes-tag': {
        'attributes-charset': 'utf-8',
        'attributes-natural-language': 'en',
        'printer-uri': this.printerUri,
        'requesting-user-name': this.userName,
        ...attrs,
      },
    });
    let res: Response;
    try {
      res = await this.fetchFn(this.httpUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/ipp' },
        body: document ? Buffer.concat([head, document]) : head,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      if (e.name === 'TimeoutError') throw new PrinterError('PRINTER_TIMEOUT', `${this.address}: no answer to ${operation} in ${this.timeoutMs} ms`);
      // Refused or no route: the request never arrived. Anything else (reset mid-request) may have.
      const code = e.cause?.code ?? '';
      const never = ['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'].includes(code);
      throw new PrinterError(never ? 'PRINTER_UNREACHABLE' : 'PRINTER_BAD_REPLY', `${this.address}: ${code || e.message}`, { cause: err });
    }
    const body = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) throw new PrinterError('PRINTER_BAD_REPLY', `${this.address}: HTTP ${res.status} to ${operation}`);
    try {
      return ipp.parse(body) as IppResponse;
    } catch (err) {
      throw new PrinterError('PRINTER_BAD_REPLY', `${this.address}: unreadable IPP answer to ${operation}`, { cause: err });
    }
  }

  async status(): Promise<PrinterStatus> {
    let r: IppResponse;
    try {
      r = await this.call('Get-Printer-Attributes', {
        'requested-attributes': ['printer-state', 'printer-state-reasons', 'printer-is-accepting-jobs', 'queued-job-count', 'printer-state-message'],
      });
    } catch (err) {
      return { ready: false, state: 'offline', reasons: ['offline'], detail: (err as Error).message };
    }
    const a = (r['printer-attributes-tag'] ?? {}) as Attrs;
    const state = a['printer-state'] === 'stopped' ? 'stopped' : a['printer-state'] === 'processing' ? 'processing' : 'idle';
    const reasons = blockingReasons(list(a['printer-state-reasons']));
    if (state === 'stopped' && reasons.length === 0) reasons.push('stopped');
    if (a['printer-is-accepting-jobs'] === false) reasons.push('not-accepting-jobs');
    const message = typeof a['printer-state-message'] === 'string' && a['printer-state-message'] ? a['printer-state-message'] : undefined;
    return {
      ready: reasons.length === 0,
      state,
      reasons,
      ...(typeof a['queued-job-count'] === 'number' ? { queued: a['queued-job-count'] } : {}),
      ...(message ? { detail: message } : {}),
    };
  }

  async submit(doc: PrintDocument): Promise<{ ref: string }> {
    const r = await this.call('Print-Job', { 'job-name': doc.key, 'document-format': doc.format }, doc.data);
    const code = String(r.statusCode ?? '');
    const message = String(((r['operation-attributes-tag'] ?? {}) as Attrs)['status-message'] ?? code);
    if (code.startsWith('successful-ok')) {
      const id = ((r['job-attributes-tag'] ?? {}) as Attrs)['job-id'];
      if (typeof id !== 'number') throw new PrinterError('PRINTER_BAD_REPLY', `${this.address}: Print-Job succeeded without a job-id`);
      return { ref: String(id) };
    }
    // RFC 8011 §13.1.5: busy and unavailable are temporary; the rest is a refusal.
    if (code === 'server-error-busy' || code === 'server-error-service-unavailable' || code === 'server-error-temporary-error') {
      throw new PrinterError('PRINTER_BUSY', `${this.address}: ${message}`);
    }
    throw new PrinterError('PRINTER_REFUSED', `${this.address}: ${code}: ${message}`);
  }

  async jobState(ref: string): Promise<JobProgress> {
    let r: IppResponse;
    try {
      r = await this.call('Get-Job-Attributes', { 'job-id': Number(ref), 'requested-attributes': ['job-state', 'job-state-reasons', 'job-state-message'] });
    } catch (err) {
      return { state: 'unknown', detail: (err as Error).message };
    }
    if (r.statusCode === 'client-error-not-found') return { state: 'unknown', detail: `job ${ref} is not known to the printer` };
    const a = (r['job-attributes-tag'] ?? {}) as Attrs;
    const s = a['job-state'];
    const detail = list(a['job-state-reasons']).join(', ');
    // RFC 8011 §5.3.7 job-state
    if (s === 'completed') return { state: 'done' };
    if (s === 'aborted' || s === 'canceled') return { state: 'failed', ...(detail ? { detail } : {}) };
    if (typeof s === 'string') return { state: 'pending', ...(detail ? { detail } : {}) };
    return { state: 'unknown', detail: `no job-state for job ${ref}` };
  }

  async findJob(key: string): Promise<{ ref: string } | null> {
    const r = await this.call('Get-Jobs', { 'which-jobs': 'all', 'requested-attributes': ['job-id', 'job-name', 'job-state'] });
    if (!String(r.statusCode ?? '').startsWith('successful-ok')) {
      throw new PrinterError('PRINTER_BAD_REPLY', `${this.address}: Get-Jobs answered ${String(r.statusCode)}`);
    }
    const groups = r['job-attributes-tag'];
    const jobs = (Array.isArray(groups) ? groups : groups ? [groups] : []) as Attrs[];
    // A job the printer aborted or cancelled did not print: it may go elsewhere.
    const hit = jobs.find((j) => j['job-name'] === key && j['job-state'] !== 'aborted' && j['job-state'] !== 'canceled');
    return hit && typeof hit['job-id'] === 'number' ? { ref: String(hit['job-id']) } : null;
  }

  async close(): Promise<void> {
    // fetch keeps no state of ours.
  }
}
