/**
 * The simulated scale's side of each protocol, using the drivers' own codecs so both sides
 * speak the same bytes: MT-SICS answers requests; Toledo continuous and CAS stream frames.
 */
import { LineFramer } from '../../drivers/serial/line-scanner.ts';
import { formatMtSicsWeight } from '../../drivers/serial/mt-sics.ts';
import { encodeToledoFrame } from '../../drivers/serial/toledo-continuous.ts';
import { encodeCasFrame } from '../../drivers/serial/cas.ts';
import type { ScaleModel } from './model.ts';

export const SCALE_SIM_PROTOCOLS = ['mt-sics', 'toledo', 'cas'] as const;
export type ScaleSimProtocol = (typeof SCALE_SIM_PROTOCOLS)[number];

export interface ScaleSimEndpoint {
  /** bytes from the driver; returns the reply bytes (if any) */
  receive(chunk: Uint8Array): Uint8Array[];
  /** for streaming protocols: the next frame to send; undefined for request/reply ones */
  frame?(): Uint8Array;
}

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

/** MT-SICS level 0/1: S, SI, T, Z, @ (MT-SICS reference §2); grams with one decimal. */
export function mtSicsEndpoint(model: ScaleModel): ScaleSimEndpoint {
  const framer = new LineFramer({ terminator: 'any', maxLength: 64 });
  const answer = (cmd: string): string => {
    const d = model.display();
    switch (cmd) {
      case 'S':
      case 'SI':
        if (d.kind === 'overload') return 'S +\r\n';
        if (d.kind === 'underload') return 'S -\r\n';
        if (cmd === 'S' && d.motion) return 'S I\r\n'; // no stable value in time
        return formatMtSicsWeight('S', d.motion ? 'D' : 'S', d.grams, 'g', 1);
      case 'T': {
        const o = model.tareNow();
        if (o === 'ok') return formatMtSicsWeight('T', 'S', model.tare, 'g', 1);
        return o === 'overload' ? 'T +\r\n' : o === 'underload' ? 'T -\r\n' : 'T I\r\n';
      }
      case 'Z': {
        const o = model.zeroNow();
        if (o === 'ok') return 'Z A\r\n';
        return o === 'out-of-range' || o === 'overload' ? 'Z +\r\n' : o === 'underload' ? 'Z -\r\n' : 'Z I\r\n';
      }
      case '@':
        return 'I4 A "SIM0000001"\r\n';
      default:
        return 'ES\r\n';
    }
  };
  return {
    receive(chunk) {
      const out: Uint8Array[] = [];
      for (const f of framer.push(chunk)) if (f.kind === 'line') out.push(ascii(answer(f.text.trim())));
      return out;
    },
  };
}

/**
 * Toledo continuous, kg with three decimals (SWA dp code 5, increment x1): raw = grams.
 * Accepts the CTPZ remote characters T and Z.
 */
export function toledoEndpoint(model: ScaleModel): ScaleSimEndpoint {
  return {
    receive(chunk) {
      for (const b of chunk) {
        if (b === 0x54) model.tareNow();
        else if (b === 0x5a) model.zeroNow();
      }
      return [];
    },
    frame() {
      const d = model.display();
      const swa = 0x20 | 0x08 | 5;
      let swb = 0x20 | 0x10;
      let weight = 0;
      let tare = 0;
      if (d.kind === 'overload') swb |= 0x04;
      else if (d.kind === 'underload') swb |= 0x04 | 0x02;
      else {
        weight = Math.abs(Math.round(d.grams));
        tare = Math.round(d.tareGrams);
        if (d.grams < 0) swb |= 0x02;
        if (d.motion) swb |= 0x08;
        if (tare !== 0) swb |= 0x01;
      }
      return encodeToledoFrame({ swa, swb, swc: 0x20, weight, tare });
    },
  };
}

/** CAS 22-byte frames in kg with three decimals. No remote commands. */
export function casEndpoint(model: ScaleModel): ScaleSimEndpoint {
  return {
    receive() {
      return [];
    },
    frame() {
      const d = model.display();
      if (d.kind === 'overload') return encodeCasFrame({ state: 'OL', mode: 'GS', value: 0, decimals: 3, unit: 'kg' });
      // CAS has no underload header: the indicator streams a value below zero.
      if (d.kind === 'underload') return encodeCasFrame({ state: 'ST', mode: 'GS', lamps: { stable: true, gross: true }, value: -1, decimals: 3, unit: 'kg' });
      const net = d.tareGrams !== 0;
      return encodeCasFrame({
        state: d.motion ? 'US' : 'ST',
        mode: net ? 'NT' : 'GS',
        lamps: { stable: !d.motion, gross: !net, tare: net, zero: d.grams === 0 },
        value: Math.round(d.grams) / 1000,
        decimals: 3,
        unit: 'kg',
      });
    },
  };
}

export function endpointFor(protocol: ScaleSimProtocol, model: ScaleModel): ScaleSimEndpoint {
  return protocol === 'mt-sics' ? mtSicsEndpoint(model) : protocol === 'toledo' ? toledoEndpoint(model) : casEndpoint(model);
}
