/**
 * Keeps docs/promises.md honest: every row names a test file that exists and a test title that file
 * declares, so renaming or deleting a test breaks this one until the table follows.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const TABLE = path.join(ROOT, 'docs', 'promises.md');

/** Fewer rows than this means the table was lost, not that it is all right. */
const MIN_ROWS = 40;

interface Row {
  readonly line: number;
  readonly promise: string;
  readonly file: string;
  readonly title: string;
}

function rows(): Row[] {
  return fs.readFileSync(TABLE, 'utf-8').split('\n')
    .map((text, index) => ({ text, line: index + 1 }))
    .filter(({ text }) => text.startsWith('| ') && !text.startsWith('| Promise |') && !text.startsWith('| ---'))
    .map(({ text, line }) => {
      const [promise, file, title] = text.replace(/^\||\|$/g, '').split('|').map((cell) => cell.trim());
      return { line, promise, file, title };
    });
}

/** A title as the source spells it inside a quoted string: apostrophes may be escaped. */
function declares(source: string, title: string): boolean {
  return [title, title.replace(/'/g, "\\'")].some((spelling) => source.includes(`'${spelling}'`) || source.includes(`\`${spelling}\``));
}

test('every test the promises table names exists', () => {
  const all = rows();
  expect(all.length).toBeGreaterThanOrEqual(MIN_ROWS);
  const missing = all.filter((row) => {
    const file = path.join(ROOT, row.file);
    return !row.file.startsWith('test/') || !fs.existsSync(file) || !declares(fs.readFileSync(file, 'utf-8'), row.title);
  }).map((row) => `docs/promises.md:${row.line}: ${row.file}: ${row.title}`);
  expect(missing).toEqual([]);
});

test('every design contract (1 to 10) has a row', () => {
  const text = rows().map((row) => row.promise).join('\n');
  for (let contract = 1; contract <= 10; contract++) {
    expect(text).toMatch(new RegExp(`design contract ${contract}\\b`));
  }
});
