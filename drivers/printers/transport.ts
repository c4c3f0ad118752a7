/**
 * The printer-transport seam (STYLE "hardware seam as a types-only interface"): IPP and raw
 * TCP 9100 look the same to the print service. One contract suite (transport.contract.ts)
 * holds every implementation to the same behaviour.
 *
 * A job's life on a transport: `submit` hands the document over and returns the printer's
 * reference for it; `jobState(ref)` follows it to done or failed; after a crash between
 * "about to submit" and "submitted", `findJob(key)` asks the printer whether it has it, so
 * the service never prints a label twice.
 */

/** Printer condition keywords: the IPP vocabulary (RFC 8011 §5.4.12, PWG 5100.x) for every transport. */
export type PrinterReason =
  | 'media-empty' // paper (labels) out; ZPL ~HS string 1 field b
  | 'paused' // ZPL ~HS string 1 field c; IPP printer paused
  | 'cover-open' // print head open; ZPL ~HS string 2 field o
  | 'marker-supply-empty' // ribbon out; ZPL ~HS string 2 field p
  | 'media-jam'
  | 'buffer-full' // ZPL ~HS string 1 field f
  | 'stopped' // IPP printer-state stopped (other reasons unknown)
  | 'not-accepting-jobs' // IPP printer-is-accepting-jobs false
  | 'offline' // no connection
  | (string & {});

export interface PrinterStatus {
  /** true when a job sent now would print */
  ready: boolean;
  /** idle, processing (busy with a job), stopped (cannot print), offline (unreachable) */
  state: 'idle' | 'processing' | 'stopped' | 'offline';
  reasons: PrinterReason[];
  /** Jobs the printer itself still holds (IPP queued-job-count, ZPL formats in the receive buffer) */
  queued?: number;
  detail?: string;
}

export type DocumentFormat = 'application/pdf' | 'application/vnd.zebra-zpl' | 'text/plain';

export interface PrintDocument {
  /** Our job key: unique per job, stable across retries (IPP job-name, ZPL marker) */
  key: string;
  format: DocumentFormat;
  data: Buffer;
}

export type JobState = 'pending' | 'done' | 'failed' | 'unknown';

export interface JobProgress {
  state: JobState;
  detail?: string;
}

export interface PrinterTransport {
  readonly kind: 'ipp' | 'raw';
  /** Where it prints, for logs and /health (never contains secrets) */
  readonly address: string;
  status(): Promise<PrinterStatus>;
  /**
   * Hand a document over. Rejects with PrinterError: PRINTER_UNREACHABLE (no connection: nothing
   * was delivered), PRINTER_BUSY (refused for now), PRINTER_REFUSED (refused for good); any
   * other code (TIMEOUT, BAD_REPLY) means the printer may have it: ask with findJob.
   */
  submit(doc: PrintDocument): Promise<{ ref: string }>;
  /** Follow a submitted job. 'unknown': the printer no longer knows it (restarted) or cannot be asked now. */
  jobState(ref: string): Promise<JobProgress>;
  /** After a crash: does the printer have the job with this key? null when it surely does not. */
  findJob(key: string): Promise<{ ref: string } | null>;
  close(): Promise<void>;
}

export type PrinterErrorCode = 'PRINTER_UNREACHABLE' | 'PRINTER_BUSY' | 'PRINTER_REFUSED' | 'PRINTER_TIMEOUT' | 'PRINTER_BAD_REPLY';

/** drivers/ cannot import the gateway's error base; the service maps these by `code`. */
export class PrinterError extends Error {
  readonly code: PrinterErrorCode;
  constructor(code: PrinterErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PrinterError';
    this.code = code;
  }
}
