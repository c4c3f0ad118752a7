import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMessage } from './decode.ts';
import { encodeMessage } from './encode.ts';
import { LlrpError } from './errors.ts';
import type { LlrpParameter, LlrpWarning } from './types.ts';
import { hex } from './test-support.ts';

function errorOf(fn: () => unknown): LlrpError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof LlrpError, `expected an LlrpError, got ${String(e)}`);
    return e;
  }
  return assert.fail('expected an error');
}

// RO_ACCESS_REPORT id 7 holding one TagReportData with an EPC_96 cut short.
const TRUNCATED_EPC = hex(`
  04 3d 00 00 00 17 00 00 00 07  # RO_ACCESS_REPORT, length 23, id 7
  00 f0 00 0d                    # TagReportData, length 13
  8d                             # EPC_96 (TV 13): needs 12 bytes
  30 08 33 b2 dd d9 01 40        # only 8 before the TagReportData ends
`);

test('a truncated EPC_96 names the message, the parameter path and the byte offset', () => {
  const e = errorOf(() => decodeMessage(TRUNCATED_EPC));
  assert.equal(e.code, 'LLRP_TRUNCATED');
  assert.equal(e.message, 'RO_ACCESS_REPORT id 7: TagReportData > EPC_96 truncated at byte 15: needs 12 bytes, 8 left');
  assert.equal(e.offset, 15);
  assert.equal(e.path, 'TagReportData > EPC_96');
  assert.equal(e.messageType, 'RO_ACCESS_REPORT');
  assert.equal(e.messageId, 7);
});

test('a TLV parameter longer than what is left is truncated, naming it', () => {
  const bytes = hex(`
    04 3d 00 00 00 12 00 00 00 07  # RO_ACCESS_REPORT, length 18, id 7
    00 f0 00 20                    # TagReportData claims 32 bytes
    81 00 01 00                    # but only 8 are left
  `);
  const e = errorOf(() => decodeMessage(bytes));
  assert.equal(e.code, 'LLRP_TRUNCATED');
  assert.equal(e.message, 'RO_ACCESS_REPORT id 7: TagReportData truncated at byte 10: length 32, 8 bytes left');
});

test('a TLV parameter length below its 4-byte header is a bad frame', () => {
  const bytes = hex('043d 0000000e 00000007 | 00f0 0002');
  const e = errorOf(() => decodeMessage(bytes));
  assert.equal(e.code, 'LLRP_BAD_FRAME');
  assert.match(e.message, /TagReportData at byte 10 has length 2, less than its 4-byte header/);
});

test('a field cut short names the field', () => {
  const bytes = hex(`
    04 0d 00 00 00 14 00 00 00 01  # SET_READER_CONFIG_RESPONSE id 1
    01 1f 00 0a                    # LLRPStatus, length 10
    00 00                          # StatusCode M_Success
    00 05 41 42                    # ErrorDescription claims 5 bytes, 2 left
  `);
  const e = errorOf(() => decodeMessage(bytes));
  assert.equal(e.message, 'SET_READER_CONFIG_RESPONSE id 1: LLRPStatus field ErrorDescription truncated at byte 18: needs 5 bytes, 2 left');
});

test('a header length that disagrees with the buffer is reported', () => {
  const ok = hex('043e 0000000a 00000001'); // KEEPALIVE id 1
  assert.deepEqual(decodeMessage(ok), { type: 'KEEPALIVE', typeNum: 62, id: 1, version: 1 });
  assert.equal(errorOf(() => decodeMessage(ok.subarray(0, 9))).code, 'LLRP_TRUNCATED');
  assert.equal(errorOf(() => decodeMessage(Buffer.concat([ok, hex('00')]))).code, 'LLRP_BAD_FRAME');
  assert.match(errorOf(() => decodeMessage(hex('043e 00000009 00000001'))).message, /KEEPALIVE id 1: has length 9/);
});

test('a missing required parameter is a bad frame', () => {
  const bytes = hex('040d 0000000a 00000004'); // SET_READER_CONFIG_RESPONSE without LLRPStatus
  const e = errorOf(() => decodeMessage(bytes));
  assert.equal(e.code, 'LLRP_BAD_FRAME');
  assert.match(e.message, /SET_READER_CONFIG_RESPONSE id 4: lacks required LLRPStatus/);
});

test('an unknown message type decodes as opaque with a warning, and re-encodes exactly', () => {
  const bytes = hex(`
    05 2c 00 00 00 0d 00 00 00 2a  # Ver 1, type 300 (not defined), length 13, id 42
    01 02 03                       # body
  `);
  const warnings: LlrpWarning[] = [];
  const msg = decodeMessage(bytes, { onWarning: (w) => warnings.push(w) });
  assert.deepEqual(msg, { type: 'UNKNOWN_MESSAGE', typeNum: 300, id: 42, version: 1, Data: '010203' });
  assert.equal(warnings.length, 1);
  assert.equal(warnings[0]!.code, 'LLRP_UNKNOWN_MESSAGE');
  assert.match(warnings[0]!.message, /message type 300 id 42 is unknown/);
  assert.deepEqual(encodeMessage(msg), bytes);
});

test('an unknown TLV parameter at an extension point is kept opaque and re-encodes exactly', () => {
  const bytes = hex(`
    04 3d 00 00 00 21 00 00 00 01  # RO_ACCESS_REPORT, length 33, id 1
    00 f0 00 17                    # TagReportData, length 23
    8d 30 08 33 b2 dd d9 01 40 00 00 00 02  # EPC_96
    03 84 00 06 ab cd              # TLV type 900 (undefined), length 6: where Custom may be
  `);
  const msg = decodeMessage(bytes);
  const tag = (msg['TagReportData'] as LlrpParameter[])[0]!;
  assert.deepEqual(tag['Custom'], [{ type: 'UnknownParameter', typeNum: 900, Data: 'abcd' }]);
  assert.deepEqual(encodeMessage(msg), bytes);
});

test('an unknown TLV parameter where no extension is allowed is a bad frame', () => {
  const bytes = hex(`
    04 0d 00 00 00 16 00 00 00 01  # SET_READER_CONFIG_RESPONSE id 1
    01 1f 00 0c 00 00 00 00        # LLRPStatus: M_Success, ""
    03 84 00 04                    #   TLV type 900 inside LLRPStatus: no Custom allowed there
  `);
  const e = errorOf(() => decodeMessage(bytes));
  assert.equal(e.code, 'LLRP_BAD_FRAME');
  assert.match(e.message, /LLRPStatus has unexpected parameter type 900 at byte 18/);
});

test('an unknown TV parameter cannot be skipped and is reported', () => {
  const bytes = hex('043d 00000013 00000001 | 00f0 0009 | fe 00 00 00 00'); // TV type 126
  const e = errorOf(() => decodeMessage(bytes));
  assert.equal(e.code, 'LLRP_UNKNOWN_PARAMETER');
  assert.match(e.message, /TagReportData has a TV parameter of unknown type 126 at byte 14/);
});

test('parameters out of definition order are a bad frame', () => {
  const bytes = hex(`
    04 3d 00 00 00 21 00 00 00 01  # RO_ACCESS_REPORT, length 33, id 1
    00 f0 00 17                    # TagReportData, length 23
    8d 30 08 33 b2 dd d9 01 40 00 00 00 02  # EPC_96
    81 00 02                       # AntennaID
    81 00 03                       # AntennaID again: at most one
  `);
  assert.match(errorOf(() => decodeMessage(bytes)).message, /TagReportData has unexpected AntennaID at byte 30/);
});

test('LLRP 1.1 GET_SUPPORTED_VERSION and SET_PROTOCOL_VERSION round-trip', () => {
  const get = hex('082e 0000000a 00000001'); // Ver 2, type 46, length 10, id 1
  assert.deepEqual(decodeMessage(get), { type: 'GET_SUPPORTED_VERSION', typeNum: 46, id: 1, version: 2 });
  const resp = hex(`
    08 38 00 00 00 14 00 00 00 01  # Ver 2, type 56 GET_SUPPORTED_VERSION_RESPONSE, length 20, id 1
    02                             # CurrentVersion 2
    02                             # MaxSupportedVersion 2
    01 1f 00 08 00 00 00 00        # LLRPStatus M_Success
  `);
  const r = decodeMessage(resp);
  assert.equal(r['CurrentVersion'], 2);
  assert.equal(r['MaxSupportedVersion'], 2);
  assert.deepEqual(encodeMessage(r), resp);
  const set = hex('082f 0000000b 00000002 | 02'); // SET_PROTOCOL_VERSION TargetVersion 2
  assert.deepEqual(decodeMessage(set), { type: 'SET_PROTOCOL_VERSION', typeNum: 47, id: 2, version: 2, TargetVersion: 2 });
  assert.deepEqual(encodeMessage({ type: 'SET_PROTOCOL_VERSION', id: 2, version: 2, TargetVersion: 2 }), set);
  const setResp = hex('0839 00000012 00000002 | 011f 0008 0000 0000');
  assert.equal((decodeMessage(setResp)['LLRPStatus'] as LlrpParameter)['StatusCode'], 'M_Success');
  assert.deepEqual(encodeMessage(decodeMessage(setResp)), setResp);
});

test('a 1.0.1 reader answering GET_SUPPORTED_VERSION with ERROR_MESSAGE decodes', () => {
  const bytes = hex(`
    04 64 00 00 00 1a 00 00 00 01  # ERROR_MESSAGE (100), length 26, id 1
    01 1f 00 10                    # LLRPStatus, length 16
    00 6d                          # StatusCode 109 M_UnsupportedMessage
    00 08 75 6e 6b 6e 6f 77 6e 21  # ErrorDescription "unknown!"
  `);
  const msg = decodeMessage(bytes);
  assert.deepEqual(msg['LLRPStatus'], { type: 'LLRPStatus', StatusCode: 'M_UnsupportedMessage', ErrorDescription: 'unknown!' });
  assert.deepEqual(encodeMessage(msg), bytes);
});

test('an enumeration value outside the enumeration stays a number', () => {
  const bytes = hex('040d 00000012 00000001 | 011f 0008 0309 0000'); // StatusCode 777
  const msg = decodeMessage(bytes);
  assert.equal((msg['LLRPStatus'] as LlrpParameter)['StatusCode'], 777);
  assert.deepEqual(encodeMessage(msg), bytes);
});
