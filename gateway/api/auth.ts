/**
 * Bearer tokens with roles. Tokens are kept only as SHA-256 digests; a presented token is
 * hashed and compared against every client's digest in constant time (no early exit that
 * would tell which prefix matched). 401 without a valid token, 403 for the wrong role.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { sha256Hex, safeEqualHex } from '../secrets.ts';
import { isLoopbackHost } from '../config/load.ts';
import type { ApiRole } from '../config/schema.ts';
import { ApiError } from './errors.ts';
import type { ApiEnv } from './env.ts';

export interface ApiClient {
  name: string;
  role: ApiRole;
  tokenSha256: string;
}

export interface Caller {
  name: string;
  role: ApiRole;
}

export function findClient(clients: readonly ApiClient[], token: string): ApiClient | undefined {
  const digest = sha256Hex(token);
  let found: ApiClient | undefined;
  for (const c of clients) if (safeEqualHex(digest, c.tokenSha256) && found === undefined) found = c;
  return found;
}

function bearer(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1];
}

export function fromLoopback(c: Context<ApiEnv>): boolean {
  try {
    const addr = getConnInfo(c).remote.address;
    return addr !== undefined && isLoopbackHost(addr);
  } catch {
    return false; // no socket (app.request in tests): treat as remote
  }
}

/**
 * Require a valid token with one of `roles`. With `openOnLoopback`, callers on the same
 * machine need no token (health, metrics, the OpenAPI document), as DESIGN §9.6 allows.
 */
export function requireRole(clients: readonly ApiClient[], roles: readonly ApiRole[] | 'any', options: { openOnLoopback?: boolean } = {}): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const token = bearer(header);
    if (token === undefined) {
      if (options.openOnLoopback && fromLoopback(c)) return next();
      c.header('WWW-Authenticate', 'Bearer realm="warehouse-gateway"');
      throw new ApiError(
        'UNAUTHORIZED',
        header ? 'the Authorization header must be "Bearer <token>"' : 'this endpoint needs "Authorization: Bearer <token>"',
      );
    }
    const client = findClient(clients, token);
    if (!client) {
      c.header('WWW-Authenticate', 'Bearer realm="warehouse-gateway", error="invalid_token"');
      throw new ApiError('UNAUTHORIZED', 'the bearer token is not valid for this gateway');
    }
    if (roles !== 'any' && !roles.includes(client.role)) {
      throw new ApiError('FORBIDDEN', `client '${client.name}' has role ${client.role}; this needs ${roles.join(' or ')}`);
    }
    c.set('caller', { name: client.name, role: client.role });
    return next();
  };
}
