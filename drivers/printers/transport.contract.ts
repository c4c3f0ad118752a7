/**
 * The one contract every printer transport passes (STYLE "contract suites", as
 * aedes-persistence's abstract.js): run it with a fixture that starts a real or simulated
 * printer. raw-transport.test.ts runs it against the ZPL simulator, and
 * test/integration/print-ipp-transport.test.ts against ippeveprinter.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentFormat, JobProgress, PrinterTransport } from './transport.ts';

export interface TransportFixture {
  transport: PrinterTransport;
  format: DocumentFormat;
  /** A small valid document in `format`, different for each n */
  document(n: number): Buffer;
  /** What the printer has printed so far, oldest first */
  printed(): Promise<Buffer[]>;
  /** A transport of the same kind to an address where nothing listens */
  unreachable(): PrinterTransport;
  /** Put the printer out of paper (on) or back (off); absent when the printer cannot */
  paperOut?(on: boolean): Promise<void>;
  close(): Promise<void>;
}

export interface ContractOptions {
  /** Why the suite cannot run here (skips every test with that reason) */
  skip?: string | undefined;
}

async function until(t: PrinterTransport, ref: string, accept: (p: JobProgress) => boolean, ms = 10_000): Promise<JobProgress> {
  const deadline = Date.now() + ms;
  for (;;) {
    const p = await t.jobState(ref);
    if (accept(p)) return p;
    if (Date.now() > deadline) return p;
    await new Promise((r) => setTimeout(r, 30));
  }
}

const contains = (list: Buffer[], doc: Buffer) => list.filter((b) => b.includes(doc)).length;

export function printerTransportContract(name: string, setup: () => Promise<TransportFixture>, options: ContractOptions = {}): void {
  const skip = options.skip;
  const withFixture = (fn: (f: TransportFixture, t: TestContext) => Promise<void>) => async (t: TestContext) => {
    const f = await setup();
    try {
      await fn(f, t);
    } finally {
      await f.close();
    }
  };

  test(`${name}: a ready printer reports ready with no reasons`, { skip }, withFixture(async (f) => {
    const s = await f.transport.status();
    assert.equal(s.ready, true, JSON.stringify(s));
    assert.deepEqual(s.reasons, []);
    assert.ok(s.state === 'idle' || s.state === 'processing');
  }));

  test(`${name}: a submitted document prints once, byte for byte, and its job reaches done`, { skip }, withFixture(async (f) => {
    const doc = f.document(1);
    const { ref } = await f.transport.submit({ key: 'contract-job-1', format: f.format, data: doc });
    assert.ok(ref.length > 0);
    const p = await until(f.transport, ref, (x) => x.state === 'done');
    assert.equal(p.state, 'done', JSON.stringify(p));
    assert.equal(contains(await f.printed(), doc), 1);
  }));

  test(`${name}: jobs submitted one after another all print, in order`, { skip }, withFixture(async (f) => {
    const docs = [2, 3, 4].map((n) => f.document(n));
    for (const [i, data] of docs.entries()) {
      const { ref } = await f.transport.submit({ key: `contract-seq-${i}`, format: f.format, data });
      assert.equal((await until(f.transport, ref, (x) => x.state === 'done')).state, 'done');
    }
    const printed = await f.printed();
    const at = docs.map((d) => printed.findIndex((b) => b.includes(d)));
    assert.ok(at.every((i) => i >= 0), `all printed: ${at}`);
    assert.deepEqual([...at].sort((a, b) => a - b), at);
  }));

  test(`${name}: after a submit the printer can be asked whether it has the job, by key`, { skip }, withFixture(async (f) => {
    const { ref } = await f.transport.submit({ key: 'contract-find-me', format: f.format, data: f.document(5) });
    await until(f.transport, ref, (x) => x.state === 'done');
    assert.notEqual(await f.transport.findJob('contract-find-me'), null);
    assert.equal(await f.transport.findJob('contract-never-sent'), null);
  }));

  test(`${name}: an unreachable printer is offline, and a submit to it fails with PRINTER_UNREACHABLE`, { skip }, withFixture(async (f) => {
    const t = f.unreachable();
    const s = await t.status();
    assert.equal(s.ready, false);
    assert.equal(s.state, 'offline');
    assert.deepEqual(s.reasons, ['offline']);
    await assert.rejects(t.submit({ key: 'contract-nowhere', format: f.format, data: f.document(6) }), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'PRINTER_UNREACHABLE');
      return true;
    });
    assert.equal((await t.jobState('1')).state, 'unknown');
    await t.close();
  }));

  test(
    `${name}: out of paper, the printer says media-empty and a job sent then is not reported done; it prints once paper is back`,
    { skip },
    withFixture(async (f, t) => {
      if (!f.paperOut) {
        t.skip('this printer cannot be put out of paper');
        return;
      }
      await f.paperOut(true);
      const s = await f.transport.status();
      assert.equal(s.ready, false);
      assert.ok(s.reasons.includes('media-empty'), JSON.stringify(s));
      const doc = f.document(7);
      const { ref } = await f.transport.submit({ key: 'contract-no-paper', format: f.format, data: doc });
      await new Promise((r) => setTimeout(r, 100));
      assert.notEqual((await f.transport.jobState(ref)).state, 'done');
      assert.equal(contains(await f.printed(), doc), 0);
      await f.paperOut(false);
      assert.equal((await until(f.transport, ref, (x) => x.state === 'done')).state, 'done');
      assert.equal(contains(await f.printed(), doc), 1);
      assert.equal((await f.transport.status()).ready, true);
    }),
  );
}
