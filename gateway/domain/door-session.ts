/**
 * Door sessions, pure: a door opened for an outbound shipment (one or more orders) or an
 * inbound ASN; each transit through it is judged against the manifest; closing gives one
 * reconciliation line per manifest line and the totals of what did not belong.
 *
 * Items are matched by SKU (the service decodes the EPC and looks its GTIN up). A tag
 * counts once per session however often it crosses (a re-crossing is recorded, not
 * counted again).
 */
import type { Direction } from './portal-transit.ts';

export type SessionKind = 'outbound' | 'inbound';

export interface ManifestLine {
  /** The order line or ASN line this reconciles */
  lineId: string;
  sku: string;
  expected: number;
}

export interface DoorSession {
  id: string;
  door: string;
  kind: SessionKind;
  /** The orders or the ASN this session is for */
  refs: string[];
  lines: ManifestLine[];
}

/** What the service knows of a tag that crossed. */
export interface SeenItem {
  epc: string;
  direction: Direction;
  /** From the EPC's GTIN; undefined when the EPC does not decode or no product has its GTIN */
  sku: string | undefined;
  /** Another open session (at another door) whose manifest has this SKU */
  otherSession?: string | undefined;
}

export type Verdict =
  | { verdict: 'counted'; lineId: string }
  | { verdict: 'already-counted'; lineId: string }
  | { verdict: 'extra'; sku: string; lineId?: string }
  | { verdict: 'foreign'; sku: string; session: string }
  | { verdict: 'unknown' }
  | { verdict: 'wrong-direction'; expected: Direction; got: Direction };

export interface SessionTally {
  /** epc -> the line it counted on */
  counted: Map<string, string>;
  perLine: Map<string, number>;
  extra: Map<string, Set<string>>;
  foreign: Set<string>;
  unknown: Set<string>;
  wrongDirection: Set<string>;
}

export function newTally(): SessionTally {
  return { counted: new Map(), perLine: new Map(), extra: new Map(), foreign: new Set(), unknown: new Set(), wrongDirection: new Set() };
}

const expectedDirection = (kind: SessionKind): Direction => (kind === 'outbound' ? 'outbound' : 'inbound');

/** Judge one crossing and update the tally. Exceptions are the verdicts other than 'counted' and 'already-counted'. */
export function judgeCrossing(session: DoorSession, tally: SessionTally, item: SeenItem): Verdict {
  const epc = item.epc.toLowerCase();
  const already = tally.counted.get(epc);
  if (already !== undefined) return { verdict: 'already-counted', lineId: already };
  const want = expectedDirection(session.kind);
  if (item.direction !== 'unknown' && item.direction !== want) {
    tally.wrongDirection.add(epc);
    return { verdict: 'wrong-direction', expected: want, got: item.direction };
  }
  if (item.sku === undefined) {
    tally.unknown.add(epc);
    return { verdict: 'unknown' };
  }
  // The first line of this SKU that still needs items takes it.
  const lines = session.lines.filter((l) => l.sku === item.sku);
  const open = lines.find((l) => (tally.perLine.get(l.lineId) ?? 0) < l.expected);
  if (open) {
    tally.counted.set(epc, open.lineId);
    tally.perLine.set(open.lineId, (tally.perLine.get(open.lineId) ?? 0) + 1);
    return { verdict: 'counted', lineId: open.lineId };
  }
  if (lines.length === 0 && item.otherSession !== undefined) {
    tally.foreign.add(epc);
    return { verdict: 'foreign', sku: item.sku, session: item.otherSession };
  }
  let set = tally.extra.get(item.sku);
  if (!set) tally.extra.set(item.sku, (set = new Set()));
  set.add(epc);
  return lines[0] ? { verdict: 'extra', sku: item.sku, lineId: lines[0].lineId } : { verdict: 'extra', sku: item.sku };
}

export interface ReconciliationLine {
  lineId: string;
  sku: string;
  expected: number;
  seen: number;
  missing: number;
  /** Items of this SKU beyond the expected quantity */
  extra: number;
}

export interface Reconciliation {
  session: string;
  door: string;
  kind: SessionKind;
  refs: string[];
  lines: ReconciliationLine[];
  /** SKUs that crossed but are on no line of this session */
  unexpected: { sku: string; count: number }[];
  foreign: number;
  unknown: number;
  wrongDirection: number;
  complete: boolean;
}

export function reconcile(session: DoorSession, tally: SessionTally): Reconciliation {
  const extraLeft = new Map([...tally.extra].map(([sku, set]) => [sku, set.size]));
  const lines = session.lines.map((l) => {
    const seen = tally.perLine.get(l.lineId) ?? 0;
    // Extras of a SKU are reported on its last line.
    const isLast = session.lines.filter((x) => x.sku === l.sku).at(-1) === l;
    const extra = isLast ? (extraLeft.get(l.sku) ?? 0) : 0;
    if (isLast) extraLeft.delete(l.sku);
    return { lineId: l.lineId, sku: l.sku, expected: l.expected, seen, missing: Math.max(0, l.expected - seen), extra };
  });
  const unexpected = [...extraLeft].map(([sku, count]) => ({ sku, count })).sort((a, b) => (a.sku < b.sku ? -1 : 1));
  return {
    session: session.id,
    door: session.door,
    kind: session.kind,
    refs: session.refs,
    lines,
    unexpected,
    foreign: tally.foreign.size,
    unknown: tally.unknown.size,
    wrongDirection: tally.wrongDirection.size,
    complete: lines.every((l) => l.missing === 0),
  };
}
