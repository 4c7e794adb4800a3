import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { LambdaHost } from '../../local/deploy/lambda-host';
import { ScaledClock } from '../../local/deploy/scaled-clock';

/**
 * A function on a ScaledClock: its Date and timers run on the host's clock, without the handler
 * knowing; at scale 1 nothing is patched.
 */

const SCALE = 20;
let codeDir: string;
let host: LambdaHost | undefined;

beforeAll(() => {
  codeDir = mkdtempSync(path.join(tmpdir(), 'scaled-clock-'));
  writeFileSync(path.join(codeDir, 'index.js'), `
    const { setTimeout: sleep } = require('timers/promises');
    exports.handler = async (event) => {
      const before = Date.now();
      const dateBefore = new Date().getTime();
      await new Promise((resolve) => setTimeout(resolve, event.waitMs));
      await sleep(event.waitMs);
      return {
        before, dateBefore, after: Date.now(),
        epoch: new Date(0).getTime(), isDate: new Date() instanceof Date, asString: typeof Date(),
      };
    };
  `);
});
afterEach(async () => host?.close());
afterAll(() => rmSync(codeDir, { recursive: true, force: true }));

test('the function reads the host clock and waits on it: 2 s of timers take a twentieth of that in real time', async () => {
  const clock = new ScaledClock(SCALE);
  host = new LambdaHost({}, clock);

  const startedOnClock = clock.now();
  const startedReal = Date.now();
  const result = await host.invoke('fn', codeDir, 'index.handler', { waitMs: 1_000 }, 60_000);
  const realElapsed = Date.now() - startedReal;

  // Both sides agree on "now" (within the time the invocation itself took).
  expect(result.before).toBeGreaterThanOrEqual(startedOnClock);
  expect(result.dateBefore).toBeGreaterThanOrEqual(result.before);
  expect(result.after).toBeLessThanOrEqual(clock.now());
  // Two waits of 1 s each on the function's clock...
  expect(result.after - result.before).toBeGreaterThanOrEqual(2_000);
  // ...took far less than 2 s of real time.
  expect(realElapsed).toBeLessThan(2_000);
  expect(result).toMatchObject({ epoch: 0, isDate: true, asString: 'string' });
});

test('the function\'s timeout is on the host clock', async () => {
  host = new LambdaHost({}, new ScaledClock(SCALE));

  await expect(host.invoke('fn', codeDir, 'index.handler', { waitMs: 10_000 }, 3_000)).rejects.toThrow('Task timed out after 3 seconds');
});

test('on the real clock, the function\'s time is real time', async () => {
  host = new LambdaHost({});

  const started = Date.now();
  const result = await host.invoke('fn', codeDir, 'index.handler', { waitMs: 50 }, 10_000);

  // Not ahead of real time, as a scaled clock would be.
  expect(result.before).toBeGreaterThanOrEqual(started);
  expect(result.after).toBeLessThanOrEqual(Date.now());
  expect(result.after - result.before).toBeGreaterThanOrEqual(100);
});

test('a clock slower than real time is refused', () => {
  expect(() => new ScaledClock(0.5)).toThrow('time scale must be a finite number of at least 1, not 0.5');
});
