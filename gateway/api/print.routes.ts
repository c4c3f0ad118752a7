/**
 * Print jobs and printers: queue a label for a shipment, follow it, reprint by waybill or
 * order, see every printer's state and queue, and ask which carrier a shipment would get.
 */
import { parseWith, jsonBody } from './request.ts';
import type { Context } from 'hono';
import { z } from 'zod';
import type { ApiRole } from '../config/schema.ts';
import { ReprintBody, ShipmentBody, type PrintService } from '../services/print-service.ts';
import { ApiError } from './errors.ts';
import type { ApiEnv } from './env.ts';
import type { RouteDoc } from './openapi.ts';

export type PrintRouteFn = (doc: RouteDoc, roles: readonly ApiRole[] | 'any', handler: (c: Context<ApiEnv>) => Response | Promise<Response>) => void;

const PrintJobsQuery = z.strictObject({
  state: z.enum(['queued', 'sending', 'sent', 'printed', 'failed']).optional(),
  order_ref: z.string().min(1).optional(),
  waybill: z.string().min(1).optional(),
  printer: z.string().min(1).optional(),
  after: z.coerce.number().int().min(0).default(0).describe('Jobs after this seq (cursor: next_after)'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});



const notConfigured = () => new ApiError('PRINTING_NOT_CONFIGURED', 'this gateway has no printers (devices of kind printer)');

export function registerPrintRoutes(route: PrintRouteFn, print: PrintService | undefined): void {
  const svc = () => {
    if (!print) throw notConfigured();
    return print;
  };
  route(
    {
      method: 'post',
      path: '/api/v1/print-jobs',
      summary:
        'Queue the label of one parcel: carrier by the rules (explained), waybill from the shipment or the carrier range, the least busy healthy printer of the carrier. One label per (order_ref, parcel): a repeat returns the first job (200)',
      body: ShipmentBody,
    },
    ['admin', 'station', 'cloud'],
    async (c) => {
      const input = parseWith(ShipmentBody, await jsonBody(c), 'body');
      const r = svc().submit(input, c.get('caller')?.name ?? 'api');
      return c.json(r, r.replayed ? 200 : 201);
    },
  );
  route({ method: 'get', path: '/api/v1/print-jobs', summary: 'Print jobs, oldest first, by state, order, waybill or printer; page with after=next_after', query: PrintJobsQuery }, ['admin', 'station', 'cloud', 'pda'], (c) =>
    c.json(svc().jobs(parseWith(PrintJobsQuery, c.req.query(), 'query'))),
  );
  route({ method: 'get', path: '/api/v1/print-jobs/{id}', summary: 'One print job' }, ['admin', 'station', 'cloud', 'pda'], (c) => {
    const job = svc().job(c.req.param('id') ?? '');
    if (!job) throw new ApiError('NOT_FOUND', `no print job ${c.req.param('id')}`);
    return c.json(job);
  });
  route(
    { method: 'post', path: '/api/v1/print-jobs/reprint', summary: 'Print the labels of a waybill or of an order again (same waybill), as new jobs', body: ReprintBody },
    ['admin', 'station'],
    async (c) => c.json({ jobs: svc().reprint(parseWith(ReprintBody, await jsonBody(c), 'body'), c.get('caller')?.name ?? 'api') }, 201),
  );
  route(
    { method: 'post', path: '/api/v1/carriers/explain', summary: 'Which carrier a shipment would get and why (nothing is queued)', body: ShipmentBody },
    ['admin', 'station', 'cloud'],
    async (c) => c.json(svc().explain(parseWith(ShipmentBody, await jsonBody(c), 'body'))),
  );
  route({ method: 'get', path: '/api/v1/printers', summary: 'Every printer: health, state reasons, queue, labels printed' }, ['admin', 'station', 'cloud', 'pda'], (c) =>
    c.json({ printers: print ? print.printers() : [] }),
  );
}
