/**
 * A driver's device status, reported once per change (the host publishes it retained on
 * wh/{site}/device/{id}/status). Repeated retries of the same outage do not flood the bus.
 */
import type { DeviceStatus, DriverContext } from '../driver.ts';

export class StatusReporter {
  current: DeviceStatus | undefined;
  detail: string | undefined;

  constructor(private readonly ctx: DriverContext) {}

  set(status: DeviceStatus, detail: string): void {
    if (status === this.current) return;
    this.current = status;
    this.detail = detail;
    this.ctx.log.info({ status, detail }, 'device status');
    this.ctx.emit({ kind: 'status', status, detail });
  }
}

/** Small typed readers for profile keys: a wrong type falls back to the default and says so. */
export function profileReader(profile: Record<string, unknown>, ctx: DriverContext) {
  const warn = (key: string, value: unknown, expected: string) =>
    ctx.log.warn({ key, value, expected }, 'profile: key has the wrong type; using the default');
  return {
    num(key: string, dflt: number, min = 0): number {
      const v = profile[key];
      if (v === undefined) return dflt;
      if (typeof v === 'number' && Number.isFinite(v) && v >= min) return v;
      warn(key, v, `a number >= ${min}`);
      return dflt;
    },
    str(key: string, dflt: string): string {
      const v = profile[key];
      if (v === undefined) return dflt;
      if (typeof v === 'string') return v;
      warn(key, v, 'a string');
      return dflt;
    },
    optStr(key: string): string | undefined {
      const v = profile[key];
      if (v === undefined || v === null) return undefined;
      if (typeof v === 'string') return v;
      warn(key, v, 'a string');
      return undefined;
    },
    bool(key: string, dflt: boolean): boolean {
      const v = profile[key];
      if (v === undefined) return dflt;
      if (typeof v === 'boolean') return v;
      warn(key, v, 'true or false');
      return dflt;
    },
    strList(key: string): string[] {
      const v = profile[key];
      if (v === undefined || v === null) return [];
      if (typeof v === 'string') return [v];
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
      warn(key, v, 'a string or a list of strings');
      return [];
    },
  };
}
