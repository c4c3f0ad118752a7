/**
 * The site configuration: one YAML file per warehouse gateway, validated by this one schema.
 * Every key has a description and, where it is optional, a default. The JSON Schema exported
 * to firmware-configs/site-config.schema.json (npm run schema) is generated from this file.
 */
import { z } from 'zod';

/** Ids that end up inside MQTT topics: no '/', '+', '#', spaces. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const id = (what: string) =>
  z
    .string()
    .regex(ID_PATTERN, `${what} must be 1-64 characters of letters, digits, '_', '.', '-' (it is used in MQTT topics)`)
    .describe(`${what}: letters, digits, '_', '.', '-'; used in MQTT topics`);

const LISTEN_PATTERN = /^(\[[0-9A-Fa-f:.]+\]|[^:\s[\]]+):(\d{1,5})$/;
const listen = (what: string, dflt: string) =>
  z
    .string()
    .regex(LISTEN_PATTERN, `${what} must be HOST:PORT, e.g. 127.0.0.1:8080 (port 0 picks a free port)`)
    .refine((s) => !LISTEN_PATTERN.test(s) || Number(s.slice(s.lastIndexOf(':') + 1)) <= 65535, 'port must be 0-65535')
    .default(dflt)
    .describe(`${what} as HOST:PORT (port 0 picks a free port). Default ${dflt}`);

const port = z.number().int().min(1).max(65535);
const secret = (what: string) => z.string().min(1).describe(`${what}; write \${ENV_VAR} to read it from the environment`);

export const ZONE_KINDS = ['pick', 'reserve', 'shipping', 'qc', 'fast-mover', 'small-items', 'hold'] as const;
export const API_ROLES = ['admin', 'cloud', 'pda', 'station'] as const;
export const DEVICE_KINDS = ['rfid-reader', 'scanner', 'scale', 'printer'] as const;

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const SiteSchema = z
  .strictObject({
    id: id('site id'),
    name: z.string().optional().describe('Human name of the warehouse'),
    gatewayId: id('gateway id').default('gw1').describe('This gateway process, when several share one site. Default gw1'),
    timezone: z
      .string()
      .refine(validTimeZone, 'timezone must be an IANA zone name, e.g. Europe/Berlin or Asia/Shanghai')
      .optional()
      .describe("IANA time zone for door schedules, e.g. Europe/Berlin. Default the machine's zone"),
  })
  .describe('Which warehouse this gateway serves');

const LogSchema = z
  .strictObject({
    level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info').describe('Default info'),
    format: z
      .enum(['auto', 'json', 'pretty'])
      .default('auto')
      .describe('json lines, pretty (for a terminal), or auto: pretty when stdout is a terminal. Default auto'),
  })
  .default({ level: 'info', format: 'auto' });

const ApiClientSchema = z
  .strictObject({
    name: id('client name'),
    role: z.enum(API_ROLES).describe('admin, cloud, pda or station'),
    token: secret('Bearer token in clear (hashed at load, never logged)').optional(),
    tokenSha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'tokenSha256 must be 64 lowercase hex digits (warehouse-gateway hash-token TOKEN)')
      .optional()
      .describe('SHA-256 of the bearer token, hex; print it with `warehouse-gateway hash-token TOKEN`'),
  })
  .refine((c) => (c.token === undefined) !== (c.tokenSha256 === undefined), {
    message: 'give exactly one of token or tokenSha256',
  });

const ApiSchema = z
  .strictObject({
    listen: listen('API listen address', '127.0.0.1:8080'),
    clients: z.array(ApiClientSchema).default([]).describe('Who may call the API, each with a role'),
    maxBodyBytes: z.number().int().min(1024).default(1_048_576).describe('Largest request body. Default 1 MiB'),
  })
  .default({ listen: '127.0.0.1:8080', clients: [], maxBodyBytes: 1_048_576 });

const BusUserSchema = z
  .strictObject({
    username: z.string().min(1),
    password: secret('Password in clear (hashed at load)').optional(),
    passwordSha256: z.string().regex(/^[0-9a-f]{64}$/, 'passwordSha256 must be 64 lowercase hex digits').optional(),
    role: z
      .enum(['device', 'service', 'observer'])
      .describe('device: publishes only under its own device topics; service: everything; observer: subscribe only'),
    device: id('device id').optional().describe('For role device: the device this identity speaks for'),
  })
  .refine((u) => (u.password === undefined) !== (u.passwordSha256 === undefined), {
    message: 'give exactly one of password or passwordSha256',
  })
  .refine((u) => u.role !== 'device' || u.device !== undefined, {
    message: 'a user with role device must name its device',
    path: ['device'],
  });

const EmbeddedBusSchema = z.strictObject({
  broker: z.literal('embedded').describe('embedded (default) or external'),
  listen: listen('Embedded MQTT broker listen address', '127.0.0.1:1883'),
  allowAnonymous: z
    .enum(['auto', 'yes', 'no'])
    .default('auto')
    .describe('auto: anonymous clients only when the broker listens on loopback. Default auto'),
  users: z.array(BusUserSchema).default([]).describe('MQTT identities for devices, daemons and tools'),
});

const ExternalBusSchema = z.strictObject({
  broker: z.literal('external'),
  url: z.string().regex(/^(mqtts?|wss?|tcp|ssl):\/\/[^\s]+$/, 'url must look like mqtt://host:1883 or mqtts://host:8883'),
  username: z.string().optional(),
  password: secret('Broker password').optional(),
  clientId: z.string().optional().describe('Default warehouse-gateway-{site}-{gatewayId}'),
  rejectUnauthorized: z.boolean().default(true),
});

const BusSchema = z
  .preprocess(
    // `broker` may be left out for the embedded broker (so `--set bus.listen=...` just works).
    (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) && !('broker' in v) ? { broker: 'embedded', ...v } : v),
    z.discriminatedUnion('broker', [EmbeddedBusSchema, ExternalBusSchema]),
  )
  .default({ broker: 'embedded', listen: '127.0.0.1:1883', allowAnonymous: 'auto', users: [] })
  .describe('The MQTT bus: the embedded aedes broker (default) or an external broker');

const CloudSchema = z
  .strictObject({
    baseUrl: z.url({ message: 'baseUrl must be an http(s) URL' }).optional().describe('The ERP base URL; no forwarding when absent'),
    token: secret('Bearer token for the ERP').optional(),
    timeoutMs: z.number().int().min(100).default(15_000),
    batchSize: z.number().int().min(1).max(10_000).default(500),
    batchDelayMs: z.number().int().min(0).default(200),
    syncIntervalS: z.number().int().min(5).default(300).describe('Master data and order download period'),
    retryInitialMs: z.number().int().min(10).default(1_000).describe('First retry delay after a failed ERP call (doubles, with jitter). Default 1000'),
    retryMaxMs: z.number().int().min(100).default(60_000).describe('Longest retry delay. Default 60000'),
    pageSize: z.number().int().min(1).max(10_000).default(500).describe('Items per download page. Default 500'),
  })
  .default({ timeoutMs: 15_000, batchSize: 500, batchDelayMs: 200, syncIntervalS: 300, retryInitialMs: 1_000, retryMaxMs: 60_000, pageSize: 500 });

const SerialConnection = z.strictObject({
  type: z.literal('serial'),
  path: z.string().min(1).describe('e.g. /dev/ttyUSB0 or /dev/serial/by-id/...'),
  baudRate: z.number().int().positive().optional().describe('Default from the profile'),
});
const UsbConnection = z.strictObject({
  type: z.literal('usb'),
  vendorId: z.number().int().min(0).max(0xffff),
  productId: z.number().int().min(0).max(0xffff),
  serialNumber: z.string().optional(),
});
const BusConnection = z
  .strictObject({ type: z.literal('bus') })
  .describe('The device publishes itself on the bus (PDA, external daemon)');

const deviceBase = {
  id: id('device id'),
  name: z.string().optional(),
  enabled: z.boolean().default(true),
  profile: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_/-]*$/, 'profile must be a path under firmware-configs/profiles without extension, e.g. rfid/impinj-r700-portal')
    .describe('A device profile under firmware-configs/profiles, without .yaml'),
  daemon: z
    .enum(['in-process', 'external'])
    .default('in-process')
    .describe('in-process: the gateway runs the driver; external: a `warehouse-gateway daemon` process does'),
};

const RfidReaderSchema = z.strictObject({
  ...deviceBase,
  kind: z.literal('rfid-reader'),
  connection: z.strictObject({
    host: z.string().min(1),
    port: port.optional().describe('Default 5084, or 5085 with tls'),
    tls: z.boolean().default(false),
  }),
  zone: id('zone id').optional().describe('For a zone reader (not a door): the zone it watches'),
});
const ScannerSchema = z.strictObject({
  ...deviceBase,
  kind: z.literal('scanner'),
  connection: z.discriminatedUnion('type', [SerialConnection, UsbConnection, BusConnection]),
  station: id('station id').optional(),
});
const ScaleSchema = z.strictObject({
  ...deviceBase,
  kind: z.literal('scale'),
  connection: z.discriminatedUnion('type', [SerialConnection, UsbConnection]),
  station: id('station id').optional(),
});
const PrinterSchema = z.strictObject({
  ...deviceBase,
  kind: z.literal('printer'),
  connection: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('ipp'), url: z.string().regex(/^ipps?:\/\/\S+$/, 'url must be ipp://host:port/path') }),
    z.strictObject({ type: z.literal('raw'), host: z.string().min(1), port: port.default(9100) }),
  ]),
  carriers: z.array(z.string().min(1)).default([]).describe('Carriers whose labels this printer prints'),
  stations: z.array(id('station id')).default([]),
  pollMs: z.number().int().min(100).default(2000).describe('How often the print service asks the printer for its status. Default 2000'),
  timeoutMs: z.number().int().min(100).default(3000).describe('Per request to the printer (connect + answer). Default 3000'),
});

const areaKeys = {
  provinces: z.array(z.string().min(1)).optional().describe('Destination provinces (receiver.province), case-insensitive'),
  cities: z.array(z.string().min(1)).optional().describe('Destination cities (receiver.city), case-insensitive'),
  postcodePrefixes: z.array(z.string().regex(/^\d+$/, 'a postcode prefix is digits')).optional().describe('Destination postcode prefixes'),
};
const CarrierRuleSchema = z.discriminatedUnion('by', [
  z.strictObject({ by: z.literal('customer'), allow: z.array(z.string().min(1)).optional().describe('Carriers a customer may choose; default any in list') }),
  z.strictObject({ by: z.literal('channel'), channels: z.array(z.string().min(1)).min(1), carrier: z.string().min(1) }),
  z.strictObject({ by: z.literal('sku'), skus: z.array(z.string().min(1)).min(1), carrier: z.string().min(1) }),
  z.strictObject({ by: z.literal('area'), ...areaKeys, carrier: z.string().min(1) }),
  z.strictObject({ by: z.literal('cheapest'), among: z.array(z.string().min(1)).optional().describe('Default every carrier with a rate') }),
]);
const CarrierSchema = z.strictObject({
  id: id('carrier id'),
  name: z.string().optional().describe('Printed on the label; default the id'),
  template: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/).default('default').describe('ZPL template firmware-configs/labels/{template}.zpl. Default default'),
  rates: z
    .record(z.string(), z.array(z.strictObject({ upToGrams: z.number().int().positive(), price: z.number().nonnegative() })).min(1))
    .default({})
    .describe("Area zone id -> weight brackets ascending ({ upToGrams, price }); zone 'default' for everywhere else"),
  waybill: z
    .strictObject({
      prefix: z.string().regex(/^[A-Za-z0-9]*$/).default(''),
      from: z.number().int().min(0),
      to: z.number().int().min(0),
      digits: z.number().int().min(1).max(18).default(12),
    })
    .refine((r) => r.to >= r.from, 'waybill.to must be >= waybill.from')
    .optional()
    .describe('Local waybill number range for shipments that bring none; numbers are never reused'),
});
const CarriersSchema = z
  .strictObject({
    list: z.array(CarrierSchema).default([]).describe('The carriers this warehouse ships with'),
    zones: z.array(z.strictObject({ id: id('zone id'), ...areaKeys })).default([]).describe('Area zones for rate tables, first match wins; else zone default'),
    rules: z
      .array(CarrierRuleSchema)
      .default([{ by: 'customer' }, { by: 'cheapest' }])
      .describe('Carrier assignment, first match wins: customer, channel, sku, area, cheapest. Default: customer, then cheapest'),
  })
  .default({ list: [], zones: [], rules: [{ by: 'customer' }, { by: 'cheapest' }] })
  .describe('Carrier assignment rules, rate tables and waybill number ranges');

export const DeviceSchema = z.discriminatedUnion('kind', [RfidReaderSchema, ScannerSchema, ScaleSchema, PrinterSchema]);

const antennaList = z.array(z.number().int().min(1).max(65535));
const antennaSet = z
  .array(z.strictObject({ device: id('device id'), antennas: antennaList.min(1, 'name at least one antenna') }))
  .default([]);
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time of day is HH:MM, 24-hour, e.g. '06:30'");
const DoorSlotSchema = z
  .strictObject({
    days: z.array(z.enum(WEEKDAYS)).min(1).default([...WEEKDAYS]).describe('Weekdays the slot runs (mon..sun), in site.timezone. Default every day'),
    from: clockTime.describe('Start of the slot, HH:MM in site.timezone: the session opens'),
    to: clockTime.describe('End of the slot, HH:MM in site.timezone: the session closes (before from: the slot runs past midnight)'),
    kind: z.enum(['outbound', 'inbound']).describe('outbound: ship orders; inbound: receive ASNs'),
    carrier: z.string().min(1).optional().describe('outbound: only orders assigned to this carrier'),
    supplier: z.string().min(1).optional().describe('inbound: only ASNs of this supplier'),
  })
  .refine((s) => s.from !== s.to, 'from and to must differ')
  .describe('A time slot in which the door is opened for a shipment or a receipt');

const DoorSchema = z.strictObject({
  id: id('door id'),
  name: z.string().optional(),
  readers: z
    .array(
      z.strictObject({
        device: id('device id'),
        outside: antennaList.default([]).describe('Antennas facing the yard'),
        inside: antennaList.default([]).describe('Antennas facing the warehouse'),
      }),
    )
    .optional()
    .describe('Per reader: which antennas face the yard (outside) and the warehouse (inside). Or give sets instead'),
  sets: z
    .strictObject({
      in: antennaSet.describe('The in set: antennas on the warehouse side, per reader'),
      out: antennaSet.describe('The out set: antennas on the yard side, per reader'),
    })
    .optional()
    .describe('Per side, as portal layouts declare them: a tag going from the out set to the in set is inbound. Instead of readers'),
  adjacent: z.array(id('door id')).default([]).describe('Doors close enough to cross-read'),
  trigger: z
    .strictObject({
      device: id('device id').describe('The reader whose GPI input the sensor is wired to'),
      gpi: z.number().int().min(1).describe('GPI port number, from 1'),
      activeHigh: z.boolean().default(true).describe('true: the sensor sees something while the input is high. Default true'),
      graceMs: z.number().int().min(0).default(2000).describe('Reads this long before the sensor fires or after it clears still count. Default 2000'),
    })
    .optional()
    .describe('A presence sensor (photo-eye, motion) on a reader GPI: with it, only tags read while it saw something make transits'),
  thresholds: z
    .strictObject({
      windowMs: z.number().int().min(100).default(3000).describe('A tag unseen this long has left the door. Default 3000'),
      minReads: z.number().int().min(1).default(2).describe('Fewer reads than this is a stray read, ignored. Default 2'),
      rssiFloorDbm: z.number().default(-75).describe('Reads weaker than this are ignored. Default -75'),
      parkAfterMs: z.number().int().min(1000).default(120_000).describe('A tag read in the door this long is parked there, not passing. Default 120000'),
    })
    .default({ windowMs: 3000, minReads: 2, rssiFloorDbm: -75, parkAfterMs: 120_000 }),
  schedule: z.array(DoorSlotSchema).default([]).describe('Time slots that open and close door sessions by themselves'),
});

const ZoneSchema = z.strictObject({
  id: id('zone id'),
  kind: z.enum(ZONE_KINDS).describe(ZONE_KINDS.join(', ')),
  name: z.string().optional(),
});

const BinSchema = z.strictObject({
  id: id('bin id'),
  zone: id('zone id'),
  pickSeq: z.number().int().min(0).describe('Position on the pick path; lower is visited first'),
  name: z.string().optional(),
});

const SeedSchema = z
  .strictObject({
    products: z
      .array(
        z.strictObject({
          sku: z.string().min(1).max(64),
          name: z.string().min(1),
          gtin: z.string().regex(/^\d{14}$/, 'gtin must be 14 digits').optional(),
          barcodes: z.array(z.string().min(1)).default([]),
        }),
      )
      .default([]),
    stock: z
      .array(z.strictObject({ sku: z.string().min(1), bin: id('bin id'), qty: z.number().int().positive() }))
      .default([])
      .describe('Opening stock, booked once as an initial movement'),
  })
  .default({ products: [], stock: [] })
  .describe('Master data and opening stock for a site without an ERP (the demo)');

export const SiteConfigSchema = z
  .strictObject({
    site: SiteSchema,
    dataDir: z.string().min(1).default('./var').describe('Where the SQLite store lives; relative to the working directory. Default ./var'),
    log: LogSchema,
    api: ApiSchema,
    bus: BusSchema,
    cloud: CloudSchema,
    devices: z.array(DeviceSchema).default([]),
    doors: z.array(DoorSchema).default([]),
    zones: z.array(ZoneSchema).default([]),
    bins: z.array(BinSchema).default([]),
    seed: SeedSchema,
    carriers: CarriersSchema,
  })
  // Cross references run even when other keys are invalid, so one pass names every mistake.
  .superRefine((cfg, ctx) => crossCheck(cfg as unknown, ctx), { when: () => true });

type Loose = Record<string, unknown>;
const list = (v: unknown): Loose[] => (Array.isArray(v) ? v.map((x) => (x !== null && typeof x === 'object' ? (x as Loose) : {})) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Ids unique, references resolve. Defensive: the input may be partly invalid. */
function crossCheck(input: unknown, ctx: z.RefinementCtx): void {
  const cfg = (input !== null && typeof input === 'object' ? input : {}) as Loose;
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const unique = (key: string) => {
    const seen = new Map<string, number>();
    list(cfg[key]).forEach((item, i) => {
      const itemId = str(item.id);
      if (itemId === undefined) return;
      const first = seen.get(itemId);
      if (first !== undefined) issue([key, i, 'id'], `duplicate id '${itemId}' (also ${key}[${first}])`);
      else seen.set(itemId, i);
    });
  };
  for (const key of ['devices', 'doors', 'zones', 'bins']) unique(key);

  const devices = new Map(list(cfg.devices).map((d) => [str(d.id), d]));
  const zones = new Set(list(cfg.zones).map((z) => str(z.id)));
  const doors = new Set(list(cfg.doors).map((d) => str(d.id)));
  list(cfg.bins).forEach((b, i) => {
    const zone = str(b.zone);
    if (zone !== undefined && !zones.has(zone)) issue(['bins', i, 'zone'], `unknown zone '${zone}'`);
  });
  list(cfg.devices).forEach((d, i) => {
    const zone = str(d.zone);
    if (zone !== undefined && !zones.has(zone)) issue(['devices', i, 'zone'], `unknown zone '${zone}'`);
  });
  list(cfg.doors).forEach((door, i) => {
    const checkReader = (path: (string | number)[], devId: string | undefined) => {
      if (devId === undefined) return;
      const dev = devices.get(devId);
      if (!dev) issue(path, `unknown device '${devId}'`);
      else if (dev.kind !== 'rfid-reader') issue(path, `device '${devId}' is a ${String(dev.kind)}, not an rfid-reader`);
    };
    const hasReaders = door.readers !== undefined;
    const sets = (door.sets ?? undefined) as Loose | undefined;
    if (hasReaders && sets !== undefined) issue(['doors', i], 'give readers (per reader) or sets (per side), not both');
    if (!hasReaders && sets === undefined) issue(['doors', i], 'a door needs its antennas: readers (per reader: outside, inside) or sets (per side: in, out)');
    /** reader#antenna -> the side it was first given */
    const sideOf = new Map<string, string>();
    const place = (path: (string | number)[], devId: string | undefined, antennas: unknown, side: string) => {
      if (devId === undefined || !Array.isArray(antennas)) return;
      for (const a of antennas) {
        const key = `${devId}#${String(a)}`;
        const before = sideOf.get(key);
        if (before !== undefined && before !== side) issue(path, `antenna ${String(a)} of '${devId}' is on both sides (${before} and ${side})`);
        sideOf.set(key, side);
      }
    };
    if (hasReaders) {
      const readers = list(door.readers);
      if (readers.length === 0) issue(['doors', i, 'readers'], 'a door needs at least one reader');
      readers.forEach((r, j) => {
        const devId = str(r.device);
        checkReader(['doors', i, 'readers', j, 'device'], devId);
        const antennas = (Array.isArray(r.outside) ? r.outside.length : 0) + (Array.isArray(r.inside) ? r.inside.length : 0);
        if (antennas === 0) issue(['doors', i, 'readers', j], 'name the outside and/or inside antennas');
        place(['doors', i, 'readers', j, 'outside'], devId, r.outside, 'outside');
        place(['doors', i, 'readers', j, 'inside'], devId, r.inside, 'inside');
      });
    } else if (sets !== undefined) {
      const inSet = list(sets.in);
      const outSet = list(sets.out);
      if (inSet.length + outSet.length === 0) issue(['doors', i, 'sets'], 'name the antennas of the in set and/or the out set');
      outSet.forEach((e, j) => {
        checkReader(['doors', i, 'sets', 'out', j, 'device'], str(e.device));
        place(['doors', i, 'sets', 'out', j, 'antennas'], str(e.device), e.antennas, 'out');
      });
      inSet.forEach((e, j) => {
        checkReader(['doors', i, 'sets', 'in', j, 'device'], str(e.device));
        place(['doors', i, 'sets', 'in', j, 'antennas'], str(e.device), e.antennas, 'in');
      });
    }
    (Array.isArray(door.adjacent) ? door.adjacent : []).forEach((a: unknown, j: number) => {
      if (typeof a !== 'string') return;
      if (!doors.has(a)) issue(['doors', i, 'adjacent', j], `unknown door '${a}'`);
      if (a === door.id) issue(['doors', i, 'adjacent', j], 'a door cannot be adjacent to itself');
    });
    const trigger = door.trigger as Loose | undefined;
    const trigDev = str(trigger?.device);
    if (trigDev !== undefined) checkReader(['doors', i, 'trigger', 'device'], trigDev);
  });
  const bus = (cfg.bus ?? {}) as Loose;
  list(bus.users).forEach((u, i) => {
    const dev = str(u.device);
    if (dev !== undefined && !devices.has(dev)) issue(['bus', 'users', i, 'device'], `unknown device '${dev}'`);
  });
  const seed = (cfg.seed ?? {}) as Loose;
  const skus = new Set(list(seed.products).map((p) => str(p.sku)));
  const bins = new Set(list(cfg.bins).map((b) => str(b.id)));
  list(seed.stock).forEach((s, i) => {
    const sku = str(s.sku);
    const bin = str(s.bin);
    if (sku !== undefined && !skus.has(sku)) issue(['seed', 'stock', i, 'sku'], `unknown sku '${sku}' (not in seed.products)`);
    if (bin !== undefined && !bins.has(bin)) issue(['seed', 'stock', i, 'bin'], `unknown bin '${bin}'`);
  });
}

export type SiteConfig = z.output<typeof SiteConfigSchema>;
export type DoorConfig = z.output<typeof DoorSchema>;
export type DeviceConfig = z.output<typeof DeviceSchema>;
export type ApiRole = (typeof API_ROLES)[number];
export type ZoneKind = (typeof ZONE_KINDS)[number];
