import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeStream, encodeJson, runLlrpTool } from './tool.ts';
import { LlrpError } from './errors.ts';
import { VECTORS_DIR, readCorpus, hex } from './test-support.ts';

async function run(argv: string[], stdin: string | Buffer = ''): Promise<{ code: number; out: Buffer; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const code = await runLlrpTool(argv, { stdin: Readable.from([Buffer.from(stdin)]), stdout, stderr });
  return { code, out: Buffer.concat(out), err: Buffer.concat(err).toString() };
}

const KEEPALIVE = '043e0000000a00000001';
const TRUNCATED_EPC = '043d0000001700000007' + '00f0000d' + '8d' + '300833b2ddd90140'; // EPC_96 cut to 8 of 12 bytes

test('decodeStream yields one JSON object per frame with its offset', () => {
  const frames = [...decodeStream(`${KEEPALIVE}\n${KEEPALIVE}`)];
  assert.deepEqual(frames, [
    { offset: 0, type: 'KEEPALIVE', typeNum: 62, id: 1, version: 1 },
    { offset: 10, type: 'KEEPALIVE', typeNum: 62, id: 1, version: 1 },
  ]);
});

test('decodeStream stops at the first malformed frame, naming its offset', () => {
  const it = decodeStream(hex(KEEPALIVE + TRUNCATED_EPC));
  assert.equal(it.next().value?.type, 'KEEPALIVE');
  assert.throws(() => it.next(), (e: unknown) => {
    assert.ok(e instanceof LlrpError);
    assert.equal(e.code, 'LLRP_TRUNCATED');
    assert.equal(e.offset, 25);
    assert.equal(e.message, 'frame at offset 10: RO_ACCESS_REPORT id 7: TagReportData > EPC_96 truncated at byte 15: needs 12 bytes, 8 left');
    return true;
  });
});

test('decodeStream reports a frame cut off by the end of the input', () => {
  assert.throws(() => [...decodeStream(KEEPALIVE + '043e0000000a')], /frame at offset 10 truncated: a header needs 10 bytes, 6 left/);
  assert.throws(() => [...decodeStream(KEEPALIVE + '043e0000001400000001')], /frame at offset 10 \(type 62 id 1\) truncated: length 20, 10 bytes left/);
});

test('an unknown message type is reported in the JSON, not fatal', () => {
  const [frame] = [...decodeStream('052c0000000d0000002a010203')];
  assert.equal(frame?.type, 'UNKNOWN_MESSAGE');
  assert.match(frame?.warning ?? '', /message type 300 id 42 is unknown/);
  assert.deepEqual(encodeJson([frame]), hex('052c0000000d0000002a010203'));
});

test('llrp decode FILE prints JSON lines and llrp encode turns them back into the same bytes', async () => {
  const dec = await run(['decode', `${VECTORS_DIR}dx101_b.bin`]);
  assert.equal(dec.code, 0, dec.err);
  const lines = dec.out.toString().trim().split('\n');
  assert.equal(lines.length, 24);
  assert.equal((JSON.parse(lines[0]!) as { type: string }).type, 'RO_ACCESS_REPORT');
  const enc = await run(['encode', '-'], dec.out);
  assert.equal(enc.code, 0, enc.err);
  assert.ok(enc.out.equals(readCorpus('dx101_b')));
});

test('llrp decode --hex - reads hex text from stdin; llrp encode --hex writes hex lines', async () => {
  const dec = await run(['decode', '--hex', '-'], `# a keepalive\n${KEEPALIVE}\n`);
  assert.equal(dec.code, 0, dec.err);
  assert.deepEqual(JSON.parse(dec.out.toString()), { offset: 0, type: 'KEEPALIVE', typeNum: 62, id: 1, version: 1 });
  const enc = await run(['encode', '--hex'], dec.out);
  assert.equal(enc.out.toString(), `${KEEPALIVE}\n`);
});

test('llrp decode exits 1 at a malformed frame, after printing the good ones', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'llrp-tool-'));
  const file = join(dir, 'bad.bin');
  writeFileSync(file, hex(KEEPALIVE + TRUNCATED_EPC));
  const r = await run(['decode', file]);
  assert.equal(r.code, 1);
  assert.equal(r.out.toString().trim().split('\n').length, 1);
  assert.match(r.err, /LLRP_TRUNCATED: frame at offset 10: RO_ACCESS_REPORT id 7: TagReportData > EPC_96 truncated at byte 15/);
  const badLength = await run(['decode', '--hex', '-'], `${KEEPALIVE}043e0000000200000001`);
  assert.equal(badLength.code, 1);
  assert.match(badLength.err, /frame at offset 10 \(type 62 id 1\): length 2 is less than the 10-byte header/);
});

test('llrp encode exits 1 on an invalid object, naming the line and the field', async () => {
  const r = await run(['encode'], '{"type":"KEEPALIVE","id":1}\n{"type":"ENABLE_ROSPEC","id":2}\n');
  assert.equal(r.code, 1);
  assert.match(r.err, /object 2: ENABLE_ROSPEC id 2: missing field ROSpecID/);
  const notJson = await run(['encode'], '{"type":\n');
  assert.equal(notJson.code, 1);
  assert.match(notJson.err, /line 1 is not JSON/);
});

test('llrp --help prints usage; bad usage exits 2; a missing file exits 3', async () => {
  const help = await run(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.out.toString(), /llrp decode \[--hex\] FILE\|-/);
  assert.equal((await run([])).code, 2);
  assert.equal((await run(['decode'])).code, 2);
  assert.equal((await run(['frobnicate'])).code, 2);
  const missing = await run(['decode', '/nonexistent/capture.bin']);
  assert.equal(missing.code, 3);
  assert.match(missing.err, /cannot read \/nonexistent\/capture.bin/);
});
