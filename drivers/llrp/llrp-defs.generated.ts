// Generated from llrp-1x0-def.xml of the LLRP Toolkit (LTK), Copyright 2007 Impinj, Inc., Apache License 2.0
// (see ./NOTICE). Type numbers, field layouts and enumerations of LLRP 1.0.1.
// Do not edit: run `node --import tsx drivers/llrp/gen/generate.ts`.

import type { DefsTable } from './defs-types.ts';

export const LLRP_1_0_1_DEFS: DefsTable = {
  enumerations: {
    // LLRP 1.0.1 §7.1.4
    AirProtocols: [[0, 'Unspecified'], [1, 'EPCGlobalClass1Gen2']],
    // LLRP 1.0.1 §9.1.1
    GetReaderCapabilitiesRequestedData: [[0, 'All'], [1, 'General_Device_Capabilities'], [2, 'LLRP_Capabilities'], [3, 'Regulatory_Capabilities'], [4, 'LLRP_Air_Protocol_Capabilities']],
    // LLRP 1.0.1 §9.2.4
    CommunicationsStandard: [[0, 'Unspecified'], [1, 'US_FCC_Part_15'], [2, 'ETSI_302_208'], [3, 'ETSI_300_220'], [4, 'Australia_LIPD_1W'], [5, 'Australia_LIPD_4W'], [6, 'Japan_ARIB_STD_T89'], [7, 'Hong_Kong_OFTA_1049'], [8, 'Taiwan_DGT_LP0002'], [9, 'Korea_MIC_Article_5_2']],
    // LLRP 1.0.1 §10.2.1
    ROSpecState: [[0, 'Disabled'], [1, 'Inactive'], [2, 'Active']],
    // LLRP 1.0.1 §10.2.1.1.1
    ROSpecStartTriggerType: [[0, 'Null'], [1, 'Immediate'], [2, 'Periodic'], [3, 'GPI']],
    // LLRP 1.0.1 §10.2.1.1.2
    ROSpecStopTriggerType: [[0, 'Null'], [1, 'Duration'], [2, 'GPI_With_Timeout']],
    // LLRP 1.0.1 §10.2.2.1
    AISpecStopTriggerType: [[0, 'Null'], [1, 'Duration'], [2, 'GPI_With_Timeout'], [3, 'Tag_Observation']],
    // LLRP 1.0.1 §10.2.2.1.1
    TagObservationTriggerType: [[0, 'Upon_Seeing_N_Tags_Or_Timeout'], [1, 'Upon_Seeing_No_More_New_Tags_For_Tms_Or_Timeout'], [2, 'N_Attempts_To_See_All_Tags_In_FOV_Or_Timeout']],
    // LLRP 1.0.1 §10.2.3.1
    RFSurveySpecStopTriggerType: [[0, 'Null'], [1, 'Duration'], [2, 'N_Iterations_Through_Frequency_Range']],
    // LLRP 1.0.1 §11.2.1
    AccessSpecState: [[0, 'Disabled'], [1, 'Active']],
    // LLRP 1.0.1 §11.2.1.1
    AccessSpecStopTriggerType: [[0, 'Null'], [1, 'Operation_Count']],
    // LLRP 1.0.1 §12.1.1
    GetReaderConfigRequestedData: [[0, 'All'], [1, 'Identification'], [2, 'AntennaProperties'], [3, 'AntennaConfiguration'], [4, 'ROReportSpec'], [5, 'ReaderEventNotificationSpec'], [6, 'AccessReportSpec'], [7, 'LLRPConfigurationStateValue'], [8, 'KeepaliveSpec'], [9, 'GPIPortCurrentState'], [10, 'GPOWriteData'], [11, 'EventsAndReports']],
    // LLRP 1.0.1 §12.2.2
    IdentificationType: [[0, 'MAC_Address'], [1, 'EPC']],
    // LLRP 1.0.1 §12.2.4
    KeepaliveTriggerType: [[0, 'Null'], [1, 'Periodic']],
    // LLRP 1.0.1 §12.2.6.3
    GPIPortState: [[0, 'Low'], [1, 'High'], [2, 'Unknown']],
    // LLRP 1.0.1 §13.2.1
    ROReportTriggerType: [[0, 'None'], [1, 'Upon_N_Tags_Or_End_Of_AISpec'], [2, 'Upon_N_Tags_Or_End_Of_ROSpec']],
    // LLRP 1.0.1 §13.2.2
    AccessReportTriggerType: [[0, 'Whenever_ROReport_Is_Generated'], [1, 'End_Of_AccessSpec']],
    // LLRP 1.0.1 §13.2.5.1
    NotificationEventType: [[0, 'Upon_Hopping_To_Next_Channel'], [1, 'GPI_Event'], [2, 'ROSpec_Event'], [3, 'Report_Buffer_Fill_Warning'], [4, 'Reader_Exception_Event'], [5, 'RFSurvey_Event'], [6, 'AISpec_Event'], [7, 'AISpec_Event_With_Details'], [8, 'Antenna_Event']],
    // LLRP 1.0.1 §13.2.6.4
    ROSpecEventType: [[0, 'Start_Of_ROSpec'], [1, 'End_Of_ROSpec'], [2, 'Preemption_Of_ROSpec']],
    // LLRP 1.0.1 §13.2.6.8
    RFSurveyEventType: [[0, 'Start_Of_RFSurvey'], [1, 'End_Of_RFSurvey']],
    // LLRP 1.0.1 §13.2.6.9
    AISpecEventType: [[0, 'End_Of_AISpec']],
    // LLRP 1.0.1 §13.2.6.10
    AntennaEventType: [[0, 'Antenna_Disconnected'], [1, 'Antenna_Connected']],
    // LLRP 1.0.1 §13.2.6.11
    ConnectionAttemptStatusType: [[0, 'Success'], [1, 'Failed_A_Reader_Initiated_Connection_Already_Exists'], [2, 'Failed_A_Client_Initiated_Connection_Already_Exists'], [3, 'Failed_Reason_Other_Than_A_Connection_Already_Exists'], [4, 'Another_Connection_Attempted']],
    // LLRP 1.0.1 §14.2.1
    StatusCode: [[0, 'M_Success'], [100, 'M_ParameterError'], [101, 'M_FieldError'], [102, 'M_UnexpectedParameter'], [103, 'M_MissingParameter'], [104, 'M_DuplicateParameter'], [105, 'M_OverflowParameter'], [106, 'M_OverflowField'], [107, 'M_UnknownParameter'], [108, 'M_UnknownField'], [109, 'M_UnsupportedMessage'], [110, 'M_UnsupportedVersion'], [111, 'M_UnsupportedParameter'], [200, 'P_ParameterError'], [201, 'P_FieldError'], [202, 'P_UnexpectedParameter'], [203, 'P_MissingParameter'], [204, 'P_DuplicateParameter'], [205, 'P_OverflowParameter'], [206, 'P_OverflowField'], [207, 'P_UnknownParameter'], [208, 'P_UnknownField'], [209, 'P_UnsupportedParameter'], [300, 'A_Invalid'], [301, 'A_OutOfRange'], [401, 'R_DeviceError']],
    // LLRP 1.0.1 §15.2.1.1.2.1
    C1G2DRValue: [[0, 'DRV_8'], [1, 'DRV_64_3']],
    // LLRP 1.0.1 §15.2.1.1.2.1
    C1G2MValue: [[0, 'MV_FM0'], [1, 'MV_2'], [2, 'MV_4'], [3, 'MV_8']],
    // LLRP 1.0.1 §15.2.1.1.2.1
    C1G2ForwardLinkModulation: [[0, 'PR_ASK'], [1, 'SSB_ASK'], [2, 'DSB_ASK']],
    // LLRP 1.0.1 §15.2.1.1.2.1
    C1G2SpectralMaskIndicator: [[0, 'Unknown'], [1, 'SI'], [2, 'MI'], [3, 'DI']],
    // LLRP 1.0.1 §15.2.1.2.1.1
    C1G2TruncateAction: [[0, 'Unspecified'], [1, 'Do_Not_Truncate'], [2, 'Truncate']],
    // LLRP 1.0.1 §15.2.1.2.1.1.2
    C1G2StateAwareTarget: [[0, 'SL'], [1, 'Inventoried_State_For_Session_S0'], [2, 'Inventoried_State_For_Session_S1'], [3, 'Inventoried_State_For_Session_S2'], [4, 'Inventoried_State_For_Session_S3']],
    // LLRP 1.0.1 §15.2.1.2.1.1.2
    C1G2StateAwareAction: [[0, 'AssertSLOrA_DeassertSLOrB'], [1, 'AssertSLOrA_Noop'], [2, 'Noop_DeassertSLOrB'], [3, 'NegateSLOrABBA_Noop'], [4, 'DeassertSLOrB_AssertSLOrA'], [5, 'DeassertSLOrB_Noop'], [6, 'Noop_AssertSLOrA'], [7, 'Noop_NegateSLOrABBA']],
    // LLRP 1.0.1 §15.2.1.2.1.1.3
    C1G2StateUnawareAction: [[0, 'Select_Unselect'], [1, 'Select_DoNothing'], [2, 'DoNothing_Unselect'], [3, 'Unselect_DoNothing'], [4, 'Unselect_Select'], [5, 'DoNothing_Select']],
    // LLRP 1.0.1 §15.2.1.2.1.3.1
    C1G2TagInventoryStateAwareI: [[0, 'State_A'], [1, 'State_B']],
    // LLRP 1.0.1 §15.2.1.2.1.3.1
    C1G2TagInventoryStateAwareS: [[0, 'SL'], [1, 'Not_SL']],
    // LLRP 1.0.1 §15.2.1.3.2.4.1
    C1G2LockPrivilege: [[0, 'Read_Write'], [1, 'Perma_Lock'], [2, 'Perma_Unlock'], [3, 'Unlock']],
    // LLRP 1.0.1 §15.2.1.3.2.4.1
    C1G2LockDataField: [[0, 'Kill_Password'], [1, 'Access_Password'], [2, 'EPC_Memory'], [3, 'TID_Memory'], [4, 'User_Memory']],
    // LLRP 1.0.1 §15.2.1.5.5.1
    C1G2ReadResultType: [[0, 'Success'], [1, 'Nonspecific_Tag_Error'], [2, 'No_Response_From_Tag'], [3, 'Nonspecific_Reader_Error']],
    // LLRP 1.0.1 §15.2.1.5.5.2
    C1G2WriteResultType: [[0, 'Success'], [1, 'Tag_Memory_Overrun_Error'], [2, 'Tag_Memory_Locked_Error'], [3, 'Insufficient_Power'], [4, 'Nonspecific_Tag_Error'], [5, 'No_Response_From_Tag'], [6, 'Nonspecific_Reader_Error']],
    // LLRP 1.0.1 §15.2.1.5.5.3
    C1G2KillResultType: [[0, 'Success'], [1, 'Zero_Kill_Password_Error'], [2, 'Insufficient_Power'], [3, 'Nonspecific_Tag_Error'], [4, 'No_Response_From_Tag'], [5, 'Nonspecific_Reader_Error']],
    // LLRP 1.0.1 §15.2.1.5.5.4
    C1G2LockResultType: [[0, 'Success'], [1, 'Insufficient_Power'], [2, 'Nonspecific_Tag_Error'], [3, 'No_Response_From_Tag'], [4, 'Nonspecific_Reader_Error']],
    // LLRP 1.0.1 §15.2.1.5.5.5
    C1G2BlockEraseResultType: [[0, 'Success'], [1, 'Tag_Memory_Overrun_Error'], [2, 'Tag_Memory_Locked_Error'], [3, 'Insufficient_Power'], [4, 'Nonspecific_Tag_Error'], [5, 'No_Response_From_Tag'], [6, 'Nonspecific_Reader_Error']],
    // LLRP 1.0.1 §15.2.1.5.5.6
    C1G2BlockWriteResultType: [[0, 'Success'], [1, 'Tag_Memory_Overrun_Error'], [2, 'Tag_Memory_Locked_Error'], [3, 'Insufficient_Power'], [4, 'Nonspecific_Tag_Error'], [5, 'No_Response_From_Tag'], [6, 'Nonspecific_Reader_Error']],
  },
  choices: {
    SpecParameter: ['AISpec', 'RFSurveySpec', 'Custom'],
    AccessCommandOpSpec: ['C1G2Read', 'C1G2Write', 'C1G2Kill', 'C1G2Lock', 'C1G2BlockErase', 'C1G2BlockWrite', 'Custom'],
    AccessCommandOpSpecResult: ['C1G2ReadOpSpecResult', 'C1G2WriteOpSpecResult', 'C1G2KillOpSpecResult', 'C1G2LockOpSpecResult', 'C1G2BlockEraseOpSpecResult', 'C1G2BlockWriteOpSpecResult', 'Custom'],
    EPCParameter: ['EPCData', 'EPC_96'],
    Timestamp: ['UTCTimestamp', 'Uptime'],
    AirProtocolLLRPCapabilities: ['C1G2LLRPCapabilities'],
    AirProtocolUHFRFModeTable: ['C1G2UHFRFModeTable'],
    AirProtocolInventoryCommandSettings: ['C1G2InventoryCommand'],
    AirProtocolTagSpec: ['C1G2TagSpec'],
    AirProtocolEPCMemorySelector: ['C1G2EPCMemorySelector'],
    AirProtocolTagData: ['C1G2_PC', 'C1G2_CRC'],
    AirProtocolSingulationDetails: ['C1G2SingulationDetails'],
  },
  parameters: [
    { // LLRP 1.0.1 §16.2.2.1
      name: 'UTCTimestamp',
      typeNum: 128,
      spec: '16.2.2.1',
      fields: [
        { name: 'Microseconds', type: 'u64', format: 'Datetime' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.2.2
      name: 'Uptime',
      typeNum: 129,
      spec: '16.2.2.2',
      fields: [
        { name: 'Microseconds', type: 'u64' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.9
      name: 'Custom',
      typeNum: 1023,
      spec: '16.2.9',
      fields: [
        { name: 'VendorIdentifier', type: 'u32' },
        { name: 'ParameterSubtype', type: 'u32' },
        { name: 'Data', type: 'bytesToEnd', format: 'Hex' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.3.1
      name: 'GeneralDeviceCapabilities',
      typeNum: 137,
      spec: '16.2.3.1',
      fields: [
        { name: 'MaxNumberOfAntennaSupported', type: 'u16' },
        { name: 'CanSetAntennaProperties', type: 'u1' },
        { name: 'HasUTCClockCapability', type: 'u1' },
        { reserved: 14 },
        { name: 'DeviceManufacturerName', type: 'u32' },
        { name: 'ModelName', type: 'u32' },
        { name: 'ReaderFirmwareVersion', type: 'utf8v', format: 'UTF8' },
      ],
      slots: [
        { kind: 'parameter', type: 'ReceiveSensitivityTableEntry', repeat: '1-N' },
        { kind: 'parameter', type: 'PerAntennaReceiveSensitivityRange', repeat: '0-N' },
        { kind: 'parameter', type: 'GPIOCapabilities', repeat: '1' },
        { kind: 'parameter', type: 'PerAntennaAirProtocol', repeat: '1-N' },
      ],
    },
    { // LLRP 1.0.1 §16.2.3.1.1
      name: 'ReceiveSensitivityTableEntry',
      typeNum: 139,
      spec: '16.2.3.1.1',
      fields: [
        { name: 'Index', type: 'u16' },
        { name: 'ReceiveSensitivityValue', type: 's16' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.3.1.2
      name: 'PerAntennaReceiveSensitivityRange',
      typeNum: 149,
      spec: '16.2.3.1.2',
      fields: [
        { name: 'AntennaID', type: 'u16' },
        { name: 'ReceiveSensitivityIndexMin', type: 'u16' },
        { name: 'ReceiveSensitivityIndexMax', type: 'u16' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.3.1.3
      name: 'PerAntennaAirProtocol',
      typeNum: 140,
      spec: '16.2.3.1.3',
      fields: [
        { name: 'AntennaID', type: 'u16' },
        { name: 'ProtocolID', type: 'u8v', enumeration: 'AirProtocols' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.3.1.4
      name: 'GPIOCapabilities',
      typeNum: 141,
      spec: '16.2.3.1.4',
      fields: [
        { name: 'NumGPIs', type: 'u16' },
        { name: 'NumGPOs', type: 'u16' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.3.2
      name: 'LLRPCapabilities',
      typeNum: 142,
      spec: '16.2.3.2',
      fields: [
        { name: 'CanDoRFSurvey', type: 'u1' },
        { name: 'CanReportBufferFillWarning', type: 'u1' },
        { name: 'SupportsClientRequestOpSpec', type: 'u1' },
        { name: 'CanDoTagInventoryStateAwareSingulation', type: 'u1' },
        { name: 'SupportsEventAndReportHolding', type: 'u1' },
        { reserved: 3 },
        { name: 'MaxNumPriorityLevelsSupported', type: 'u8' },
        { name: 'ClientRequestOpSpecTimeout', type: 'u16' },
        { name: 'MaxNumROSpecs', type: 'u32' },
        { name: 'MaxNumSpecsPerROSpec', type: 'u32' },
        { name: 'MaxNumInventoryParameterSpecsPerAISpec', type: 'u32' },
        { name: 'MaxNumAccessSpecs', type: 'u32' },
        { name: 'MaxNumOpSpecsPerAccessSpec', type: 'u32' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.3.4
      name: 'RegulatoryCapabilities',
      typeNum: 143,
      spec: '16.2.3.4',
      fields: [
        { name: 'CountryCode', type: 'u16' },
        { name: 'CommunicationsStandard', type: 'u16', enumeration: 'CommunicationsStandard' },
      ],
      slots: [
        { kind: 'parameter', type: 'UHFBandCapabilities', repeat: '0-1' },
        { kind: 'parameter', type: 'Custom', repeat: '0-N' },
      ],
    },
    { // LLRP 1.0.1 §16.2.3.4.1
      name: 'UHFBandCapabilities',
      typeNum: 144,
      spec: '16.2.3.4.1',
      fields: [],
      slots: [
        { kind: 'parameter', type: 'TransmitPowerLevelTableEntry', repeat: '1-N' },
        { kind: 'parameter', type: 'FrequencyInformation', repeat: '1' },
        { kind: 'choice', type: 'AirProtocolUHFRFModeTable', repeat: '1-N' },
      ],
    },
    { // LLRP 1.0.1 §16.2.3.4.1.1
      name: 'TransmitPowerLevelTableEntry',
      typeNum: 145,
      spec: '16.2.3.4.1.1',
      fields: [
        { name: 'Index', type: 'u16' },
        { name: 'TransmitPowerValue', type: 's16' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.3.4.1.2
      name: 'FrequencyInformation',
      typeNum: 146,
      spec: '16.2.3.4.1.2',
      fields: [
        { name: 'Hopping', type: 'u1' },
        { reserved: 7 },
      ],
      slots: [
        { kind: 'parameter', type: 'FrequencyHopTable', repeat: '0-N' },
        { kind: 'parameter', type: 'FixedFrequencyTable', repeat: '0-1' },
      ],
    },
    { // LLRP 1.0.1 §16.2.3.4.1.2.1
      name: 'FrequencyHopTable',
      typeNum: 147,
      spec: '16.2.3.4.1.2.1',
      fields: [
        { name: 'HopTableID', type: 'u8' },
        { reserved: 8 },
        { name: 'Frequency', type: 'u32v' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.3.4.1.2.2
      name: 'FixedFrequencyTable',
      typeNum: 148,
      spec: '16.2.3.4.1.2.2',
      fields: [
        { name: 'Frequency', type: 'u32v' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.4.1
      name: 'ROSpec',
      typeNum: 177,
      spec: '16.2.4.1',
      fields: [
        { name: 'ROSpecID', type: 'u32' },
        { name: 'Priority', type: 'u8' },
        { name: 'CurrentState', type: 'u8', enumeration: 'ROSpecState' },
      ],
      slots: [
        { kind: 'parameter', type: 'ROBoundarySpec', repeat: '1' },
        { kind: 'choice', type: 'SpecParameter', repeat: '1-N' },
        { kind: 'parameter', type: 'ROReportSpec', repeat: '0-1' },
      ],
    },
    { // LLRP 1.0.1 §16.2.4.1.1
      name: 'ROBoundarySpec',
      typeNum: 178,
      spec: '16.2.4.1.1',
      fields: [],
      slots: [
        { kind: 'parameter', type: 'ROSpecStartTrigger', repeat: '1' },
        { kind: 'parameter', type: 'ROSpecStopTrigger', repeat: '1' },
      ],
    },
    { // LLRP 1.0.1 §16.2.4.1.1.1
      name: 'ROSpecStartTrigger',
      typeNum: 179,
      spec: '16.2.4.1.1.1',
      fields: [
        { name: 'ROSpecStartTriggerType', type: 'u8', enumeration: 'ROSpecStartTriggerType' },
      ],
      slots: [
        { kind: 'parameter', type: 'PeriodicTriggerValue', repeat: '0-1' },
        { kind: 'parameter', type: 'GPITriggerValue', repeat: '0-1' },
      ],
    },
    { // LLRP 1.0.1 §16.2.4.1.1.1.1
      name: 'PeriodicTriggerValue',
      typeNum: 180,
      spec: '16.2.4.1.1.1.1',
      fields: [
        { name: 'Offset', type: 'u32' },
        { name: 'Period', type: 'u32' },
      ],
      slots: [
        { kind: 'parameter', type: 'UTCTimestamp', repeat: '0-1' },
      ],
    },
    { // LLRP 1.0.1 §16.2.4.1.1.1.2
      name: 'GPITriggerValue',
      typeNum: 181,
      spec: '16.2.4.1.1.1.2',
      fields: [
        { name: 'GPIPortNum', type: 'u16' },
        { name: 'GPIEvent', type: 'u1' },
        { reserved: 7 },
        { name: 'Timeout', type: 'u32' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.4.1.1.2
      name: 'ROSpecStopTrigger',
      typeNum: 182,
      spec: '16.2.4.1.1.2',
      fields: [
        { name: 'ROSpecStopTriggerType', type: 'u8', enumeration: 'ROSpecStopTriggerType' },
        { name: 'DurationTriggerValue', type: 'u32' },
      ],
      slots: [
        { kind: 'parameter', type: 'GPITriggerValue', repeat: '0-1' },
      ],
    },
    { // LLRP 1.0.1 §16.2.4.2
      name: 'AISpec',
      typeNum: 183,
      spec: '16.2.4.2',
      fields: [
        { name: 'AntennaIDs', type: 'u16v' },
      ],
      slots: [
        { kind: 'parameter', type: 'AISpecStopTrigger', repeat: '1' },
        { kind: 'parameter', type: 'InventoryParameterSpec', repeat: '1-N' },
        { kind: 'parameter', type: 'Custom', repeat: '0-N' },
      ],
    },
    { // LLRP 1.0.1 §16.2.4.2.1
      name: 'AISpecStopTrigger',
      typeNum: 184,
      spec: '16.2.4.2.1',
      fields: [
        { name: 'AISpecStopTriggerType', type: 'u8', enumeration: 'AISpecStopTriggerType' },
        { name: 'DurationTrigger', type: 'u32' },
      ],
      slots: [
        { kind: 'parameter', type: 'GPITriggerValue', repeat: '0-1' },
        { kind: 'parameter', type: 'TagObservationTrigger', repeat: '0-1' },
      ],
    },
    { // LLRP 1.0.1 §16.2.4.2.1.1
      name: 'TagObservationTrigger',
      typeNum: 185,
      spec: '16.2.4.2.1.1',
      fields: [
        { name: 'TriggerType', type: 'u8', enumeration: 'TagObservationTriggerType' },
        { reserved: 8 },
        { name: 'NumberOfTags', type: 'u16' },
        { name: 'NumberOfAttempts', type: 'u16' },
        { name: 'T', type: 'u16' },
        { name: 'Timeout', type: 'u32' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.4.2.2
      name: 'InventoryParameterSpec',
      typeNum: 186,
      spec: '16.2.4.2.2',
      fields: [
        { name: 'InventoryParameterSpecID', type: 'u16' },
        { name: 'ProtocolID', type: 'u8', enumeration: 'AirProtocols' },
      ],
      slots: [
        { kind: 'parameter', type: 'AntennaConfiguration', repeat: '0-N' },
        { kind: 'parameter', type: 'Custom', repeat: '0-N' },
      ],
    },
    { // LLRP 1.0.1 §16.2.4.3
      name: 'RFSurveySpec',
      typeNum: 187,
      spec: '16.2.4.3',
      fields: [
        { name: 'AntennaID', type: 'u16' },
        { name: 'StartFrequency', type: 'u32' },
        { name: 'EndFrequency', type: 'u32' },
      ],
      slots: [
        { kind: 'parameter', type: 'RFSurveySpecStopTrigger', repeat: '1' },
        { kind: 'parameter', type: 'Custom', repeat: '0-N' },
      ],
    },
    { // LLRP 1.0.1 §16.2.4.3.1
      name: 'RFSurveySpecStopTrigger',
      typeNum: 188,
      spec: '16.2.4.3.1',
      fields: [
        { name: 'StopTriggerType', type: 'u8', enumeration: 'RFSurveySpecStopTriggerType' },
        { name: 'DurationPeriod', type: 'u32' },
        { name: 'N', type: 'u32' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.5.1
      name: 'AccessSpec',
      typeNum: 207,
      spec: '16.2.5.1',
      fields: [
        { name: 'AccessSpecID', type: 'u32' },
        { name: 'AntennaID', type: 'u16' },
        { name: 'ProtocolID', type: 'u8', enumeration: 'AirProtocols' },
        { name: 'CurrentState', type: 'u1', enumeration: 'AccessSpecState' },
        { reserved: 7 },
        { name: 'ROSpecID', type: 'u32' },
      ],
      slots: [
        { kind: 'parameter', type: 'AccessSpecStopTrigger', repeat: '1' },
        { kind: 'parameter', type: 'AccessCommand', repeat: '1' },
        { kind: 'parameter', type: 'AccessReportSpec', repeat: '0-1' },
        { kind: 'parameter', type: 'Custom', repeat: '0-N' },
      ],
    },
    { // LLRP 1.0.1 §16.2.5.1.1
      name: 'AccessSpecStopTrigger',
      typeNum: 208,
      spec: '16.2.5.1.1',
      fields: [
        { name: 'AccessSpecStopTrigger', type: 'u8', enumeration: 'AccessSpecStopTriggerType' },
        { name: 'OperationCountValue', type: 'u16' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.5.1.2
      name: 'AccessCommand',
      typeNum: 209,
      spec: '16.2.5.1.2',
      fields: [],
      slots: [
        { kind: 'choice', type: 'AirProtocolTagSpec', repeat: '1' },
        { kind: 'choice', type: 'AccessCommandOpSpec', repeat: '1-N' },
        { kind: 'parameter', type: 'Custom', repeat: '0-N' },
      ],
    },
    { // LLRP 1.0.1 §16.2.6.1
      name: 'LLRPConfigurationStateValue',
      typeNum: 217,
      spec: '16.2.6.1',
      fields: [
        { name: 'LLRPConfigurationStateValue', type: 'u32' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.6.2
      name: 'Identification',
      typeNum: 218,
      spec: '16.2.6.2',
      fields: [
        { name: 'IDType', type: 'u8', enumeration: 'IdentificationType' },
        { name: 'ReaderID', type: 'u8v', format: 'Hex' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.6.3
      name: 'GPOWriteData',
      typeNum: 219,
      spec: '16.2.6.3',
      fields: [
        { name: 'GPOPortNumber', type: 'u16' },
        { name: 'GPOData', type: 'u1' },
        { reserved: 7 },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.6.4
      name: 'KeepaliveSpec',
      typeNum: 220,
      spec: '16.2.6.4',
      fields: [
        { name: 'KeepaliveTriggerType', type: 'u8', enumeration: 'KeepaliveTriggerType' },
        { name: 'PeriodicTriggerValue', type: 'u32' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.6.5
      name: 'AntennaProperties',
      typeNum: 221,
      spec: '16.2.6.5',
      fields: [
        { name: 'AntennaConnected', type: 'u1' },
        { reserved: 7 },
        { name: 'AntennaID', type: 'u16' },
        { name: 'AntennaGain', type: 's16' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.6.6
      name: 'AntennaConfiguration',
      typeNum: 222,
      spec: '16.2.6.6',
      fields: [
        { name: 'AntennaID', type: 'u16' },
      ],
      slots: [
        { kind: 'parameter', type: 'RFReceiver', repeat: '0-1' },
        { kind: 'parameter', type: 'RFTransmitter', repeat: '0-1' },
        { kind: 'choice', type: 'AirProtocolInventoryCommandSettings', repeat: '0-N' },
      ],
    },
    { // LLRP 1.0.1 §16.2.6.7
      name: 'RFReceiver',
      typeNum: 223,
      spec: '16.2.6.7',
      fields: [
        { name: 'ReceiverSensitivity', type: 'u16' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.6.8
      name: 'RFTransmitter',
      typeNum: 224,
      spec: '16.2.6.8',
      fields: [
        { name: 'HopTableID', type: 'u16' },
        { name: 'ChannelIndex', type: 'u16' },
        { name: 'TransmitPower', type: 'u16' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.6.9
      name: 'GPIPortCurrentState',
      typeNum: 225,
      spec: '16.2.6.9',
      fields: [
        { name: 'GPIPortNum', type: 'u16' },
        { name: 'Config', type: 'u1' },
        { reserved: 7 },
        { name: 'State', type: 'u8', enumeration: 'GPIPortState' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.6.10
      name: 'EventsAndReports',
      typeNum: 226,
      spec: '16.2.6.10',
      fields: [
        { name: 'HoldEventsAndReportsUponReconnect', type: 'u1' },
        { reserved: 7 },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.7.1
      name: 'ROReportSpec',
      typeNum: 237,
      spec: '16.2.7.1',
      fields: [
        { name: 'ROReportTrigger', type: 'u8', enumeration: 'ROReportTriggerType' },
        { name: 'N', type: 'u16' },
      ],
      slots: [
        { kind: 'parameter', type: 'TagReportContentSelector', repeat: '1' },
        { kind: 'parameter', type: 'Custom', repeat: '0-N' },
      ],
    },
    { // LLRP 1.0.1 §16.2.7.1.1
      name: 'TagReportContentSelector',
      typeNum: 238,
      spec: '16.2.7.1.1',
      fields: [
        { name: 'EnableROSpecID', type: 'u1' },
        { name: 'EnableSpecIndex', type: 'u1' },
        { name: 'EnableInventoryParameterSpecID', type: 'u1' },
        { name: 'EnableAntennaID', type: 'u1' },
        { name: 'EnableChannelIndex', type: 'u1' },
        { name: 'EnablePeakRSSI', type: 'u1' },
        { name: 'EnableFirstSeenTimestamp', type: 'u1' },
        { name: 'EnableLastSeenTimestamp', type: 'u1' },
        { name: 'EnableTagSeenCount', type: 'u1' },
        { name: 'EnableAccessSpecID', type: 'u1' },
        { reserved: 6 },
      ],
      slots: [
        { kind: 'choice', type: 'AirProtocolEPCMemorySelector', repeat: '0-N' },
      ],
    },
    { // LLRP 1.0.1 §16.2.7.2
      name: 'AccessReportSpec',
      typeNum: 239,
      spec: '16.2.7.2',
      fields: [
        { name: 'AccessReportTrigger', type: 'u8', enumeration: 'AccessReportTriggerType' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.7.3
      name: 'TagReportData',
      typeNum: 240,
      spec: '16.2.7.3',
      fields: [],
      slots: [
        { kind: 'choice', type: 'EPCParameter', repeat: '1' },
        { kind: 'parameter', type: 'ROSpecID', repeat: '0-1' },
        { kind: 'parameter', type: 'SpecIndex', repeat: '0-1' },
        { kind: 'parameter', type: 'InventoryParameterSpecID', repeat: '0-1' },
        { kind: 'parameter', type: 'AntennaID', repeat: '0-1' },
        { kind: 'parameter', type: 'PeakRSSI', repeat: '0-1' },
        { kind: 'parameter', type: 'ChannelIndex', repeat: '0-1' },
        { kind: 'parameter', type: 'FirstSeenTimestampUTC', repeat: '0-1' },
        { kind: 'parameter', type: 'FirstSeenTimestampUptime', repeat: '0-1' },
        { kind: 'parameter', type: 'LastSeenTimestampUTC', repeat: '0-1' },
        { kind: 'parameter', type: 'LastSeenTimestampUptime', repeat: '0-1' },
        { kind: 'parameter', type: 'TagSeenCount', repeat: '0-1' },
        { kind: 'choice', type: 'AirProtocolTagData', repeat: '0-N' },
        { kind: 'parameter', type: 'AccessSpecID', repeat: '0-1' },
        { kind: 'choice', type: 'AccessCommandOpSpecResult', repeat: '0-N' },
        { kind: 'parameter', type: 'Custom', repeat: '0-N' },
      ],
    },
    { // LLRP 1.0.1 §16.2.7.3.1
      name: 'EPCData',
      typeNum: 241,
      spec: '16.2.7.3.1',
      fields: [
        { name: 'EPC', type: 'u1v', format: 'Hex' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.7.3.2
      name: 'EPC_96',
      typeNum: 13,
      spec: '16.2.7.3.2',
      fields: [
        { name: 'EPC', type: 'u96', format: 'Hex' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.7.3.3
      name: 'ROSpecID',
      typeNum: 9,
      spec: '16.2.7.3.3',
      fields: [
        { name: 'ROSpecID', type: 'u32' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.7.3.4
      name: 'SpecIndex',
      typeNum: 14,
      spec: '16.2.7.3.4',
      fields: [
        { name: 'SpecIndex', type: 'u16' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.7.3.5
      name: 'InventoryParameterSpecID',
      typeNum: 10,
      spec: '16.2.7.3.5',
      fields: [
        { name: 'InventoryParameterSpecID', type: 'u16' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.7.3.6
      name: 'AntennaID',
      typeNum: 1,
      spec: '16.2.7.3.6',
      fields: [
        { name: 'AntennaID', type: 'u16' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.7.3.7
      name: 'PeakRSSI',
      typeNum: 6,
      spec: '16.2.7.3.7',
      fields: [
        { name: 'PeakRSSI', type: 's8' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.7.3.8
      name: 'ChannelIndex',
      typeNum: 7,
      spec: '16.2.7.3.8',
      fields: [
        { name: 'ChannelIndex', type: 'u16' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.7.3.9
      name: 'FirstSeenTimestampUTC',
      typeNum: 2,
      spec: '16.2.7.3.9',
      fields: [
        { name: 'Microseconds', type: 'u64', format: 'Datetime' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.7.3.10
      name: 'FirstSeenTimestampUptime',
      typeNum: 3,
      spec: '16.2.7.3.10',
      fields: [
        { name: 'Microseconds', type: 'u64' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.7.3.11
      name: 'LastSeenTimestampUTC',
      typeNum: 4,
      spec: '16.2.7.3.11',
      fields: [
        { name: 'Microseconds', type: 'u64', format: 'Datetime' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.7.3.12
      name: 'LastSeenTimestampUptime',
      typeNum: 5,
      spec: '16.2.7.3.12',
      fields: [
        { name: 'Microseconds', type: 'u64' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.7.3.13
      name: 'TagSeenCount',
      typeNum: 8,
      spec: '16.2.7.3.13',
      fields: [
        { name: 'TagCount', type: 'u16' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.7.3.15
      name: 'AccessSpecID',
      typeNum: 16,
      spec: '16.2.7.3.15',
      fields: [
        { name: 'AccessSpecID', type: 'u32' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.7.4
      name: 'RFSurveyReportData',
      typeNum: 242,
      spec: '16.2.7.4',
      fields: [],
      slots: [
        { kind: 'parameter', type: 'ROSpecID', repeat: '0-1' },
        { kind: 'parameter', type: 'SpecIndex', repeat: '0-1' },
        { kind: 'parameter', type: 'FrequencyRSSILevelEntry', repeat: '1-N' },
        { kind: 'parameter', type: 'Custom', repeat: '0-N' },
      ],
    },
    { // LLRP 1.0.1 §16.2.7.4.1
      name: 'FrequencyRSSILevelEntry',
      typeNum: 243,
      spec: '16.2.7.4.1',
      fields: [
        { name: 'Frequency', type: 'u32' },
        { name: 'Bandwidth', type: 'u32' },
        { name: 'AverageRSSI', type: 's8' },
        { name: 'PeakRSSI', type: 's8' },
      ],
      slots: [
        { kind: 'choice', type: 'Timestamp', repeat: '1' },
      ],
    },
    { // LLRP 1.0.1 §16.2.7.5
      name: 'ReaderEventNotificationSpec',
      typeNum: 244,
      spec: '16.2.7.5',
      fields: [],
      slots: [
        { kind: 'parameter', type: 'EventNotificationState', repeat: '1-N' },
      ],
    },
    { // LLRP 1.0.1 §16.2.7.5.1
      name: 'EventNotificationState',
      typeNum: 245,
      spec: '16.2.7.5.1',
      fields: [
        { name: 'EventType', type: 'u16', enumeration: 'NotificationEventType' },
        { name: 'NotificationState', type: 'u1' },
        { reserved: 7 },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.7.6
      name: 'ReaderEventNotificationData',
      typeNum: 246,
      spec: '16.2.7.6',
      fields: [],
      slots: [
        { kind: 'choice', type: 'Timestamp', repeat: '1' },
        { kind: 'parameter', type: 'HoppingEvent', repeat: '0-1' },
        { kind: 'parameter', type: 'GPIEvent', repeat: '0-1' },
        { kind: 'parameter', type: 'ROSpecEvent', repeat: '0-1' },
        { kind: 'parameter', type: 'ReportBufferLevelWarningEvent', repeat: '0-1' },
        { kind: 'parameter', type: 'ReportBufferOverflowErrorEvent', repeat: '0-1' },
        { kind: 'parameter', type: 'ReaderExceptionEvent', repeat: '0-1' },
        { kind: 'parameter', type: 'RFSurveyEvent', repeat: '0-1' },
        { kind: 'parameter', type: 'AISpecEvent', repeat: '0-1' },
        { kind: 'parameter', type: 'AntennaEvent', repeat: '0-1' },
        { kind: 'parameter', type: 'ConnectionAttemptEvent', repeat: '0-1' },
        { kind: 'parameter', type: 'ConnectionCloseEvent', repeat: '0-1' },
        { kind: 'parameter', type: 'Custom', repeat: '0-N' },
      ],
    },
    { // LLRP 1.0.1 §16.2.7.6.1
      name: 'HoppingEvent',
      typeNum: 247,
      spec: '16.2.7.6.1',
      fields: [
        { name: 'HopTableID', type: 'u16' },
        { name: 'NextChannelIndex', type: 'u16' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.7.6.2
      name: 'GPIEvent',
      typeNum: 248,
      spec: '16.2.7.6.2',
      fields: [
        { name: 'GPIPortNumber', type: 'u16' },
        { name: 'GPIEvent', type: 'u1' },
        { reserved: 7 },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.7.6.3
      name: 'ROSpecEvent',
      typeNum: 249,
      spec: '16.2.7.6.3',
      fields: [
        { name: 'EventType', type: 'u8', enumeration: 'ROSpecEventType' },
        { name: 'ROSpecID', type: 'u32' },
        { name: 'PreemptingROSpecID', type: 'u32' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.7.6.4
      name: 'ReportBufferLevelWarningEvent',
      typeNum: 250,
      spec: '16.2.7.6.4',
      fields: [
        { name: 'ReportBufferPercentageFull', type: 'u8' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.7.6.5
      name: 'ReportBufferOverflowErrorEvent',
      typeNum: 251,
      spec: '16.2.7.6.5',
      fields: [],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.7.6.6
      name: 'ReaderExceptionEvent',
      typeNum: 252,
      spec: '16.2.7.6.6',
      fields: [
        { name: 'Message', type: 'utf8v', format: 'UTF8' },
      ],
      slots: [
        { kind: 'parameter', type: 'ROSpecID', repeat: '0-1' },
        { kind: 'parameter', type: 'SpecIndex', repeat: '0-1' },
        { kind: 'parameter', type: 'InventoryParameterSpecID', repeat: '0-1' },
        { kind: 'parameter', type: 'AntennaID', repeat: '0-1' },
        { kind: 'parameter', type: 'AccessSpecID', repeat: '0-1' },
        { kind: 'parameter', type: 'OpSpecID', repeat: '0-1' },
        { kind: 'parameter', type: 'Custom', repeat: '0-N' },
      ],
    },
    { // LLRP 1.0.1 §16.2.7.6.6.1
      name: 'OpSpecID',
      typeNum: 17,
      spec: '16.2.7.6.6.1',
      fields: [
        { name: 'OpSpecID', type: 'u16' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.7.6.7
      name: 'RFSurveyEvent',
      typeNum: 253,
      spec: '16.2.7.6.7',
      fields: [
        { name: 'EventType', type: 'u8', enumeration: 'RFSurveyEventType' },
        { name: 'ROSpecID', type: 'u32' },
        { name: 'SpecIndex', type: 'u16' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.7.6.8
      name: 'AISpecEvent',
      typeNum: 254,
      spec: '16.2.7.6.8',
      fields: [
        { name: 'EventType', type: 'u8', enumeration: 'AISpecEventType' },
        { name: 'ROSpecID', type: 'u32' },
        { name: 'SpecIndex', type: 'u16' },
      ],
      slots: [
        { kind: 'choice', type: 'AirProtocolSingulationDetails', repeat: '0-1' },
      ],
    },
    { // LLRP 1.0.1 §16.2.7.6.9
      name: 'AntennaEvent',
      typeNum: 255,
      spec: '16.2.7.6.9',
      fields: [
        { name: 'EventType', type: 'u8', enumeration: 'AntennaEventType' },
        { name: 'AntennaID', type: 'u16' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.7.6.10
      name: 'ConnectionAttemptEvent',
      typeNum: 256,
      spec: '16.2.7.6.10',
      fields: [
        { name: 'Status', type: 'u16', enumeration: 'ConnectionAttemptStatusType' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.7.6.11
      name: 'ConnectionCloseEvent',
      typeNum: 257,
      spec: '16.2.7.6.11',
      fields: [],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.8.1
      name: 'LLRPStatus',
      typeNum: 287,
      spec: '16.2.8.1',
      fields: [
        { name: 'StatusCode', type: 'u16', enumeration: 'StatusCode' },
        { name: 'ErrorDescription', type: 'utf8v', format: 'UTF8' },
      ],
      slots: [
        { kind: 'parameter', type: 'FieldError', repeat: '0-1' },
        { kind: 'parameter', type: 'ParameterError', repeat: '0-1' },
      ],
    },
    { // LLRP 1.0.1 §16.2.8.1.1
      name: 'FieldError',
      typeNum: 288,
      spec: '16.2.8.1.1',
      fields: [
        { name: 'FieldNum', type: 'u16' },
        { name: 'ErrorCode', type: 'u16', enumeration: 'StatusCode' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.2.8.1.2
      name: 'ParameterError',
      typeNum: 289,
      spec: '16.2.8.1.2',
      fields: [
        { name: 'ParameterType', type: 'u16' },
        { name: 'ErrorCode', type: 'u16', enumeration: 'StatusCode' },
      ],
      slots: [
        { kind: 'parameter', type: 'FieldError', repeat: '0-1' },
        { kind: 'parameter', type: 'ParameterError', repeat: '0-1' },
      ],
    },
    { // LLRP 1.0.1 §16.3.1.1.1
      name: 'C1G2LLRPCapabilities',
      typeNum: 327,
      spec: '16.3.1.1.1',
      fields: [
        { name: 'CanSupportBlockErase', type: 'u1' },
        { name: 'CanSupportBlockWrite', type: 'u1' },
        { reserved: 6 },
        { name: 'MaxNumSelectFiltersPerQuery', type: 'u16' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.3.1.1.2
      name: 'C1G2UHFRFModeTable',
      typeNum: 328,
      spec: '16.3.1.1.2',
      fields: [],
      slots: [
        { kind: 'parameter', type: 'C1G2UHFRFModeTableEntry', repeat: '1-N' },
      ],
    },
    { // LLRP 1.0.1 §16.3.1.1.2.1
      name: 'C1G2UHFRFModeTableEntry',
      typeNum: 329,
      spec: '16.3.1.1.2.1',
      fields: [
        { name: 'ModeIdentifier', type: 'u32' },
        { name: 'DRValue', type: 'u1', enumeration: 'C1G2DRValue' },
        { name: 'EPCHAGTCConformance', type: 'u1' },
        { reserved: 6 },
        { name: 'MValue', type: 'u8', enumeration: 'C1G2MValue' },
        { name: 'ForwardLinkModulation', type: 'u8', enumeration: 'C1G2ForwardLinkModulation' },
        { name: 'SpectralMaskIndicator', type: 'u8', enumeration: 'C1G2SpectralMaskIndicator' },
        { name: 'BDRValue', type: 'u32' },
        { name: 'PIEValue', type: 'u32' },
        { name: 'MinTariValue', type: 'u32' },
        { name: 'MaxTariValue', type: 'u32' },
        { name: 'StepTariValue', type: 'u32' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.3.1.2.1
      name: 'C1G2InventoryCommand',
      typeNum: 330,
      spec: '16.3.1.2.1',
      fields: [
        { name: 'TagInventoryStateAware', type: 'u1' },
        { reserved: 7 },
      ],
      slots: [
        { kind: 'parameter', type: 'C1G2Filter', repeat: '0-N' },
        { kind: 'parameter', type: 'C1G2RFControl', repeat: '0-1' },
        { kind: 'parameter', type: 'C1G2SingulationControl', repeat: '0-1' },
        { kind: 'parameter', type: 'Custom', repeat: '0-N' },
      ],
    },
    { // LLRP 1.0.1 §16.3.1.2.1.1
      name: 'C1G2Filter',
      typeNum: 331,
      spec: '16.3.1.2.1.1',
      fields: [
        { name: 'T', type: 'u2', enumeration: 'C1G2TruncateAction' },
        { reserved: 6 },
      ],
      slots: [
        { kind: 'parameter', type: 'C1G2TagInventoryMask', repeat: '1' },
        { kind: 'parameter', type: 'C1G2TagInventoryStateAwareFilterAction', repeat: '0-1' },
        { kind: 'parameter', type: 'C1G2TagInventoryStateUnawareFilterAction', repeat: '0-1' },
      ],
    },
    { // LLRP 1.0.1 §16.3.1.2.1.1.1
      name: 'C1G2TagInventoryMask',
      typeNum: 332,
      spec: '16.3.1.2.1.1.1',
      fields: [
        { name: 'MB', type: 'u2' },
        { reserved: 6 },
        { name: 'Pointer', type: 'u16' },
        { name: 'TagMask', type: 'u1v', format: 'Hex' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.3.1.2.1.1.2
      name: 'C1G2TagInventoryStateAwareFilterAction',
      typeNum: 333,
      spec: '16.3.1.2.1.1.2',
      fields: [
        { name: 'Target', type: 'u8', enumeration: 'C1G2StateAwareTarget' },
        { name: 'Action', type: 'u8', enumeration: 'C1G2StateAwareAction' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.3.1.2.1.1.3
      name: 'C1G2TagInventoryStateUnawareFilterAction',
      typeNum: 334,
      spec: '16.3.1.2.1.1.3',
      fields: [
        { name: 'Action', type: 'u8', enumeration: 'C1G2StateUnawareAction' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.3.1.2.1.2
      name: 'C1G2RFControl',
      typeNum: 335,
      spec: '16.3.1.2.1.2',
      fields: [
        { name: 'ModeIndex', type: 'u16' },
        { name: 'Tari', type: 'u16' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.3.1.2.1.3
      name: 'C1G2SingulationControl',
      typeNum: 336,
      spec: '16.3.1.2.1.3',
      fields: [
        { name: 'Session', type: 'u2' },
        { reserved: 6 },
        { name: 'TagPopulation', type: 'u16' },
        { name: 'TagTransitTime', type: 'u32' },
      ],
      slots: [
        { kind: 'parameter', type: 'C1G2TagInventoryStateAwareSingulationAction', repeat: '0-1' },
      ],
    },
    { // LLRP 1.0.1 §16.3.1.2.1.3.1
      name: 'C1G2TagInventoryStateAwareSingulationAction',
      typeNum: 337,
      spec: '16.3.1.2.1.3.1',
      fields: [
        { name: 'I', type: 'u1', enumeration: 'C1G2TagInventoryStateAwareI' },
        { name: 'S', type: 'u1', enumeration: 'C1G2TagInventoryStateAwareS' },
        { reserved: 6 },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.3.1.3.1
      name: 'C1G2TagSpec',
      typeNum: 338,
      spec: '16.3.1.3.1',
      fields: [],
      slots: [
        { kind: 'parameter', type: 'C1G2TargetTag', repeat: '1-N' },
      ],
    },
    { // LLRP 1.0.1 §16.3.1.3.1.1
      name: 'C1G2TargetTag',
      typeNum: 339,
      spec: '16.3.1.3.1.1',
      fields: [
        { name: 'MB', type: 'u2' },
        { name: 'Match', type: 'u1' },
        { reserved: 5 },
        { name: 'Pointer', type: 'u16' },
        { name: 'TagMask', type: 'u1v', format: 'Hex' },
        { name: 'TagData', type: 'u1v', format: 'Hex' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.3.1.3.2.1
      name: 'C1G2Read',
      typeNum: 341,
      spec: '16.3.1.3.2.1',
      fields: [
        { name: 'OpSpecID', type: 'u16' },
        { name: 'AccessPassword', type: 'u32' },
        { name: 'MB', type: 'u2' },
        { reserved: 6 },
        { name: 'WordPointer', type: 'u16' },
        { name: 'WordCount', type: 'u16' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.3.1.3.2.2
      name: 'C1G2Write',
      typeNum: 342,
      spec: '16.3.1.3.2.2',
      fields: [
        { name: 'OpSpecID', type: 'u16' },
        { name: 'AccessPassword', type: 'u32' },
        { name: 'MB', type: 'u2' },
        { reserved: 6 },
        { name: 'WordPointer', type: 'u16' },
        { name: 'WriteData', type: 'u16v', format: 'Hex' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.3.1.3.2.3
      name: 'C1G2Kill',
      typeNum: 343,
      spec: '16.3.1.3.2.3',
      fields: [
        { name: 'OpSpecID', type: 'u16' },
        { name: 'KillPassword', type: 'u32' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.3.1.3.2.4
      name: 'C1G2Lock',
      typeNum: 344,
      spec: '16.3.1.3.2.4',
      fields: [
        { name: 'OpSpecID', type: 'u16' },
        { name: 'AccessPassword', type: 'u32' },
      ],
      slots: [
        { kind: 'parameter', type: 'C1G2LockPayload', repeat: '1-N' },
      ],
    },
    { // LLRP 1.0.1 §16.3.1.3.2.4.1
      name: 'C1G2LockPayload',
      typeNum: 345,
      spec: '16.3.1.3.2.4.1',
      fields: [
        { name: 'Privilege', type: 'u8', enumeration: 'C1G2LockPrivilege' },
        { name: 'DataField', type: 'u8', enumeration: 'C1G2LockDataField' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.3.1.3.2.5
      name: 'C1G2BlockErase',
      typeNum: 346,
      spec: '16.3.1.3.2.5',
      fields: [
        { name: 'OpSpecID', type: 'u16' },
        { name: 'AccessPassword', type: 'u32' },
        { name: 'MB', type: 'u2' },
        { reserved: 6 },
        { name: 'WordPointer', type: 'u16' },
        { name: 'WordCount', type: 'u16' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.3.1.3.2.6
      name: 'C1G2BlockWrite',
      typeNum: 347,
      spec: '16.3.1.3.2.6',
      fields: [
        { name: 'OpSpecID', type: 'u16' },
        { name: 'AccessPassword', type: 'u32' },
        { name: 'MB', type: 'u2' },
        { reserved: 6 },
        { name: 'WordPointer', type: 'u16' },
        { name: 'WriteData', type: 'u16v', format: 'Hex' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.3.1.5.1
      name: 'C1G2EPCMemorySelector',
      typeNum: 348,
      spec: '16.3.1.5.1',
      fields: [
        { name: 'EnableCRC', type: 'u1' },
        { name: 'EnablePCBits', type: 'u1' },
        { reserved: 6 },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.3.1.5.2
      name: 'C1G2_PC',
      typeNum: 12,
      spec: '16.3.1.5.2',
      fields: [
        { name: 'PC_Bits', type: 'u16' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.3.1.5.3
      name: 'C1G2_CRC',
      typeNum: 11,
      spec: '16.3.1.5.3',
      fields: [
        { name: 'CRC', type: 'u16' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.3.1.5.4
      name: 'C1G2SingulationDetails',
      typeNum: 18,
      spec: '16.3.1.5.4',
      fields: [
        { name: 'NumCollisionSlots', type: 'u16' },
        { name: 'NumEmptySlots', type: 'u16' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.3.1.5.5.1
      name: 'C1G2ReadOpSpecResult',
      typeNum: 349,
      spec: '16.3.1.5.5.1',
      fields: [
        { name: 'Result', type: 'u8', enumeration: 'C1G2ReadResultType' },
        { name: 'OpSpecID', type: 'u16' },
        { name: 'ReadData', type: 'u16v', format: 'Hex' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.3.1.5.5.2
      name: 'C1G2WriteOpSpecResult',
      typeNum: 350,
      spec: '16.3.1.5.5.2',
      fields: [
        { name: 'Result', type: 'u8', enumeration: 'C1G2WriteResultType' },
        { name: 'OpSpecID', type: 'u16' },
        { name: 'NumWordsWritten', type: 'u16' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.3.1.5.5.3
      name: 'C1G2KillOpSpecResult',
      typeNum: 351,
      spec: '16.3.1.5.5.3',
      fields: [
        { name: 'Result', type: 'u8', enumeration: 'C1G2KillResultType' },
        { name: 'OpSpecID', type: 'u16' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.3.1.5.5.4
      name: 'C1G2LockOpSpecResult',
      typeNum: 352,
      spec: '16.3.1.5.5.4',
      fields: [
        { name: 'Result', type: 'u8', enumeration: 'C1G2LockResultType' },
        { name: 'OpSpecID', type: 'u16' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.3.1.5.5.5
      name: 'C1G2BlockEraseOpSpecResult',
      typeNum: 353,
      spec: '16.3.1.5.5.5',
      fields: [
        { name: 'Result', type: 'u8', enumeration: 'C1G2BlockEraseResultType' },
        { name: 'OpSpecID', type: 'u16' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.3.1.5.5.6
      name: 'C1G2BlockWriteOpSpecResult',
      typeNum: 354,
      spec: '16.3.1.5.5.6',
      fields: [
        { name: 'Result', type: 'u8', enumeration: 'C1G2BlockWriteResultType' },
        { name: 'OpSpecID', type: 'u16' },
        { name: 'NumWordsWritten', type: 'u16' },
      ],
      slots: [],
    },
  ],
  messages: [
    { // LLRP 1.0.1 §16.1.42
      name: 'CUSTOM_MESSAGE',
      typeNum: 1023,
      spec: '16.1.42',
      fields: [
        { name: 'VendorIdentifier', type: 'u32' },
        { name: 'MessageSubtype', type: 'u8' },
        { name: 'Data', type: 'bytesToEnd', format: 'Hex' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.1.1
      name: 'GET_READER_CAPABILITIES',
      typeNum: 1,
      responseType: 'GET_READER_CAPABILITIES_RESPONSE',
      spec: '16.1.1',
      fields: [
        { name: 'RequestedData', type: 'u8', enumeration: 'GetReaderCapabilitiesRequestedData' },
      ],
      slots: [
        { kind: 'parameter', type: 'Custom', repeat: '0-N' },
      ],
    },
    { // LLRP 1.0.1 §16.1.2
      name: 'GET_READER_CAPABILITIES_RESPONSE',
      typeNum: 11,
      spec: '16.1.2',
      fields: [],
      slots: [
        { kind: 'parameter', type: 'LLRPStatus', repeat: '1' },
        { kind: 'parameter', type: 'GeneralDeviceCapabilities', repeat: '0-1' },
        { kind: 'parameter', type: 'LLRPCapabilities', repeat: '0-1' },
        { kind: 'parameter', type: 'RegulatoryCapabilities', repeat: '0-1' },
        { kind: 'choice', type: 'AirProtocolLLRPCapabilities', repeat: '0-1' },
        { kind: 'parameter', type: 'Custom', repeat: '0-N' },
      ],
    },
    { // LLRP 1.0.1 §16.1.3
      name: 'ADD_ROSPEC',
      typeNum: 20,
      responseType: 'ADD_ROSPEC_RESPONSE',
      spec: '16.1.3',
      fields: [],
      slots: [
        { kind: 'parameter', type: 'ROSpec', repeat: '1' },
      ],
    },
    { // LLRP 1.0.1 §16.1.4
      name: 'ADD_ROSPEC_RESPONSE',
      typeNum: 30,
      spec: '16.1.4',
      fields: [],
      slots: [
        { kind: 'parameter', type: 'LLRPStatus', repeat: '1' },
      ],
    },
    { // LLRP 1.0.1 §16.1.5
      name: 'DELETE_ROSPEC',
      typeNum: 21,
      responseType: 'DELETE_ROSPEC_RESPONSE',
      spec: '16.1.5',
      fields: [
        { name: 'ROSpecID', type: 'u32' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.1.6
      name: 'DELETE_ROSPEC_RESPONSE',
      typeNum: 31,
      spec: '16.1.6',
      fields: [],
      slots: [
        { kind: 'parameter', type: 'LLRPStatus', repeat: '1' },
      ],
    },
    { // LLRP 1.0.1 §16.1.7
      name: 'START_ROSPEC',
      typeNum: 22,
      responseType: 'START_ROSPEC_RESPONSE',
      spec: '16.1.7',
      fields: [
        { name: 'ROSpecID', type: 'u32' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.1.8
      name: 'START_ROSPEC_RESPONSE',
      typeNum: 32,
      spec: '16.1.8',
      fields: [],
      slots: [
        { kind: 'parameter', type: 'LLRPStatus', repeat: '1' },
      ],
    },
    { // LLRP 1.0.1 §16.1.9
      name: 'STOP_ROSPEC',
      typeNum: 23,
      responseType: 'STOP_ROSPEC_RESPONSE',
      spec: '16.1.9',
      fields: [
        { name: 'ROSpecID', type: 'u32' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.1.10
      name: 'STOP_ROSPEC_RESPONSE',
      typeNum: 33,
      spec: '16.1.10',
      fields: [],
      slots: [
        { kind: 'parameter', type: 'LLRPStatus', repeat: '1' },
      ],
    },
    { // LLRP 1.0.1 §16.1.11
      name: 'ENABLE_ROSPEC',
      typeNum: 24,
      responseType: 'ENABLE_ROSPEC_RESPONSE',
      spec: '16.1.11',
      fields: [
        { name: 'ROSpecID', type: 'u32' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.1.12
      name: 'ENABLE_ROSPEC_RESPONSE',
      typeNum: 34,
      spec: '16.1.12',
      fields: [],
      slots: [
        { kind: 'parameter', type: 'LLRPStatus', repeat: '1' },
      ],
    },
    { // LLRP 1.0.1 §16.1.13
      name: 'DISABLE_ROSPEC',
      typeNum: 25,
      responseType: 'DISABLE_ROSPEC_RESPONSE',
      spec: '16.1.13',
      fields: [
        { name: 'ROSpecID', type: 'u32' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.1.14
      name: 'DISABLE_ROSPEC_RESPONSE',
      typeNum: 35,
      spec: '16.1.14',
      fields: [],
      slots: [
        { kind: 'parameter', type: 'LLRPStatus', repeat: '1' },
      ],
    },
    { // LLRP 1.0.1 §16.1.15
      name: 'GET_ROSPECS',
      typeNum: 26,
      responseType: 'GET_ROSPECS_RESPONSE',
      spec: '16.1.15',
      fields: [],
      slots: [],
    },
    { // LLRP 1.0.1 §16.1.16
      name: 'GET_ROSPECS_RESPONSE',
      typeNum: 36,
      spec: '16.1.16',
      fields: [],
      slots: [
        { kind: 'parameter', type: 'LLRPStatus', repeat: '1' },
        { kind: 'parameter', type: 'ROSpec', repeat: '0-N' },
      ],
    },
    { // LLRP 1.0.1 §16.1.17
      name: 'ADD_ACCESSSPEC',
      typeNum: 40,
      responseType: 'ADD_ACCESSSPEC_RESPONSE',
      spec: '16.1.17',
      fields: [],
      slots: [
        { kind: 'parameter', type: 'AccessSpec', repeat: '1' },
      ],
    },
    { // LLRP 1.0.1 §16.1.18
      name: 'ADD_ACCESSSPEC_RESPONSE',
      typeNum: 50,
      spec: '16.1.18',
      fields: [],
      slots: [
        { kind: 'parameter', type: 'LLRPStatus', repeat: '1' },
      ],
    },
    { // LLRP 1.0.1 §16.1.19
      name: 'DELETE_ACCESSSPEC',
      typeNum: 41,
      responseType: 'DELETE_ACCESSSPEC_RESPONSE',
      spec: '16.1.19',
      fields: [
        { name: 'AccessSpecID', type: 'u32' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.1.20
      name: 'DELETE_ACCESSSPEC_RESPONSE',
      typeNum: 51,
      spec: '16.1.20',
      fields: [],
      slots: [
        { kind: 'parameter', type: 'LLRPStatus', repeat: '1' },
      ],
    },
    { // LLRP 1.0.1 §16.1.21
      name: 'ENABLE_ACCESSSPEC',
      typeNum: 42,
      responseType: 'ENABLE_ACCESSSPEC_RESPONSE',
      spec: '16.1.21',
      fields: [
        { name: 'AccessSpecID', type: 'u32' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.1.22
      name: 'ENABLE_ACCESSSPEC_RESPONSE',
      typeNum: 52,
      spec: '16.1.22',
      fields: [],
      slots: [
        { kind: 'parameter', type: 'LLRPStatus', repeat: '1' },
      ],
    },
    { // LLRP 1.0.1 §16.1.23
      name: 'DISABLE_ACCESSSPEC',
      typeNum: 43,
      responseType: 'DISABLE_ACCESSSPEC_RESPONSE',
      spec: '16.1.23',
      fields: [
        { name: 'AccessSpecID', type: 'u32' },
      ],
      slots: [],
    },
    { // LLRP 1.0.1 §16.1.24
      name: 'DISABLE_ACCESSSPEC_RESPONSE',
      typeNum: 53,
      spec: '16.1.24',
      fields: [],
      slots: [
        { kind: 'parameter', type: 'LLRPStatus', repeat: '1' },
      ],
    },
    { // LLRP 1.0.1 §16.1.25
      name: 'GET_ACCESSSPECS',
      typeNum: 44,
      responseType: 'GET_ACCESSSPECS_RESPONSE',
      spec: '16.1.25',
      fields: [],
      slots: [],
    },
    { // LLRP 1.0.1 §16.1.26
      name: 'GET_ACCESSSPECS_RESPONSE',
      typeNum: 54,
      spec: '16.1.26',
      fields: [],
      slots: [
        { kind: 'parameter', type: 'LLRPStatus', repeat: '1' },
        { kind: 'parameter', type: 'AccessSpec', repeat: '0-N' },
      ],
    },
    { // LLRP 1.0.1 §16.1.36
      name: 'GET_READER_CONFIG',
      typeNum: 2,
      responseType: 'GET_READER_CONFIG_RESPONSE',
      spec: '16.1.36',
      fields: [
        { name: 'AntennaID', type: 'u16' },
        { name: 'RequestedData', type: 'u8', enumeration: 'GetReaderConfigRequestedData' },
        { name: 'GPIPortNum', type: 'u16' },
        { name: 'GPOPortNum', type: 'u16' },
      ],
      slots: [
        { kind: 'parameter', type: 'Custom', repeat: '0-N' },
      ],
    },
    { // LLRP 1.0.1 §16.1.37
      name: 'GET_READER_CONFIG_RESPONSE',
      typeNum: 12,
      spec: '16.1.37',
      fields: [],
      slots: [
        { kind: 'parameter', type: 'LLRPStatus', repeat: '1' },
        { kind: 'parameter', type: 'Identification', repeat: '0-1' },
        { kind: 'parameter', type: 'AntennaProperties', repeat: '0-N' },
        { kind: 'parameter', type: 'AntennaConfiguration', repeat: '0-N' },
        { kind: 'parameter', type: 'ReaderEventNotificationSpec', repeat: '0-1' },
        { kind: 'parameter', type: 'ROReportSpec', repeat: '0-1' },
        { kind: 'parameter', type: 'AccessReportSpec', repeat: '0-1' },
        { kind: 'parameter', type: 'LLRPConfigurationStateValue', repeat: '0-1' },
        { kind: 'parameter', type: 'KeepaliveSpec', repeat: '0-1' },
        { kind: 'parameter', type: 'GPIPortCurrentState', repeat: '0-N' },
        { kind: 'parameter', type: 'GPOWriteData', repeat: '0-N' },
        { kind: 'parameter', type: 'EventsAndReports', repeat: '0-1' },
        { kind: 'parameter', type: 'Custom', repeat: '0-N' },
      ],
    },
    { // LLRP 1.0.1 §16.1.38
      name: 'SET_READER_CONFIG',
      typeNum: 3,
      responseType: 'SET_READER_CONFIG_RESPONSE',
      spec: '16.1.38',
      fields: [
        { name: 'ResetToFactoryDefault', type: 'u1' },
        { reserved: 7 },
      ],
      slots: [
        { kind: 'parameter', type: 'ReaderEventNotificationSpec', repeat: '0-1' },
        { kind: 'parameter', type: 'AntennaProperties', repeat: '0-N' },
        { kind: 'parameter', type: 'AntennaConfiguration', repeat: '0-N' },
        { kind: 'parameter', type: 'ROReportSpec', repeat: '0-1' },
        { kind: 'parameter', type: 'AccessReportSpec', repeat: '0-1' },
        { kind: 'parameter', type: 'KeepaliveSpec', repeat: '0-1' },
        { kind: 'parameter', type: 'GPOWriteData', repeat: '0-N' },
        { kind: 'parameter', type: 'GPIPortCurrentState', repeat: '0-N' },
        { kind: 'parameter', type: 'EventsAndReports', repeat: '0-1' },
        { kind: 'parameter', type: 'Custom', repeat: '0-N' },
      ],
    },
    { // LLRP 1.0.1 §16.1.39
      name: 'SET_READER_CONFIG_RESPONSE',
      typeNum: 13,
      spec: '16.1.39',
      fields: [],
      slots: [
        { kind: 'parameter', type: 'LLRPStatus', repeat: '1' },
      ],
    },
    { // LLRP 1.0.1 §16.1.40
      name: 'CLOSE_CONNECTION',
      typeNum: 14,
      responseType: 'CLOSE_CONNECTION_RESPONSE',
      spec: '16.1.40',
      fields: [],
      slots: [],
    },
    { // LLRP 1.0.1 §16.1.41
      name: 'CLOSE_CONNECTION_RESPONSE',
      typeNum: 4,
      spec: '16.1.41',
      fields: [],
      slots: [
        { kind: 'parameter', type: 'LLRPStatus', repeat: '1' },
      ],
    },
    { // LLRP 1.0.1 §16.1.29
      name: 'GET_REPORT',
      typeNum: 60,
      spec: '16.1.29',
      fields: [],
      slots: [],
    },
    { // LLRP 1.0.1 §16.1.30
      name: 'RO_ACCESS_REPORT',
      typeNum: 61,
      spec: '16.1.30',
      fields: [],
      slots: [
        { kind: 'parameter', type: 'TagReportData', repeat: '0-N' },
        { kind: 'parameter', type: 'RFSurveyReportData', repeat: '0-N' },
        { kind: 'parameter', type: 'Custom', repeat: '0-N' },
      ],
    },
    { // LLRP 1.0.1 §16.1.31
      name: 'KEEPALIVE',
      typeNum: 62,
      spec: '16.1.31',
      fields: [],
      slots: [],
    },
    { // LLRP 1.0.1 §16.1.32
      name: 'KEEPALIVE_ACK',
      typeNum: 72,
      spec: '16.1.32',
      fields: [],
      slots: [],
    },
    { // LLRP 1.0.1 §16.1.33
      name: 'READER_EVENT_NOTIFICATION',
      typeNum: 63,
      spec: '16.1.33',
      fields: [],
      slots: [
        { kind: 'parameter', type: 'ReaderEventNotificationData', repeat: '1' },
      ],
    },
    { // LLRP 1.0.1 §16.1.34
      name: 'ENABLE_EVENTS_AND_REPORTS',
      typeNum: 64,
      spec: '16.1.34',
      fields: [],
      slots: [],
    },
    { // LLRP 1.0.1 §16.1.35
      name: 'ERROR_MESSAGE',
      typeNum: 100,
      spec: '16.1.35',
      fields: [],
      slots: [
        { kind: 'parameter', type: 'LLRPStatus', repeat: '1' },
      ],
    },
  ],
};
