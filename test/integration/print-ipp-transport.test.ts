/**
 * The printer-transport contract against a real IPP printer: Debian's ippeveprinter, with its
 * private D-Bus and avahi-daemon (test/helpers/ipp-printer.ts). Skips with the reason when
 * the packages are not installed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { IppTransport, blockingReasons } from '../../drivers/printers/ipp-transport.ts';
import { printerTransportContract } from '../../drivers/printers/transport.contract.ts';
import { ippUnavailableReason, startIppStack, type IppStack } from '../helpers/ipp-printer.ts';
import { freePort } from '../helpers/gateway-process.ts';
import { tempDir } from '../helpers/tmp.ts';

const skip = ippUnavailableReason();
let stack: IppStack | undefined;
const tmp = tempDir('wg-ipp-');

before(async () => {
  if (!skip) stack = await startIppStack(tmp.dir);
});
after(async () => {
  await stack?.stop();
  tmp.cleanup();
});

let n = 0;
printerTransportContract(
  'IPP with ippeveprinter',
  async () => {
    const printer = await (stack as IppStack).printer(`contract-${++n}`);
    const transport = new IppTransport({ url: printer.url, timeoutMs: 3000 });
    const dead = await freePort();
    return {
      transport,
      format: 'application/pdf',
      document: (i) => Buffer.from(`%PDF-1.4\n% contract document ${i}\n%%EOF\n`, 'latin1'),
      printed: async () => printer.printed().map((p) => p.data),
      unreachable: () => new IppTransport({ url: `ipp://127.0.0.1:${dead}/ipp/print`, timeoutMs: 1000 }),
      close: async () => {
        await transport.close();
        await printer.kill();
      },
    };
  },
  { skip },
);

test('a hung IPP printer times out as offline and answers again once it resumes', { skip }, async () => {
  const printer = await (stack as IppStack).printer('hung');
  const t = new IppTransport({ url: printer.url, timeoutMs: 300 });
  try {
    printer.hang(true);
    const s = await t.status();
    assert.equal(s.state, 'offline');
    assert.match(s.detail ?? '', /no answer/);
    printer.hang(false);
    assert.equal((await t.status()).ready, true);
  } finally {
    await printer.kill();
  }
});

test('IPP state reasons: -report and -warning do not stop printing; -error and bare keywords do', () => {
  assert.deepEqual(blockingReasons(['none']), []);
  assert.deepEqual(blockingReasons(['media-low-report', 'toner-low-warning']), []);
  assert.deepEqual(blockingReasons(['media-empty-error', 'media-needed', 'cover-open', 'moving-to-paused']), ['media-empty', 'cover-open', 'paused']);
});
