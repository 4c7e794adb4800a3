import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { LambdaHost } from '../../local/deploy/lambda-host';

/** The local Lambda host after close: a deployment still running (a test that timed out) starts no process. */

let codeDir: string;

beforeAll(() => {
  codeDir = mkdtempSync(path.join(tmpdir(), 'lambda-host-'));
  writeFileSync(path.join(codeDir, 'index.js'), 'exports.handler = async () => process.pid;');
});
afterAll(() => rmSync(codeDir, { recursive: true, force: true }));

test('a closed host refuses invocations instead of starting containers nobody stops', async () => {
  const host = new LambdaHost({});
  const pid = await host.invoke('fn', codeDir, 'index.handler', {}, 10_000);
  await host.close();

  await expect(host.invoke('fn', codeDir, 'index.handler', {}, 10_000)).rejects.toThrow('the Lambda host is closed: fn was not invoked');
  expect(() => process.kill(pid, 0)).toThrow(); // the container is gone
});
