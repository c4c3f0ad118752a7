/**
 * Load a site config: YAML -> ${ENV} substitution -> --set overrides -> one zod schema ->
 * cross checks (profiles exist). Every problem is collected, with its key path and, where
 * the key comes from the file, its line. Nothing else in the gateway reads process.env.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parse as parseYaml, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import { GatewayError } from '../errors.ts';
import { SiteConfigSchema, type SiteConfig } from './schema.ts';

export interface ConfigProblem {
  /** Dotted key path with [i] for list items, e.g. devices[2].connection.port */
  key: string;
  /** 1-based line in the file, when the key (or its nearest parent) is in the file */
  line?: number;
  /** Where the value came from when not the file itself */
  source?: '--set' | 'env';
  message: string;
}

export class ConfigError extends GatewayError {
  readonly problems: ConfigProblem[];
  readonly file: string;
  constructor(file: string, problems: ConfigProblem[]) {
    super('CONFIG_INVALID', `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${formatProblems(file, problems)}`);
    this.name = 'ConfigError';
    this.problems = problems;
    this.file = file;
  }
}

export interface LoadOptions {
  /** --set overrides, each "dotted.path=value"; the value is read as a YAML scalar/flow value */
  set?: string[];
  /** Environment for ${VAR} substitution; default process.env (the only place it is read) */
  env?: Record<string, string | undefined>;
  /** Where device profiles live; default the package's firmware-configs/profiles */
  profilesDir?: string;
}

export interface LoadedConfig {
  config: SiteConfig;
  file: string;
}

/** The installed package's folder (found upwards, so it holds for the sources and the bundle alike). */
export const PACKAGE_ROOT = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && /"name":\s*"warehouse-gateway"/.test(readFileSync(pkg, 'utf8'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '../..');
  }
}
export const DEFAULT_PROFILES_DIR = path.join(PACKAGE_ROOT, 'firmware-configs', 'profiles');

type Segment = string | number;

export function formatKey(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out === '' ? String(s) : `.${String(s)}`;
  }
  return out === '' ? '(top level)' : out;
}

export function formatProblems(file: string, problems: ConfigProblem[]): string {
  return problems
    .map((p) => {
      const where = p.source === '--set' ? '--set' : p.line !== undefined ? `${path.basename(file)}:${p.line}` : path.basename(file);
      return `  ${where}: ${p.key}: ${p.message}`;
    })
    .join('\n');
}

/** Load and validate; throws ConfigError listing every problem. */
export function loadConfig(file: string, options: LoadOptions = {}): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new GatewayError('CONFIG_NOT_FOUND', `cannot read config file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, {
      cause: err,
    });
  }
  return loadConfigText(text, file, options);
}

export function loadConfigText(text: string, file: string, options: LoadOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const problems: ConfigProblem[] = [];
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  for (const err of doc.errors) {
    problems.push({ key: '(syntax)', line: lines.linePos(err.pos[0]).line, message: err.message.split('\n')[0] ?? err.message });
  }
  if (problems.length > 0) throw new ConfigError(file, problems);

  const lineOf = (segments: readonly PropertyKey[]): number | undefined => lineInDoc(doc, lines, segments);
  let raw: unknown = doc.toJS() ?? {};
  const envFailed = new Set<string>();
  raw = substituteEnv(raw, [], env, (segments, message) => {
    envFailed.add(formatKey(segments));
    problems.push({ key: formatKey(segments), line: lineOf(segments), source: 'env', message });
  });

  const overridden: Segment[][] = [];
  for (const assignment of options.set ?? []) {
    const result = applySet(raw, assignment);
    if (typeof result === 'string') problems.push({ key: assignment.split('=')[0] ?? assignment, source: '--set', message: result });
    else {
      raw = result.root;
      overridden.push(result.segments);
    }
  }

  const parsed = SiteConfigSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // A value left empty by a missing ${VAR} is already reported as such.
      if (envFailed.has(formatKey(issue.path))) continue;
      problems.push(...problemsOfIssue(issue, lineOf, overridden));
    }
  }
  problems.push(...checkProfiles(raw, options.profilesDir ?? DEFAULT_PROFILES_DIR, lineOf));
  if (problems.length > 0) {
    problems.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
    throw new ConfigError(file, problems);
  }
  return { config: (parsed as { data: SiteConfig }).data, file };
}

function lineInDoc(doc: Document, lines: LineCounter, segments: readonly PropertyKey[]): number | undefined {
  // Walk down as far as the path exists; report the deepest node found (a missing key is
  // reported at its parent's line).
  for (let n = segments.length; n >= 0; n--) {
    const node = doc.getIn(segments.slice(0, n) as Segment[], true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

const ENV_REF = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?\}/g;

function substituteEnv(
  value: unknown,
  segments: Segment[],
  env: Record<string, string | undefined>,
  report: (segments: Segment[], message: string) => void,
): unknown {
  if (typeof value === 'string') {
    if (!value.includes('$')) return value;
    return value.replace(ENV_REF, (match, name: string | undefined, hasDefault: string | undefined, dflt: string | undefined) => {
      if (match === '$$') return '$';
      const v = env[name as string];
      if (v !== undefined && v !== '') return v;
      if (hasDefault !== undefined) return dflt ?? '';
      report(segments, `environment variable ${name} is not set (write \${${name}:-default} for a default)`);
      return '';
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => substituteEnv(v, [...segments, i], env, report));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = substituteEnv(v, [...segments, k], env, report);
    return out;
  }
  return value;
}

/** Apply one "a.b[0].c=value" / "a.b.0.c=value" override; returns an error message or the new root. */
export function applySet(root: unknown, assignment: string): string | { root: unknown; segments: Segment[] } {
  const eq = assignment.indexOf('=');
  if (eq <= 0) return `expected KEY=VALUE, got '${assignment}'`;
  const keyText = assignment.slice(0, eq).trim();
  const valueText = assignment.slice(eq + 1);
  const segments: Segment[] = [];
  for (const part of keyText.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (part === '') return `empty segment in key '${keyText}'`;
    segments.push(/^\d+$/.test(part) ? Number(part) : part);
  }
  let value: unknown;
  try {
    value = valueText === '' ? '' : parseYaml(valueText);
  } catch {
    value = valueText;
  }
  const top: Record<string, unknown> = root !== null && typeof root === 'object' ? (root as Record<string, unknown>) : {};
  let node: Record<string | number, unknown> = top;
  for (let i = 0; i < segments.length - 1; i++) {
    const seg = segments[i] as Segment;
    const next = node[seg];
    if (next !== null && typeof next === 'object') {
      node = next as Record<string | number, unknown>;
    } else {
      if (next !== undefined) return `'${formatKey(segments.slice(0, i + 1))}' is a ${typeof next}, not a section`;
      const created: Record<string | number, unknown> | unknown[] = typeof segments[i + 1] === 'number' ? [] : {};
      node[seg] = created;
      node = created as Record<string | number, unknown>;
    }
  }
  node[segments[segments.length - 1] as Segment] = value;
  return { root: top, segments };
}

function problemsOfIssue(
  issue: z.core.$ZodIssue,
  lineOf: (segments: readonly PropertyKey[]) => number | undefined,
  overridden: Segment[][],
): ConfigProblem[] {
  const fromSet = (segments: readonly PropertyKey[]) =>
    overridden.some((o) => o.length <= segments.length && o.every((s, i) => s === segments[i]));
  const make = (segments: readonly PropertyKey[], message: string): ConfigProblem =>
    fromSet(segments) ? { key: formatKey(segments), source: '--set', message } : { key: formatKey(segments), line: lineOf(segments), message };

  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((k) => make([...issue.path, k], `unknown key '${k}'${suggest(k)}`));
  }
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // A discriminated union whose discriminator matched nothing: say which values it takes.
    const note = (issue as { note?: string }).note;
    if (note === 'No matching discriminator') {
      const disc = (issue as { discriminator?: string }).discriminator;
      return [make(disc ? [...issue.path, disc] : issue.path, issue.message)];
    }
  }
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) {
    return [make(issue.path, `required key is missing (expected ${issue.expected})`)];
  }
  return [make(issue.path, issue.message)];
}

const KNOWN_TOP_KEYS = ['site', 'dataDir', 'log', 'api', 'bus', 'cloud', 'devices', 'doors', 'zones', 'bins', 'seed'];
function suggest(key: string): string {
  const lower = key.toLowerCase();
  const hit = KNOWN_TOP_KEYS.find((k) => k.toLowerCase() === lower);
  return hit ? ` (did you mean '${hit}'?)` : '';
}

/** Each device's profile exists and is for its kind. Runs on the raw input, so it reports even when other keys are wrong. */
function checkProfiles(raw: unknown, profilesDir: string, lineOf: (s: readonly PropertyKey[]) => number | undefined): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const devices = (raw as { devices?: unknown } | null)?.devices;
  if (!Array.isArray(devices)) return problems;
  devices.forEach((d: { profile?: unknown; kind?: unknown } | null, i) => {
    if (typeof d?.profile !== 'string' || !/^[a-z0-9][a-z0-9_/-]*$/.test(d.profile) || d.profile.includes('..')) return;
    const segments = ['devices', i, 'profile'];
    const file = path.join(profilesDir, `${d.profile}.yaml`);
    if (!existsSync(file)) {
      problems.push({ key: formatKey(segments), line: lineOf(segments), message: `no profile '${d.profile}' (looked for ${file})` });
      return;
    }
    try {
      const profile = parseYaml(readFileSync(file, 'utf8')) as { kind?: unknown } | null;
      if (typeof d.kind === 'string' && profile?.kind !== d.kind) {
        problems.push({
          key: formatKey(segments),
          line: lineOf(segments),
          message: `profile '${d.profile}' is for kind '${String(profile?.kind)}', but the device is a ${String(d.kind)}`,
        });
      }
    } catch (err) {
      problems.push({ key: formatKey(segments), line: lineOf(segments), message: `profile '${d.profile}' is not valid YAML: ${(err as Error).message}` });
    }
  });
  return problems;
}

/** Split HOST:PORT (IPv6 in brackets). */
export function parseListen(listen: string): { host: string; port: number } {
  const i = listen.lastIndexOf(':');
  let host = listen.slice(0, i);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return { host, port: Number(listen.slice(i + 1)) };
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::ffff:127.0.0.1';
}
