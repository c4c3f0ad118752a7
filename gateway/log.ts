/**
 * The root logger. One per process, created in main; every component and device gets a
 * child created once (`log.child({ component: 'bus' })`). Secrets are redacted by key name,
 * wherever they sit in a logged object.
 */
import { pino, type Logger, type DestinationStream } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export const REDACT_PATHS = [
  'token',
  'password',
  'authorization',
  '*.token',
  '*.password',
  '*.authorization',
  '*.*.token',
  '*.*.password',
  'req.headers.authorization',
  'headers.authorization',
  'config.api.clients[*].token',
  'config.bus.users[*].password',
  'config.bus.password',
  'config.cloud.token',
];

export interface LogOptions {
  level?: string;
  format?: 'auto' | 'json' | 'pretty';
  /** Where lines go; default stdout. Tests pass a stream to read them. */
  destination?: DestinationStream;
}

export function createLogger(options: LogOptions = {}): Logger {
  const format = options.format ?? 'auto';
  const usePretty = format === 'pretty' || (format === 'auto' && options.destination === undefined && process.stdout.isTTY === true);
  const base = {
    level: options.level ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (usePretty) {
    return pino(base, pretty({ sync: true, colorize: process.stdout.isTTY === true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid' }));
  }
  return pino(base, options.destination ?? pino.destination({ dest: 1, sync: true }));
}
