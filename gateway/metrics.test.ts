import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Metrics } from './metrics.ts';

test('counters and gauges render in Prometheus text format with escaped labels', () => {
  const m = new Metrics();
  const c = m.counter('wg_requests_total', 'Requests');
  c.inc({ route: '/a', status: 200 });
  c.inc({ route: '/a', status: 200 });
  c.inc({ route: 'q"x', status: 500 });
  m.gauge('wg_backlog', 'Backlog', () => 7);
  const text = m.render();
  assert.match(text, /# TYPE wg_requests_total counter\n/);
  assert.match(text, /wg_requests_total\{route="\/a",status="200"\} 2\n/);
  assert.match(text, /wg_requests_total\{route="q\\"x",status="500"\} 1\n/);
  assert.match(text, /# TYPE wg_backlog gauge\nwg_backlog 7\n/);
  assert.equal(c.get({ route: '/a', status: 200 }), 2);
});
