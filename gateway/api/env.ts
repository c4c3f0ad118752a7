import type { Caller } from './auth.ts';

/** Hono context variables set by the API's middleware. */
export interface ApiEnv {
  Variables: {
    requestId: string;
    caller: Caller | undefined;
  };
}
