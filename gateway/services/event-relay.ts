/**
 * Publishes committed outbox events on the bus (`wh/{site}/event/{type}`, QoS 1), in seq
 * order, and marks them published. It wakes on every commit and at start (a crash between
 * commit and publish leaves rows unpublished: they go out at the next start). The bus
 * copy is a notification; the outbox row stays until the ERP acknowledges it.
 */
import type { Logger } from 'pino';

import type { Topics } from '../bus/topics.ts';
import type { OutboxEvent, Store } from '../store/store.ts';
import { markPublished, unpublishedEvents } from '../store/outbox.sqlite.ts';

/** Where events go: the bus client, or the embedded broker's in-process publisher. */
export interface EventPublisher {
  readonly connected: boolean;
  publish(topic: string, payload: unknown, options: { qos?: 0 | 1 }): Promise<void>;
}

export class EventRelay {
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private stopping = false;
  private retryTimer: NodeJS.Timeout | undefined;
  /**
   * While `caughtUp`, `queue` holds every unpublished event, in seq order, as the commits
   * handed them over: no need to read them back from the store. Set when a store read found
   * all there was; cleared by a failed publish (the store is the truth again).
   */
  private caughtUp = false;
  private queue: OutboxEvent[] = [];
  published = 0;

  constructor(
    private readonly store: Store,
    private readonly bus: EventPublisher,
    private readonly topics: Topics,
    private readonly log: Logger,
    private readonly batch = 200,
  ) {}

  /** Events of a commit, right after it (Store.onCommit). */
  committed(events: readonly OutboxEvent[]): void {
    if (this.caughtUp) for (const e of events) this.queue.push(e);
    this.kick();
  }

  /**
   * Publish whatever the store holds unpublished (at start, after a reconnect, or when rows
   * were committed without passing through committed()).
   */
  wake(): void {
    this.caughtUp = false;
    this.queue = [];
    this.kick();
  }

  /** Ask for a drain; concurrent calls coalesce into one more pass. */
  private kick(): void {
    if (this.stopped || this.stopping) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again && !this.stopped && !this.stopping) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async drain(): Promise<void> {
    while (!this.stopped) {
      if (!this.bus.connected) {
        // The reconnect wakes us; until then the store keeps what commits add.
        this.caughtUp = false;
        this.queue = [];
        return;
      }

      let events: OutboxEvent[];
      if (this.caughtUp) events = this.queue.splice(0, this.batch);
      else {
        events = unpublishedEvents(this.store, this.batch);
        // Everything unpublished is in hand: from here, commits queue their events (no await
        // between the read and this line, so no commit falls in between).
        if (events.length < this.batch) this.caughtUp = true;
      }
      if (events.length === 0) return;
      try {
        await Promise.all(events.map((e) => this.bus.publish(this.topics.event(e.type), { v: 1, ...e }, { qos: 1 })));
      } catch (err) {
        this.caughtUp = false;
        this.queue = [];
        this.log.warn({ err: (err as Error).message }, 'event relay: publish failed; retrying in 1 s');
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => this.kick(), 1000);
        this.retryTimer.unref();
        return;
      }
      if (this.stopped && !this.store.db.open) return;
      markPublished(this.store, events.map((e) => e.seq));
      this.published += events.length;
    }
  }

  /** Publish what is still unpublished (the API and devices are closed by now), then stop. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retryTimer);
    while (this.running) await this.running;
    this.caughtUp = false; // the last pass reads the store itself
    this.queue = [];
    try {
      await this.drain();
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'event relay: final publish failed; the next start publishes the rest');
    }
    this.stopped = true;
  }
}
