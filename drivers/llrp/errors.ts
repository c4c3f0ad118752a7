/**
 * The one error class of the LLRP driver. `code` is stable (logs, metrics and tests key on it);
 * the message names the message type and id, the parameter path and the byte offset.
 */
export type LlrpErrorCode =
  /** Header or structure is wrong: bad length, unexpected parameter, trailing bytes. */
  | 'LLRP_BAD_FRAME'
  /** A field, parameter or frame runs past the end of its container. */
  | 'LLRP_TRUNCATED'
  /** A message type this codec does not know (decoded as opaque; an error only when encoding). */
  | 'LLRP_UNKNOWN_MESSAGE'
  /** A TV parameter type this codec does not know: its length is unknown, so it cannot be skipped. */
  | 'LLRP_UNKNOWN_PARAMETER'
  /** An object given to the encoder does not fit the definition (missing field, out of range). */
  | 'LLRP_BAD_VALUE'
  /** Field tool input that is not hex or JSON lines. */
  | 'LLRP_BAD_INPUT'
  /** The reader answered a request with an error LLRPStatus (see LlrpStatusError). */
  | 'LLRP_STATUS'
  /** The reader refused the connection: it already has another client. */
  | 'LLRP_READER_BUSY'
  /** No answer in time: a request, the connection attempt event, or keepalives. */
  | 'LLRP_TIMEOUT'
  /** The connection failed or closed. */
  | 'LLRP_CONNECTION';

export interface LlrpErrorDetails {
  /** Byte offset: within the frame for codec errors, within the stream for framer/tool errors. */
  readonly offset?: number;
  readonly messageType?: string;
  readonly messageId?: number;
  /** Parameter path, outermost first, e.g. "TagReportData > EPC_96". */
  readonly path?: string;
  readonly cause?: unknown;
}

export class LlrpError extends Error {
  readonly code: LlrpErrorCode;
  readonly offset: number | undefined;
  readonly messageType: string | undefined;
  readonly messageId: number | undefined;
  readonly path: string | undefined;

  constructor(code: LlrpErrorCode, message: string, details: LlrpErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'LlrpError';
    this.code = code;
    this.offset = details.offset;
    this.messageType = details.messageType;
    this.messageId = details.messageId;
    this.path = details.path;
  }
}

export function isLlrpError(e: unknown): e is LlrpError {
  return e instanceof LlrpError;
}

/** A reader's error LLRPStatus (LLRP 1.0.1 §14.2.1, §16.2.8.1): its code and its text. */
export class LlrpStatusError extends LlrpError {
  constructor(
    readonly request: string,
    /** Status code name, e.g. 'M_ParameterError' (or the number when unknown) */
    readonly statusCode: string,
    readonly statusText: string,
    messageId?: number,
  ) {
    super('LLRP_STATUS', `${request} failed: ${statusCode}${statusText ? ` "${statusText}"` : ''}`, { messageType: request, ...(messageId !== undefined ? { messageId } : {}) });
    this.name = 'LlrpStatusError';
  }
}
