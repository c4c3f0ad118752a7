/**
 * One error base for the whole gateway. Every error that can reach a user (CLI, API, log)
 * carries a stable machine code and a message a person can act on.
 */
export class GatewayError extends Error {
  readonly code: string;
  readonly details: unknown;

  constructor(code: string, message: string, options?: { cause?: unknown; details?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.details = options?.details;
  }
}

/** Validation failure of something that came from outside (config, API body, bus payload). */
export class ValidationError extends GatewayError {
  constructor(code: string, message: string, details?: unknown) {
    super(code, message, { details });
    this.name = 'ValidationError';
  }
}
