/**
 * Routes of the cloud bridge: orders and ASNs pushed by the cloud (the same validation and
 * effect as the download), sync on demand, orders as the gateway holds them, and the dead
 * letters (events the ERP rejected) with their retry.
 */
import { parseWith, jsonBody } from './request.ts';
import type { Context } from 'hono';
import { z } from 'zod';
import { ErpAsn, ErpOrder } from '../../cloud-bridge/erp-schemas.ts';
import { RESOURCES } from '../../cloud-bridge/ports.ts';
import type { SyncOptions, SyncSummary } from '../../cloud-bridge/downloader.ts';
import type { ApiRole } from '../config/schema.ts';
import type { Store } from '../store/store.ts';
import { applyAsns, applyOrders, getOrder, listOrders } from '../store/orders.sqlite.ts';
import { listDeadLetters, retryDeadLetters } from '../store/delivery.sqlite.ts';
import { ApiError } from './errors.ts';
import type { ApiEnv } from './env.ts';
import type { RouteDoc } from './openapi.ts';

export interface CloudApiDeps {
  /** Absent when cloud.baseUrl is not set */
  syncNow?: (options: SyncOptions) => Promise<SyncSummary>;
  /** Tell the forwarder that dead letters were handed back */
  rescan?: () => void;
}

export type RouteFn = (
  doc: RouteDoc,
  roles: readonly ApiRole[] | 'any',
  handler: (c: Context<ApiEnv>) => Response | Promise<Response>,
  opts?: { openOnLoopback?: boolean },
) => void;

const MAX_PUSH = 500;

const OrdersPush = z.union([z.strictObject({ orders: z.array(ErpOrder).min(1).max(MAX_PUSH) }), ErpOrder]);
const AsnsPush = z.union([z.strictObject({ asns: z.array(ErpAsn).min(1).max(MAX_PUSH) }), ErpAsn]);
const SyncBody = z.strictObject({
  full: z.boolean().default(false).describe('Download everything again from the start (ignores the stored cursors); applying it again changes nothing'),
  resources: z.array(z.enum(RESOURCES)).min(1).optional().describe(`Which resources (default all: ${RESOURCES.join(', ')})`),
});
const OrdersQuery = z.strictObject({
  status: z.string().min(1).max(32).optional().describe('reserved, short, cancelled, ...'),
  after: z.string().max(64).optional().describe('Orders with an id greater than this (cursor: next_after)'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
const DeadLettersQuery = z.strictObject({
  status: z.enum(['open', 'retried', 'all']).default('open'),
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
const RetryBody = z.strictObject({ seqs: z.array(z.number().int().min(1)).min(1).max(10_000).optional().describe('Which dead letters (by event seq); default all open ones') });



export function registerCloudRoutes(route: RouteFn, store: Store, cloud: CloudApiDeps): void {
  route(
    {
      method: 'post',
      path: '/api/v1/orders',
      summary: `Push orders (one order, or { orders: [...] } up to ${MAX_PUSH}): each reserves its stock at once, in pick-path order; a cancelled one releases it; one that cannot be fully reserved is flagged short. Idempotent`,
      body: OrdersPush,
    },
    ['cloud', 'admin'],
    async (c) => {
      const body = parseWith(OrdersPush, await jsonBody(c, { optional: true }), 'body');
      const orders = 'orders' in body ? body.orders : [body];
      return c.json({ results: applyOrders(store, orders, 'push') });
    },
  );

  route(
    { method: 'post', path: '/api/v1/asns', summary: `Push advance shipping notices (one, or { asns: [...] } up to ${MAX_PUSH}). Idempotent`, body: AsnsPush },
    ['cloud', 'admin'],
    async (c) => {
      const body = parseWith(AsnsPush, await jsonBody(c, { optional: true }), 'body');
      const asns = 'asns' in body ? body.asns : [body];
      return c.json({ results: applyAsns(store, asns, 'push') });
    },
  );

  route(
    { method: 'get', path: '/api/v1/orders', summary: 'Orders as the gateway holds them, with lines, reservations per bin and shortfall', query: OrdersQuery },
    ['admin', 'cloud', 'pda', 'station'],
    (c) => c.json(listOrders(store, parseWith(OrdersQuery, c.req.query(), 'query'))),
  );

  route({ method: 'get', path: '/api/v1/orders/{id}', summary: 'One order with its lines and reservations' }, ['admin', 'cloud', 'pda', 'station'], (c) => {
    const order = getOrder(store, c.req.param('id') ?? '');
    if (!order) throw new ApiError('NOT_FOUND', `no order '${c.req.param('id')}' (download it: POST /api/v1/sync)`);
    return c.json(order);
  });

  route(
    { method: 'post', path: '/api/v1/sync', summary: 'Download master data, orders, ASNs and returns from the ERP now; answers when the pass is done', body: SyncBody },
    ['cloud', 'admin'],
    async (c) => {
      const body = parseWith(SyncBody, await jsonBody(c, { optional: true }), 'body');
      if (!cloud.syncNow) throw new ApiError('CLOUD_NOT_CONFIGURED', 'this gateway has no cloud.baseUrl: there is nothing to download from');
      const summary = await cloud.syncNow({ full: body.full, ...(body.resources ? { resources: body.resources } : {}) });
      if (!summary.ok) throw new ApiError('SYNC_FAILED', `the download failed: ${summary.error}; what was applied before stays, the next pass resumes`, { details: summary });
      return c.json(summary);
    },
  );

  route(
    { method: 'get', path: '/api/v1/dead-letters', summary: 'Events the ERP rejected, with its reason, oldest first; page with after=next_after', query: DeadLettersQuery },
    ['admin'],
    (c) => c.json(listDeadLetters(store, parseWith(DeadLettersQuery, c.req.query(), 'query'))),
  );

  route(
    { method: 'post', path: '/api/v1/dead-letters/retry', summary: 'Hand dead letters back to the forwarder (all open ones, or the seqs given); they keep their id and seq', body: RetryBody },
    ['admin'],
    async (c) => {
      const body = parseWith(RetryBody, await jsonBody(c, { optional: true }), 'body');
      const retried = retryDeadLetters(store, body.seqs);
      if (retried.length > 0) cloud.rescan?.();
      return c.json({ retried });
    },
  );
}
