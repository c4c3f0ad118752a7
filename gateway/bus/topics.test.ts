import { test } from 'node:test';
import assert from 'node:assert/strict';
import { topicsFor } from './topics.ts';

const t = topicsFor('wh1');

test('topics follow DESIGN §5 and parse back to what built them', () => {
  const cases: [string, unknown][] = [
    [t.deviceStatus('r1'), { kind: 'device-status', id: 'r1' }],
    [t.rfidReads('r1'), { kind: 'rfid-reads', id: 'r1' }],
    [t.scan('s1'), { kind: 'scan', id: 's1' }],
    [t.scaleWeight('sc1'), { kind: 'scale-weight', id: 'sc1' }],
    [t.printerStatus('p1'), { kind: 'printer-status', id: 'p1' }],
    [t.event('stock.adjusted'), { kind: 'event', type: 'stock.adjusted' }],
    [t.feedback('pda1'), { kind: 'feedback', id: 'pda1' }],
    [t.command('r1'), { kind: 'command', id: 'r1' }],
  ];
  assert.equal(t.rfidReads('door3-a'), 'wh/wh1/rfid/door3-a/reads');
  assert.equal(t.scaleWeight('sc1'), 'wh/wh1/scale/sc1/weight');
  assert.equal(t.command('r1'), 'wh/wh1/cmd/r1');
  for (const [topic, parsed] of cases) assert.deepEqual(t.parse(topic), parsed, topic);
});

test('foreign and malformed topics do not parse', () => {
  assert.equal(t.parse('wh/other/scan/x'), undefined);
  assert.equal(t.parse('wh/wh1/scan/x/extra'), undefined);
  assert.equal(t.parse('wh/wh1/device//status'), undefined);
  assert.equal(t.parse('wh/wh1'), undefined);
});

test('an id with a topic wildcard or separator is refused', () => {
  assert.throws(() => t.scan('a/b'), /cannot be used in an MQTT topic/);
  assert.throws(() => t.rfidReads('#'), /cannot be used/);
  assert.throws(() => topicsFor('site+1'), /site id/);
});

test('the GPI topic of a reader: built, filtered, parsed, and publishable by that reader only', () => {
  assert.equal(t.rfidGpi('door3-a'), 'wh/wh1/rfid/door3-a/gpi');
  assert.equal(t.allRfidGpi, 'wh/wh1/rfid/+/gpi');
  assert.deepEqual(t.parse(t.rfidGpi('r1')), { kind: 'rfid-gpi', id: 'r1' });
  assert.equal(t.parse('wh/wh1/rfid/r1/gpi/1'), undefined);
  assert.ok(t.devicePublishable('r1').includes(t.rfidGpi('r1')));
  assert.ok(!t.devicePublishable('r1').includes(t.rfidGpi('r2')));
});
