/**
 * The API as a component, without a network (app.request): auth, roles, validation,
 * error shapes, and the adjustment's effect on the store.
 */
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { Store } from '../store/store.ts';
import { sha256Hex } from '../secrets.ts';
import { Metrics } from '../metrics.ts';
import { createApi } from './app.ts';
import { unpublishedEvents } from '../store/outbox.sqlite.ts';
import { diffBalances } from '../store/stock.sqlite.ts';
import type { HealthReport } from '../services/health.ts';

const TOKENS = { admin: 'admin-secret-1', cloud: 'cloud-secret-1', pda: 'pda-secret-1', station: 'station-secret-1' } as const;
let store: Store;
let app: ReturnType<typeof createApi>;

beforeEach(() => {
  store = new Store(':memory:', { site: 'wh1', gatewayId: 'gw1' });
  store.db.exec(`
    INSERT INTO zones (id, kind) VALUES ('P', 'pick'), ('H', 'hold');
    INSERT INTO bins (id, zone_id, pick_seq) VALUES ('B1', 'P', 1), ('B2', 'P', 2), ('H1', 'H', 9);
    INSERT INTO products (sku, name, updated_at) VALUES ('SKU-1', 'one', 'x'), ('SKU-2', 'two', 'x');`);
  app = createApi({
    store,
    clients: Object.entries(TOKENS).map(([role, token]) => ({ name: `${role}-client`, role: role as keyof typeof TOKENS, tokenSha256: sha256Hex(token) })),
    metrics: new Metrics(),
    log: pino({ level: 'silent' }),
    health: () => ({ status: 'ok' }) as HealthReport,
    maxBodyBytes: 4096,
    version: 'test',
    site: 'wh1',
  });
});
afterEach(() => store.close());

const auth = (role: keyof typeof TOKENS) => ({ Authorization: `Bearer ${TOKENS[role]}` });
const post = (path: string, body: unknown, headers: Record<string, string> = auth('admin')) =>
  app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
const adjustment = (over: Record<string, unknown> = {}) => ({ sku: 'SKU-1', bin: 'B1', qty: 10, reason: 'found', ...over });

test('a request without a token is refused with 401 and a JSON error', async () => {
  const res = await app.request('/api/v1/stock');
  assert.equal(res.status, 401);
  assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
  const body = (await res.json()) as { error: { code: string; message: string; request_id: string } };
  assert.equal(body.error.code, 'UNAUTHORIZED');
  assert.match(body.error.message, /Authorization: Bearer/);
  assert.ok(body.error.request_id);
});

test('a wrong token and a malformed header are 401', async () => {
  assert.equal((await app.request('/api/v1/stock', { headers: { Authorization: 'Bearer nope' } })).status, 401);
  const res = await app.request('/api/v1/stock', { headers: { Authorization: 'Basic abc' } });
  assert.equal(res.status, 401);
  assert.match(((await res.json()) as { error: { message: string } }).error.message, /must be "Bearer <token>"/);
});

test('each role reaches what it may and gets 403 elsewhere', async () => {
  for (const role of ['admin', 'cloud', 'pda', 'station'] as const) {
    assert.equal((await app.request('/api/v1/stock', { headers: auth(role) })).status, 200, `${role} reads stock`);
  }
  for (const role of ['cloud', 'pda', 'station'] as const) {
    const res = await post('/api/v1/adjustments', adjustment(), auth(role));
    assert.equal(res.status, 403, `${role} may not adjust`);
    const body = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'FORBIDDEN');
    assert.match(body.error.message, new RegExp(`has role ${role}; this needs admin`));
  }
  assert.equal((await app.request('/api/v1/movements', { headers: auth('station') })).status, 403);
  assert.equal((await app.request('/api/v1/movements', { headers: auth('pda') })).status, 200);
});

test('health, metrics and the OpenAPI document need a token when the caller is not on loopback', async () => {
  assert.equal((await app.request('/health')).status, 401);
  assert.equal((await app.request('/health', { headers: auth('station') })).status, 200);
  const metrics = await app.request('/metrics', { headers: auth('pda') });
  assert.match(await metrics.text(), /# TYPE wg_http_requests_total counter/);
  const doc = (await (await app.request('/openapi.json', { headers: auth('pda') })).json()) as { paths: Record<string, unknown> };
  for (const path of ['/api/v1/adjustments', '/api/v1/movements', '/api/v1/stock', '/health', '/metrics', '/openapi.json']) assert.ok(path in doc.paths, path);
});

test('an adjustment writes one movement, one outbox event, and moves the balance', async () => {
  const res = await post('/api/v1/adjustments', adjustment({ note: 'found behind the rack' }));
  assert.equal(res.status, 201);
  const body = (await res.json()) as { movement: { id: string; actor: string }; balance: { on_hand: number; available: number }; event: { seq: number } };
  assert.equal(body.balance.on_hand, 10);
  assert.equal(body.movement.actor, 'admin-client');
  const events = unpublishedEvents(store);
  assert.equal(events.length, 1);
  assert.equal(events[0]?.type, 'stock.adjusted');
  assert.equal(events[0]?.id, body.movement.id);
  assert.deepEqual((events[0]?.data as { balance_after: unknown }).balance_after, { on_hand: 10, reserved: 0, held: 0, in_transit: 0, available: 10 });

  const stock = (await (await app.request('/api/v1/stock?sku=SKU-1', { headers: auth('pda') })).json()) as { items: { bin: string; on_hand: number }[] };
  assert.deepEqual(stock.items.map((i) => [i.bin, i.on_hand]), [['B1', 10]]);
  const movements = (await (await app.request('/api/v1/movements?sku=SKU-1', { headers: auth('cloud') })).json()) as { items: { reason: string }[] };
  assert.deepEqual(movements.items.map((m) => m.reason), ['found']);
  assert.deepEqual(diffBalances(store), []);
});

test('a retried adjustment with the same id is applied once; the same id for other content is 409', async () => {
  const id = '7d3f2a9e-1111-4222-8333-944455556666';
  const first = await post('/api/v1/adjustments', adjustment({ id }));
  const again = await post('/api/v1/adjustments', adjustment({ id }));
  assert.equal(first.status, 201);
  assert.equal(again.status, 200);
  assert.equal(((await again.json()) as { replayed: boolean }).replayed, true);
  assert.equal(store.balanceOf({ sku: 'SKU-1', bin: 'B1', state: 'on_hand' }), 10);
  assert.equal(unpublishedEvents(store).length, 1);
  const other = await post('/api/v1/adjustments', adjustment({ id, qty: 3 }));
  assert.equal(other.status, 409);
  assert.equal(((await other.json()) as { error: { code: string } }).error.code, 'IDEMPOTENCY_CONFLICT');
  const viaHeader = await post('/api/v1/adjustments', adjustment({ qty: 1 }), { ...auth('admin'), 'Idempotency-Key': 'key-header-0001' });
  const viaHeaderAgain = await post('/api/v1/adjustments', adjustment({ qty: 1 }), { ...auth('admin'), 'Idempotency-Key': 'key-header-0001' });
  assert.deepEqual([viaHeader.status, viaHeaderAgain.status], [201, 200]);
  assert.equal(store.balanceOf({ sku: 'SKU-1', bin: 'B1', state: 'on_hand' }), 11);
});

test('invalid bodies name every wrong key and change nothing', async () => {
  const res = await post('/api/v1/adjustments', { sku: 'SKU-1', bin: 'B1', qty: 1.5, reason: 'because', extra: true });
  assert.equal(res.status, 400);
  const body = (await res.json()) as { error: { code: string; message: string; details: { problems: { key: string }[] } } };
  assert.equal(body.error.code, 'VALIDATION_FAILED');
  assert.deepEqual(body.error.details.problems.map((p) => p.key).sort(), ['(body)', 'qty', 'reason']);
  assert.match(body.error.message, /extra/);
  assert.equal(unpublishedEvents(store).length, 0);
});

test('not JSON, the wrong content type and a body over the limit get their own codes', async () => {
  const cases: [RequestInit, number, string][] = [
    [{ body: '{"sku":', headers: { 'Content-Type': 'application/json' } }, 400, 'INVALID_JSON'],
    [{ body: 'sku=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [{ body: JSON.stringify({ ...adjustment(), note: 'x'.repeat(5000) }), headers: { 'Content-Type': 'application/json' } }, 413, 'BODY_TOO_LARGE'],
  ];
  for (const [init, status, code] of cases) {
    const res = await app.request('/api/v1/adjustments', { method: 'POST', ...init, headers: { ...auth('admin'), ...(init.headers as Record<string, string>) } });
    assert.equal(res.status, status, code);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, code);
  }
});

test('unknown sku or bin is 422 and taking more than there is is 409', async () => {
  const sku = await post('/api/v1/adjustments', adjustment({ sku: 'NOPE' }));
  assert.deepEqual([sku.status, ((await sku.json()) as { error: { code: string } }).error.code], [422, 'UNKNOWN_SKU']);
  const bin = await post('/api/v1/adjustments', adjustment({ bin: 'NOPE' }));
  assert.deepEqual([bin.status, ((await bin.json()) as { error: { code: string } }).error.code], [422, 'UNKNOWN_BIN']);
  await post('/api/v1/adjustments', adjustment({ qty: 2 }));
  const short = await post('/api/v1/adjustments', adjustment({ qty: -3, reason: 'damaged' }));
  assert.equal(short.status, 409);
  const body = (await short.json()) as { error: { code: string; message: string } };
  assert.equal(body.error.code, 'INSUFFICIENT_STOCK');
  assert.match(body.error.message, /has 2, cannot take 3/);
  assert.equal(store.balanceOf({ sku: 'SKU-1', bin: 'B1', state: 'on_hand' }), 2);
});

test('stock queries validate their parameters', async () => {
  const res = await app.request('/api/v1/stock?state=lost&limit=0', { headers: auth('pda') });
  assert.equal(res.status, 400);
  const body = (await res.json()) as { error: { details: { problems: { key: string }[] } } };
  assert.deepEqual(body.error.details.problems.map((p) => p.key).sort(), ['limit', 'state']);
});

test('an unknown route is a JSON 404', async () => {
  const res = await app.request('/api/v1/nothing', { headers: auth('admin') });
  assert.equal(res.status, 404);
  assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'NOT_FOUND');
});
