import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeMessage } from './encode.ts';
import { decodeMessage } from './decode.ts';
import { LlrpError } from './errors.ts';
import { hex } from './test-support.ts';

function badValue(msg: Parameters<typeof encodeMessage>[0], re: RegExp, code = 'LLRP_BAD_VALUE'): void {
  assert.throws(() => encodeMessage(msg), (e: unknown) => {
    assert.ok(e instanceof LlrpError);
    assert.equal(e.code, code);
    assert.match(e.message, re);
    return true;
  });
}

test('a message built by hand encodes to the spec bytes', () => {
  const bytes = encodeMessage({ type: 'ENABLE_ROSPEC', id: 12, ROSpecID: 1 });
  assert.deepEqual(bytes, hex(`
    04 18        # Ver 1, type 24 ENABLE_ROSPEC
    00 00 00 0e  # length 14
    00 00 00 0c  # id 12
    00 00 00 01  # ROSpecID 1
  `));
});

test('u64 accepts bigint, safe integer and decimal string alike', () => {
  const make = (us: unknown) => encodeMessage({
    type: 'KEEPALIVE_ACK', id: 1,
  }) && encodeMessage({
    type: 'READER_EVENT_NOTIFICATION', id: 1,
    ReaderEventNotificationData: { Timestamp: { type: 'Uptime', Microseconds: us } },
  });
  const a = make(123456789n);
  assert.deepEqual(make(123456789), a);
  assert.deepEqual(make('123456789'), a);
  const ts = (decodeMessage(a)['ReaderEventNotificationData'] as { Timestamp: unknown }).Timestamp;
  assert.deepEqual(ts, { type: 'Uptime', Microseconds: 123456789n });
});

test('an unknown message name is LLRP_UNKNOWN_MESSAGE', () => {
  badValue({ type: 'NO_SUCH_MESSAGE' }, /unknown message type "NO_SUCH_MESSAGE"/, 'LLRP_UNKNOWN_MESSAGE');
});

test('a missing field, a bad enumeration name and an out-of-range value name the path', () => {
  badValue({ type: 'ENABLE_ROSPEC', id: 1 }, /ENABLE_ROSPEC id 1: missing field ROSpecID/);
  badValue({ type: 'GET_READER_CAPABILITIES', id: 2, RequestedData: 'Everything' }, /field RequestedData: "Everything" is not one of All, /);
  badValue({ type: 'ENABLE_ROSPEC', id: 1, ROSpecID: 2 ** 32 }, /field ROSpecID: 4294967296 is not an integer in 0\.\.4294967295/);
  badValue({
    type: 'SET_READER_CONFIG_RESPONSE', id: 3, LLRPStatus: { StatusCode: 'M_Success' },
  }, /SET_READER_CONFIG_RESPONSE id 3 > LLRPStatus: missing field ErrorDescription/);
});

test('a missing required parameter, a misplaced one and a typo are refused', () => {
  badValue({ type: 'SET_READER_CONFIG_RESPONSE', id: 1 }, /missing required parameter LLRPStatus/);
  badValue({ type: 'ADD_ROSPEC', id: 1, ROSpec: { type: 'AISpec' } }, /ROSpec: a AISpec parameter is not allowed here/);
  badValue({ type: 'ENABLE_ROSPEC', id: 1, ROSpecId: 1 }, /ENABLE_ROSPEC has no field or parameter "ROSpecId"/);
});

test('u96 and hex fields check their digits', () => {
  const report = (epc: unknown) => ({ type: 'RO_ACCESS_REPORT', id: 1, TagReportData: [{ EPCParameter: { type: 'EPC_96', EPC: epc } }] });
  badValue(report('3008'), /a u96 needs 24 hex digits/);
  badValue(report('zz0833b2ddd9014000000001'), /expected hex digits/);
  assert.equal(encodeMessage(report('300833B2DDD9014000000001')).length, 10 + 4 + 13);
});
