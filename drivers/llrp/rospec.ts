/**
 * What the client sends to install a reader profile: pure builders from a profile and the
 * reader's capabilities to LLRP message objects (encoded by encode.ts). Kept apart from the
 * client so they are tested without a socket.
 */
import { IMPINJ_VENDOR } from './impinj-defs.ts';
import type { EncodeInput } from './encode.ts';
import type { LlrpMessage, LlrpParameter } from './types.ts';
import type { ReaderProfile, SearchMode } from './reader-profile.ts';

/** Our one ROSpec; the client deletes every ROSpec (ID 0 = all) before adding it. */
export const ROSPEC_ID = 1;

export interface PowerLevel {
  index: number;
  /** dBm (the table carries hundredths of a dBm, LLRP 1.0.1 §16.2.3.2.1.1) */
  dbm: number;
}

/** The facts the client needs from GET_READER_CAPABILITIES_RESPONSE (LLRP 1.0.1 §16.1.2). */
export interface ReaderCapabilities {
  /** IANA PEN of the manufacturer: 25882 Impinj, 161 Zebra/Motorola, 17996 Alien */
  manufacturer: number;
  model: number;
  firmware: string;
  maxAntennas: number;
  utcClock: boolean;
  powerTable: PowerLevel[];
  /** First hop table ID (FrequencyInformation), or 1 */
  hopTableId: number;
  impinj: boolean;
  /** GPI inputs (GPIOCapabilities.NumGPIs); absent when the reader does not say */
  gpis?: number;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);

export function parseCapabilities(msg: LlrpMessage): ReaderCapabilities {
  const gen = obj(msg.GeneralDeviceCapabilities) ?? {};
  const band = obj(obj(msg.RegulatoryCapabilities)?.UHFBandCapabilities) ?? {};
  const powerTable = list(band.TransmitPowerLevelTableEntry)
    .map((e) => ({ index: Number(e.Index), dbm: Number(e.TransmitPowerValue) / 100 }))
    .filter((e) => Number.isFinite(e.index) && Number.isFinite(e.dbm))
    .sort((a, b) => a.dbm - b.dbm);
  const freq = obj(band.FrequencyInformation);
  const hop = list(freq?.FrequencyHopTable)[0];
  const manufacturer = Number(gen.DeviceManufacturerName ?? 0);
  return {
    manufacturer,
    model: Number(gen.ModelName ?? 0),
    firmware: String(gen.ReaderFirmwareVersion ?? ''),
    maxAntennas: Number(gen.MaxNumberOfAntennaSupported ?? 0),
    utcClock: gen.HasUTCClockCapability === true,
    powerTable,
    hopTableId: hop ? Number(hop.HopTableID) : 1,
    impinj: manufacturer === IMPINJ_VENDOR,
    ...(obj(gen.GPIOCapabilities) ? { gpis: Number(obj(gen.GPIOCapabilities)?.NumGPIs ?? 0) } : {}),
  };
}

/**
 * The table entry for `dbm`: the highest power not above it (never more than asked), or the
 * lowest entry when all are above; the reader's maximum when no power is asked for.
 */
export function pickPowerLevel(table: readonly PowerLevel[], dbm: number | undefined): PowerLevel | undefined {
  if (table.length === 0) return undefined;
  const sorted = [...table].sort((a, b) => a.dbm - b.dbm);
  if (dbm === undefined) return sorted[sorted.length - 1];
  let best = sorted[0];
  for (const e of sorted) if (e.dbm <= dbm + 1e-9) best = e;
  return best;
}

const SEARCH_MODE: Record<SearchMode, string> = {
  'reader-selected': 'Reader_Selected',
  'single-target': 'Single_Target',
  'dual-target': 'Dual_Target',
  'single-target-suppressed': 'Single_Target_With_Suppression',
};

/** SET_READER_CONFIG: events, keepalives, access reports (LLRP 1.0.1 §12.1.3, §16.2.6.4). */
export function readerConfigMessage(id: number, profile: ReaderProfile): EncodeInput {
  const event = (EventType: string, on: boolean): LlrpParameter => ({ type: 'EventNotificationState', EventType, NotificationState: on });
  return {
    type: 'SET_READER_CONFIG', id,
    ResetToFactoryDefault: false,
    ReaderEventNotificationSpec: {
      type: 'ReaderEventNotificationSpec',
      EventNotificationState: [
        event('Upon_Hopping_To_Next_Channel', false),
        event('GPI_Event', true), // presence sensors on GPI inputs (door triggers)
        event('ROSpec_Event', true),
        event('Report_Buffer_Fill_Warning', true),
        event('Reader_Exception_Event', true),
        event('RFSurvey_Event', false),
        event('AISpec_Event', false),
        event('AISpec_Event_With_Details', false),
        event('Antenna_Event', true),
      ],
    },
    AccessReportSpec: { type: 'AccessReportSpec', AccessReportTrigger: 'Whenever_ROReport_Is_Generated' },
    KeepaliveSpec: { type: 'KeepaliveSpec', KeepaliveTriggerType: 'Periodic', PeriodicTriggerValue: profile.keepaliveMs },
    EventsAndReports: { type: 'EventsAndReports', HoldEventsAndReportsUponReconnect: false },
  };
}

/** The report spec: EPC, antenna, peak RSSI, first/last seen, seen count (+ Impinj extras). */
export function reportSpec(profile: ReaderProfile, caps: ReaderCapabilities): LlrpParameter {
  const spec: LlrpParameter = {
    type: 'ROReportSpec',
    ROReportTrigger: 'Upon_N_Tags_Or_End_Of_AISpec',
    N: profile.reportEveryTags,
    TagReportContentSelector: {
      type: 'TagReportContentSelector',
      EnableROSpecID: false,
      EnableSpecIndex: false,
      EnableInventoryParameterSpecID: false,
      EnableAntennaID: true,
      EnableChannelIndex: false,
      EnablePeakRSSI: true,
      EnableFirstSeenTimestamp: true,
      EnableLastSeenTimestamp: true,
      EnableTagSeenCount: true,
      EnableAccessSpecID: false,
    },
  };
  if (caps.impinj && (profile.impinjPeakRssi || profile.reportPhase || profile.reportDoppler)) {
    const sel: LlrpParameter = { type: 'ImpinjTagReportContentSelector' };
    if (profile.impinjPeakRssi) sel.ImpinjEnablePeakRSSI = { type: 'ImpinjEnablePeakRSSI', PeakRSSIMode: 'Enabled' };
    if (profile.reportPhase) sel.ImpinjEnableRFPhaseAngle = { type: 'ImpinjEnableRFPhaseAngle', RFPhaseAngleMode: 'Enabled' };
    if (profile.reportDoppler) sel.ImpinjEnableRFDopplerFrequency = { type: 'ImpinjEnableRFDopplerFrequency', RFDopplerFrequencyMode: 'Enabled' };
    spec.Custom = [sel];
  }
  return spec;
}

/**
 * ADD_ROSPEC (LLRP 1.0.1 §10.2.1): started by START_ROSPEC (start trigger Null), runs until
 * STOP_ROSPEC (stop triggers Null), one AISpec over the profile's antennas with per-antenna
 * transmit power and Gen2 singulation (session, population; Impinj search mode).
 */
export function addRoSpecMessage(id: number, profile: ReaderProfile, caps: ReaderCapabilities): EncodeInput {
  const power = pickPowerLevel(caps.powerTable, profile.transmitPowerDbm);
  const command: LlrpParameter = {
    type: 'C1G2InventoryCommand',
    TagInventoryStateAware: false,
    ...(profile.modeIndex !== undefined ? { C1G2RFControl: { type: 'C1G2RFControl', ModeIndex: profile.modeIndex, Tari: 0 } } : {}),
    C1G2SingulationControl: { type: 'C1G2SingulationControl', Session: profile.session, TagPopulation: profile.tagPopulation, TagTransitTime: 0 },
    ...(caps.impinj ? { Custom: [{ type: 'ImpinjInventorySearchMode', InventorySearchMode: SEARCH_MODE[profile.searchMode] }] } : {}),
  };
  const antennaConfig = profile.antennas.map((a): LlrpParameter => ({
    type: 'AntennaConfiguration',
    AntennaID: a,
    ...(power ? { RFTransmitter: { type: 'RFTransmitter', HopTableID: caps.hopTableId, ChannelIndex: 0, TransmitPower: power.index } } : {}),
    AirProtocolInventoryCommandSettings: [command],
  }));
  return {
    type: 'ADD_ROSPEC', id,
    ROSpec: {
      type: 'ROSpec',
      ROSpecID: ROSPEC_ID,
      Priority: 0,
      CurrentState: 'Disabled',
      ROBoundarySpec: {
        type: 'ROBoundarySpec',
        ROSpecStartTrigger: { type: 'ROSpecStartTrigger', ROSpecStartTriggerType: 'Null' },
        ROSpecStopTrigger: { type: 'ROSpecStopTrigger', ROSpecStopTriggerType: 'Null', DurationTriggerValue: 0 },
      },
      SpecParameter: [
        {
          type: 'AISpec',
          AntennaIDs: profile.antennas,
          AISpecStopTrigger: { type: 'AISpecStopTrigger', AISpecStopTriggerType: 'Null', DurationTrigger: 0 },
          InventoryParameterSpec: [
            { type: 'InventoryParameterSpec', InventoryParameterSpecID: 1, ProtocolID: 'EPCGlobalClass1Gen2', AntennaConfiguration: antennaConfig },
          ],
        },
      ],
      ROReportSpec: reportSpec(profile, caps),
    },
  };
}

/**
 * ADD_ACCESSSPEC writing a new EPC over a tag's current one (LLRP 1.0.1 §11.2.1, §16.3.1.3.2.2):
 * the tag is matched on its EPC (memory bank 1 from bit 32, after CRC and PC), the new EPC is
 * written from word 2, and the spec deletes itself after one operation.
 */
export function addWriteEpcAccessSpec(id: number, accessSpecId: number, opSpecId: number, currentEpc: string, newEpc: string, accessPassword = 0): EncodeInput {
  return {
    type: 'ADD_ACCESSSPEC', id,
    AccessSpec: {
      type: 'AccessSpec',
      AccessSpecID: accessSpecId,
      AntennaID: 0,
      ProtocolID: 'EPCGlobalClass1Gen2',
      CurrentState: 'Disabled',
      ROSpecID: 0,
      AccessSpecStopTrigger: { type: 'AccessSpecStopTrigger', AccessSpecStopTrigger: 'Operation_Count', OperationCountValue: 1 },
      AccessCommand: {
        type: 'AccessCommand',
        AirProtocolTagSpec: {
          type: 'C1G2TagSpec',
          C1G2TargetTag: [{ type: 'C1G2TargetTag', MB: 1, Match: true, Pointer: 32, TagMask: 'f'.repeat(currentEpc.length), TagData: currentEpc }],
        },
        AccessCommandOpSpec: [
          { type: 'C1G2Write', OpSpecID: opSpecId, AccessPassword: accessPassword, MB: 1, WordPointer: 2, WriteData: newEpc },
        ],
      },
      AccessReportSpec: { type: 'AccessReportSpec', AccessReportTrigger: 'Whenever_ROReport_Is_Generated' },
    },
  };
}

/** GET_READER_CONFIG for the current state of every GPI input (LLRP 1.0.1 §16.1.36: port 0 = all). */
export function gpiStateRequest(id: number): EncodeInput {
  return { type: 'GET_READER_CONFIG', id, AntennaID: 0, RequestedData: 'GPIPortCurrentState', GPIPortNum: 0, GPOPortNum: 0 };
}

/**
 * The GPI inputs of a GET_READER_CONFIG_RESPONSE whose level is known (LLRP 1.0.1 §16.2.6.9):
 * enabled (Config) and High or Low; true is high.
 */
export function parseGpiStates(msg: LlrpMessage): { port: number; state: boolean }[] {
  return list(msg.GPIPortCurrentState)
    .filter((g) => g.Config === true && (g.State === 'High' || g.State === 'Low'))
    .map((g) => ({ port: Number(g.GPIPortNum), state: g.State === 'High' }));
}

/** A message with no body but one u32 ID field (ENABLE_ROSPEC, DELETE_ACCESSSPEC, ...). */
export function simpleMessage(type: string, id: number, fields: Record<string, unknown> = {}): EncodeInput {
  return { type, id, ...fields };
}
