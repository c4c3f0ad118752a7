/**
 * JSON errors for the API: `{ error: { code, message, details?, request_id } }`. The code is
 * stable (clients branch on it); the message says what to do. One mapping from codes to
 * HTTP statuses, used by the one onError handler.
 */
import type { Context } from 'hono';
import { ZodError } from 'zod';
import { GatewayError } from '../errors.ts';
import { formatKey } from '../config/load.ts';
import type { ApiEnv } from './env.ts';

export const STATUS_OF_CODE: Record<string, number> = {
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  ZERO_QUANTITY: 400,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNKNOWN_SKU: 422,
  UNKNOWN_BIN: 422,
  INSUFFICIENT_STOCK: 409,
  IDEMPOTENCY_CONFLICT: 409,
  STORE_UNAVAILABLE: 503,
  NO_CARRIER: 422,
  UNKNOWN_CARRIER: 422,
  NO_PRINTER_FOR_CARRIER: 422,
  NO_WAYBILL: 422,
  WAYBILL_IN_USE: 409,
  WAYBILL_RANGE_EXHAUSTED: 409,
  PRINTING_NOT_CONFIGURED: 409,
  CLOUD_NOT_CONFIGURED: 409,
  SYNC_FAILED: 502,
  DOORS_NOT_CONFIGURED: 409,
  UNKNOWN_DOOR: 404,
  UNKNOWN_ORDER: 422,
  UNKNOWN_ASN: 422,
  ORDER_NOT_OPEN: 409,
  ASN_NOT_OPEN: 409,
  NO_RECEIVING_BIN: 422,
  SESSION_ALREADY_OPEN: 409,
  SESSION_CLOSED: 409,
};

export class ApiError extends GatewayError {}

export function validationError(err: ZodError, where: 'body' | 'query'): ApiError {
  const problems = err.issues.map((i) => ({ key: i.path.length ? formatKey(i.path) : `(${where})`, message: i.message }));
  return new ApiError(
    'VALIDATION_FAILED',
    `invalid ${where}: ${problems.map((p) => `${p.key}: ${p.message}`).join('; ')}`,
    { details: { problems } },
  );
}

export function errorResponse(c: Context<ApiEnv>, err: GatewayError, status: number) {
  const body: Record<string, unknown> = { code: err.code, message: err.message };
  if (err.details !== undefined) body.details = err.details;
  const requestId = c.get('requestId');
  if (requestId) body.request_id = requestId;
  return c.json({ error: body }, status as 400);
}
