/**
 * Print jobs and printers: queue a label for a shipment, follow it, reprint by waybill or
 * order, see every printer's state and queue, and ask which carrier a shipment would get.
 */
import type { Context } from 'hono';
import { z, type ZodType } from 'zod';
import type { ApiRole } from '../config/schema.ts';
import { ReprintBody, ShipmentBody, type PrintService } from '../services/print-service.ts';
import { ApiError, validationError } from './errors.ts';
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

function parse<T extends ZodType>(schema: T, value: unknown, where: 'body' | 'query'): z.output<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw validationError(r.error, where);
  return r.data;
}

async function body(c: Context<ApiEnv>): Promise<unknown> {
  if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'send the body as JSON with "Content-Type: application/json"');
  try {
    return await c.req.json();
  } catch (err) {
    throw new ApiError('INVALID_JSON', `the body is not valid JSON: ${(err as Error).message}`);
  }
}

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
      const input = parse(ShipmentBody, await body(c), 'body');
      const r = svc().submit(input, c.get('caller')?.name ?? 'api');
      return c.json(r, r.replayed ? 200 : 201);
    },
  );
  route({ method: 'get', path: '/api/v1/print-jobs', summary: 'Print jobs, oldest first, by state, order, waybill or printer; page with after=next_after', query: PrintJobsQuery }, ['admin', 'station', 'cloud', 'pda'], (c) =>
    c.json(svc().jobs(parse(PrintJobsQuery, c.req.query(), 'query'))),
  );
  route({ method: 'get', path: '/api/v1/print-jobs/{id}', summary: 'One print job' }, ['admin', 'station', 'cloud', 'pda'], (c) => {
    const job = svc().job(c.req.param('id') ?? '');
    if (!job) throw new ApiError('NOT_FOUND', `no print job ${c.req.param('id')}`);
    return c.json(job);
  });
  route(
    { method: 'post', path: '/api/v1/print-jobs/reprint', summary: 'Print the labels of a waybill or of an order again (same waybill), as new jobs', body: ReprintBody },
    ['admin', 'station'],
    async (c) => c.json({ jobs: svc().reprint(parse(ReprintBody, await body(c), 'body'), c.get('caller')?.name ?? 'api') }, 201),
  );
  route(
    { method: 'post', path: '/api/v1/carriers/explain', summary: 'Which carrier a shipment would get and why (nothing is queued)', body: ShipmentBody },
    ['admin', 'station', 'cloud'],
    async (c) => c.json(svc().explain(parse(ShipmentBody, await body(c), 'body'))),
  );
  route({ method: 'get', path: '/api/v1/printers', summary: 'Every printer: health, state reasons, queue, labels printed' }, ['admin', 'station', 'cloud', 'pda'], (c) =>
    c.json({ printers: print ? print.printers() : [] }),
  );
}
