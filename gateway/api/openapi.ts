/**
 * The OpenAPI 3.1 document, built from the same route declarations that register the
 * handlers (app.ts) and from their zod schemas.
 */
import { z, type ZodType } from 'zod';
import type { ApiRole } from '../config/schema.ts';

export interface RouteDoc {
  method: 'get' | 'post';
  path: string;
  summary: string;
  query?: ZodType;
  body?: ZodType;
  roles?: readonly ApiRole[] | 'any';
  openOnLoopback?: boolean;
}

const ErrorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'Stable machine code, e.g. VALIDATION_FAILED, UNAUTHORIZED, INSUFFICIENT_STOCK' },
        message: { type: 'string', description: 'What is wrong, for a person' },
        details: {},
        request_id: { type: 'string' },
      },
    },
  },
};

export function openApiDocument(routes: readonly RouteDoc[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const op: Record<string, unknown> = {
      summary: r.summary,
      description:
        r.roles === 'any'
          ? `Any valid token${r.openOnLoopback ? '; no token needed from the gateway machine itself (loopback)' : ''}.`
          : `Roles: ${(r.roles ?? []).join(', ')}.`,
      responses: {
        '200': { description: 'OK' },
        '400': { description: 'Invalid input', content: { 'application/json': { schema: ErrorSchema } } },
        '401': { description: 'No valid bearer token', content: { 'application/json': { schema: ErrorSchema } } },
        '403': { description: 'The token has the wrong role', content: { 'application/json': { schema: ErrorSchema } } },
      },
    };
    if (r.roles !== 'any' || !r.openOnLoopback) op.security = [{ bearer: [] }];
    if (r.query) {
      const schema = z.toJSONSchema(r.query, { io: 'input' }) as { properties?: Record<string, { description?: string }>; required?: string[] };
      op.parameters = Object.entries(schema.properties ?? {}).map(([name, s]) => ({
        name,
        in: 'query',
        required: schema.required?.includes(name) ?? false,
        schema: s,
        ...(s.description ? { description: s.description } : {}),
      }));
    }
    if (r.body) {
      op.requestBody = { required: true, content: { 'application/json': { schema: z.toJSONSchema(r.body, { io: 'input' }) } } };
    }
    (paths[r.path] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'warehouse-gateway API', version, description: 'Headless API of the warehouse gateway for PDAs, stations and the cloud backend.' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
