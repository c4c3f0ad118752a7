/**
 * The serial line settings of a device: the device's connection (path, baudRate) over its
 * profile (baudRate, dataBits, parity, stopBits), validated.
 */
import type { DriverContext } from '../driver.ts';
import type { SerialOpenOptions } from './serial-binding.ts';
import { profileReader } from './device-status.ts';

export type SerialConnectionResult = { ok: true; port: SerialOpenOptions } | { ok: false; reason: string };

const DATA_BITS = new Set([5, 6, 7, 8]);
const PARITY = new Set(['none', 'even', 'odd', 'mark', 'space']);
const STOP_BITS = new Set([1, 1.5, 2]);

export function serialOptionsFor(device: Record<string, unknown> & { kind: string }, profile: Record<string, unknown>, ctx: DriverContext, what: string): SerialConnectionResult {
  const conn = device.connection as { type?: unknown; path?: unknown; baudRate?: unknown } | undefined;
  if (conn?.type !== 'serial' || typeof conn.path !== 'string' || conn.path.length === 0) {
    return { ok: false, reason: `${what} needs a serial connection ({ type: serial, path: /dev/tty... }), got ${JSON.stringify(conn?.type ?? null)}` };
  }
  const p = profileReader(profile, ctx);
  const baudRate = typeof conn.baudRate === 'number' ? conn.baudRate : p.num('baudRate', 9600, 1);
  const dataBits = p.num('dataBits', 8, 5);
  const parity = p.str('parity', 'none');
  const stopBits = p.num('stopBits', 1, 1);
  if (!DATA_BITS.has(dataBits)) return { ok: false, reason: `profile dataBits ${dataBits} is not 5, 6, 7 or 8` };
  if (!PARITY.has(parity)) return { ok: false, reason: `profile parity ${JSON.stringify(parity)} is not none, even, odd, mark or space` };
  if (!STOP_BITS.has(stopBits)) return { ok: false, reason: `profile stopBits ${stopBits} is not 1, 1.5 or 2` };
  return {
    ok: true,
    port: { path: conn.path, baudRate, dataBits: dataBits as 5 | 6 | 7 | 8, parity: parity as SerialOpenOptions['parity'] & string, stopBits: stopBits as 1 | 1.5 | 2 },
  };
}
