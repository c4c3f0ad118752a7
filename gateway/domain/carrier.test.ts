import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assignCarrier, formatWaybill, zoneOf, type CarrierPlan, type Shipment } from './carrier.ts';

const plan: CarrierPlan = {
  carriers: [
    { id: 'SF', rates: { local: [{ upToGrams: 1000, price: 12 }, { upToGrams: 5000, price: 20 }], default: [{ upToGrams: 5000, price: 23 }] } },
    { id: 'YTO', rates: { local: [{ upToGrams: 1000, price: 6 }, { upToGrams: 5000, price: 14 }], default: [{ upToGrams: 3000, price: 10 }] } },
    { id: 'ZTO', rates: { default: [{ upToGrams: 30000, price: 15 }] } },
  ],
  zones: [{ id: 'local', provinces: ['广东'], postcodePrefixes: ['51'] }],
  rules: [
    { by: 'customer', allow: ['SF', 'YTO', 'ZTO'] },
    { by: 'channel', channels: ['tmall-premium'], carrier: 'SF' },
    { by: 'sku', skus: ['BATTERY-XL'], carrier: 'ZTO' },
    { by: 'area', cities: ['拉萨'], provinces: ['Xinjiang'], carrier: 'ZTO' },
    { by: 'cheapest' },
  ],
};

const ship = (over: Partial<Shipment> = {}): Shipment => ({
  orderRef: 'SO-1',
  parcel: 1,
  skus: ['TSHIRT'],
  weightGrams: 800,
  sender: { name: 'Warehouse', address: 'Dock 3' },
  receiver: { name: '张三', address: '天河路 1 号', city: '广州', province: '广东', postcode: '510000' },
  ...over,
});

test('the carrier the customer chose wins, and the choice says so', () => {
  const a = assignCarrier(plan, ship({ carrier: 'yto', channel: 'tmall-premium' }));
  assert.deepEqual(a.ok && [a.carrier, a.rule, a.by], ['YTO', 1, 'customer']);
  assert.match(a.ok ? a.explanation : '', /customer chose yto/);
});

test('a channel, then a SKU, then an area names the carrier, in rule order', () => {
  const byChannel = assignCarrier(plan, ship({ channel: 'tmall-premium', skus: ['BATTERY-XL'] }));
  assert.deepEqual(byChannel.ok && [byChannel.carrier, byChannel.by], ['SF', 'channel']);
  const bySku = assignCarrier(plan, ship({ skus: ['X', 'BATTERY-XL'] }));
  assert.deepEqual(bySku.ok && [bySku.carrier, bySku.by, bySku.explanation], ['ZTO', 'sku', 'rule 3 (sku): SKU BATTERY-XL ships with ZTO']);
  const byCity = assignCarrier(plan, ship({ receiver: { name: 'x', address: 'y', city: '拉萨', province: '西藏' } }));
  assert.deepEqual(byCity.ok && [byCity.carrier, byCity.by], ['ZTO', 'area']);
});

test('otherwise the cheapest carrier for the weight and the zone', () => {
  const local = assignCarrier(plan, ship({ weightGrams: 800 }));
  assert.deepEqual(local.ok && [local.carrier, local.zone, local.price], ['YTO', 'local', 6]);
  const heavyFar = assignCarrier(plan, ship({ weightGrams: 4000, receiver: { name: 'x', address: 'y', province: '北京' } }));
  assert.deepEqual(heavyFar.ok && [heavyFar.carrier, heavyFar.zone, heavyFar.price], ['ZTO', 'default', 15]);
});

test('a customer choice outside the allowed list falls through to the next rules', () => {
  const a = assignCarrier(plan, ship({ carrier: 'DHL' }));
  assert.deepEqual(a.ok && a.by, 'cheapest');
});

test('no rule matching is an explained refusal, not a throw', () => {
  const a = assignCarrier({ ...plan, rules: [{ by: 'channel', channels: ['x'], carrier: 'SF' }] }, ship());
  assert.equal(a.ok, false);
  assert.match(a.ok ? '' : a.explanation, /no rule matched/);
  const unknown = assignCarrier({ ...plan, rules: [{ by: 'sku', skus: ['TSHIRT'], carrier: 'EMS' }] }, ship());
  assert.deepEqual(!unknown.ok && unknown.code, 'UNKNOWN_CARRIER');
});

test('postcode prefixes put a destination in its zone', () => {
  assert.equal(zoneOf(plan.zones, { name: 'a', address: 'b', postcode: '518 000' }), 'local');
  assert.equal(zoneOf(plan.zones, { name: 'a', address: 'b', postcode: '100000' }), 'default');
});

test('the cheapest carrier is never more expensive than any other carrier with a rate', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 6000 }), fc.constantFrom('广东', '北京'), (grams, province) => {
      const a = assignCarrier({ ...plan, rules: [{ by: 'cheapest' }] }, ship({ weightGrams: grams, receiver: { name: 'a', address: 'b', province } }));
      if (!a.ok) return;
      for (const c of plan.carriers) {
        const br = c.rates[a.zone] ?? c.rates.default;
        const p = br?.find((b) => grams <= b.upToGrams)?.price;
        if (p !== undefined) assert.ok((a.price ?? Infinity) <= p);
      }
    }),
  );
});

test('waybill numbers are zero-padded within their range only', () => {
  const r = { prefix: 'SF', from: 1, to: 999, digits: 6 };
  assert.equal(formatWaybill(r, 7), 'SF000007');
  assert.equal(formatWaybill(r, 1000), undefined);
  assert.equal(formatWaybill(r, 0), undefined);
});
