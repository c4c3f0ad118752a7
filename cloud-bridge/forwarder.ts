/**
 * The outbox forwarder: sends committed events to the ERP in seq order, in batches (by count,
 * and by time: a short wait lets a trickle of events fill a batch), with exactly-once effect:
 * an event keeps its id across retries, and a row is marked delivered only after the ERP
 * answered accepted or duplicate for it. Rejected events become dead letters (with an alert
 * event) and the rest keep flowing. Everything else (5xx, 429 with Retry-After, timeouts,
 * resets, DNS) is retried with capped exponential backoff and jitter, forever: nothing is
 * dropped. One batch is in flight at a time and only one batch is held in memory, so memory
 * does not grow with the backlog.
 */
import type { Logger } from 'pino';
import { Backoff } from '../drivers/backoff.ts';
import type { PostOutcome } from './erp-client.ts';
import { realClock, type Clock, type OutboxPort, type PendingEvent, type Rejection } from './ports.ts';
import { RateWindow } from './rate.ts';

export interface ForwarderOptions {
  outbox: OutboxPort;
  client: { postEvents(body: string, signal?: AbortSignal): Promise<PostOutcome> };
  site: string;
  gateway: string;
  batchSize: number;
  batchDelayMs: number;
  retryInitialMs: number;
  retryMaxMs: number;
  /** Longest Retry-After honoured; a longer one is capped (and logged). Default 15 min */
  retryAfterCapMs?: number;
  log: Logger;
  clock?: Clock;
  random?: () => number;
}

export interface ForwarderStatus {
  state: 'starting' | 'idle' | 'sending' | 'waiting-retry' | 'stopped';
  /** false after a failed attempt, true after an answered one, null before the first */
  reachable: boolean | null;
  last_success_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  consecutive_failures: number;
  next_attempt_at: string | null;
  batch_limit: number;
  delivered_total: number;
  duplicates_total: number;
  dead_lettered_total: number;
  retries_total: number;
  batches_total: number;
  /** Events delivered per second over the last minute */
  rate_per_s: number;
}

export class Forwarder {
  private readonly o: ForwarderOptions;
  private readonly clock: Clock;
  private readonly backoff: Backoff;
  private readonly rate: RateWindow;
  private readonly log: Logger;
  private cursor = 0;
  private limit: number;
  private wakeResolve: (() => void) | undefined;
  private woken = false;
  private rescanRequested = false;
  private readonly stopper = new AbortController();
  private loop: Promise<void> | undefined;
  private readonly s: ForwarderStatus;
  private failingSince: number | undefined;
  /** Rows the ERP acknowledged whose marking waits until the next batch is on the wire. */
  private deferred: number[] | undefined;

  constructor(options: ForwarderOptions) {
    this.o = options;
    this.clock = options.clock ?? realClock;
    this.log = options.log;
    this.limit = options.batchSize;
    this.backoff = new Backoff({ initialMs: options.retryInitialMs, maxMs: options.retryMaxMs, jitter: 0.5, ...(options.random ? { random: options.random } : {}) });
    this.rate = new RateWindow(60, () => this.clock.now());
    this.s = {
      state: 'starting',
      reachable: null,
      last_success_at: null,
      last_error: null,
      last_error_at: null,
      consecutive_failures: 0,
      next_attempt_at: null,
      batch_limit: this.limit,
      delivered_total: 0,
      duplicates_total: 0,
      dead_lettered_total: 0,
      retries_total: 0,
      batches_total: 0,
      rate_per_s: 0,
    };
  }

  start(): void {
    this.loop ??= this.run().catch((err: unknown) => {
      // Only a store failure gets here (the ERP's failures are outcomes, not throws).
      this.log.error({ err }, 'forwarder: stopped by an unexpected error');
      this.s.state = 'stopped';
      this.s.last_error = `stopped: ${(err as Error).message}`;
    });
  }

  /** New events were committed (or the link may be back): look now. */
  wake(): void {
    this.woken = true;
    this.wakeResolve?.();
  }

  /** Dead letters were handed back: read the outbox from its start again. */
  rescan(): void {
    this.rescanRequested = true;
    this.wake();
  }

  status(): ForwarderStatus {
    return { ...this.s, batch_limit: this.limit, rate_per_s: Math.round(this.rate.perSecond() * 10) / 10 };
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    this.wakeResolve?.();
    await this.loop;
    this.s.state = 'stopped';
  }

  private get stopped(): boolean {
    return this.stopper.signal.aborted;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      if (this.rescanRequested) {
        this.rescanRequested = false;
        this.cursor = 0;
      }
      this.woken = false;
      let batch = this.o.outbox.pending(this.cursor, this.limit);
      if (batch.length === 0) {
        this.flushDeferred();
        this.s.state = 'idle';
        await this.waitForWake();
        continue;
      }
      if (batch.length < this.limit && this.o.batchDelayMs > 0) {
        // Let a trickle fill the batch: wait until the first event is batchDelayMs old.
        const age = Date.now() - Date.parse(batch[0]?.created_at ?? '');
        const wait = Number.isFinite(age) ? Math.min(this.o.batchDelayMs, this.o.batchDelayMs - age) : this.o.batchDelayMs;
        if (wait > 0) {
          this.flushDeferred();
          await this.clock.sleep(wait, this.stopper.signal);
          if (this.stopped) break;
          batch = this.o.outbox.pending(this.cursor, this.limit);
          if (batch.length === 0) continue;
        }
      }
      this.s.state = 'sending';
      const answer = this.o.client.postEvents(this.body(batch), this.stopper.signal);
      // Mark the previous batch while this one travels (its answer is already in hand).
      this.flushDeferred();
      const outcome = await answer;
      if (this.stopped && outcome.kind === 'retry') break;
      await this.handle(batch, outcome);
    }
    this.flushDeferred();
    this.s.state = 'stopped';
  }

  private flushDeferred(): void {
    const seqs = this.deferred;
    if (!seqs) return;
    this.deferred = undefined;
    this.o.outbox.settle(seqs, [], new Date());
  }

  private async handle(batch: PendingEvent[], outcome: PostOutcome): Promise<void> {
    this.s.batches_total++;
    const last = batch[batch.length - 1] as PendingEvent;
    switch (outcome.kind) {
      case 'answer': {
        const bySeq = new Map<string, PendingEvent>(batch.map((e) => [e.id, e]));
        const delivered: number[] = [];
        const rejected: Rejection[] = [];
        const resolved = new Set<string>();
        for (const id of outcome.answer.accepted) {
          const e = bySeq.get(id);
          if (e && !resolved.has(id)) (delivered.push(e.seq), resolved.add(id));
        }
        let dups = 0;
        for (const id of outcome.answer.duplicates) {
          const e = bySeq.get(id);
          if (e && !resolved.has(id)) (delivered.push(e.seq), resolved.add(id), dups++);
        }
        for (const r of outcome.answer.rejected) {
          const e = bySeq.get(r.id);
          if (e && !resolved.has(r.id)) (rejected.push({ event: e, code: r.code, message: r.message }), resolved.add(r.id));
        }
        const missing = batch.find((e) => !resolved.has(e.id));
        if (rejected.length === 0 && !missing && batch.length === this.limit && this.deferred === undefined) {
          // Backlog mode: the marks are written while the next batch is on the wire.
          this.deferred = delivered;
        } else {
          this.flushDeferred();
          this.o.outbox.settle(delivered, rejected, new Date());
        }
        this.recordSuccess(delivered.length, dups, rejected);
        if (missing) {
          // The ERP left some ids out: they were not delivered. Resume from the first of them.
          this.cursor = missing.seq - 1;
          await this.retryLater(batch, { reason: `the ERP answered without ${batch.length - resolved.size} of the ${batch.length} event ids` });
          return;
        }
        this.cursor = last.seq;
        this.limit = Math.min(this.o.batchSize, this.limit * 2);
        return;
      }
      case 'too-large':
        if (batch.length > 1) {
          this.limit = Math.max(1, Math.floor(batch.length / 2));
          this.log.warn({ status: outcome.status, limit: this.limit }, 'forwarder: the ERP refused the batch as too large; sending fewer events at a time');
          return;
        }
        return this.deadLetterAlone(batch, 'TOO_LARGE', outcome.reason);
      case 'refused':
        if (batch.length > 1) {
          // One event spoils the batch: halve until it is alone, then dead-letter it.
          this.limit = Math.max(1, Math.floor(batch.length / 2));
          this.log.warn({ status: outcome.status, code: outcome.code, reason: outcome.reason, limit: this.limit }, 'forwarder: the ERP refused a whole batch; narrowing it down');
          return;
        }
        return this.deadLetterAlone(batch, outcome.code, outcome.reason);
      case 'retry':
        return this.retryLater(batch, outcome);
    }
  }

  private deadLetterAlone(batch: PendingEvent[], code: string, message: string): void {
    const e = batch[0] as PendingEvent;
    this.flushDeferred();
    this.o.outbox.settle([], [{ event: e, code, message }], new Date());
    this.recordSuccess(0, 0, [{ event: e, code, message }]);
    this.cursor = e.seq;
  }

  private recordSuccess(delivered: number, duplicates: number, rejected: readonly Rejection[]): void {
    const now = this.clock.now();
    if (this.failingSince !== undefined) {
      this.log.info({ downForS: Math.round((now - this.failingSince) / 1000), failedAttempts: this.s.consecutive_failures }, 'forwarder: the ERP answers again');
      this.failingSince = undefined;
    }
    this.backoff.reset();
    this.s.reachable = true;
    this.s.consecutive_failures = 0;
    this.s.next_attempt_at = null;
    this.s.last_success_at = new Date(now).toISOString();
    this.s.delivered_total += delivered;
    this.s.duplicates_total += duplicates;
    this.s.dead_lettered_total += rejected.length;
    this.rate.add(delivered);
    for (const r of rejected) {
      this.log.error({ seq: r.event.seq, id: r.event.id, type: r.event.type, code: r.code, reason: r.message }, 'forwarder: the ERP rejected an event; it is a dead letter now');
    }
  }

  private async retryLater(batch: PendingEvent[], outcome: { reason: string; status?: number; retryAfterMs?: number }): Promise<void> {
    this.flushDeferred();
    const now = this.clock.now();
    let delay = this.backoff.next();
    if (outcome.retryAfterMs !== undefined) {
      const cap = this.o.retryAfterCapMs ?? 15 * 60_000;
      if (outcome.retryAfterMs > cap) this.log.warn({ retryAfterMs: outcome.retryAfterMs, capMs: cap }, 'forwarder: Retry-After is longer than the cap; waiting the cap');
      delay = Math.max(delay, Math.min(outcome.retryAfterMs, cap));
    }
    this.s.reachable = false;
    this.s.retries_total++;
    this.s.consecutive_failures++;
    this.s.last_error = outcome.reason;
    this.s.last_error_at = new Date(now).toISOString();
    this.s.next_attempt_at = new Date(now + delay).toISOString();
    this.s.state = 'waiting-retry';
    const fields = { reason: outcome.reason, status: outcome.status, batch: batch.length, firstSeq: batch[0]?.seq, retryInMs: delay, attempt: this.s.consecutive_failures };
    if (this.failingSince === undefined) {
      this.failingSince = now;
      this.log.warn(fields, 'forwarder: delivery failed; retrying with backoff');
    } else if (this.s.consecutive_failures % 20 === 0) {
      this.log.warn(fields, 'forwarder: delivery still failing');
    } else {
      this.log.debug(fields, 'forwarder: delivery failed again');
    }
    this.o.outbox.recordFailure(
      batch.map((e) => e.seq),
      outcome.reason,
    );
    await this.clock.sleep(delay, this.stopper.signal);
  }

  private waitForWake(): Promise<void> {
    if (this.woken || this.stopped) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.wakeResolve = () => {
        this.wakeResolve = undefined;
        resolve();
      };
    });
  }

  /** `{"events":[...]}` built from the stored JSON text of each event's data (no re-parse). */
  private body(batch: readonly PendingEvent[]): string {
    const site = JSON.stringify(this.o.site);
    const gw = JSON.stringify(this.o.gateway);
    const parts = new Array<string>(batch.length);
    for (let i = 0; i < batch.length; i++) {
      const e = batch[i] as PendingEvent;
      parts[i] =
        `{"id":${JSON.stringify(e.id)},"type":${JSON.stringify(e.type)},"site":${site},"gateway":${gw},"seq":${e.seq},` +
        `"occurred_at":${JSON.stringify(e.occurred_at)},"data":${e.data_json}}`;
    }
    return `{"events":[${parts.join(',')}]}`;
  }
}
