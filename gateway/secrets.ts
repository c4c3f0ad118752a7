/**
 * Hashing and constant-time comparison for API tokens and bus passwords. Tokens are
 * high-entropy random strings, so one SHA-256 is the right hash (no slow KDF needed);
 * only the hash is kept in memory after the config is loaded.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function sha256Hex(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Constant-time equality of two hex digests (false, not a throw, on length mismatch). */
export function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  if (x.length !== y.length || x.length === 0) return false;
  return timingSafeEqual(x, y);
}

export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}
