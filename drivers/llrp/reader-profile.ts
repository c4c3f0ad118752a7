/**
 * A reader profile (firmware-configs/profiles/rfid/*.yaml) checked and completed with its
 * defaults. Pure: plain data in, a profile or an error naming the key out. Every key and its
 * default is listed here and in the profile files' comments.
 */
import { LlrpError } from './errors.ts';

export type SearchMode = 'reader-selected' | 'single-target' | 'dual-target' | 'single-target-suppressed';
export const SEARCH_MODES: readonly SearchMode[] = ['reader-selected', 'single-target', 'dual-target', 'single-target-suppressed'];

export interface ReaderProfile {
  /** 'llrp' (the only protocol this driver speaks). */
  protocol: 'llrp';
  /** 'impinj', 'zebra', 'generic': informational; extensions follow the reader's capabilities. */
  vendor: string;
  model: string | undefined;
  /** Antenna ports to inventory on (1-based). Default [1]. */
  antennas: number[];
  /** Transmit power in dBm, mapped to the nearest table entry not above it. Default: the reader's maximum. */
  transmitPowerDbm: number | undefined;
  /** Gen2 session 0..3. Default 1. */
  session: number;
  /** Expected tag population (singulation hint). Default 32. */
  tagPopulation: number;
  /** Impinj InventorySearchMode (ignored by other vendors). Default 'dual-target'. */
  searchMode: SearchMode;
  /** Report after N unique tags (0 = not by count). Default 0. */
  reportEveryTags: number;
  /** Report every T ms (GET_REPORT from the client; 0 = not by time). Default 250. */
  reportEveryMs: number;
  /** Reader keepalive period. Default 5000 ms. */
  keepaliveMs: number;
  /** The link is declared dead after this many keepalive periods of silence. Default 3. */
  missedKeepalives: number;
  /** Ask for Impinj RF phase angle (Impinj readers only). Default false. */
  reportPhase: boolean;
  /** Ask for Impinj RF Doppler frequency (Impinj readers only). Default false. */
  reportDoppler: boolean;
  /** Ask for Impinj high-resolution peak RSSI (Impinj readers only). Default true. */
  impinjPeakRssi: boolean;
  /** C1G2RFControl ModeIndex (reader mode); undefined leaves the reader's default. */
  modeIndex: number | undefined;
  /** Reconnect backoff. Defaults 500 ms doubling to 30 s, jitter 0.5. */
  reconnect: { initialMs: number; maxMs: number; jitter: number };
  /** Time allowed for each request's response. Default 10000 ms. */
  responseTimeoutMs: number;
  /** TCP (or TLS) connect timeout. Default 10000 ms. */
  connectTimeoutMs: number;
  /** With TLS: verify the reader's certificate. Default true (readers with self-signed certificates need false). */
  tlsVerify: boolean;
}

function fail(key: string, what: string): never {
  throw new LlrpError('LLRP_BAD_VALUE', `reader profile: ${key}: ${what}`, { path: key });
}

function int(raw: Record<string, unknown>, key: string, def: number, min: number, max: number): number {
  const v = raw[key];
  if (v === undefined || v === null) return def;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(key, `expected an integer in ${min}..${max}, got ${JSON.stringify(v)}`);
  return v;
}

function bool(raw: Record<string, unknown>, key: string, def: boolean): boolean {
  const v = raw[key];
  if (v === undefined || v === null) return def;
  if (typeof v !== 'boolean') fail(key, `expected true or false, got ${JSON.stringify(v)}`);
  return v;
}

/** Checks a parsed profile file; unknown keys are left alone (other tools may read them). */
export function parseReaderProfile(raw: Record<string, unknown>): ReaderProfile {
  const protocol = raw.protocol ?? 'llrp';
  if (protocol !== 'llrp') fail('protocol', `expected 'llrp', got ${JSON.stringify(protocol)}`);
  const antennasRaw = raw.antennas ?? [1];
  if (!Array.isArray(antennasRaw) || antennasRaw.length === 0 || !antennasRaw.every((a) => Number.isInteger(a) && a >= 1 && a <= 65535)) {
    fail('antennas', `expected a non-empty list of antenna numbers 1..65535, got ${JSON.stringify(antennasRaw)}`);
  }
  const antennas = [...new Set(antennasRaw as number[])];
  const power = raw.transmitPowerDbm;
  if (power !== undefined && power !== null && (typeof power !== 'number' || !Number.isFinite(power) || power < 0 || power > 40)) {
    fail('transmitPowerDbm', `expected dBm in 0..40, got ${JSON.stringify(power)}`);
  }
  const searchMode = (raw.searchMode ?? 'dual-target') as SearchMode;
  if (!SEARCH_MODES.includes(searchMode)) fail('searchMode', `expected one of ${SEARCH_MODES.join(', ')}, got ${JSON.stringify(raw.searchMode)}`);
  const reportEveryTags = int(raw, 'reportEveryTags', 0, 0, 65535);
  const reportEveryMs = int(raw, 'reportEveryMs', 250, 0, 3_600_000);
  if (reportEveryTags === 0 && reportEveryMs === 0) fail('reportEveryMs', 'reportEveryTags and reportEveryMs are both 0: the reader would never report');
  if (reportEveryMs > 0 && reportEveryMs < 10) fail('reportEveryMs', `at least 10 ms, got ${reportEveryMs}`);
  const rc = (raw.reconnect ?? {}) as Record<string, unknown>;
  if (typeof rc !== 'object' || Array.isArray(rc)) fail('reconnect', 'expected a mapping { initialMs, maxMs, jitter }');
  const initialMs = int(rc, 'initialMs', 500, 1, 600_000);
  const maxMs = int(rc, 'maxMs', 30_000, initialMs, 3_600_000);
  const jitter = rc.jitter === undefined ? 0.5 : rc.jitter;
  if (typeof jitter !== 'number' || jitter < 0 || jitter > 1) fail('reconnect.jitter', `expected 0..1, got ${JSON.stringify(jitter)}`);
  const modeIndex = raw.modeIndex === undefined || raw.modeIndex === null ? undefined : int(raw, 'modeIndex', 0, 0, 65535);
  return {
    protocol: 'llrp',
    vendor: typeof raw.vendor === 'string' ? raw.vendor : 'generic',
    model: typeof raw.model === 'string' ? raw.model : undefined,
    antennas,
    transmitPowerDbm: typeof power === 'number' ? power : undefined,
    session: int(raw, 'session', 1, 0, 3),
    tagPopulation: int(raw, 'tagPopulation', 32, 1, 65535),
    searchMode,
    reportEveryTags,
    reportEveryMs,
    keepaliveMs: int(raw, 'keepaliveMs', 5000, 100, 3_600_000),
    missedKeepalives: int(raw, 'missedKeepalives', 3, 1, 100),
    reportPhase: bool(raw, 'reportPhase', false),
    reportDoppler: bool(raw, 'reportDoppler', false),
    impinjPeakRssi: bool(raw, 'impinjPeakRssi', true),
    modeIndex,
    reconnect: { initialMs, maxMs, jitter },
    responseTimeoutMs: int(raw, 'responseTimeoutMs', 10_000, 10, 600_000),
    connectTimeoutMs: int(raw, 'connectTimeoutMs', 10_000, 10, 600_000),
    tlsVerify: bool(raw, 'tlsVerify', true),
  };
}
