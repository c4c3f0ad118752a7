/**
 * One scan as it goes on the bus (wh/{site}/scan/{id}; the host adds v, device, at): the raw
 * data, the symbology, and the GS1 / EAN reading. A malformed code is a scan with `ok: false`
 * and its errors, never a dropped scan or a throw.
 */
import { parseScan, type Gs1ParseOptions } from './gs1.ts';

export interface ScanPayloadOptions {
  /** substitutes a wedge scanner types for GS, e.g. ['~'] */
  separators?: readonly string[];
  today?: Date | string;
}

export function scanPayload(raw: string, options: ScanPayloadOptions = {}): Record<string, unknown> {
  const parseOptions: Gs1ParseOptions = {
    ...(options.separators && options.separators.length > 0 ? { separators: options.separators } : {}),
    ...(options.today !== undefined ? { today: options.today } : {}),
  };
  const r = parseScan(raw, parseOptions);
  const { data, symbology, elements, errors, warnings, ok, kind, ...fields } = r;
  return {
    raw,
    code: data,
    ...(symbology ? { symbology: symbology.id, symbologyName: symbology.name } : {}),
    kind,
    ok,
    ...fields,
    ...(elements.length > 0 ? { elements: elements.map((e) => ({ ai: e.ai, title: e.title, value: e.value, ...(e.unit !== undefined ? { unit: e.unit } : {}) })) } : {}),
    ...(errors.length > 0 ? { errors } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}
