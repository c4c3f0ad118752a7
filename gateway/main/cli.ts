/**
 * The `warehouse-gateway` command line.
 * Exit codes: 0 done; 1 invalid config or a check that found problems; 2 wrong usage;
 * 3 could not start or run (port in use, store unreadable, ...).
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { ConfigError, loadConfig, formatProblems, PACKAGE_ROOT, type LoadedConfig } from '../config/load.ts';
import type { SiteConfig } from '../config/schema.ts';
import { GatewayError } from '../errors.ts';
import { createLogger } from '../log.ts';
import { sha256Hex } from '../secrets.ts';
import { Store } from '../store/store.ts';
import { diffBalances, rebuildBalances } from '../store/stock.sqlite.ts';
import { startGateway, VERSION } from './gateway.ts';
import { runDaemon, DAEMON_KINDS } from './daemon.ts';

export const EXIT = { OK: 0, INVALID: 1, USAGE: 2, FAILED: 3 } as const;

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
}

const USAGE = `warehouse-gateway ${VERSION}: the edge gateway of one warehouse

Usage:
  warehouse-gateway start --config FILE [--set KEY=VALUE ...] [--print-tokens]
      Run the gateway (broker, store, API) until SIGINT/SIGTERM.
  warehouse-gateway demo [--config FILE] [--set KEY=VALUE ...] [--print-tokens]
      Run the demo site with simulated devices and a simulated ERP (what npm start runs).
  warehouse-gateway check-config FILE [--set KEY=VALUE ...]
      Validate a site config: every problem with its key path and line; exit 1 if any.
  warehouse-gateway store rebuild-balances --config FILE [--check]
      Recompute stock balances from the movement ledger (--check: only report differences).
  warehouse-gateway hash-token TOKEN
      Print the SHA-256 of an API token or bus password, for tokenSha256 / passwordSha256.
  warehouse-gateway daemon llrp|serial|usb|printer DEVICE-ID --config FILE [--set ...]
      Run one device's driver in its own process, against the site's broker.
  warehouse-gateway sim NAME ...
      Run a simulator (warehouse-gateway sim --help lists them).
  warehouse-gateway llrp decode|encode ...
      LLRP field tool (see warehouse-gateway llrp --help).

Options:
  --config FILE        the site config (YAML)
  --set KEY=VALUE      override a config key by dotted path, e.g. --set api.listen=127.0.0.1:0
                       (repeatable; VALUE is read as YAML: numbers, true/false, [lists])
  --help, -h           help for a command
  --version            print the version

Exit codes: 0 done, 1 invalid config or check failed, 2 wrong usage, 3 could not start.
`;

const COMMAND_HELP: Record<string, string> = {
  start: `warehouse-gateway start --config FILE [--set KEY=VALUE ...] [--print-tokens]

Runs the gateway: opens the store (applying migrations), starts the embedded MQTT broker
or connects to the external one, publishes committed events, serves the API. Logs JSON
lines (pretty on a terminal). SIGINT/SIGTERM stop it gracefully; a second signal forces.
--print-tokens prints the API clients' clear-text tokens (for the demo only).
`,
  demo: `warehouse-gateway demo [--config FILE] [--set KEY=VALUE ...] [--print-tokens]

Runs the gateway on the demo site (default firmware-configs/sites/demo.yaml) together with
simulators speaking the real protocols on free local ports: an LLRP reader at dock door 3
(a pallet of 60 tagged cartons crosses every minute), a ZPL label printer, the ERP (with
orders to reserve and a list of the events it received), and, when socat is installed, a
packing station scale and scanner on pty pairs. SIGINT/SIGTERM stop everything.
`,
  'check-config': `warehouse-gateway check-config FILE [--set KEY=VALUE ...]

Prints every problem in FILE as "file:line: key.path: message" and exits 1, or prints a
short summary and exits 0. \${ENV_VAR} references are resolved from the environment.
`,
  store: `warehouse-gateway store rebuild-balances --config FILE [--check]

Recomputes every stock balance from the append-only movement ledger and replaces the
balances table in one transaction, printing each difference it corrected. With --check it
only reports differences (exit 1 if there are any). Safe while the gateway is stopped;
run it with the gateway stopped.
`,
  daemon: `warehouse-gateway daemon llrp|serial|usb|printer DEVICE-ID --config FILE [--set KEY=VALUE ...]

Runs the driver of one device from the site config in its own process. It connects to the
site's broker (bus.url when external; the embedded broker at bus.listen, which must not be
port 0, with the bus.users entry whose device is DEVICE-ID when the broker wants a login)
and publishes only under that device's topics. Set the device's daemon: external in the
config so the gateway does not run it too. SIGINT/SIGTERM stop it.
`,
  'hash-token': `warehouse-gateway hash-token TOKEN

Prints the hex SHA-256 of TOKEN: put it in api.clients[].tokenSha256 (or
bus.users[].passwordSha256) so the config holds no clear-text secret.
`,
};

function write(stream: NodeJS.WritableStream, text: string): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}

export async function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    write(io.stdout, USAGE);
    return command === undefined ? EXIT.USAGE : EXIT.OK;
  }
  if (command === '--version' || command === 'version') {
    write(io.stdout, VERSION);
    return EXIT.OK;
  }
  if (command === 'llrp') return llrpTool(rest, io);
  if (command === 'sim') return simCommand(rest, io);
  if (!(command in COMMAND_HELP)) {
    write(io.stderr, `unknown command '${command}'\n\n${USAGE}`);
    return EXIT.USAGE;
  }
  let args: ReturnType<typeof parseOptions>;
  try {
    args = parseOptions(rest);
  } catch (err) {
    write(io.stderr, `${(err as Error).message}\n\n${COMMAND_HELP[command]}`);
    return EXIT.USAGE;
  }
  if (args.values.help) {
    write(io.stdout, COMMAND_HELP[command] ?? USAGE);
    return EXIT.OK;
  }
  try {
    switch (command) {
      case 'check-config':
        return checkConfig(args, io);
      case 'start':
        return await start(args, io);
      case 'demo':
        return await demo(args, io);
      case 'store':
        return storeCommand(args, io);
      case 'daemon':
        return await daemonCommand(args, io);
      case 'hash-token': {
        const token = args.positionals[0];
        if (!token) {
          write(io.stderr, COMMAND_HELP['hash-token'] as string);
          return EXIT.USAGE;
        }
        write(io.stdout, sha256Hex(token));
        return EXIT.OK;
      }
    }
  } catch (err) {
    if (err instanceof ConfigError) {
      write(io.stderr, err.message);
      return EXIT.INVALID;
    }
    if (err instanceof GatewayError) {
      write(io.stderr, `${err.code}: ${err.message}`);
      return err.code === 'CONFIG_NOT_FOUND' ? EXIT.INVALID : EXIT.FAILED;
    }
    throw err;
  }
  return EXIT.USAGE;
}

function parseOptions(rest: string[]) {
  return parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: {
      config: { type: 'string', short: 'c' },
      set: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
      check: { type: 'boolean' },
      'print-tokens': { type: 'boolean' },
    },
  });
}

function configFile(args: ReturnType<typeof parseOptions>, allowPositional: boolean): string {
  const file = args.values.config ?? (allowPositional ? args.positionals[0] : undefined);
  if (!file) throw new UsageError('name the site config: --config FILE');
  return file;
}

class UsageError extends GatewayError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

function load(args: ReturnType<typeof parseOptions>, allowPositional: boolean): LoadedConfig {
  return loadConfig(configFile(args, allowPositional), { set: args.values.set ?? [] });
}

function checkConfig(args: ReturnType<typeof parseOptions>, io: Io): number {
  let loaded: LoadedConfig;
  try {
    loaded = load(args, true);
  } catch (err) {
    if (err instanceof ConfigError) {
      write(io.stdout, `${err.file}: ${err.problems.length} problem${err.problems.length === 1 ? '' : 's'}\n${formatProblems(err.file, err.problems)}`);
      return EXIT.INVALID;
    }
    if (err instanceof UsageError) {
      write(io.stderr, `${err.message}\n\n${COMMAND_HELP['check-config']}`);
      return EXIT.USAGE;
    }
    throw err;
  }
  const c = loaded.config;
  const count = (kind: string) => c.devices.filter((d) => d.kind === kind).length;
  write(
    io.stdout,
    [
      `${loaded.file}: OK`,
      `  site ${c.site.id} (gateway ${c.site.gatewayId}), data in ${path.resolve(c.dataDir)}`,
      `  api ${c.api.listen}, ${c.api.clients.length} client(s): ${c.api.clients.map((x) => `${x.name} (${x.role})`).join(', ') || 'none'}`,
      `  bus ${c.bus.broker === 'embedded' ? `embedded broker on ${c.bus.listen}, ${c.bus.users.length} user(s)` : `external broker ${c.bus.url}`}`,
      `  cloud ${c.cloud.baseUrl ?? 'not configured (events stay in the outbox)'}`,
      `  devices: ${count('rfid-reader')} RFID reader(s), ${count('scanner')} scanner(s), ${count('scale')} scale(s), ${count('printer')} printer(s)`,
      `  ${c.doors.length} door(s), ${c.zones.length} zone(s), ${c.bins.length} bin(s), ${c.seed.products.length} seeded product(s)`,
    ].join('\n'),
  );
  if (c.api.clients.length === 0) write(io.stdout, '  warning: no api.clients: every /api/v1 call will be refused');
  return EXIT.OK;
}

function storeCommand(args: ReturnType<typeof parseOptions>, io: Io): number {
  const sub = args.positionals[0];
  if (sub !== 'rebuild-balances') {
    write(io.stderr, `unknown store command '${sub ?? ''}'\n\n${COMMAND_HELP.store}`);
    return EXIT.USAGE;
  }
  const { config } = load(args, false);
  const store = Store.open(path.resolve(config.dataDir), { site: config.site.id, gatewayId: config.site.gatewayId });
  try {
    if (args.values.check) {
      const diffs = diffBalances(store);
      for (const d of diffs) write(io.stdout, `differs: ${d.sku} in ${d.bin} (${d.state}): balance ${d.live}, ledger ${d.ledger}`);
      write(io.stdout, diffs.length === 0 ? 'balances agree with the ledger' : `${diffs.length} balance(s) differ from the ledger`);
      return diffs.length === 0 ? EXIT.OK : EXIT.INVALID;
    }
    const { diffs, rows } = rebuildBalances(store);
    for (const d of diffs) write(io.stdout, `corrected: ${d.sku} in ${d.bin} (${d.state}): ${d.live} -> ${d.ledger}`);
    write(io.stdout, `rebuilt ${rows} balance(s) from the ledger; ${diffs.length} corrected`);
    return EXIT.OK;
  } finally {
    store.close();
  }
}

async function start(args: ReturnType<typeof parseOptions>, io: Io): Promise<number> {
  const { config } = load(args, false);
  const log = createLogger({ level: config.log.level, format: config.log.format });
  let gateway;
  try {
    gateway = await startGateway(config, { log });
  } catch (err) {
    log.fatal({ err: err instanceof GatewayError ? { code: err.code, message: err.message } : err }, 'gateway could not start');
    return EXIT.FAILED;
  }
  write(io.stderr, banner(config, gateway, args.values['print-tokens'] === true));
  return waitForSignal(log, () => gateway.close());
}

async function demo(args: ReturnType<typeof parseOptions>, io: Io): Promise<number> {
  const file = args.values.config ?? path.join(PACKAGE_ROOT, 'firmware-configs', 'sites', 'demo.yaml');
  const { config } = loadConfig(file, { set: args.values.set ?? [] });
  const log = createLogger({ level: config.log.level, format: config.log.format });
  let running;
  try {
    const { startDemo } = await import('./demo.ts');
    running = await startDemo(file, args.values.set ?? [], log);
  } catch (err) {
    log.fatal({ err: err instanceof GatewayError ? { code: err.code, message: err.message } : err }, 'demo could not start');
    return EXIT.FAILED;
  }
  const extra = [
    `  ERP sim  ${running.erpUrl}   (what the ERP received: GET /api/v1/_received, token ${'demo-erp-token'})`,
    `  reader   ${running.readerAddress}   (LLRP, dock door 3: a pallet of 60 cartons every minute)`,
    `  printer  ${running.printerAddress}   (ZPL on raw 9100, carriers SF and YTO)`,
    `  station  ${running.packingStation ?? 'not started: install socat for the simulated scale and scanner'}`,
  ];
  write(io.stderr, banner(running.gateway.config, running.gateway, args.values['print-tokens'] === true, extra));
  return waitForSignal(log, () => running.close());
}

function banner(config: SiteConfig, gateway: { readyMs: number; apiUrl: string; busUrl: string; store: { file: string } }, printTokens: boolean, extra: string[] = []): string {
  const lines = [
    '',
    `warehouse-gateway ${VERSION} ready in ${gateway.readyMs} ms (site ${config.site.id})`,
    `  API      ${gateway.apiUrl}   (GET /health, /metrics, /openapi.json)`,
    `  broker   ${gateway.busUrl}   (topics wh/${config.site.id}/#)`,
    `  store    ${gateway.store.file}`,
    ...extra,
  ];
  if (printTokens) {
    for (const c of config.api.clients) if (c.token) lines.push(`  token    ${c.role.padEnd(8)} ${c.token}   (${c.name})`);
    lines.push(`  try      curl -H 'Authorization: Bearer ${config.api.clients.find((c) => c.role === 'admin' && c.token)?.token ?? 'TOKEN'}' ${gateway.apiUrl}/api/v1/stock`);
  }
  return `${lines.join('\n')}\n`;
}

async function llrpTool(rest: string[], io: Io): Promise<number> {
  const { runLlrpTool } = await import('../../drivers/llrp/tool.ts');
  return runLlrpTool(rest, io);
}

async function simCommand(rest: string[], io: Io): Promise<number> {
  const { SIMULATORS } = await import('../../simulators/index.ts');
  const [name, ...simArgs] = rest;
  const list = () =>
    Object.entries(SIMULATORS)
      .map(([n, e]) => `  ${n.padEnd(12)} ${e.summary}`)
      .join('\n') || '  (none in this version)';
  if (name === undefined || name === '--help' || name === '-h') {
    write(name === undefined ? io.stderr : io.stdout, `warehouse-gateway sim NAME [options]   (sim NAME --help for each)\n\nSimulators:\n${list()}`);
    return name === undefined ? EXIT.USAGE : EXIT.OK;
  }
  const entry = SIMULATORS[name];
  if (!entry) {
    write(io.stderr, `unknown simulator '${name}'\n\nSimulators:\n${list()}`);
    return EXIT.USAGE;
  }
  return (await entry.load()).run(simArgs, io);
}

async function daemonCommand(args: ReturnType<typeof parseOptions>, io: Io): Promise<number> {
  const [kind, deviceId] = args.positionals;
  if (!kind || !deviceId || !(DAEMON_KINDS as readonly string[]).includes(kind)) {
    write(io.stderr, COMMAND_HELP.daemon as string);
    return EXIT.USAGE;
  }
  const { config } = load(args, false);
  const log = createLogger({ level: config.log.level, format: config.log.format }).child({ daemon: kind, device: deviceId });
  const daemon = await runDaemon(kind, deviceId, config, log);
  return waitForSignal(log, () => daemon.close());
}

/** Run until SIGINT/SIGTERM, then close; a second signal exits at once. */
function waitForSignal(log: ReturnType<typeof createLogger>, close: () => Promise<void>): Promise<number> {
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        log.warn({ signal }, 'second signal: exiting now');
        process.exit(EXIT.FAILED);
      }
      stopping = true;
      log.info({ signal }, 'stopping');
      close().then(
        () => resolve(EXIT.OK),
        (err: unknown) => {
          log.error({ err }, 'error while stopping');
          resolve(EXIT.FAILED);
        },
      );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });
}
