import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';

/**
 * Temporary folders (cloud assemblies, a bundle copy) that are removed even when the run is
 * interrupted: each phase removes its own, and whatever is left goes on exit.
 */

const live = new Set<string>();

export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `bench-${prefix}-`));
  live.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  live.delete(dir);
}

function removeAll(): void {
  for (const dir of live) removeTempDir(dir);
}

// 'exit' handlers must be synchronous, which rmSync is; signals would otherwise skip it.
process.on('exit', removeAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\nbench interrupted (${signal})`);
    process.exit(130);
  });
}
