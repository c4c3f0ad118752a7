/**
 * The ERP simulator's HTTP server (Hono on node:http): the contract of DESIGN §7 plus a
 * control API under /api/v1/_* for tests and the demo (what was received, faults, seeding).
 */
import type { AddressInfo } from 'node:net';
import { Hono, type Context } from 'hono';
import { serve, type HttpBindings, type ServerType } from '@hono/node-server';
import { ErpState, RESOURCES, type Faults, type Resource, type SeedData } from './state.ts';

export interface ErpServerOptions {
  host?: string;
  port?: number;
  /** Bearer token every request must carry; none: open */
  token?: string;
  seed?: SeedData;
  /** Keep each received event's data (default true; the benchmark turns it off) */
  keepData?: boolean;
  /** Called for each request line (the CLI logs them with --verbose) */
  onRequest?: (line: string) => void;
}

export interface ErpServer {
  url: string;
  port: number;
  state: ErpState;
  close(): Promise<void>;
}

type Env = { Bindings: HttpBindings };

const err = (c: Context<Env>, status: number, code: string, message: string) => c.json({ error: { code, message } }, status as 400);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createErpApp(state: ErpState, options: Pick<ErpServerOptions, 'token' | 'onRequest'> = {}): Hono<Env> {
  const app = new Hono<Env>();

  app.use('*', async (c, next) => {
    if (options.token !== undefined && c.req.header('authorization') !== `Bearer ${options.token}`) {
      return err(c, 401, 'UNAUTHORIZED', 'send Authorization: Bearer <token>');
    }
    await next();
    options.onRequest?.(`${c.req.method} ${c.req.path} ${c.res.status}`);
  });

  // Faults that hit every contract request (not the control API).
  const contract = async (c: Context<Env>, next: () => Promise<void>) => {
    if (state.faults.latencyMs) await sleep(state.faults.latencyMs);
    if (state.faults.down) {
      state.counters.faulted_requests++;
      return err(c, 503, 'UNAVAILABLE', 'the ERP is down (simulated)');
    }
    await next();
  };

  app.post('/api/v1/events', contract, async (c) => {
    state.counters.posts++;
    const retryAfterS = state.faults.throttle?.retryAfterS ?? 1;
    if (state.take('throttle')) {
      state.counters.faulted_requests++;
      c.header('Retry-After', String(retryAfterS));
      return err(c, 429, 'TOO_MANY_REQUESTS', 'slow down (simulated)');
    }
    const failStatus = state.faults.fail?.status ?? 500;
    if (state.take('fail')) {
      state.counters.faulted_requests++;
      return err(c, failStatus, 'INTERNAL', 'simulated failure');
    }
    const dropAfter = state.faults.drop?.after ?? 'store';
    const drop = state.take('drop');
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return err(c, 400, 'INVALID_JSON', 'the body is not JSON');
    }
    const events = (body as { events?: unknown })?.events;
    if (!Array.isArray(events)) return err(c, 400, 'INVALID_BODY', 'send { "events": [ ... ] }');
    if (drop && dropAfter === 'read') return hangUp(c, state);
    const answer = state.receive(events);
    if (drop) return hangUp(c, state);
    return c.json(answer);
  });

  for (const resource of RESOURCES) {
    app.get(`/api/v1/${resource}`, contract, (c) => {
      state.counters.gets++;
      const limit = Number(c.req.query('limit') ?? 100);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) return err(c, 400, 'INVALID_LIMIT', 'limit must be 1..10000');
      try {
        return c.json(state.page(resource, c.req.query('cursor') ?? null, limit));
      } catch (e) {
        return err(c, 400, 'INVALID_CURSOR', (e as Error).message);
      }
    });
  }

  // Control API.
  app.get('/api/v1/_received', (c) => {
    const after = Number(c.req.query('after') ?? 0);
    const limit = Math.min(100_000, Number(c.req.query('limit') ?? 10_000));
    const items = state.received.slice(after, after + limit);
    return c.json({ total: state.received.length, after, items, next_after: after + items.length < state.received.length ? after + items.length : null });
  });
  app.get('/api/v1/_stats', (c) => c.json(state.stats()));
  app.get('/api/v1/_faults', (c) => c.json(state.faults));
  app.post('/api/v1/_faults', async (c) => {
    state.faults = (await c.req.json()) as Faults;
    return c.json(state.faults);
  });
  app.delete('/api/v1/_faults', (c) => {
    state.faults = {};
    return c.json(state.faults);
  });
  app.post('/api/v1/_seed', async (c) => c.json({ seeded: state.seed((await c.req.json()) as SeedData) }));
  app.post('/api/v1/_orders/:id/cancel', (c) => {
    const order = state.cancelOrder(c.req.param('id'));
    return order ? c.json(order) : err(c, 404, 'NOT_FOUND', `no order '${c.req.param('id')}'`);
  });
  app.post('/api/v1/_reset-received', (c) => {
    state.resetReceived();
    return c.json({ ok: true });
  });
  app.get('/api/v1/_resource/:resource/:key', (c) => {
    const item = state.get(c.req.param('resource') as Resource, c.req.param('key'));
    return item ? c.json(item) : err(c, 404, 'NOT_FOUND', 'no such item');
  });

  app.notFound((c) => err(c, 404, 'NOT_FOUND', `no route ${c.req.method} ${c.req.path}`));
  return app;
}

/** Close the client's connection without an answer (the batch may or may not have been stored). */
function hangUp(c: Context<Env>, state: ErpState): Response {
  state.counters.dropped_connections++;
  c.env.incoming.socket.destroy();
  return new Response(null, { status: 500 });
}

export async function startErpServer(options: ErpServerOptions = {}): Promise<ErpServer> {
  const state = new ErpState({ keepData: options.keepData ?? true });
  if (options.seed) state.seed(options.seed);
  const app = createErpApp(state, options);
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: options.host ?? '127.0.0.1', port: options.port ?? 0 });
    s.once('error', reject);
    s.once('listening', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
