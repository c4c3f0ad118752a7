/**
 * A reader's message from the bus (wh/{site}/rfid/{reader}/...), checked where it enters:
 * JSON, the payload's shape, and that the payload names the reader of its topic. A message
 * that fails is counted (by reason) and logged at most every 5 s, and dropped; nothing else
 * is lost. Shared by the portal (reads), the zone readers (reads) and the door sensors (GPI).
 */
import type { Logger } from 'pino';
import type { ZodType } from 'zod';
import type { Counter } from '../metrics.ts';

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** A zod schema as a check: the first three problems, with their paths. */
export function zodCheck<T>(schema: ZodType<T>): (json: unknown) => Checked<T> {
  return (json) => {
    const r = schema.safeParse(json);
    return r.success ? { ok: true, value: r.data } : { ok: false, error: r.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  };
}

export type DropReason = 'json' | 'schema' | 'reader-mismatch';

export interface ReaderInputOptions<T> {
  check: (json: unknown) => Checked<T>;
  bad: Counter;
  log: Logger;
  /** The warning logged (rate-limited) for a dropped message */
  message: string;
  /** The counter's labels for a drop; default { reason } */
  labels?: (reason: DropReason, reader: string) => Record<string, string>;
}

export class ReaderInput<T extends { reader: string }> {
  private lastLog = 0;

  constructor(private readonly opts: ReaderInputOptions<T>) {}

  /** The checked payload, or undefined when it was dropped (counted and logged). */
  parse(readerFromTopic: string, payload: Buffer): T | undefined {
    let json: unknown;
    try {
      json = JSON.parse(payload.toString('utf8'));
    } catch {
      return this.drop('json', readerFromTopic, 'not JSON');
    }
    const r = this.opts.check(json);
    if (!r.ok) return this.drop('schema', readerFromTopic, r.error);
    if (r.value.reader !== readerFromTopic) return this.drop('reader-mismatch', readerFromTopic, `payload reader '${r.value.reader}' on the topic of '${readerFromTopic}'`);
    return r.value;
  }

  private drop(reason: DropReason, reader: string, detail: string): undefined {
    this.opts.bad.inc(this.opts.labels ? this.opts.labels(reason, reader) : { reason });
    const now = Date.now();
    if (now - this.lastLog > 5000) {
      this.lastLog = now;
      this.opts.log.warn({ reader, reason, detail }, this.opts.message);
    }
    return undefined;
  }
}
