/**
 * Resumable LLRP framer: push TCP chunks of any size, get whole frames out.
 *
 * LLRP 1.0.1 §15.1: every message starts with a 10-byte header whose bytes 2..5 are the total
 * length. The framer keeps a partial frame as a list of chunk views and copies it once, when
 * the last byte arrives (no quadratic copying for frames over 1 MB). A frame that lies wholly
 * inside one chunk is returned as a view of that chunk, without copying: do not reuse a chunk
 * buffer after pushing it.
 *
 * A length below 10 or above `maxFrameLength` means the stream is out of step and cannot be
 * resynchronised (LLRP has no frame marker): the framer throws LlrpError('LLRP_BAD_FRAME')
 * naming the stream offset, and keeps throwing it; the connection should be dropped.
 */
import { LlrpError } from './errors.ts';
import { HEADER_LENGTH } from './decode.ts';
import { messageTypeName } from './schema.ts';

export const DEFAULT_MAX_FRAME_LENGTH = 32 * 1024 * 1024;

export interface FramerOptions {
  /** Largest acceptable frame, header included. Default 32 MiB. */
  readonly maxFrameLength?: number;
}

export type FrameHandler = (frame: Buffer, offset: number) => void;

export class LlrpFramer {
  private readonly max: number;
  private parts: Buffer[] = [];
  private partBytes = 0;
  /** Length of the frame being assembled, or -1 while its header is incomplete. */
  private need = -1;
  /** Stream offset of the next frame's first byte. */
  private frameOffset = 0;
  private failure: LlrpError | undefined;

  constructor(options: FramerOptions = {}) {
    this.max = options.maxFrameLength ?? DEFAULT_MAX_FRAME_LENGTH;
    if (!Number.isInteger(this.max) || this.max < HEADER_LENGTH) throw new RangeError('maxFrameLength must be an integer >= 10');
  }

  /** Bytes received but not yet returned as a frame. */
  get buffered(): number {
    return this.partBytes;
  }

  /** Stream offset where the next (possibly partial) frame starts. */
  get offset(): number {
    return this.frameOffset;
  }

  /**
   * Feeds a chunk; calls `onFrame` for each completed frame, in order, with its stream offset.
   * Throws LlrpError on a bad length (frames completed before it are delivered first).
   */
  push(chunk: Uint8Array, onFrame: FrameHandler): void {
    if (this.failure) throw this.failure;
    const c = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let off = 0;
    const n = c.length;
    while (off < n) {
      if (this.partBytes === 0) {
        // Fast path: frames wholly inside this chunk are views of it.
        while (n - off >= HEADER_LENGTH) {
          const len = c.readUInt32BE(off + 2);
          this.check(len, c, off);
          if (n - off < len) break;
          const at = this.frameOffset;
          this.frameOffset += len;
          onFrame(c.subarray(off, off + len), at);
          off += len;
        }
        if (off < n) {
          const rest = c.subarray(off);
          this.parts.push(rest);
          this.partBytes = rest.length;
          this.need = rest.length >= HEADER_LENGTH ? rest.readUInt32BE(2) : -1;
        }
        return;
      }
      if (this.need < 0) {
        const take = Math.min(HEADER_LENGTH - this.partBytes, n - off);
        this.parts.push(c.subarray(off, off + take));
        this.partBytes += take;
        off += take;
        if (this.partBytes < HEADER_LENGTH) return;
        const head = Buffer.concat(this.parts, this.partBytes);
        this.parts = [head];
        const len = head.readUInt32BE(2);
        this.check(len, head, 0);
        this.need = len;
      }
      const take = Math.min(this.need - this.partBytes, n - off);
      if (take > 0) {
        this.parts.push(c.subarray(off, off + take));
        this.partBytes += take;
        off += take;
      }
      if (this.partBytes < this.need) return;
      const frame = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.need);
      const at = this.frameOffset;
      this.frameOffset += this.need;
      this.parts = [];
      this.partBytes = 0;
      this.need = -1;
      onFrame(frame, at);
    }
  }

  /** Declares the end of the stream: throws LLRP_TRUNCATED if a partial frame is pending. */
  end(): void {
    if (this.failure) throw this.failure;
    if (this.partBytes === 0) return;
    const what = this.need < 0
      ? `a header needs ${HEADER_LENGTH} bytes`
      : `length ${this.need}`;
    throw new LlrpError('LLRP_TRUNCATED', `frame at offset ${this.frameOffset} truncated at end of stream: ${what}, ${this.partBytes} bytes received`, {
      offset: this.frameOffset,
    });
  }

  /** Forgets any partial frame and a failure (after a reconnect). */
  reset(): void {
    this.parts = [];
    this.partBytes = 0;
    this.need = -1;
    this.frameOffset = 0;
    this.failure = undefined;
  }

  private check(len: number, head: Buffer, at: number): void {
    if (len >= HEADER_LENGTH && len <= this.max) return;
    const typeNum = head.readUInt16BE(at) & 0x3ff;
    const id = head.readUInt32BE(at + 6);
    const why = len < HEADER_LENGTH
      ? `length ${len} is less than the ${HEADER_LENGTH}-byte header`
      : `length ${len} exceeds the maximum of ${this.max}`;
    this.failure = new LlrpError('LLRP_BAD_FRAME', `frame at offset ${this.frameOffset} (${messageTypeName(typeNum)} id ${id}): ${why}`, {
      offset: this.frameOffset, messageType: messageTypeName(typeNum), messageId: id,
    });
    throw this.failure;
  }
}
