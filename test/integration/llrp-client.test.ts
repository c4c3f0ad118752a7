/**
 * The LLRP client against the simulated reader over real TCP on 127.0.0.1 (port 0): the
 * install sequence, reads, uptime clocks, tag writes, commands, and every fault the
 * simulator can inject. No timed assertions: tests wait for states, never for durations.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, until } from './llrp-support.ts';

const INSTALL = [
  'GET_READER_CAPABILITIES', 'IMPINJ_ENABLE_EXTENSIONS', 'SET_READER_CONFIG', 'SET_READER_CONFIG',
  'DELETE_ACCESSSPEC', 'DELETE_ROSPEC', 'ADD_ROSPEC', 'ENABLE_ROSPEC', 'START_ROSPEC',
];

test('the client installs the profile on an Impinj-like reader and reads arrive only from the profile antennas', async () => {
  const h = await harness({ antennas: [1, 2], reportPhase: true, transmitPowerDbm: 30 });
  const seen: string[] = [];
  h.sim.on('message', (m: { type: string }) => seen.push(m.type));
  try {
    h.sim.addScene({ kind: 'parked', epc: '303400000000000000000001', antennas: [1, 2, 3, 4] });
    h.client.start();
    await h.until('online', () => h.client.state === 'online');
    assert.deepEqual(seen.slice(0, INSTALL.length), INSTALL);
    assert.match(h.client.detail, /Impinj .*antennas 1,2 at 30 dBm/);
    await h.until('reads', () => h.reads.length >= 4);
    assert.ok(h.reads.every((r) => r.epc === '303400000000000000000001'));
    assert.deepEqual([...new Set(h.reads.map((r) => r.antenna))].sort(), [1, 2]);
    const r = h.reads[0]!;
    assert.equal(typeof r.rssi, 'number');
    assert.equal(typeof r.phase, 'number', 'Impinj phase angle was asked for');
    assert.ok(r.seenCount! >= 1 && r.lastSeenUs! >= r.firstSeenUs!);
    assert.ok(h.sim.stats.keepaliveAcks >= 0);
  } finally {
    await h.client.stop();
  }
  await until('the simulator sees the client gone', () => !h.sim.connected);
  await h.sim.close();
  assert.ok(h.sim.stats.received.STOP_ROSPEC === 1 && h.sim.stats.received.CLOSE_CONNECTION === 1, 'a clean stop sends STOP_ROSPEC and CLOSE_CONNECTION');
});

test('a Zebra-like reader without a UTC clock: no Impinj extensions, uptime timestamps become UTC', async () => {
  const h = await harness({}, { model: 'zebra-fx9600' });
  const seen: string[] = [];
  h.sim.on('message', (m: { type: string }) => seen.push(m.type));
  try {
    h.sim.addScene({ kind: 'parked', epc: '303400000000000000000002' });
    const before = Date.now() * 1000;
    h.client.start();
    await h.until('reads', () => h.reads.length >= 2);
    const after = Date.now() * 1000;
    assert.ok(!seen.includes('IMPINJ_ENABLE_EXTENSIONS'));
    assert.match(h.client.detail, /Zebra/);
    for (const r of h.reads) {
      // reader uptime is ~1 s here; converted, the time is today's (within this test's run)
      assert.ok(r.firstSeenUs! >= before - 2_000_000 && r.lastSeenUs! <= after + 2_000_000, `UTC time expected, got ${r.firstSeenUs}`);
    }
  } finally {
    await h.close();
  }
});

test('a second client is refused and reports that the reader already has another client', async () => {
  const a = await harness();
  try {
    a.client.start();
    await a.until('first client online', () => a.client.state === 'online');
    const { LlrpClient } = await import('../../drivers/llrp/client.ts');
    const { parseReaderProfile } = await import('../../drivers/llrp/reader-profile.ts');
    const { captureLog, FAST_PROFILE } = await import('./llrp-support.ts');
    const { log, lines } = captureLog();
    const states: string[] = [];
    const b = new LlrpClient({ host: '127.0.0.1', port: a.sim.port, profile: parseReaderProfile(FAST_PROFILE), log, onState: (s, d) => states.push(`${s}: ${d}`) });
    b.start();
    await until('refusal', () => states.some((s) => s.startsWith('error:')));
    await b.stop();
    const err = states.find((s) => s.startsWith('error:'))!;
    assert.match(err, /already has another client \(Failed_A_Client_Initiated_Connection_Already_Exists\)/);
    assert.ok(lines.some((l) => l.level === 50 && l.code === 'LLRP_READER_BUSY'));
    assert.equal(a.client.state, 'online', 'the first client is untouched');
  } finally {
    await a.close();
  }
});

test('the client keeps a simulated reader inventorying through 50 forced disconnects without leaking sockets or timers', async () => {
  const h = await harness({ reportEveryMs: 20 });
  const handles = () => {
    const info = process.getActiveResourcesInfo();
    return { sockets: info.filter((x) => x === 'TCPSocketWrap').length, timers: info.filter((x) => x === 'Timeout').length };
  };
  const baseline = handles();
  try {
    h.sim.addScene({ kind: 'parked', epc: '3034000000000000000000aa' });
    h.client.start();
    for (let i = 0; i < 50; i++) {
      const installs = h.client.stats.installs;
      await h.until(`install ${installs + 1}`, () => h.client.stats.installs > installs || (i === 0 && h.client.online));
      const n = h.reads.length;
      await h.until(`reads after reconnect ${i}`, () => h.reads.length > n);
      h.sim.dropConnection();
    }
    await h.until('back online after the last drop', () => h.client.stats.installs >= 51 && h.client.online);
    assert.equal(h.client.stats.installs, 51);
    assert.equal(h.sim.stats.connections, 51);
    assert.equal(h.client.stats.malformedFrames, 0);
  } finally {
    await h.client.stop();
  }
  await until('simulator sees the client gone', () => !h.sim.connected);
  await until('handles back to the baseline', () => {
    const now = handles();
    return now.sockets <= baseline.sockets && now.timers <= baseline.timers;
  });
  await h.sim.close();
});

test('a stalled reader is declared dead after missed keepalives, and the client reconnects and reinstalls', async () => {
  const h = await harness({ keepaliveMs: 100, missedKeepalives: 2 });
  try {
    h.client.start();
    await h.until('online', () => h.client.online);
    h.sim.stall(800);
    await h.until('keepalive timeout', () => h.client.stats.keepaliveTimeouts >= 1);
    assert.ok(h.states.some((s) => s.state === 'offline' && /no keepalive/.test(s.detail)));
    await h.until('reinstalled', () => h.client.stats.installs >= 2 && h.client.online);
  } finally {
    await h.close();
  }
});

test('an error LLRPStatus is surfaced with its code and text in the state and the logs, then retried', async () => {
  const h = await harness();
  try {
    h.sim.failNext('ADD_ROSPEC', 'P_FieldError', 'antenna 9 is not connected');
    h.client.start();
    await h.until('error state', () => h.states.some((s) => s.state === 'error'));
    const e = h.states.find((s) => s.state === 'error')!;
    assert.match(e.detail, /ADD_ROSPEC failed: P_FieldError "antenna 9 is not connected"; retry in \d+ ms/);
    const line = h.lines.find((l) => l.statusCode === 'P_FieldError');
    assert.ok(line, 'logged with the status code');
    assert.equal(line.statusText, 'antenna 9 is not connected');
    await h.until('online after the retry', () => h.client.online);
    assert.ok(h.client.stats.statusErrors >= 1);
  } finally {
    await h.close();
  }
});

test('a malformed report is logged, counted and dropped while the connection and the reads go on', async () => {
  const h = await harness();
  try {
    h.sim.addScene({ kind: 'parked', epc: '3034000000000000000000bb' });
    h.client.start();
    await h.until('reads', () => h.reads.length > 0);
    h.sim.sendMalformed('truncated-parameter');
    h.sim.sendMalformed('unknown-message');
    await h.until('counted', () => h.client.stats.malformedFrames >= 1 && h.client.stats.unknownMessages >= 1);
    const n = h.reads.length;
    await h.until('more reads', () => h.reads.length > n);
    assert.equal(h.client.stats.installs, 1, 'no reconnect for a frame that is merely malformed');
    assert.equal(h.client.stats.disconnects, 0);
    const line = h.lines.find((l) => l.msg === 'llrp: malformed frame dropped');
    assert.ok(line && line.code === 'LLRP_TRUNCATED' && typeof line.offset === 'number');
  } finally {
    await h.close();
  }
});

test('a frame with an impossible length resets the connection; the client reinstalls', async () => {
  const h = await harness();
  try {
    h.client.start();
    await h.until('online', () => h.client.online);
    h.sim.sendMalformed('bad-length');
    await h.until('reinstalled', () => h.client.stats.framingErrors === 1 && h.client.stats.installs === 2 && h.client.online);
    assert.ok(h.lines.some((l) => l.msg === 'llrp: framing lost; resetting the connection'));
  } finally {
    await h.close();
  }
});

test('stop and start commands stop and restart the ROSpec, and a stopped inventory stays stopped across a reconnect', async () => {
  const h = await harness();
  try {
    h.sim.addScene({ kind: 'parked', epc: '3034000000000000000000cc' });
    h.client.start();
    await h.until('online', () => h.client.online);
    await h.client.stopInventory();
    assert.equal(h.sim.inventorying, false);
    h.sim.dropConnection();
    await h.until('reinstalled', () => h.client.stats.installs === 2 && h.client.online);
    assert.equal(h.sim.inventorying, false);
    await h.client.startInventory();
    assert.equal(h.sim.inventorying, true);
    const n = h.reads.length;
    await h.until('reads again', () => h.reads.length > n);
  } finally {
    await h.close();
  }
});

test('writing a tag: an AccessSpec with C1G2Write of a new EPC, verified by reading it back', async () => {
  const h = await harness();
  try {
    h.sim.addScene({ kind: 'parked', epc: '303400000000000000000111', antennas: [1] });
    h.client.start();
    await h.until('the old EPC is read', () => h.reads.some((r) => r.epc === '303400000000000000000111'));
    const result = await h.client.writeEpc('303400000000000000000111', '3034257bf7194e4000001a85');
    assert.deepEqual(result, { epc: '3034257bf7194e4000001a85', previousEpc: '303400000000000000000111', wordsWritten: 6, verified: true });
    assert.ok(h.reads.some((r) => r.epc === '3034257bf7194e4000001a85'));
    await assert.rejects(h.client.writeEpc('3034', '30341234'), /same length|length of the current/);
    await assert.rejects(h.client.writeEpc('3034ffffffffffffffffffff', '3034eeeeeeeeeeeeeeeeeeee', { timeoutMs: 300 }), (e: Error & { code?: string }) => e.code === 'LLRP_TIMEOUT');
  } finally {
    await h.close();
  }
});

test('a reader that is not there: the client keeps retrying with backoff and stops cleanly', async () => {
  const h = await harness();
  const port = h.sim.port;
  await h.sim.close();
  const { LlrpClient } = await import('../../drivers/llrp/client.ts');
  const { parseReaderProfile } = await import('../../drivers/llrp/reader-profile.ts');
  const { captureLog, FAST_PROFILE } = await import('./llrp-support.ts');
  const states: string[] = [];
  const c = new LlrpClient({ host: '127.0.0.1', port, profile: parseReaderProfile(FAST_PROFILE), log: captureLog().log, onState: (s, d) => states.push(`${s}: ${d}`) });
  c.start();
  await until('several attempts', () => c.stats.disconnects >= 3);
  await c.stop();
  assert.ok(states.some((s) => /^offline: cannot connect .*ECONNREFUSED.*retry in \d+ ms/.test(s)), states.join('\n'));
  assert.equal(c.stats.installs, 0);
});
