/**
 * Impinj LLRP extensions (vendor / IANA PEN 25882), carried in the Custom parameter
 * (LLRP 1.0.1 §16.2.9: type 1023, u32 vendor, u32 subtype, body) and in CUSTOM_MESSAGE
 * (§16.1.42: header, u32 vendor, u8 subtype, body). Facts from ../../shared/reference/llrp/IMPINJ.md.
 *
 * Parameters whose body layout is not among those facts are named but keep their body as
 * opaque bytes (`Data`), so they still re-encode exactly.
 */
import type { DefsTable, ParameterDef, SlotDef } from './defs-types.ts';

export const IMPINJ_VENDOR = 25882; // 0x651A

const CUSTOM: SlotDef = { kind: 'parameter', type: 'Custom', repeat: '0-N' };

function param(name: string, subtype: number, fields: ParameterDef['fields'], slots: readonly SlotDef[] = [CUSTOM]): ParameterDef {
  return { name, typeNum: 1023, vendor: IMPINJ_VENDOR, subtype, fields, slots };
}

/** A named extension whose body layout we do not know: kept as bytes. */
function opaque(name: string, subtype: number): ParameterDef {
  return param(name, subtype, [{ name: 'Data', type: 'bytesToEnd', format: 'Hex' }], []);
}

/** An Enable* switch of the tag report content selector: one u16 mode. */
function enable(name: string, subtype: number, field: string): ParameterDef {
  return param(name, subtype, [{ name: field, type: 'u16', enumeration: 'ImpinjEnableMode' }]);
}

export const IMPINJ_DEFS: DefsTable = {
  enumerations: {
    ImpinjRequestedDataType: [
      [1000, 'All_Capabilities'], [1001, 'Impinj_Detailed_Version'],
      [2000, 'All_Configuration'], [2004, 'Impinj_Reader_Temperature'],
    ],
    ImpinjInventorySearchType: [
      [0, 'Reader_Selected'], [1, 'Single_Target'], [2, 'Dual_Target'], [3, 'Single_Target_With_Suppression'],
    ],
    ImpinjTagDirection: [[0, 'Indeterminate'], [1, 'From_Side2_To_Side1'], [2, 'From_Side1_To_Side2']],
    ImpinjEnableMode: [[0, 'Disabled'], [1, 'Enabled']],
  },
  choices: {},
  parameters: [
    // Inside GET_READER_CONFIG / GET_READER_CAPABILITIES: which Impinj data to return.
    param('ImpinjRequestedData', 21, [{ name: 'RequestedData', type: 'u32', enumeration: 'ImpinjRequestedDataType' }]),
    param('ImpinjSubRegulatoryRegion', 22, [{ name: 'RegulatoryRegion', type: 'u16' }]),
    // Inside C1G2InventoryCommand's Custom.
    param('ImpinjInventorySearchMode', 23, [{ name: 'InventorySearchMode', type: 'u16', enumeration: 'ImpinjInventorySearchType' }]),
    opaque('ImpinjTagDirectionReporting', 24),
    opaque('ImpinjTagDirection', 25),
    opaque('ImpinjDetailedVersion', 29),
    opaque('ImpinjReaderTemperature', 37),
    opaque('ImpinjLinkMonitorConfiguration', 38),
    opaque('ImpinjReportBufferConfiguration', 39),
    // Inside ROReportSpec's Custom: which Impinj results TagReportData carries.
    param('ImpinjTagReportContentSelector', 50, [], [
      { kind: 'parameter', type: 'ImpinjEnableSerializedTID', repeat: '0-1' },
      { kind: 'parameter', type: 'ImpinjEnableRFPhaseAngle', repeat: '0-1' },
      { kind: 'parameter', type: 'ImpinjEnablePeakRSSI', repeat: '0-1' },
      { kind: 'parameter', type: 'ImpinjEnableGPSCoordinates', repeat: '0-1' },
      { kind: 'parameter', type: 'ImpinjEnableRFDopplerFrequency', repeat: '0-1' },
      CUSTOM,
    ]),
    enable('ImpinjEnableSerializedTID', 51, 'SerializedTIDMode'),
    enable('ImpinjEnableRFPhaseAngle', 52, 'RFPhaseAngleMode'),
    enable('ImpinjEnablePeakRSSI', 53, 'PeakRSSIMode'),
    enable('ImpinjEnableGPSCoordinates', 54, 'GPSCoordinatesMode'),
    enable('ImpinjEnableRFDopplerFrequency', 67, 'RFDopplerFrequencyMode'),
    // Results inside TagReportData's Custom.
    param('ImpinjSerializedTID', 55, [{ name: 'TID', type: 'u16v', format: 'Hex' }]),
    // 0..4095 = 0..360 degrees.
    param('ImpinjRFPhaseAngle', 56, [{ name: 'PhaseAngle', type: 'u16' }]),
    // Hundredths of a dBm: -5300 = -53.00 dBm.
    param('ImpinjPeakRSSI', 57, [{ name: 'RSSI', type: 's16' }]),
    param('ImpinjRFDopplerFrequency', 68, [{ name: 'DopplerFrequency', type: 's16' }]),
  ],
  messages: [
    // Enabling extensions lasts for one connection: send it again after every reconnect.
    {
      name: 'IMPINJ_ENABLE_EXTENSIONS', typeNum: 1023, vendor: IMPINJ_VENDOR, subtype: 21,
      responseType: 'IMPINJ_ENABLE_EXTENSIONS_RESPONSE',
      fields: [{ reserved: 32 }], slots: [CUSTOM],
    },
    {
      name: 'IMPINJ_ENABLE_EXTENSIONS_RESPONSE', typeNum: 1023, vendor: IMPINJ_VENDOR, subtype: 22,
      fields: [], slots: [{ kind: 'parameter', type: 'LLRPStatus', repeat: '1' }, CUSTOM],
    },
    {
      name: 'IMPINJ_SAVE_SETTINGS', typeNum: 1023, vendor: IMPINJ_VENDOR, subtype: 23,
      responseType: 'IMPINJ_SAVE_SETTINGS_RESPONSE',
      fields: [{ name: 'Data', type: 'bytesToEnd', format: 'Hex' }], slots: [],
    },
    {
      name: 'IMPINJ_SAVE_SETTINGS_RESPONSE', typeNum: 1023, vendor: IMPINJ_VENDOR, subtype: 24,
      fields: [], slots: [{ kind: 'parameter', type: 'LLRPStatus', repeat: '1' }, CUSTOM],
    },
  ],
};
