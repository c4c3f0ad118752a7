/**
 * What the cloud bridge needs from the rest of the gateway, as interfaces it owns (DESIGN §3:
 * the bridge talks to the store through the outbox and cursor interfaces, never the API).
 * The composition root passes SQLite implementations (gateway/store/delivery.sqlite.ts,
 * gateway/store/orders.sqlite.ts); tests may pass in-memory ones.
 */
import type { ErpAsn, ErpLocation, ErpOrder, ErpProduct, ErpReturn } from './erp-schemas.ts';

/** An outbox row waiting for the ERP. `data_json` is the stored JSON text, sent as is. */
export interface PendingEvent {
  seq: number;
  id: string;
  type: string;
  occurred_at: string;
  data_json: string;
  created_at: string;
}

export interface Rejection {
  event: PendingEvent;
  code: string;
  message: string;
}

export interface Backlog {
  /** Events neither delivered nor dead-lettered */
  count: number;
  /** created_at of the oldest of them */
  oldestCreatedAt: string | null;
  /** Dead letters waiting for an admin */
  deadLetters: number;
}

export interface OutboxPort {
  /** Undelivered, not dead-lettered events with seq > afterSeq, in seq order, at most `limit`. */
  pending(afterSeq: number, limit: number): PendingEvent[];
  /**
   * Record an ERP answer in one transaction: `delivered` rows are marked delivered,
   * `rejected` rows become dead letters (each with an alert event).
   */
  settle(delivered: readonly number[], rejected: readonly Rejection[], at: Date): void;
  /** Count a failed attempt on these rows (attempts, last_error). */
  recordFailure(seqs: readonly number[], error: string): void;
  backlog(): Backlog;
}

export const RESOURCES = ['locations', 'products', 'orders', 'asns', 'returns'] as const;
export type Resource = (typeof RESOURCES)[number];

export interface ItemsOf {
  locations: ErpLocation;
  products: ErpProduct;
  orders: ErpOrder;
  asns: ErpAsn;
  returns: ErpReturn;
}

export interface PageResult {
  /** Items that changed something locally */
  applied: number;
  /** Items already applied (same content), or older than what is stored */
  unchanged: number;
}

/** Where downloaded items go; each page and its cursor commit together. */
export interface DownloadSink {
  cursor(resource: Resource): string | null;
  applyPage<R extends Resource>(resource: R, items: readonly ItemsOf[R][], nextCursor: string | null): PageResult;
  /** After a pass: retry reserving orders that were short. Returns how many became reserved. */
  afterSync(): number;
}

export interface Clock {
  now(): number;
  /** Resolves after `ms`, or early (without error) when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    }),
};
