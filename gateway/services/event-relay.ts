/**
 * Publishes committed outbox events on the bus (`wh/{site}/event/{type}`, QoS 1), in seq
 * order, and marks them published. It wakes on every commit and at start (a crash between
 * commit and publish leaves rows unpublished: they go out at the next start). The bus
 * copy is a notification; the outbox row stays until the ERP acknowledges it.
 */
import type { Logger } from 'pino';
import type { BusClient } from '../bus/client.ts';
import type { Topics } from '../bus/topics.ts';
import type { Store } from '../store/store.ts';
import { markPublished, unpublishedEvents } from '../store/outbox.sqlite.ts';

export class EventRelay {
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private stopping = false;
  private retryTimer: NodeJS.Timeout | undefined;
  published = 0;

  constructor(
    private readonly store: Store,
    private readonly bus: BusClient,
    private readonly topics: Topics,
    private readonly log: Logger,
    private readonly batch = 200,
  ) {}

  /** Ask for a drain; concurrent calls coalesce into one more pass. */
  wake(): void {
    if (this.stopped || this.stopping) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again && !this.stopped && !this.stopping) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async drain(): Promise<void> {
    while (!this.stopped) {
      if (!this.bus.connected) return; // the reconnect wakes us

      const events = unpublishedEvents(this.store, this.batch);
      if (events.length === 0) return;
      try {
        await Promise.all(events.map((e) => this.bus.publish(this.topics.event(e.type), { v: 1, ...e }, { qos: 1 })));
      } catch (err) {
        this.log.warn({ err: (err as Error).message }, 'event relay: publish failed; retrying in 1 s');
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => this.wake(), 1000);
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
    try {
      await this.drain();
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'event relay: final publish failed; the next start publishes the rest');
    }
    this.stopped = true;
  }
}
