import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from './log.ts';

test('tokens, passwords and authorization headers never reach the log', () => {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  const log = createLogger({ level: 'info', format: 'json', destination });
  const child = log.child({ component: 'api' });
  child.info({ token: 'tok-1', password: 'pw-1', req: { headers: { authorization: 'Bearer tok-2' } }, client: { token: 'tok-3' } }, 'hello');
  child.info({ config: { api: { clients: [{ token: 'tok-4' }] }, cloud: { token: 'tok-5' }, bus: { password: 'pw-2' } } }, 'config');
  const text = lines.join('');
  for (const secret of ['tok-1', 'tok-2', 'tok-3', 'tok-4', 'tok-5', 'pw-1', 'pw-2']) assert.ok(!text.includes(secret), `${secret} leaked: ${text}`);
  assert.match(text, /\[redacted\]/);
  const first = JSON.parse(lines[0] ?? '{}') as { component: string; msg: string; level: number };
  assert.deepEqual([first.component, first.msg, first.level], ['api', 'hello', 30]);
});
