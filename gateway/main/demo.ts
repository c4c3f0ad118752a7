/**
 * `warehouse-gateway demo` (what `npm start` runs): the demo site with simulated devices and
 * a simulated ERP, all in this process but speaking their real protocols over real sockets
 * and ptys: an LLRP reader at dock door 3 (a pallet crosses every minute), a ZPL label
 * printer on raw 9100, the ERP (orders to reserve, events received), and, when socat is
 * installed, a packing station (MT-SICS scale and serial scanner on pty pairs).
 * Every simulator takes a free port; the site config is the demo file plus overrides.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { loadConfig } from '../config/load.ts';
import type { SiteConfig } from '../config/schema.ts';
import { startGateway, type Gateway } from './gateway.ts';
import { SimulatedReader } from '../../simulators/llrp-reader/reader.ts';
import { startErpServer, type ErpServer } from '../../simulators/cloud-erp/server.ts';
import { ZplPrinterSim } from '../../simulators/zpl-printer/printer.ts';
import { ScaleSimulator } from '../../simulators/scale/scale-sim.ts';
import { ScannerSimulator } from '../../simulators/scanner/scanner-sim.ts';
import { socatAvailable } from '../../simulators/pty.ts';

export interface Demo {
  gateway: Gateway;
  erpUrl: string;
  readerAddress: string;
  printerAddress: string;
  packingStation: string | undefined;
  close(): Promise<void>;
}

const ERP_TOKEN = 'demo-erp-token';
/** SGTIN-96 of the demo's tagged carton (GTIN 80614141123458): header, filter 3, company 0614141, item 812345 */
const CARTON_EPC_PREFIX = '3074257bf7194e40000';

const DEMO_ORDERS = [
  { id: 'SO-1001', customer: 'Li Wei', carrier: 'SF', lines: [{ sku: 'TSHIRT-BLK-M', qty: 2 }, { sku: 'MUG-WHITE', qty: 1 }] },
  { id: 'SO-1002', customer: 'Anna Schmidt', lines: [{ sku: 'EARBUDS-01', qty: 1 }] },
  { id: 'SO-1003', customer: 'Wholesale Co', priority: 5, lines: [{ sku: 'CARTON-812345', qty: 60 }] },
];
const DEMO_ASNS = [{ id: 'ASN-2001', supplier: 'Carton factory', lines: [{ sku: 'CARTON-812345', qty: 60 }] }];

export async function startDemo(configFile: string, set: readonly string[], log: Logger): Promise<Demo> {
  const closers: (() => Promise<unknown>)[] = [];
  const closeAll = async () => {
    for (const c of closers.reverse()) await c().catch((err: unknown) => log.warn({ err: (err as Error).message }, 'demo: error while closing a simulator'));
  };
  try {
    const base = loadConfig(configFile, { set: [...set] }).config;
    const simLog = log.child({ component: 'demo' });

    const erp: ErpServer = await startErpServer({ host: '127.0.0.1', port: 0, token: ERP_TOKEN, seed: { orders: DEMO_ORDERS, asns: DEMO_ASNS } });
    closers.push(() => erp.close());

    const reader = new SimulatedReader({ model: 'impinj-r700', host: '127.0.0.1', port: 0 });
    const readerAddr = await reader.listen();
    closers.push(() => reader.close());
    let palletTimer: NodeJS.Timeout | undefined;
    let pallet = 0;
    const nextPallet = () => {
      const direction = pallet % 2 === 0 ? 'outbound' : 'inbound';
      reader.addScene({ kind: 'pallet', cartons: 60, direction, speedMps: 1, startMs: 5000, epcPrefix: `${CARTON_EPC_PREFIX}${(pallet % 16).toString(16)}` });
      simLog.info({ pallet: ++pallet, direction, door: 'door-3' }, 'demo: a pallet of 60 cartons rolls through door 3 in 5 s');
      palletTimer = setTimeout(nextPallet, 60_000);
      palletTimer.unref();
    };
    nextPallet();
    closers.push(async () => clearTimeout(palletTimer));

    const printer = new ZplPrinterSim({ host: '127.0.0.1', port: 0, printMs: 200 });
    const printerAddr = await printer.start();
    closers.push(() => printer.stop());

    const devices: Record<string, unknown>[] = [
      { id: 'door3-reader', kind: 'rfid-reader', name: 'Dock door 3 portal', profile: 'rfid/impinj-r700-portal', connection: { host: '127.0.0.1', port: readerAddr.port } },
      { id: 'zebra-1', kind: 'printer', name: 'Label printer SF/YTO', profile: 'printer/zebra-zpl-203dpi', connection: { type: 'raw', host: '127.0.0.1', port: printerAddr.port }, carriers: ['SF', 'YTO'], stations: ['pack1'] },
    ];

    let packingStation: string | undefined;
    if (socatAvailable()) {
      const dir = path.join(path.resolve(base.dataDir), 'demo-pty');
      mkdirSync(dir, { recursive: true });
      const scale = new ScaleSimulator({ protocol: 'mt-sics', link: path.join(dir, 'scale') });
      const scanner = new ScannerSimulator({ link: path.join(dir, 'scanner') });
      await scale.start();
      await scanner.start();
      closers.push(() => scale.stop(), () => scanner.stop());
      devices.push(
        { id: 'pack1-scale', kind: 'scale', name: 'Packing station 1 scale', profile: 'scale/mettler-toledo-sics', connection: { type: 'serial', path: path.join(dir, 'scale') }, station: 'pack1' },
        { id: 'pack1-scanner', kind: 'scanner', name: 'Packing station 1 scanner', profile: 'scanner/serial-cr', connection: { type: 'serial', path: path.join(dir, 'scanner') }, station: 'pack1' },
      );
      // Every 30 s a parcel is scanned, weighed and taken off the scale.
      const parcels = [1250, 430, 2890];
      let n = 0;
      const station = setInterval(() => {
        const grams = parcels[n++ % parcels.length] as number;
        void scanner.scan(']C100106141411234567897').then(() => scale.model.place(grams, 1500));
        setTimeout(() => scale.model.set(0), 10_000).unref();
      }, 30_000);
      station.unref();
      closers.push(async () => clearInterval(station));
      packingStation = `scale (MT-SICS) and scanner on ptys in ${dir}`;
    } else {
      simLog.warn('demo: socat is not installed, so the packing station (scale and scanner on ptys) is left out; apt-get install socat');
    }

    const config: SiteConfig = loadConfig(configFile, {
      set: [
        ...set,
        `cloud.baseUrl=http://127.0.0.1:${erp.port}`,
        `cloud.token=${ERP_TOKEN}`,
        `cloud.syncIntervalS=60`,
        `devices=${JSON.stringify(devices)}`,
        `doors=${JSON.stringify([{ id: 'door-3', name: 'Dock door 3', readers: [{ device: 'door3-reader', outside: [1, 2], inside: [3, 4] }] }])}`,
        `carriers=${JSON.stringify({
          list: [
            { id: 'SF', name: 'SF Express', template: 'sf', waybill: { prefix: 'SF', from: 1000000, to: 1999999, digits: 12 }, rates: { default: [{ upToGrams: 1000, price: 12 }, { upToGrams: 5000, price: 18 }] } },
            { id: 'YTO', name: 'YTO Express', waybill: { prefix: 'YT', from: 5000000, to: 5999999, digits: 12 }, rates: { default: [{ upToGrams: 1000, price: 8 }, { upToGrams: 5000, price: 14 }] } },
          ],
          rules: [{ by: 'customer' }, { by: 'cheapest' }],
        })}`,
      ],
    }).config;

    const gateway = await startGateway(config, { log });
    closers.push(() => gateway.close());
    // Door 3's first pallet (outbound, 5 s after start) loads order SO-1003; the second
    // (inbound, a minute later) brings ASN-2001. Sessions are opened and closed through the
    // API like a PDA would, so the ERP gets shipment.reconciled and receipt.reconciled.
    const admin = config.api.clients.find((c) => c.role === 'admin' && c.token)?.token;
    if (admin) scheduleSessions(gateway.apiUrl, admin, simLog, closers);
    return {
      gateway,
      erpUrl: erp.url,
      readerAddress: `${readerAddr.host}:${readerAddr.port}`,
      printerAddress: `${printerAddr.host}:${printerAddr.port}`,
      packingStation,
      async close() {
        await closeAll();
      },
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

function scheduleSessions(api: string, token: string, log: Logger, closers: (() => Promise<unknown>)[]): void {
  const timers: NodeJS.Timeout[] = [];
  closers.push(async () => timers.forEach((t) => clearTimeout(t)));
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${api}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  };
  const at = (ms: number, f: () => Promise<void>) => {
    const t = setTimeout(() => void f().catch((err: unknown) => log.warn({ err: (err as Error).message }, 'demo: session step failed')), ms);
    t.unref();
    timers.push(t);
  };
  const open = async (body: Record<string, unknown>, tries = 20): Promise<string | undefined> => {
    // The orders and the ASN arrive with the first download: retry until they are there.
    for (let i = 0; i < tries; i++) {
      const r = await call('POST', '/api/v1/doors/door-3/sessions', body);
      const id = (r.body.session as { id?: string } | undefined)?.id ?? (r.body.id as string | undefined);
      if (r.status < 300 && id) {
        log.info({ session: id, ...body }, 'demo: door 3 session opened');
        return id;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    log.warn({ ...body }, 'demo: could not open the door 3 session');
    return undefined;
  };
  const close = async (id: string | undefined) => {
    if (!id) return;
    const r = await call('POST', `/api/v1/doors/door-3/sessions/${id}/close`);
    log.info({ session: id, status: r.status }, 'demo: door 3 session closed (reconciliation sent to the ERP)');
  };
  let outbound: Promise<string | undefined> | undefined;
  let inbound: Promise<string | undefined> | undefined;
  at(0, async () => void (outbound = open({ kind: 'outbound', orders: ['SO-1003'] })));
  at(20_000, async () => close(await outbound));
  at(58_000, async () => void (inbound = open({ kind: 'inbound', asn: 'ASN-2001' })));
  at(80_000, async () => close(await inbound));
}
