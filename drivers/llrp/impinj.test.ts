import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMessage, decodeParameter } from './decode.ts';
import { encodeMessage, encodeParameter } from './encode.ts';
import type { LlrpParameter } from './types.ts';
import { hex } from './test-support.ts';

// Vectors from ../../shared/reference/llrp/IMPINJ.md (hand-checked there), one field a line.

test('IMPINJ_ENABLE_EXTENSIONS (custom message 21) round-trips', () => {
  const bytes = hex(`
    07 ff        # Rsvd 000, Ver 001, Type 1023 CUSTOM_MESSAGE
    00 00 00 13  # Length 19
    00 00 00 02  # Message ID 2
    00 00 65 1a  # VendorIdentifier 25882 (Impinj)
    15           # MessageSubtype 21 IMPINJ_ENABLE_EXTENSIONS
    00 00 00 00  # reserved u32
  `);
  const msg = decodeMessage(bytes);
  assert.deepEqual(msg, { type: 'IMPINJ_ENABLE_EXTENSIONS', typeNum: 1023, id: 2, version: 1 });
  assert.deepEqual(encodeMessage({ type: 'IMPINJ_ENABLE_EXTENSIONS', id: 2 }), bytes);
});

test('IMPINJ_ENABLE_EXTENSIONS_RESPONSE (22) carries LLRPStatus', () => {
  const bytes = hex(`
    07 ff 00 00 00 17 00 00 00 02  # CUSTOM_MESSAGE, length 23, id 2
    00 00 65 1a                    # vendor 25882
    16                             # subtype 22 IMPINJ_ENABLE_EXTENSIONS_RESPONSE
    01 1f 00 08                    #   LLRPStatus (TLV 287), length 8
    00 00                          #     StatusCode 0 M_Success
    00 00                          #     ErrorDescription: utf8v of 0 bytes
  `);
  const msg = decodeMessage(bytes);
  assert.deepEqual(msg, {
    type: 'IMPINJ_ENABLE_EXTENSIONS_RESPONSE', typeNum: 1023, id: 2, version: 1,
    LLRPStatus: { type: 'LLRPStatus', StatusCode: 'M_Success', ErrorDescription: '' },
  });
  assert.deepEqual(encodeMessage(msg), bytes);
});

test('ImpinjInventorySearchMode = 3 (single target with suppression)', () => {
  const bytes = hex(`
    03 ff        # Rsvd 000000, Type 1023 Custom
    00 0e        # Length 14
    00 00 65 1a  # VendorIdentifier 25882
    00 00 00 17  # ParameterSubtype 23 InventorySearchMode
    00 03        # InventorySearchMode 3
  `);
  const p = decodeParameter(bytes);
  assert.deepEqual(p, { type: 'ImpinjInventorySearchMode', InventorySearchMode: 'Single_Target_With_Suppression' });
  assert.deepEqual(encodeParameter(p), bytes);
  assert.deepEqual(encodeParameter({ type: 'ImpinjInventorySearchMode', InventorySearchMode: 3 }), bytes);
});

test('ImpinjPeakRSSI = -42.50 dBm is the s16 -4250', () => {
  const bytes = hex(`
    03 ff 00 0e  # Custom, length 14
    00 00 65 1a  # vendor 25882
    00 00 00 39  # subtype 57 PeakRSSI
    ef 66        # RSSI s16 -4250 (hundredths of a dBm)
  `);
  const p = decodeParameter(bytes);
  assert.deepEqual(p, { type: 'ImpinjPeakRSSI', RSSI: -4250 });
  assert.deepEqual(encodeParameter(p), bytes);
});

test('ImpinjRequestedData = 2000 inside GET_READER_CONFIG', () => {
  const param = hex('03ff 0010 0000651a 00000015 000007d0'); // Custom, len 16, Impinj, subtype 21, u32 2000
  assert.deepEqual(decodeParameter(param), { type: 'ImpinjRequestedData', RequestedData: 'All_Configuration' });
  const bytes = hex(`
    04 02 00 00 00 21 00 00 00 05  # GET_READER_CONFIG (2), length 33, id 5
    00 00                          # AntennaID 0 (all)
    00                             # RequestedData 0 All
    00 00                          # GPIPortNum 0
    00 00                          # GPOPortNum 0
  `);
  const full = Buffer.concat([bytes, param]);
  const msg = decodeMessage(full);
  assert.deepEqual(msg['Custom'], [{ type: 'ImpinjRequestedData', RequestedData: 'All_Configuration' }]);
  assert.deepEqual(encodeMessage(msg), full);
});

test('a tag report with Impinj peak RSSI, RF phase angle and RF Doppler decodes by name', () => {
  const bytes = hex(`
    04 3d        # Ver 1, Type 61 RO_ACCESS_REPORT
    00 00 00 56  # Length 86
    00 00 00 07  # Message ID 7
    00 f0 00 4c  #   TagReportData (TLV 240), length 76
    8d           #     EPC_96 (TV 13)
    30 08 33 b2 dd d9 01 40 00 00 00 01  # EPC (96 bits)
    81 00 01     #     AntennaID (TV 1) = 1
    86 d3        #     PeakRSSI (TV 6) = -45 dBm
    82 00 06 0a 24 18 1e 40 00           # FirstSeenTimestampUTC (TV 2) = 1700000000000000 us
    88 00 03     #     TagSeenCount (TV 8) = 3
    03 ff 00 0e 00 00 65 1a 00 00 00 39  #     Custom: Impinj 57 PeakRSSI
    ef 66        #       RSSI = -4250 (-42.50 dBm)
    03 ff 00 0e 00 00 65 1a 00 00 00 38  #     Custom: Impinj 56 RFPhaseAngle
    08 00        #       PhaseAngle = 2048 (180 degrees)
    03 ff 00 0e 00 00 65 1a 00 00 00 44  #     Custom: Impinj 68 RFDopplerFrequency
    ff 9c        #       DopplerFrequency = -100
  `);
  const msg = decodeMessage(bytes);
  assert.equal(msg.type, 'RO_ACCESS_REPORT');
  assert.equal(msg.id, 7);
  const tag = (msg['TagReportData'] as LlrpParameter[])[0]!;
  assert.deepEqual(tag['EPCParameter'], { type: 'EPC_96', EPC: '300833b2ddd901400000000' + '1' });
  assert.deepEqual(tag['AntennaID'], { type: 'AntennaID', AntennaID: 1 });
  assert.deepEqual(tag['PeakRSSI'], { type: 'PeakRSSI', PeakRSSI: -45 });
  assert.deepEqual(tag['FirstSeenTimestampUTC'], { type: 'FirstSeenTimestampUTC', Microseconds: 1700000000000000n });
  assert.deepEqual(tag['TagSeenCount'], { type: 'TagSeenCount', TagCount: 3 });
  assert.deepEqual(tag['Custom'], [
    { type: 'ImpinjPeakRSSI', RSSI: -4250 },
    { type: 'ImpinjRFPhaseAngle', PhaseAngle: 2048 },
    { type: 'ImpinjRFDopplerFrequency', DopplerFrequency: -100 },
  ]);
  assert.deepEqual(encodeMessage(msg), bytes);
});

test('SET_READER_CONFIG with an Impinj tag report content selector round-trips', () => {
  const bytes = hex(`
    04 03 00 00 00 4e 00 00 00 09  # SET_READER_CONFIG (3), length 78, id 9
    00           # ResetToFactoryDefault 0, reserved 7
    00 ed 00 43  #   ROReportSpec (237), length 67
    02           #     ROReportTrigger 2 Upon_N_Tags_Or_End_Of_ROSpec
    00 01        #     N = 1
    00 ee 00 06  #     TagReportContentSelector (238), length 6
    17           #       ROSpecID 0, SpecIndex 0, InvParamSpecID 0, AntennaID 1,
                 #       ChannelIndex 0, PeakRSSI 1, FirstSeen 1, LastSeen 1
    80           #       TagSeenCount 1, AccessSpecID 0, reserved 6
    03 ff 00 36 00 00 65 1a 00 00 00 32  #     Impinj 50 TagReportContentSelector, length 54
    03 ff 00 0e 00 00 65 1a 00 00 00 34 00 01  # Impinj 52 EnableRFPhaseAngle: Enabled
    03 ff 00 0e 00 00 65 1a 00 00 00 35 00 01  # Impinj 53 EnablePeakRSSI: Enabled
    03 ff 00 0e 00 00 65 1a 00 00 00 43 00 01  # Impinj 67 EnableRFDopplerFrequency: Enabled
  `);
  const built = encodeMessage({
    type: 'SET_READER_CONFIG', id: 9, ResetToFactoryDefault: false,
    ROReportSpec: {
      ROReportTrigger: 'Upon_N_Tags_Or_End_Of_ROSpec', N: 1,
      TagReportContentSelector: {
        EnableROSpecID: false, EnableSpecIndex: false, EnableInventoryParameterSpecID: false,
        EnableAntennaID: true, EnableChannelIndex: false, EnablePeakRSSI: true,
        EnableFirstSeenTimestamp: true, EnableLastSeenTimestamp: true, EnableTagSeenCount: true,
        EnableAccessSpecID: false,
      },
      Custom: [{
        type: 'ImpinjTagReportContentSelector',
        ImpinjEnableRFPhaseAngle: { RFPhaseAngleMode: 'Enabled' },
        ImpinjEnablePeakRSSI: { PeakRSSIMode: 'Enabled' },
        ImpinjEnableRFDopplerFrequency: { RFDopplerFrequencyMode: 1 },
      }],
    },
  });
  assert.deepEqual(built, bytes);
  const msg = decodeMessage(bytes);
  const sel = ((msg['ROReportSpec'] as LlrpParameter)['Custom'] as LlrpParameter[])[0]!;
  assert.equal(sel.type, 'ImpinjTagReportContentSelector');
  assert.deepEqual(sel['ImpinjEnablePeakRSSI'], { type: 'ImpinjEnablePeakRSSI', PeakRSSIMode: 'Enabled' });
  assert.deepEqual(encodeMessage(msg), bytes);
});

test('a Custom parameter of an unknown vendor stays opaque and re-encodes exactly', () => {
  const bytes = hex(`
    03 ff 00 11  # Custom, length 17
    00 00 00 a1  # VendorIdentifier 161 (Zebra/Motorola)
    00 00 00 05  # ParameterSubtype 5
    de ad be ef 42  # body, unknown layout
  `);
  const p = decodeParameter(bytes);
  assert.deepEqual(p, { type: 'Custom', VendorIdentifier: 161, ParameterSubtype: 5, Data: 'deadbeef42' });
  assert.deepEqual(encodeParameter(p), bytes);
});

test('an Impinj subtype this codec does not know stays a generic Custom', () => {
  const bytes = hex('03ff 000e 0000651a 000003e7 1234'); // subtype 999
  const p = decodeParameter(bytes);
  assert.deepEqual(p, { type: 'Custom', VendorIdentifier: 25882, ParameterSubtype: 999, Data: '1234' });
  assert.deepEqual(encodeParameter(p), bytes);
});

test('a CUSTOM_MESSAGE of an unknown vendor keeps its body as hex', () => {
  const bytes = hex(`
    07 ff 00 00 00 12 00 00 00 03  # CUSTOM_MESSAGE, length 18, id 3
    00 00 46 4c  # VendorIdentifier 17996 (Alien)
    07           # MessageSubtype 7
    01 02 03     # Data
  `);
  const msg = decodeMessage(bytes);
  assert.deepEqual(msg, { type: 'CUSTOM_MESSAGE', typeNum: 1023, id: 3, version: 1, VendorIdentifier: 17996, MessageSubtype: 7, Data: '010203' });
  assert.deepEqual(encodeMessage(msg), bytes);
});
