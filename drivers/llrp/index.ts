/**
 * LLRP 1.0.1 codec (with LLRP 1.1 version negotiation and Impinj extensions), framer and field
 * tool. Pure and synchronous: sockets, timers and retries belong to the client.
 */
export { decodeMessage, decodeParameter, readHeader, HEADER_LENGTH, type FrameHeader } from './decode.ts';
export { encodeMessage, encodeParameter, type EncodeInput } from './encode.ts';
export { LlrpFramer, DEFAULT_MAX_FRAME_LENGTH, type FramerOptions, type FrameHandler } from './framer.ts';
export { LlrpError, LlrpStatusError, isLlrpError, type LlrpErrorCode, type LlrpErrorDetails } from './errors.ts';
export { toJsonValue, parseHexText, parseJsonObjects, type JsonValue } from './json.ts';
export { decodeStream, decodeFrameJson, encodeJson, runLlrpTool, LLRP_TOOL_USAGE, type DecodedFrame, type ToolIo } from './tool.ts';
export { messageTypeName, SCHEMA } from './schema.ts';
export { IMPINJ_VENDOR } from './impinj-defs.ts';
export type { LlrpMessage, LlrpParameter, LlrpWarning, DecodeOptions } from './types.ts';
export { LlrpClient, defaultSocketFactory, type LlrpClientOptions, type ClientState, type ClientStats, type ConnectTarget, type SocketFactory, type WriteEpcResult } from './client.ts';
export { TagReadBatch, decodeTagReport, encodeTagReport, tagReadsFromMessage, type TagRead, type TagReportInput } from './fast-report.ts';
export { parseReaderProfile, type ReaderProfile, type SearchMode } from './reader-profile.ts';
