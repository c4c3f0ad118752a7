/**
 * The ERP simulator's state: what it serves (products, locations, orders, ASNs, returns as
 * change feeds read by cursor) and what it received (events deduplicated by id, with
 * per-stream seq bookkeeping), plus the faults it is told to inject.
 */

export interface ReceivedEvent {
  id: string;
  seq: number;
  type: string;
  site: string;
  gateway: string | null;
  occurred_at: string;
  data?: unknown;
  received_at: string;
}

export interface Faults {
  /** Delay every contract request (events and downloads) by this many ms */
  latencyMs?: number;
  /** Answer POST /events with `status` (default 500), `count` times (absent: until cleared) */
  fail?: { status?: number; count?: number };
  /** Answer POST /events 429 with Retry-After: retryAfterS, `count` times */
  throttle?: { retryAfterS?: number; count?: number };
  /**
   * Close the connection after reading a batch, without answering, `count` times. `after`:
   * 'store' (default: the batch was stored, the ambiguous case) or 'read' (it was not).
   */
  drop?: { after?: 'store' | 'read'; count?: number };
  /** Reject these events (by id or type) with this code */
  reject?: { ids?: string[]; types?: string[]; code?: string; message?: string };
  /** Every contract request answers 503 */
  down?: boolean;
}

/** A growable bitset of seen seqs per stream: finds gaps and repeated seqs at any volume. */
class SeqBits {
  private bits = new Uint8Array(1024);
  has(n: number): boolean {
    const i = n >> 3;
    return i < this.bits.length && ((this.bits[i] ?? 0) & (1 << (n & 7))) !== 0;
  }
  add(n: number): void {
    const i = n >> 3;
    if (i >= this.bits.length) {
      const grown = new Uint8Array(Math.max(i + 1, this.bits.length * 2));
      grown.set(this.bits);
      this.bits = grown;
    }
    this.bits[i] = (this.bits[i] ?? 0) | (1 << (n & 7));
  }
}

export interface StreamStats {
  count: number;
  max_seq: number;
  /** seq numbers below max_seq never received (rejected events count here too) */
  missing: number;
  /** events accepted with a seq lower than one accepted before */
  out_of_order: number;
  /** different ids with a seq already seen */
  seq_repeats: number;
}

interface Feed {
  ver: number;
  entries: { ver: number; key: string; item: Record<string, unknown> }[];
  latest: Map<string, { ver: number; item: Record<string, unknown> }>;
}

export const RESOURCES = ['products', 'locations', 'orders', 'asns', 'returns'] as const;
export type Resource = (typeof RESOURCES)[number];
const keyOf = (resource: Resource, item: Record<string, unknown>) => String(resource === 'products' ? item.sku : item.id);

export interface SeedData {
  products?: Record<string, unknown>[];
  locations?: Record<string, unknown>[];
  orders?: Record<string, unknown>[];
  asns?: Record<string, unknown>[];
  returns?: Record<string, unknown>[];
  faults?: Faults;
}

export class ErpState {
  /** First receipt of each id, in order of arrival */
  readonly received: ReceivedEvent[] = [];
  private readonly byId = new Map<string, number>();
  private readonly streams = new Map<string, { stats: StreamStats; bits: SeqBits }>();
  readonly counters = { posts: 0, events: 0, accepted: 0, duplicates: 0, rejected: 0, dropped_connections: 0, faulted_requests: 0, gets: 0 };
  faults: Faults = {};
  private readonly feeds = new Map<Resource, Feed>(RESOURCES.map((r) => [r, { ver: 0, entries: [], latest: new Map() }]));
  private lastStamp = 0;

  constructor(private readonly options: { keepData: boolean } = { keepData: true }) {}

  seed(data: SeedData): Record<Resource, number> {
    const counts = {} as Record<Resource, number>;
    for (const r of RESOURCES) {
      const items = data[r] ?? [];
      for (const item of items) this.upsert(r, item);
      counts[r] = items.length;
    }
    if (data.faults) this.faults = data.faults;
    return counts;
  }

  /** Monotonic ISO timestamps (an update always looks newer than the one before). */
  stamp(): string {
    this.lastStamp = Math.max(Date.now(), this.lastStamp + 1);
    return new Date(this.lastStamp).toISOString();
  }

  upsert(resource: Resource, item: Record<string, unknown>): void {
    const feed = this.feeds.get(resource) as Feed;
    const stored = resource === 'products' || resource === 'locations' || 'updated_at' in item ? item : { ...item, updated_at: this.stamp() };
    const ver = ++feed.ver;
    const key = keyOf(resource, stored);
    feed.entries.push({ ver, key, item: stored });
    feed.latest.set(key, { ver, item: stored });
  }

  get(resource: Resource, key: string): Record<string, unknown> | undefined {
    return this.feeds.get(resource)?.latest.get(key)?.item;
  }

  cancelOrder(id: string): Record<string, unknown> | undefined {
    const order = this.get('orders', id);
    if (!order) return undefined;
    const cancelled = { ...order, status: 'cancelled', updated_at: this.stamp() };
    this.upsert('orders', cancelled);
    return cancelled;
  }

  /** Items changed after `cursor`, latest version of each only; cursor = the feed version. */
  page(resource: Resource, cursor: string | null, limit: number): { items: Record<string, unknown>[]; next_cursor: string | null } {
    const feed = this.feeds.get(resource) as Feed;
    const after = cursor === null ? 0 : Number(cursor);
    if (!Number.isInteger(after) || after < 0) throw new Error(`cursor '${cursor}' is not one this ERP gave out`);
    let lo = 0;
    let hi = feed.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((feed.entries[mid]?.ver ?? 0) <= after) lo = mid + 1;
      else hi = mid;
    }
    const items: Record<string, unknown>[] = [];
    let last = after;
    for (let i = lo; i < feed.entries.length && items.length < limit; i++) {
      const e = feed.entries[i] as Feed['entries'][number];
      last = e.ver;
      if (feed.latest.get(e.key)?.ver === e.ver) items.push(e.item);
    }
    return { items, next_cursor: last === 0 ? null : String(last) };
  }

  /** Take one batch: each event accepted, duplicate or rejected (DESIGN §7). */
  receive(events: unknown[]): { accepted: string[]; duplicates: string[]; rejected: { id: string; code: string; message: string }[] } {
    const accepted: string[] = [];
    const duplicates: string[] = [];
    const rejected: { id: string; code: string; message: string }[] = [];
    const now = new Date().toISOString();
    const reject = this.faults.reject;
    const rejectIds = reject?.ids ? new Set(reject.ids) : undefined;
    for (const raw of events) {
      this.counters.events++;
      const e = raw as Record<string, unknown>;
      const id = typeof e?.id === 'string' ? e.id : undefined;
      if (id === undefined || id.length === 0) {
        rejected.push({ id: String(e?.id ?? ''), code: 'INVALID_EVENT', message: 'an event needs a string id' });
        this.counters.rejected++;
        continue;
      }
      const problem =
        !Number.isInteger(e.seq) || (e.seq as number) < 1
          ? 'seq must be a positive integer'
          : typeof e.type !== 'string' || e.type === ''
            ? 'type must be a non-empty string'
            : typeof e.site !== 'string' || e.site === ''
              ? 'site must be a non-empty string'
              : typeof e.occurred_at !== 'string' || Number.isNaN(Date.parse(e.occurred_at))
                ? 'occurred_at must be an ISO date'
                : undefined;
      if (problem) {
        rejected.push({ id, code: 'INVALID_EVENT', message: problem });
        this.counters.rejected++;
        continue;
      }
      if (this.byId.has(id)) {
        duplicates.push(id);
        this.counters.duplicates++;
        continue;
      }
      if (rejectIds?.has(id) || reject?.types?.includes(e.type as string)) {
        rejected.push({ id, code: reject?.code ?? 'REJECTED_BY_ERP', message: reject?.message ?? `the ERP refuses event ${id}` });
        this.counters.rejected++;
        continue;
      }
      const gateway = typeof e.gateway === 'string' ? e.gateway : null;
      const seq = e.seq as number;
      const ev: ReceivedEvent = { id, seq, type: e.type as string, site: e.site as string, gateway, occurred_at: e.occurred_at as string, received_at: now };
      if (this.options.keepData) ev.data = e.data;
      this.byId.set(id, this.received.length);
      this.received.push(ev);
      this.account(`${ev.site}/${gateway ?? ''}`, seq);
      accepted.push(id);
      this.counters.accepted++;
    }
    return { accepted, duplicates, rejected };
  }

  private account(stream: string, seq: number): void {
    let s = this.streams.get(stream);
    if (!s) {
      s = { stats: { count: 0, max_seq: 0, missing: 0, out_of_order: 0, seq_repeats: 0 }, bits: new SeqBits() };
      this.streams.set(stream, s);
    }
    const st = s.stats;
    if (s.bits.has(seq)) {
      st.seq_repeats++;
      return;
    }
    s.bits.add(seq);
    st.count++;
    if (seq < st.max_seq) st.out_of_order++;
    st.max_seq = Math.max(st.max_seq, seq);
    st.missing = st.max_seq - st.count;
  }

  stats() {
    return {
      ...this.counters,
      unique: this.received.length,
      streams: Object.fromEntries([...this.streams].map(([k, v]) => [k, { ...v.stats }])),
      faults: this.faults,
    };
  }

  /** Take one fault of a counted kind; true when it applies to this request. */
  take(kind: 'fail' | 'throttle' | 'drop'): boolean {
    const f = this.faults[kind];
    if (!f) return false;
    if (f.count === undefined) return true;
    if (f.count <= 0) return false;
    f.count--;
    if (f.count === 0) delete this.faults[kind];
    return true;
  }

  resetReceived(): void {
    this.received.length = 0;
    this.byId.clear();
    this.streams.clear();
    for (const k of Object.keys(this.counters) as (keyof typeof this.counters)[]) this.counters[k] = 0;
  }
}
