/**
 * The LLRP field tool: `llrp decode [--hex] FILE|-` prints one JSON object per frame and exits
 * non-zero at the first malformed frame, naming its offset; `llrp encode [--hex] [FILE|-]`
 * turns such JSON lines back into bytes. The CLI (`warehouse-gateway llrp ...`) calls
 * runLlrpTool; tests and other tools can use decodeStream / encodeJson directly.
 */
import { createReadStream } from 'node:fs';
import { LlrpError } from './errors.ts';
import { decodeMessage, readHeader, HEADER_LENGTH } from './decode.ts';
import { encodeMessage, type EncodeInput } from './encode.ts';
import { DEFAULT_MAX_FRAME_LENGTH, LlrpFramer } from './framer.ts';
import { parseHexText, parseJsonObjects, toJsonValue, type JsonValue } from './json.ts';

/** One decoded frame in JSON form: its stream offset, a warning if any, then the message. */
export interface DecodedFrame {
  offset: number;
  warning?: string;
  type: string;
  typeNum: number;
  id: number;
  version: number;
  [key: string]: JsonValue | undefined;
}

export interface DecodeStreamOptions {
  readonly maxFrameLength?: number;
}

/** Decodes one frame found at stream `offset`; errors get the offset prepended. */
export function decodeFrameJson(frame: Buffer, offset: number): DecodedFrame {
  let warning: string | undefined;
  let msg;
  try {
    msg = decodeMessage(frame, { onWarning: (w) => { warning = w.message; } });
  } catch (e) {
    if (!(e instanceof LlrpError)) throw e;
    throw new LlrpError(e.code, `frame at offset ${offset}: ${e.message}`, {
      offset: offset + (e.offset ?? 0), messageType: e.messageType, messageId: e.messageId, path: e.path, cause: e,
    });
  }
  const json = toJsonValue(msg) as Record<string, JsonValue>;
  return (warning === undefined ? { offset, ...json } : { offset, warning, ...json }) as DecodedFrame;
}

/**
 * Decodes back-to-back frames (bytes, or hex text) to JSON objects, one per frame; throws
 * LlrpError naming the offset at the first malformed frame, after yielding the ones before it.
 */
export function* decodeStream(input: Uint8Array | string, options: DecodeStreamOptions = {}): Generator<DecodedFrame> {
  const bytes = typeof input === 'string' ? parseHexText(input) : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const max = options.maxFrameLength ?? DEFAULT_MAX_FRAME_LENGTH;
  let off = 0;
  while (off < bytes.length) {
    const left = bytes.length - off;
    if (left < HEADER_LENGTH) {
      throw new LlrpError('LLRP_TRUNCATED', `frame at offset ${off} truncated: a header needs ${HEADER_LENGTH} bytes, ${left} left`, { offset: off });
    }
    const h = readHeader(bytes, off);
    if (h.length < HEADER_LENGTH || h.length > max) {
      const why = h.length < HEADER_LENGTH ? `is less than the ${HEADER_LENGTH}-byte header` : `exceeds the maximum of ${max}`;
      throw new LlrpError('LLRP_BAD_FRAME', `frame at offset ${off} (type ${h.typeNum} id ${h.id}): length ${h.length} ${why}`, { offset: off });
    }
    if (h.length > left) {
      throw new LlrpError('LLRP_TRUNCATED', `frame at offset ${off} (type ${h.typeNum} id ${h.id}) truncated: length ${h.length}, ${left} bytes left`, { offset: off });
    }
    yield decodeFrameJson(bytes.subarray(off, off + h.length), off);
    off += h.length;
  }
}

/** Encodes message objects (decoded or JSON form) to back-to-back frames. */
export function encodeJson(objects: Iterable<unknown>): Buffer {
  const frames: Buffer[] = [];
  let i = 0;
  for (const o of objects) {
    try {
      frames.push(encodeMessage(o as EncodeInput));
    } catch (e) {
      if (!(e instanceof LlrpError)) throw e;
      throw new LlrpError(e.code, `object ${i + 1}: ${e.message}`, { path: e.path, messageType: e.messageType, cause: e });
    }
    i++;
  }
  return Buffer.concat(frames);
}

// ---- CLI ---------------------------------------------------------------------------------

export interface ToolIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const EXIT_OK = 0;
const EXIT_INVALID = 1;
const EXIT_USAGE = 2;
const EXIT_FAILED = 3;

export const LLRP_TOOL_USAGE = `Usage:
  llrp decode [--hex] FILE|-    print one JSON object per LLRP frame (- reads stdin);
                                --hex: the input is hex text instead of binary
  llrp encode [--hex] [FILE|-]  read JSON lines (or a JSON array) of messages, write the frames;
                                --hex: write one hex line per frame instead of binary
  llrp --help

decode stops at the first malformed frame with exit status 1 and names its offset.
u64 values are decimal strings and byte arrays hex in the JSON; encode accepts what decode prints.
`;

function write(stream: NodeJS.WritableStream, data: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = stream.write(data, (err) => { if (err) reject(err); });
    if (ok) resolve();
    else stream.once('drain', resolve);
  });
}

function openInput(path: string, io: ToolIo): NodeJS.ReadableStream {
  return path === '-' ? io.stdin : createReadStream(path);
}

async function readAll(input: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

class InputError extends Error {}

async function decodeCommand(args: string[], io: ToolIo): Promise<number> {
  const hex = args.includes('--hex');
  const files = args.filter((a) => a !== '--hex');
  if (files.length !== 1 || files.some((f) => f.startsWith('--'))) {
    await write(io.stderr, `llrp decode: expected one FILE or -\n\n${LLRP_TOOL_USAGE}`);
    return EXIT_USAGE;
  }
  const path = files[0]!;
  const input = openInput(path, io);
  try {
    if (hex) {
      const text = await readAll(input).catch((e: unknown) => { throw new InputError(String((e as Error).message)); });
      for (const frame of decodeStream(text.toString('utf8'))) await write(io.stdout, `${JSON.stringify(frame)}\n`);
      return EXIT_OK;
    }
    // Binary: stream through the framer, so captures larger than memory still decode.
    const framer = new LlrpFramer();
    const out: string[] = [];
    try {
      for await (const chunk of input) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : (chunk as Buffer);
        try {
          framer.push(bytes, (frame, offset) => out.push(`${JSON.stringify(decodeFrameJson(frame, offset))}\n`));
        } finally {
          if (out.length > 0) await write(io.stdout, out.join(''));
          out.length = 0;
        }
      }
    } catch (e) {
      if (e instanceof LlrpError) throw e;
      throw new InputError(String((e as Error).message));
    }
    framer.end();
    return EXIT_OK;
  } catch (e) {
    if (e instanceof InputError) {
      await write(io.stderr, `llrp decode: cannot read ${path}: ${e.message}\n`);
      return EXIT_FAILED;
    }
    if (e instanceof LlrpError) {
      await write(io.stderr, `llrp decode: ${e.code}: ${e.message}\n`);
      return EXIT_INVALID;
    }
    throw e;
  }
}

async function encodeCommand(args: string[], io: ToolIo): Promise<number> {
  const hex = args.includes('--hex');
  const files = args.filter((a) => a !== '--hex');
  if (files.length > 1 || files.some((f) => f.startsWith('--'))) {
    await write(io.stderr, `llrp encode: expected at most one FILE or -\n\n${LLRP_TOOL_USAGE}`);
    return EXIT_USAGE;
  }
  const path = files[0] ?? '-';
  let text: string;
  try {
    text = (await readAll(openInput(path, io))).toString('utf8');
  } catch (e) {
    await write(io.stderr, `llrp encode: cannot read ${path}: ${(e as Error).message}\n`);
    return EXIT_FAILED;
  }
  try {
    const objects = parseJsonObjects(text);
    if (hex) {
      const lines = objects.map((o, i) => {
        try {
          return encodeJson([o]).toString('hex');
        } catch (e) {
          if (e instanceof LlrpError) throw new LlrpError(e.code, e.message.replace(/^object 1:/, `object ${i + 1}:`), { cause: e });
          throw e;
        }
      });
      await write(io.stdout, lines.map((l) => `${l}\n`).join(''));
    } else {
      await write(io.stdout, encodeJson(objects));
    }
    return EXIT_OK;
  } catch (e) {
    if (e instanceof LlrpError) {
      await write(io.stderr, `llrp encode: ${e.code}: ${e.message}\n`);
      return EXIT_INVALID;
    }
    throw e;
  }
}

/** Entry point for `warehouse-gateway llrp ...`: argv is what follows `llrp`. Returns the exit code. */
export async function runLlrpTool(argv: string[], io: ToolIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help' || rest.includes('--help')) {
    await write(command === undefined ? io.stderr : io.stdout, LLRP_TOOL_USAGE);
    return command === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (command === 'decode') return decodeCommand(rest, io);
  if (command === 'encode') return encodeCommand(rest, io);
  await write(io.stderr, `llrp: unknown command ${JSON.stringify(command)}\n\n${LLRP_TOOL_USAGE}`);
  return EXIT_USAGE;
}
