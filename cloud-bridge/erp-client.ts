/**
 * HTTP client of the ERP contract (DESIGN §7). It never throws for what the network or the
 * ERP does: every call returns an outcome the forwarder and the downloader act on.
 * Retryable: 5xx, 408, 429 (with Retry-After), timeouts, resets, refused connections, DNS
 * failures, and answers that do not parse (the ERP may be half-deployed).
 */
import http from 'node:http';
import https from 'node:https';
import { EventsAnswer, PageAnswer } from './erp-schemas.ts';

export interface ErpClientOptions {
  baseUrl: string;
  token?: string | undefined;
  timeoutMs: number;
  userAgent?: string;
  /** Parallel connections kept alive to the ERP. Default 2 (one forwarder, one downloader) */
  maxSockets?: number;
}

export type PostOutcome =
  | { kind: 'answer'; answer: EventsAnswer }
  | { kind: 'retry'; reason: string; status?: number; retryAfterMs?: number }
  /** 413: the batch is too large for the ERP; send fewer events at a time */
  | { kind: 'too-large'; status: number; reason: string }
  /** 400/422 for the whole batch: one of its events is unacceptable */
  | { kind: 'refused'; status: number; code: string; reason: string };

export type PageOutcome =
  | { kind: 'page'; items: unknown[]; nextCursor: string | null }
  | { kind: 'retry'; reason: string; status?: number; retryAfterMs?: number };

export class ErpClient {
  private readonly base: string;
  private readonly headers: Record<string, string>;
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;

  constructor(private readonly options: ErpClientOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
    // node:http with a keep-alive agent: no per-request allocations beyond the body and the answer.
    this.transport = this.base.startsWith('https:') ? https : http;
    this.agent = new this.transport.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 2 });
    this.headers = {
      Accept: 'application/json',
      'User-Agent': options.userAgent ?? 'warehouse-gateway',
      ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
    };
  }

  get baseUrl(): string {
    return this.base;
  }

  /** POST {base}/api/v1/events with an already serialised `{ "events": [...] }` body. */
  async postEvents(body: string, signal?: AbortSignal): Promise<PostOutcome> {
    const res = await this.request(`${this.base}/api/v1/events`, { method: 'POST', body, headers: { ...this.headers, 'Content-Type': 'application/json' } }, signal);
    if ('failure' in res) return { kind: 'retry', reason: res.failure };
    const { status, text, retryAfterMs } = res;
    if (status === 200 || status === 201) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return { kind: 'retry', status, reason: `the ERP answered ${status} with a body that is not JSON` };
      }
      const parsed = EventsAnswer.safeParse(json);
      if (!parsed.success) return { kind: 'retry', status, reason: `the ERP answered ${status} without accepted/duplicates/rejected lists` };
      return { kind: 'answer', answer: parsed.data };
    }
    const detail = errorDetail(text);
    if (status === 413) return { kind: 'too-large', status, reason: `413 ${detail.message}` };
    if (status === 400 || status === 422) return { kind: 'refused', status, code: detail.code ?? `HTTP_${status}`, reason: `${status} ${detail.message}` };
    return {
      kind: 'retry',
      status,
      reason: `${status} ${detail.message}${status === 401 || status === 403 ? ' (check cloud.token)' : ''}`,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }

  /** GET {base}/api/v1/{resource}?cursor=C&limit=N */
  async getPage(resource: string, cursor: string | null, limit: number, signal?: AbortSignal): Promise<PageOutcome> {
    const q = new URLSearchParams({ limit: String(limit) });
    if (cursor !== null) q.set('cursor', cursor);
    const res = await this.request(`${this.base}/api/v1/${resource}?${q}`, { method: 'GET', headers: this.headers }, signal);
    if ('failure' in res) return { kind: 'retry', reason: res.failure };
    const { status, text, retryAfterMs } = res;
    if (status !== 200) {
      return { kind: 'retry', status, reason: `${status} ${errorDetail(text).message}`, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { kind: 'retry', status, reason: `GET ${resource}: the body is not JSON` };
    }
    const parsed = PageAnswer.safeParse(json);
    if (!parsed.success) return { kind: 'retry', status, reason: `GET ${resource}: the answer has no items list` };
    return { kind: 'page', items: parsed.data.items, nextCursor: parsed.data.next_cursor ?? null };
  }

  /** Close idle keep-alive connections (at stop). */
  close(): void {
    this.agent.destroy();
  }

  private request(
    url: string,
    init: { method: string; headers: Record<string, string>; body?: string },
    signal?: AbortSignal,
  ): Promise<{ status: number; text: string; retryAfterMs?: number } | { failure: string }> {
    return new Promise((resolve) => {
      let settled = false;
      let timedOut = false;
      const finish = (r: { status: number; text: string; retryAfterMs?: number } | { failure: string }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(r);
      };
      const headers = init.body !== undefined ? { ...init.headers, 'Content-Length': String(Buffer.byteLength(init.body)) } : init.headers;
      let req: http.ClientRequest;
      try {
        req = this.transport.request(url, { method: init.method, headers, agent: this.agent });
      } catch (err) {
        finish({ failure: describeNetworkError(err) });
        return;
      }
      const timer = setTimeout(() => {
        timedOut = true;
        req.destroy(new Error('timeout'));
      }, this.options.timeoutMs);
      const onAbort = () => req.destroy(new Error('stopped'));
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const ra = res.headers['retry-after'];
          const retryAfterMs = parseRetryAfter(typeof ra === 'string' ? ra : null, Date.now());
          finish({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
        });
        res.on('error', (err) => finish({ failure: timedOut ? this.timeoutMessage() : describeNetworkError(err) }));
        res.on('aborted', () => finish({ failure: 'the connection was reset during the answer' }));
      });
      req.on('error', (err) => finish({ failure: timedOut ? this.timeoutMessage() : signal?.aborted ? 'stopped' : describeNetworkError(err) }));
      req.end(init.body);
    });
  }

  private timeoutMessage(): string {
    return `no answer within ${this.options.timeoutMs} ms (cloud.timeoutMs)`;
  }
}

/** Retry-After: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

function describeNetworkError(err: unknown): string {
  const e = err as { message?: string; code?: string; cause?: { code?: string; message?: string } };
  const code = e.cause?.code ?? e.code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (is the ERP up?)';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the connection was reset before the answer';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the ERP host name does not resolve (DNS)';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connecting to the ERP timed out';
    default:
      return code ? `${code}: ${e.message ?? ''}`.trim() : (e.message ?? String(err));
  }
}

function errorDetail(text: string): { code?: string; message: string } {
  try {
    const j = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } | string; message?: unknown };
    if (j.error && typeof j.error === 'object') {
      return {
        ...(typeof j.error.code === 'string' ? { code: j.error.code } : {}),
        message: typeof j.error.message === 'string' ? j.error.message : text.slice(0, 200),
      };
    }
    if (typeof j.error === 'string') return { message: j.error };
    if (typeof j.message === 'string') return { message: j.message };
  } catch {
    /* not JSON */
  }
  return { message: text.slice(0, 200) };
}
