/**
 * Reader models the simulator can pretend to be: what GET_READER_CAPABILITIES answers
 * (LLRP 1.0.1 §9.2, §16.1.2). Figures are plausible, not copied from a datasheet.
 */
import type { LlrpParameter } from '../../drivers/llrp/index.ts';

export interface ReaderModel {
  name: string;
  /** IANA PEN: 25882 Impinj, 161 Zebra */
  manufacturer: number;
  modelNumber: number;
  firmware: string;
  antennas: number;
  /** Transmit power table in hundredths of a dBm, index from 1 */
  powerFrom: number;
  powerTo: number;
  powerStep: number;
  /** Impinj extensions (IMPINJ_ENABLE_EXTENSIONS, search mode, high-resolution RSSI, phase, Doppler) */
  impinj: boolean;
  /** Timestamps in reports and events: UTC, or microseconds since boot */
  clock: 'utc' | 'uptime';
  mac: string;
}

export const MODELS: Record<string, ReaderModel> = {
  'impinj-r700': {
    name: 'impinj-r700', manufacturer: 25882, modelNumber: 2120, firmware: '8.4.1.240', antennas: 4,
    powerFrom: 1000, powerTo: 3300, powerStep: 25, impinj: true, clock: 'utc', mac: '0016251234ab',
  },
  'zebra-fx9600': {
    name: 'zebra-fx9600', manufacturer: 161, modelNumber: 9600, firmware: '3.21.23.0', antennas: 8,
    powerFrom: 1000, powerTo: 3150, powerStep: 10, impinj: false, clock: 'uptime', mac: '84248dabcdef',
  },
};

export function powerTable(m: ReaderModel): { index: number; value: number }[] {
  const out: { index: number; value: number }[] = [];
  for (let v = m.powerFrom, i = 1; v <= m.powerTo; v += m.powerStep, i++) out.push({ index: i, value: v });
  return out;
}

/** The body of GET_READER_CAPABILITIES_RESPONSE (without LLRPStatus). */
export function capabilities(m: ReaderModel): Record<string, LlrpParameter> {
  const antennas = Array.from({ length: m.antennas }, (_, i) => i + 1);
  return {
    GeneralDeviceCapabilities: {
      type: 'GeneralDeviceCapabilities',
      MaxNumberOfAntennaSupported: m.antennas,
      CanSetAntennaProperties: false,
      HasUTCClockCapability: m.clock === 'utc',
      DeviceManufacturerName: m.manufacturer,
      ModelName: m.modelNumber,
      ReaderFirmwareVersion: m.firmware,
      ReceiveSensitivityTableEntry: [{ type: 'ReceiveSensitivityTableEntry', Index: 1, ReceiveSensitivityValue: 0 }],
      GPIOCapabilities: { type: 'GPIOCapabilities', NumGPIs: 4, NumGPOs: 4 },
      PerAntennaAirProtocol: antennas.map((a) => ({ type: 'PerAntennaAirProtocol', AntennaID: a, ProtocolID: ['EPCGlobalClass1Gen2'] })),
    },
    LLRPCapabilities: {
      type: 'LLRPCapabilities',
      CanDoRFSurvey: false,
      CanReportBufferFillWarning: true,
      SupportsClientRequestOpSpec: false,
      CanDoTagInventoryStateAwareSingulation: false,
      SupportsEventAndReportHolding: false,
      MaxNumPriorityLevelsSupported: 1,
      ClientRequestOpSpecTimeout: 0,
      MaxNumROSpecs: 1,
      MaxNumSpecsPerROSpec: 32,
      MaxNumInventoryParameterSpecsPerAISpec: 1,
      MaxNumAccessSpecs: 508,
      MaxNumOpSpecsPerAccessSpec: 8,
    },
    RegulatoryCapabilities: {
      type: 'RegulatoryCapabilities',
      CountryCode: 840,
      CommunicationsStandard: 'US_FCC_Part_15',
      UHFBandCapabilities: {
        type: 'UHFBandCapabilities',
        TransmitPowerLevelTableEntry: powerTable(m).map((p) => ({ type: 'TransmitPowerLevelTableEntry', Index: p.index, TransmitPowerValue: p.value })),
        FrequencyInformation: {
          type: 'FrequencyInformation',
          Hopping: true,
          FrequencyHopTable: [{ type: 'FrequencyHopTable', HopTableID: 1, Frequency: Array.from({ length: 50 }, (_, i) => 902750 + i * 500) }],
        },
        AirProtocolUHFRFModeTable: [{
          type: 'C1G2UHFRFModeTable',
          C1G2UHFRFModeTableEntry: [
            { type: 'C1G2UHFRFModeTableEntry', ModeIdentifier: 0, DRValue: 'DRV_64_3', EPCHAGTCConformance: false, MValue: 'MV_FM0', ForwardLinkModulation: 'PR_ASK', SpectralMaskIndicator: 'MI', BDRValue: 640000, PIEValue: 1500, MinTariValue: 6250, MaxTariValue: 6250, StepTariValue: 0 },
            { type: 'C1G2UHFRFModeTableEntry', ModeIdentifier: 2, DRValue: 'DRV_64_3', EPCHAGTCConformance: false, MValue: 'MV_4', ForwardLinkModulation: 'PR_ASK', SpectralMaskIndicator: 'DI', BDRValue: 256000, PIEValue: 2000, MinTariValue: 20000, MaxTariValue: 20000, StepTariValue: 0 },
          ],
        }],
      },
    },
    AirProtocolLLRPCapabilities: { type: 'C1G2LLRPCapabilities', CanSupportBlockErase: false, CanSupportBlockWrite: true, MaxNumSelectFiltersPerQuery: 2 },
  };
}
