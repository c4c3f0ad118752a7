/**
 * npm run bench:relay — events committed (60 a transaction, as a pallet) and published on the bus: the event relay reading the
 * outbox of a real SQLite file, publishing each event at QoS 1 to the embedded broker (aedes,
 * over TCP on 127.0.0.1) and marking them published, as the gateway does after every commit.
 * Warm-up round first (module loading), then ROUNDS measured rounds of N events; medians.
 * WATCH=1 adds a subscriber to every event in another process (mosquitto_sub); VIA_CLIENT=1
 * publishes through an MQTT client over TCP (as with an external broker).
 */
import { performance } from 'node:perf_hooks';
import { spawn } from 'node:child_process';
import { tempDir } from '../helpers/tmp.ts';
import { Store } from '../../gateway/store/store.ts';
import { createLogger } from '../../gateway/log.ts';
import { startEmbeddedBroker } from '../../gateway/bus/broker.ts';
import { BusClient } from '../../gateway/bus/client.ts';
import { topicsFor } from '../../gateway/bus/topics.ts';
import { EventRelay } from '../../gateway/services/event-relay.ts';

const N = Number(process.env.N ?? 6000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const log = createLogger({ level: 'silent', format: 'json' });
const topics = topicsFor('s');
const broker = await startEmbeddedBroker({ host: '127.0.0.1', port: 0, allowAnonymous: 'yes', users: [], topics, log });
const bus = new BusClient({ url: broker.url, clientId: 'bench-gw', log });
// With WATCH=1, a subscriber to every event (as a dashboard would be) in another process:
// mosquitto_sub, counting lines; the broker's fan-out to it is in this process's figure.
let received = 0;
const watcher = process.env.WATCH === '1' ? spawn('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(broker.port), '-t', topics.allEvents, '-q', '1'], { stdio: ['ignore', 'pipe', 'inherit'] }) : undefined;
watcher?.stdout?.on('data', (chunk: Buffer) => {
  for (const b of chunk) if (b === 10) received++;
});
while (!bus.connected || (watcher !== undefined && broker.connectedClients() < 2)) await new Promise((r) => setTimeout(r, 20));
const t = tempDir('wg-bench-relay-');
const store = Store.open(t.dir, { site: 's', gatewayId: 'g' });
const data = { door: 'door-1', epc: '3034257bf7194e4000000001', direction: 'outbound', confidence: 0.9, first_seen: new Date().toISOString(), last_seen: new Date().toISOString(), reads: 32, peak_rssi: -50, dithers: 0, cross_reads_from: [], gtin: '80614141123458', sku: 'CARTON', session: null, verdict: null, movement: null };
// As the gateway wires it: the embedded broker's in-process publisher; VIA_CLIENT=1 publishes
// through an MQTT client over TCP instead (the path with an external broker).
const viaClient = process.env.VIA_CLIENT === '1';
const relay = new EventRelay(store, viaClient ? bus : broker.local, topics, log);
store.onCommit((events) => relay.committed(events));
let id = 0;
const rates: number[] = [];
const cpus: number[] = [];
for (let round = 0; round <= ROUNDS; round++) {
  const target = relay.published + N;
  const seen = watcher ? received + N : 0;
  // Commits of 60 events, as a pallet's, each handed to the relay as the gateway does.
  for (let b = 0; b < N; b += 60) store.transact((tx) => { for (let i = 0; i < 60; i++) tx.emit({ id: `e${id++}`, type: 'rfid.transit', data }); });
  const cpu0 = process.cpuUsage();
  const a = performance.now();
  while (relay.published < target || received < seen) await new Promise((r) => setImmediate(r));
  const ms = performance.now() - a;
  const cpu = process.cpuUsage(cpu0);
  if (round === 0) continue; // warm-up
  rates.push(N / (ms / 1000));
  cpus.push((cpu.user + cpu.system) / N);
}
rates.sort((a, b) => a - b);
cpus.sort((a, b) => a - b);
const mid = Math.floor(rates.length / 2);
console.log(`event relay -> embedded broker ${viaClient ? 'through an MQTT client' : 'in process'} (QoS 1, ${watcher ? 'one subscriber in another process' : 'no subscriber'}): median ${Math.round(rates[mid] as number).toLocaleString('en')} events/s committed (60 a transaction) and published (${rates.map((r) => Math.round(r).toLocaleString('en')).join(', ')}), ${(cpus[mid] as number).toFixed(0)} µs CPU per event in this process (relay and broker)`);
watcher?.kill();
await bus.close();
await broker.close();
store.close();
t.cleanup();
