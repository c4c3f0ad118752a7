/**
 * Plain-object shape of decoded LLRP messages and parameters.
 *
 * - Fields by their definition name. u1 is a boolean, other integers are numbers, u64 is a
 *   bigint (a decimal string is accepted by the encoder and used in JSON), enumerated fields
 *   are the entry name (the number when the value is not in the enumeration).
 * - u96, u8v, u16v with format Hex, u1v and bytesToEnd are lowercase hex strings; u1v whose bit
 *   count is not a whole number of bytes adds a sibling `<Field>BitCount`. Other u16v / u32v,
 *   and u8v of an enumeration, are arrays.
 * - Sub-parameters by the slot's name: the parameter name, or the choice name for a choice
 *   (e.g. TagReportData.EPCParameter). Repeating slots (0-N, 1-N) are arrays, absent when empty;
 *   single slots are an object, absent when missing. Every parameter object carries `type`.
 * - Custom parameters (type 1023) of a known vendor extension carry that extension's name
 *   (e.g. 'ImpinjPeakRSSI'); others are { type: 'Custom', VendorIdentifier, ParameterSubtype,
 *   Data }. An unknown TLV type at an extension point is { type: 'UnknownParameter', typeNum, Data }.
 */
export interface LlrpParameter {
  type: string;
  [key: string]: unknown;
}

export interface LlrpMessage {
  /** Message name, e.g. 'RO_ACCESS_REPORT', 'IMPINJ_ENABLE_EXTENSIONS', 'UNKNOWN_MESSAGE'. */
  type: string;
  typeNum: number;
  /** Message ID (u32); a response carries the ID of its request. LLRP 1.0.1 §4.1. */
  id: number;
  /** Protocol version in the header: 1 = LLRP 1.0.1, 2 = LLRP 1.1. */
  version: number;
  [key: string]: unknown;
}

export interface LlrpWarning {
  readonly code: 'LLRP_UNKNOWN_MESSAGE';
  readonly message: string;
  readonly typeNum: number;
  readonly id: number;
}

export interface DecodeOptions {
  /** Called for what is decoded but worth reporting (an unknown message type). */
  readonly onWarning?: (warning: LlrpWarning) => void;
}
