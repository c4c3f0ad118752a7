/**
 * LLRP 1.1 version negotiation (LLRP 1.1 §17.1.2-17.1.5). Not in the 1.0.1 definition file.
 * A 1.0.1 reader answers GET_SUPPORTED_VERSION with an ERROR_MESSAGE (M_UnsupportedVersion or
 * M_UnsupportedMessage): the client then stays on version 1 (1.0.1).
 */
import type { DefsTable } from './defs-types.ts';

export const LLRP_1_1_DEFS: DefsTable = {
  enumerations: {},
  choices: {},
  parameters: [],
  messages: [
    { name: 'GET_SUPPORTED_VERSION', typeNum: 46, responseType: 'GET_SUPPORTED_VERSION_RESPONSE', fields: [], slots: [] },
    {
      name: 'GET_SUPPORTED_VERSION_RESPONSE',
      typeNum: 56,
      fields: [
        { name: 'CurrentVersion', type: 'u8' },
        { name: 'MaxSupportedVersion', type: 'u8' },
      ],
      slots: [{ kind: 'parameter', type: 'LLRPStatus', repeat: '1' }],
    },
    {
      name: 'SET_PROTOCOL_VERSION',
      typeNum: 47,
      responseType: 'SET_PROTOCOL_VERSION_RESPONSE',
      fields: [{ name: 'TargetVersion', type: 'u8' }],
      slots: [],
    },
    {
      name: 'SET_PROTOCOL_VERSION_RESPONSE',
      typeNum: 57,
      fields: [],
      slots: [{ kind: 'parameter', type: 'LLRPStatus', repeat: '1' }],
    },
  ],
};
