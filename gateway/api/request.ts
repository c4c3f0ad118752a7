/**
 * Reading requests, the same way in every route module: parse with a zod schema (400
 * VALIDATION_FAILED naming each key), and JSON bodies (415 without the JSON content type,
 * 400 INVALID_JSON when it does not parse).
 */
import type { Context } from 'hono';
import type { z, ZodType } from 'zod';
import { ApiError, validationError } from './errors.ts';
import type { ApiEnv } from './env.ts';

export function parseWith<T extends ZodType>(schema: T, value: unknown, where: 'body' | 'query' = 'body'): z.output<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw validationError(r.error, where);
  return r.data;
}

/** The JSON body; with `optional`, an empty body reads as `{}` (actions that need none). */
export async function jsonBody(c: Context<ApiEnv>, options: { optional?: boolean } = {}): Promise<unknown> {
  const text = await c.req.text();
  if (options.optional && text.trim() === '') return {};
  if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'send the body as JSON with "Content-Type: application/json"');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ApiError('INVALID_JSON', `the body is not valid JSON: ${(err as Error).message}`);
  }
}
