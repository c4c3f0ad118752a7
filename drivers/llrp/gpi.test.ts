/**
 * GPI inputs (presence sensors): the GPIEvent notification, the GPI state request and answer,
 * as bytes (LLRP 1.0.1 §16.1.33, §16.1.36, §16.2.6.9, §16.2.7.6.2) and through the builders.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMessage } from './decode.ts';
import { encodeMessage } from './encode.ts';
import { parseReaderProfile } from './reader-profile.ts';
import { gpiStateRequest, parseCapabilities, parseGpiStates, readerConfigMessage } from './rospec.ts';
import { hex } from './test-support.ts';

test('READER_EVENT_NOTIFICATION with a GPIEvent decodes by name and re-encodes to the same bytes', () => {
  const bytes = hex(`
    04 3f                    # Ver 1, Type 63 READER_EVENT_NOTIFICATION
    00 00 00 21              # Length 33
    00 00 00 07              # Message ID 7
    00 f6 00 17              #   ReaderEventNotificationData (TLV 246), length 23
    00 80 00 0c              #     UTCTimestamp (TLV 128), length 12
    00 06 40 b5 ee cf e2 40  #       Microseconds 1760000000123456
    00 f8 00 07              #     GPIEvent (TLV 248), length 7
    00 02                    #       GPIPortNumber 2
    80                       #       GPIEvent 1 (high), 7 reserved bits
  `);
  const msg = decodeMessage(bytes);
  assert.equal(msg.type, 'READER_EVENT_NOTIFICATION');
  assert.deepEqual(msg.ReaderEventNotificationData, {
    type: 'ReaderEventNotificationData',
    Timestamp: { type: 'UTCTimestamp', Microseconds: 1760000000123456n },
    GPIEvent: { type: 'GPIEvent', GPIPortNumber: 2, GPIEvent: true },
  });
  assert.deepEqual(encodeMessage(msg), bytes);
  // The low edge on a reader without a UTC clock: Uptime instead, the event bit clear.
  const low = encodeMessage({
    type: 'READER_EVENT_NOTIFICATION', id: 8,
    ReaderEventNotificationData: { type: 'ReaderEventNotificationData', Timestamp: { type: 'Uptime', Microseconds: 5_000_000n }, GPIEvent: { type: 'GPIEvent', GPIPortNumber: 1, GPIEvent: false } },
  });
  assert.equal(low.subarray(-3).toString('hex'), '000100', 'port 1, GPIEvent 0');
  const back = decodeMessage(low).ReaderEventNotificationData as Record<string, Record<string, unknown>>;
  assert.deepEqual([back.Timestamp?.type, back.GPIEvent?.GPIEvent], ['Uptime', false]);
});

test('GET_READER_CONFIG for the GPI states, and its answer read into port levels', () => {
  const req = encodeMessage(gpiStateRequest(9));
  assert.deepEqual(req, hex(`
    04 02 00 00 00 11 00 00 00 09  # GET_READER_CONFIG (2), length 17, id 9
    00 00                          # AntennaID 0
    09                             # RequestedData 9 GPIPortCurrentState
    00 00                          # GPIPortNum 0 (all)
    00 00                          # GPOPortNum 0
  `));
  const res = hex(`
    04 0c 00 00 00 32 00 00 00 09  # GET_READER_CONFIG_RESPONSE (12), length 50, id 9
    01 1f 00 08 00 00 00 00        #   LLRPStatus (TLV 287), length 8: M_Success, no description
    00 e1 00 08 00 01 80 01        #   GPIPortCurrentState port 1, Config 1, State 1 High
    00 e1 00 08 00 02 80 00        #   port 2, enabled, Low
    00 e1 00 08 00 03 00 01        #   port 3, disabled (its level is not used)
    00 e1 00 08 00 04 80 02        #   port 4, enabled, Unknown
  `);
  const msg = decodeMessage(res);
  assert.deepEqual(encodeMessage(msg), res);
  assert.deepEqual(parseGpiStates(msg), [{ port: 1, state: true }, { port: 2, state: false }]);
});

test('the reader config turns GPI event notifications on; capabilities give the number of GPI inputs', () => {
  const cfg = decodeMessage(encodeMessage(readerConfigMessage(1, parseReaderProfile({}))));
  const states = (cfg.ReaderEventNotificationSpec as { EventNotificationState: { EventType: string; NotificationState: boolean }[] }).EventNotificationState;
  assert.equal(states.find((s) => s.EventType === 'GPI_Event')?.NotificationState, true);
  assert.equal(states.find((s) => s.EventType === 'ROSpec_Event')?.NotificationState, true, 'the others as before');
  const caps = parseCapabilities({ type: 'GET_READER_CAPABILITIES_RESPONSE', typeNum: 11, id: 1, version: 1, GeneralDeviceCapabilities: { type: 'GeneralDeviceCapabilities', GPIOCapabilities: { type: 'GPIOCapabilities', NumGPIs: 4, NumGPOs: 4 } } });
  assert.equal(caps.gpis, 4);
  assert.equal(parseCapabilities({ type: 'GET_READER_CAPABILITIES_RESPONSE', typeNum: 11, id: 1, version: 1 }).gpis, undefined);
});
