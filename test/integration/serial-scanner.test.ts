/**
 * The serial scanner driver (serialport 13) against the scanner simulator over a real pty
 * pair: GS1 codes with their parsed fields, retail codes, a malformed code as a scan with
 * errors, and unplug / replug.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pino } from 'pino';
import { DEFAULT_PROFILES_DIR } from '../../gateway/config/load.ts';
import { readProfile } from '../../gateway/services/device-host.ts';
import type { DriverOutput } from '../../drivers/driver.ts';
import { serialScannerDriverFactory } from '../../drivers/serial/scanner-driver.ts';
import { ScannerSimulator } from '../../simulators/scanner/scanner-sim.ts';
import { SOCAT_MISSING, socatAvailable } from '../../simulators/pty.ts';
import { tempDir } from '../helpers/tmp.ts';

const skip = socatAvailable() ? false : SOCAT_MISSING;
const GS = '\u001d';

async function until(what: string, f: () => boolean, out: DriverOutput[]): Promise<void> {
  for (let i = 0; !f(); i++) {
    if (i > 1000) throw new Error(`timed out waiting for ${what}; so far: ${JSON.stringify(out)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('scans over a pty carry their GS1 fields; a malformed code is a scan with errors; unplug and replug are offline and online', { skip }, async (t) => {
  const { dir, cleanup } = tempDir('wg-scanner-');
  t.after(cleanup);
  const link = path.join(dir, 'ttyScanner');
  const sim = new ScannerSimulator({ link, terminator: '\r\n' });
  t.after(() => sim.stop());
  await sim.start();
  const out: DriverOutput[] = [];
  const driver = serialScannerDriverFactory({ backoff: { initialMs: 50, maxMs: 300 } })({ id: 'scan-1', kind: 'scanner', connection: { type: 'serial', path: link } }, readProfile(DEFAULT_PROFILES_DIR, 'scanner/serial-cr'), {
    deviceId: 'scan-1',
    log: pino({ level: 'silent' }),
    emit: (o) => out.push(o),
  });
  t.after(() => driver.stop());
  await driver.start();
  await until('online', () => out.some((o) => o.kind === 'status' && o.status === 'online'), out);
  const scans = () => out.filter((o) => o.kind === 'scan').map((o) => (o as { payload: Record<string, unknown> }).payload);

  // A GS1-128 parcel label (SSCC), a GS1 DataMatrix with GTIN, expiry, lot (GS) and serial,
  // a retail EAN-13, a GS1 label with a wrong check digit, and plain text.
  for (const code of [']C100106141411234567897', `]d201095011015300031721123110ABC123${GS}2112345`, '0614141000012', ']C101095011015300041721123110ABC', 'PICKLIST-42']) assert.ok(await sim.scan(code));
  await until('five scans', () => scans().length === 5, out);
  const [sscc, dm, ean, bad, text] = scans();
  assert.deepEqual([sscc?.kind, sscc?.ok, sscc?.symbology, sscc?.sscc], ['gs1', true, ']C1', '106141411234567897']);
  assert.deepEqual([dm?.kind, dm?.ok, dm?.gtin, dm?.expiry, dm?.lot, dm?.serial], ['gs1', true, '09501101530003', '2021-12-31', 'ABC123', '12345']);
  assert.deepEqual(dm?.elements, [
    { ai: '01', title: 'GTIN', value: '09501101530003' },
    { ai: '17', title: 'USE BY OR EXPIRY', value: '2021-12-31' },
    { ai: '10', title: 'BATCH/LOT', value: 'ABC123' },
    { ai: '21', title: 'SERIAL', value: '12345' },
  ]);
  assert.deepEqual([ean?.kind, ean?.gtin, ean?.code], ['ean13', '00614141000012', '0614141000012']);
  assert.equal(bad?.ok, false);
  assert.equal((bad?.errors as { code: string }[])[0]?.code, 'GS1_BAD_CHECK_DIGIT');
  assert.deepEqual([text?.kind, text?.ok, text?.code], ['text', true, 'PICKLIST-42']);

  await sim.unplug();
  await until('offline', () => out.some((o) => o.kind === 'status' && o.status === 'offline'), out);
  assert.equal(await sim.scan('LOST-WHILE-UNPLUGGED'), false);
  await sim.plug();
  await until('online again', () => out.filter((o) => o.kind === 'status' && o.status === 'online').length === 2, out);
  assert.ok(await sim.scan('0614141000029'));
  await until('a scan after replug', () => scans().length === 6, out);
  assert.equal(scans()[5]?.gtin, '00614141000029');
  assert.deepEqual(
    out.filter((o) => o.kind === 'status').map((o) => (o as { status: string }).status),
    ['connecting', 'online', 'offline', 'online'],
  );
});
