/**
 * The headless API (Hono). Every route is declared once in `routes` with its roles and its
 * zod schemas; the same declarations register the handlers and produce /openapi.json, so
 * the document cannot drift from what the server accepts.
 */
import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from 'pino';
import { z } from 'zod';
import { GatewayError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import { STOCK_STATES } from '../domain/stock.ts';
import { queryStock, queryMovements } from '../store/stock.sqlite.ts';
import { AdjustmentBody, adjustStock } from '../services/adjustments.ts';
import type { HealthReport } from '../services/health.ts';
import type { Metrics } from '../metrics.ts';
import type { ApiRole } from '../config/schema.ts';
import { requireRole, type ApiClient } from './auth.ts';
import { ApiError, STATUS_OF_CODE, errorResponse } from './errors.ts';
import { parseWith, jsonBody } from './request.ts';
import type { ApiEnv } from './env.ts';
import { openApiDocument, type RouteDoc } from './openapi.ts';
import { registerCloudRoutes, type CloudApiDeps } from './cloud.routes.ts';
import { registerPrintRoutes } from './print.routes.ts';
import type { PrintService } from '../services/print-service.ts';
import { registerPortalRoutes } from './portal.routes.ts';
import type { DoorSessions } from '../services/door-sessions.ts';
import type { OpenTrack } from '../domain/portal-transit.ts';

export interface ApiDeps {
  store: Store;
  clients: readonly ApiClient[];
  metrics: Metrics;
  log: Logger;
  health: () => HealthReport;
  maxBodyBytes: number;
  version: string;
  site: string;
  /** The cloud bridge's hooks (sync now, dead-letter rescan); routes exist either way */
  cloud?: CloudApiDeps;
  /** Label printing; absent when the site has no printers (routes answer PRINTING_NOT_CONFIGURED) */
  print?: PrintService;
  /** Dock-door sessions; absent when the site has no doors (routes answer DOORS_NOT_CONFIGURED) */
  doors?: DoorSessions;
  /** The portal: tags in each door right now */
  portal?: { tracksAt(door: string): OpenTrack[] };
}

const StockQuery = z.strictObject({
  sku: z.string().min(1).optional(),
  bin: z.string().min(1).optional(),
  zone: z.string().min(1).optional(),
  state: z.enum(STOCK_STATES).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
  offset: z.coerce.number().int().min(0).default(0),
});

const MovementsQuery = z.strictObject({
  sku: z.string().min(1).optional(),
  bin: z.string().min(1).optional(),
  type: z.string().min(1).optional(),
  after: z.coerce.number().int().min(0).default(0).describe('Return movements with seq greater than this (cursor)'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});



export function createApi(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const requests = deps.metrics.counter('wg_http_requests_total', 'HTTP requests by route, method and status');
  const errors = deps.metrics.counter('wg_http_errors_total', 'HTTP error responses by code');
  const log = deps.log;

  app.use('*', async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && /^[\w.:-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    c.header('X-Request-Id', requestId);
    const started = performance.now();
    await next();
    const route = c.req.routePath;
    requests.inc({ route, method: c.req.method, status: c.res.status });
    const ms = Math.round((performance.now() - started) * 10) / 10;
    const fields = { requestId, method: c.req.method, path: c.req.path, status: c.res.status, ms, caller: c.get('caller')?.name };
    if (c.res.status >= 500) log.error(fields, 'api: request failed');
    else if (c.res.status >= 400) log.info(fields, 'api: request refused');
    else log.debug(fields, 'api: request');
  });

  app.onError((err, c) => {
    if (err instanceof GatewayError) {
      const status = STATUS_OF_CODE[err.code] ?? (err.code.startsWith('STORE_') ? 503 : 500);
      errors.inc({ code: err.code });
      if (status >= 500) log.error({ err, requestId: c.get('requestId') }, 'api: error');
      return errorResponse(c, err, status);
    }
    errors.inc({ code: 'INTERNAL' });
    log.error({ err, requestId: c.get('requestId') }, 'api: unexpected error');
    return errorResponse(c, new ApiError('INTERNAL', `internal error; the gateway log has the details under request id ${c.get('requestId')}`), 500);
  });

  app.notFound((c) => {
    errors.inc({ code: 'NOT_FOUND' });
    return errorResponse(c, new ApiError('NOT_FOUND', `no route ${c.req.method} ${c.req.path}; GET /openapi.json lists them`), 404);
  });

  const limit = bodyLimit({
    maxSize: deps.maxBodyBytes,
    onError: () => {
      throw new ApiError('BODY_TOO_LARGE', `the body is larger than ${deps.maxBodyBytes} bytes (api.maxBodyBytes)`);
    },
  });

  const docs: RouteDoc[] = [];
  const route = (doc: RouteDoc, roles: readonly ApiRole[] | 'any', handler: (c: Context<ApiEnv>) => Response | Promise<Response>, opts: { openOnLoopback?: boolean } = {}) => {
    docs.push({ ...doc, roles, openOnLoopback: opts.openOnLoopback ?? false });
    const auth = requireRole(deps.clients, roles, opts);
    const honoPath = doc.path.replace(/\{(\w+)\}/g, ':$1');
    if (doc.method === 'get') app.get(honoPath, auth, handler);
    else app.post(honoPath, auth, limit, handler);
  };

  route({ method: 'get', path: '/health', summary: 'Process, store, bus and device health; 503 when down' }, 'any', (c) => {
    const report = deps.health();
    return c.json(report, report.status === 'down' ? 503 : 200);
  }, { openOnLoopback: true });

  route({ method: 'get', path: '/metrics', summary: 'Prometheus metrics (text exposition format)' }, 'any', (c) => {
    c.header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8');
    return c.body(deps.metrics.render());
  }, { openOnLoopback: true });

  route({ method: 'get', path: '/openapi.json', summary: 'This document' }, 'any', (c) => c.json(openApiDocument(docs, deps.version)), {
    openOnLoopback: true,
  });

  route(
    { method: 'get', path: '/api/v1/stock', summary: 'Stock per (sku, bin) with on hand, reserved, held, in transit and available, in pick-path order', query: StockQuery },
    ['admin', 'cloud', 'pda', 'station'],
    (c) => {
      const q = parseWith(StockQuery, c.req.query(), 'query');
      const { items, total } = queryStock(deps.store, q);
      return c.json({ items, total, limit: q.limit, offset: q.offset });
    },
  );

  route(
    {
      method: 'post',
      path: '/api/v1/adjustments',
      summary: 'A manual stock adjustment with a reason: one ledger movement and one stock.adjusted event. Idempotent by id (or the Idempotency-Key header)',
      body: AdjustmentBody,
    },
    ['admin'],
    async (c) => {
      const raw = await jsonBody(c);
      const key = c.req.header('idempotency-key');
      const withKey = key !== undefined && raw !== null && typeof raw === 'object' && !('id' in raw) ? { ...raw, id: key } : raw;
      const input = parseWith(AdjustmentBody, withKey, 'body');
      const result = adjustStock(deps.store, input, c.get('caller')?.name ?? 'unknown');
      return c.json(result, result.replayed ? 200 : 201);
    },
  );

  route(
    { method: 'get', path: '/api/v1/movements', summary: 'The movement ledger, oldest first; page with after=next_after', query: MovementsQuery },
    ['admin', 'cloud', 'pda'],
    (c) => c.json(queryMovements(deps.store, parseWith(MovementsQuery, c.req.query(), 'query'))),
  );

  registerCloudRoutes(route, deps.store, deps.cloud ?? {});
  registerPrintRoutes(route, deps.print);
  registerPortalRoutes(route, deps.store, deps.doors, deps.portal);

  return app;
}
