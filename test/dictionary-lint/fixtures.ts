import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';

/** A temporary folder of dictionary files, one per test case; call `remove` in afterAll. */
export class DictionaryFixtures {
  private readonly dir = mkdtempSync(path.join(tmpdir(), 'dictionary-lint-'));
  private count = 0;

  /** Writes `content` (text as UTF-8, or raw bytes) to a new file and returns its path. */
  public file(content: string | Uint8Array, name = 'synonyms.txt'): string {
    const folder = path.join(this.dir, String(++this.count));
    mkdirSync(folder);
    const file = path.join(folder, name);
    writeFileSync(file, content);
    return file;
  }

  public remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * About `targetBytes` of correct Solr synonyms, in the shapes real files have: comments, equivalences,
 * explicit mappings, multi-word terms and escapes.
 */
export function generatedSolrSynonyms(targetBytes: number): string {
  const lines: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < targetBytes; i++) {
    const line = i % 50 === 0
      ? `# group ${i}`
      : i % 3 === 0
        ? `term${i}a, term ${i} b => term${i}c`
        : i % 7 === 0 ? `size ${i}\\,5, size ${i}.5, half${i}` : `word${i}, synonym${i}, other ${i} words`;
    lines.push(line);
    bytes += Buffer.byteLength(line) + 1;
  }
  return `${lines.join('\n')}\n`;
}
