import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { RawTransport } from './raw-transport.ts';
import { printerTransportContract } from './transport.contract.ts';
import { ZplPrinterSim } from '../../simulators/zpl-printer/printer.ts';

async function closedPort(): Promise<number> {
  const srv = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => srv.once('listening', r));
  const port = (srv.address() as AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

printerTransportContract('raw 9100 with the ZPL simulator', async () => {
  const sim = new ZplPrinterSim();
  const { host, port } = await sim.start();
  const transport = new RawTransport({ host, port, timeoutMs: 2000 });
  const dead = await closedPort();
  return {
    transport,
    format: 'application/vnd.zebra-zpl',
    document: (n) => Buffer.from(`^XA^FO50,50^A0N,40,40^FDcontract label ${n}^FS^XZ`, 'latin1'),
    printed: async () => sim.labels.map((l) => Buffer.from(l.zpl, 'latin1')),
    unreachable: () => new RawTransport({ host: '127.0.0.1', port: dead, timeoutMs: 1000 }),
    paperOut: async (on) => sim.setFault('paper-out', on),
    close: async () => {
      await transport.close();
      await sim.stop();
    },
  };
});

test('each ZPL fault shows as its reason in the status', async () => {
  const sim = new ZplPrinterSim();
  const { host, port } = await sim.start();
  const t = new RawTransport({ host, port });
  try {
    const expected = { 'paper-out': 'media-empty', pause: 'paused', 'head-open': 'cover-open', 'ribbon-out': 'marker-supply-empty' } as const;
    for (const [fault, reason] of Object.entries(expected)) {
      sim.setFault(fault as keyof typeof expected);
      const s = await t.status();
      assert.deepEqual([s.ready, s.state, s.reasons], [false, 'stopped', [reason]], fault);
      sim.clearFaults();
    }
    assert.equal((await t.status()).ready, true);
  } finally {
    await sim.stop();
  }
});

test('a job marker survives only until the next job, and only the received job is found', async () => {
  const sim = new ZplPrinterSim();
  const { host, port } = await sim.start();
  const t = new RawTransport({ host, port });
  try {
    await t.submit({ key: 'a', format: 'application/vnd.zebra-zpl', data: Buffer.from('^XA^FDa^FS^XZ') });
    assert.notEqual(await t.findJob('a'), null);
    await t.submit({ key: 'b', format: 'application/vnd.zebra-zpl', data: Buffer.from('^XA^FDb^FS^XZ') });
    assert.equal(await t.findJob('a'), null);
    assert.notEqual(await t.findJob('b'), null);
    assert.equal(sim.objects.size, 1);
    assert.deepEqual(sim.labels.map((l) => l.zpl), ['^XA^FDa^FS^XZ', '^XA^FDb^FS^XZ']);
  } finally {
    await sim.stop();
  }
});

test('a printer that never answers ~HS times out as offline', async () => {
  const srv = createServer((s) => s.on('data', () => undefined)).listen(0, '127.0.0.1');
  await new Promise((r) => srv.once('listening', r));
  const port = (srv.address() as AddressInfo).port;
  try {
    const s = await new RawTransport({ host: '127.0.0.1', port, timeoutMs: 200 }).status();
    assert.equal(s.state, 'offline');
    assert.match(s.detail ?? '', /no answer in 200 ms/);
  } finally {
    srv.close();
  }
});

test('the simulator runs out of paper after the configured number of labels and holds the rest', async () => {
  const sim = new ZplPrinterSim({ paperOutAfter: 2 });
  const { host, port } = await sim.start();
  const t = new RawTransport({ host, port });
  try {
    for (const n of [1, 2, 3]) await t.submit({ key: `k${n}`, format: 'application/vnd.zebra-zpl', data: Buffer.from(`^XA^FD${n}^FS^XZ`) });
    assert.equal(sim.labels.length, 2);
    const s = await t.status();
    assert.deepEqual([s.reasons, s.queued], [['media-empty'], 1]);
    assert.equal((await t.jobState('k3')).state, 'pending');
    sim.clearFaults();
    assert.equal(sim.labels.length, 3);
  } finally {
    await sim.stop();
  }
});
