/**
 * Routes of the dock-door portals: door sessions (open for outbound orders or an inbound
 * ASN, the current one with its tally and exceptions, close with reconciliation) and the
 * trail of one item (its transits, the movements that name it, and whether the ERP
 * acknowledged each event).
 */
import { parseWith, jsonBody } from './request.ts';
import type { Context } from 'hono';
import { z } from 'zod';
import type { Store } from '../store/store.ts';
import { MAX_SESSION_REFS, type DoorSessions } from '../services/door-sessions.ts';
import { ApiError } from './errors.ts';
import type { OpenTrack } from '../domain/portal-transit.ts';
import type { ApiEnv } from './env.ts';
import type { RouteFn } from './cloud.routes.ts';

const OpenBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('outbound'), orders: z.array(z.string().min(1).max(64)).min(1).max(200).describe('The orders loaded through this door (one shipment)') }),
  z.strictObject({
    kind: z.literal('inbound'),
    asn: z.string().min(1).max(64).optional().describe('The ASN received through this door (give asn, asns, or both)'),
    asns: z.array(z.string().min(1).max(64)).min(1).max(MAX_SESSION_REFS).optional().describe('Several ASNs received through this door in one session'),
  }),
]);



export function registerPortalRoutes(route: RouteFn, store: Store, sessions: DoorSessions | undefined, portal?: { tracksAt(door: string): OpenTrack[] }): void {
  const need = (): DoorSessions => {
    if (!sessions) throw new ApiError('DOORS_NOT_CONFIGURED', 'this site has no doors in its config');
    return sessions;
  };
  const caller = (c: Context<ApiEnv>) => c.get('caller')?.name ?? 'unknown';

  route(
    {
      method: 'post',
      path: '/api/v1/doors/{door}/sessions',
      summary: 'Open a door session: outbound for orders (manifest from their lines) or inbound for an ASN. One open session per door',
      body: OpenBody,
    },
    ['pda', 'cloud', 'admin'],
    async (c) => {
      const body = parseWith(OpenBody, await jsonBody(c, { optional: true }));
      const view = need().open(c.req.param('door') ?? '', body.kind === 'outbound' ? { kind: 'outbound', orders: body.orders } : { kind: 'inbound', asn: body.asn, asns: body.asns }, caller(c));
      return c.json(view, 201);
    },
  );

  route(
    { method: 'get', path: '/api/v1/doors/{door}/sessions/current', summary: 'The open session of a door: lines with expected and seen so far, exceptions' },
    ['pda', 'cloud', 'admin', 'station'],
    (c) => {
      const door = c.req.param('door') ?? '';
      const view = need().current(door);
      if (!view) throw new ApiError('NOT_FOUND', `door '${door}' has no open session`);
      return c.json(view);
    },
  );

  route(
    { method: 'post', path: '/api/v1/doors/{door}/sessions/{id}/close', summary: 'Close a session: one reconciliation event per line; missing outbound units of the order go on hold' },
    ['pda', 'cloud', 'admin'],
    (c) => c.json(need().close(c.req.param('door') ?? '', c.req.param('id') ?? '', caller(c))),
  );

  route(
    { method: 'get', path: '/api/v1/doors/{door}/tracks', summary: 'The tags in a door right now: since when, last seen, reads, and whether they are parked there' },
    ['pda', 'cloud', 'admin', 'station'],
    (c) => {
      const door = c.req.param('door') ?? '';
      if (!portal || !sessions) throw new ApiError('DOORS_NOT_CONFIGURED', 'this site has no doors in its config');
      if (!sessions.hasDoor(door)) throw new ApiError('NOT_FOUND', `no door '${door}' in the site config`);
      const iso = (us: number) => new Date(Math.floor(us / 1000)).toISOString();
      const tags = portal.tracksAt(door).map((t) => ({ epc: t.epc, since: iso(t.sinceUs), last_seen: iso(t.lastSeenUs), reads: t.reads, parked: t.parked }));
      return c.json({ door, tags, parked: tags.filter((t) => t.parked).length });
    },
  );

  route(
    { method: 'get', path: '/api/v1/items/{epc}', summary: 'The trail of one tagged item: transits, movements naming it, and whether the ERP acknowledged each event' },
    ['pda', 'cloud', 'admin', 'station'],
    (c) => {
      const epc = (c.req.param('epc') ?? '').toLowerCase();
      if (!/^[0-9a-f]{4,124}$/.test(epc)) throw new ApiError('VALIDATION_FAILED', 'epc must be hex');
      return c.json(itemTrail(store, epc));
    },
  );
}

interface Ack {
  event_id: string | null;
  event_type: string | null;
  published: boolean;
  erp_acknowledged: boolean;
  delivered_at: string | null;
}

export function itemTrail(store: Store, epc: string) {
  const db = store.db;
  const ackOf = (eventId: string | null): Ack => {
    const row = eventId ? (db.prepare('SELECT id, type, published_at, delivered_at FROM outbox WHERE id = ?').get(eventId) as { id: string; type: string; published_at: string | null; delivered_at: string | null } | undefined) : undefined;
    return { event_id: row?.id ?? eventId, event_type: row?.type ?? null, published: row?.published_at != null, erp_acknowledged: row?.delivered_at != null, delivered_at: row?.delivered_at ?? null };
  };
  const transits = (db.prepare('SELECT * FROM transits WHERE epc = ? ORDER BY seq').all(epc) as Record<string, unknown>[]).map((t) => ({
    seq: t.seq,
    door: t.door,
    direction: t.direction,
    confidence: t.confidence,
    first_seen: new Date(Math.floor((t.first_seen_us as number) / 1000)).toISOString(),
    last_seen: new Date(Math.floor((t.last_seen_us as number) / 1000)).toISOString(),
    reads: t.reads,
    peak_rssi: t.peak_rssi,
    gtin: t.gtin,
    sku: t.sku,
    session: t.session_id,
    verdict: t.verdict,
    event: ackOf(t.event_id as string | null),
  }));
  const movementRows = db
    .prepare(
      `SELECT * FROM movements WHERE ref = ? OR id IN (SELECT movement_id FROM door_crossings WHERE epc = ? AND movement_id IS NOT NULL) ORDER BY seq`,
    )
    .all(epc, epc) as Record<string, unknown>[];
  const eventOfMovement = db.prepare('SELECT t.event_id FROM door_crossings c JOIN transits t ON t.seq = c.transit_seq WHERE c.movement_id = ?').pluck();
  const movements = movementRows.map((m) => ({ ...store.movementOf(m), event: ackOf((eventOfMovement.get(m.id) as string | undefined) ?? null) }));
  const sku = (transits.find((t) => t.sku != null)?.sku as string | null | undefined) ?? null;
  return {
    epc,
    sku,
    transits,
    movements,
    read_summary: {
      transits: transits.length,
      first_seen: transits[0]?.first_seen ?? null,
      last_seen: transits.at(-1)?.last_seen ?? null,
      last_door: transits.at(-1)?.door ?? null,
    },
  };
}
