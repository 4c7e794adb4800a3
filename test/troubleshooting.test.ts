/**
 * Keeps docs/troubleshooting.md honest.
 *
 * - In every message table (first header cell `Message`), each backticked span of the first column is a
 *   message the code produces: it must occur in lambda/** or src/** source, so rewording an error breaks
 *   this test until the page follows. `<...>` in a quote stands for a part that changes and matches one
 *   `${...}` of a template literal; `${NAME}` of a module constant (`const NAME = 'text'` or a number) is
 *   also read as its value, so "at most 1024 characters" matches `at most ${MAX_LENGTH} characters`.
 *   The one message the handlers cannot produce, the provider framework's `Operation timed out`, is
 *   looked up in the framework's runtime in aws-cdk-lib instead.
 * - The log fields table (first header cell `Field`) lists exactly the fields of `StepLog` in
 *   lambda/shared/step.ts.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const PAGE = path.join(ROOT, 'docs', 'troubleshooting.md');
const LOG_SOURCE = path.join(ROOT, 'lambda', 'shared', 'step.ts');
/** The runtime of aws-cdk-lib's custom resource provider framework, whose messages users also see. */
const PROVIDER_FRAMEWORK = path.join(ROOT, 'node_modules', 'aws-cdk-lib', 'custom-resources', 'lib', 'provider-framework', 'runtime', 'framework.js');

/** Fewer quoted messages than this means the tables were lost, not that they are all right. */
const MIN_MESSAGES = 40;

/** The lines of a page, with their line numbers. */
function numberedLines(markdown: string): Array<{ line: number; text: string }> {
  return markdown.split('\n').map((text, i) => ({ line: i + 1, text }));
}

/** Cells of a Markdown table row; `\|` is a literal pipe. */
function cells(row: string): string[] {
  return row.trim().replace(/^\||\|$/g, '').split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

interface Table {
  readonly header: string[];
  readonly rows: Array<{ line: number; cells: string[] }>;
}

/** The tables of a page: a header row, a separator row, then body rows. */
function tables(lines: Array<{ line: number; text: string }>): Table[] {
  const found: Table[] = [];
  let current: Table | undefined;
  lines.forEach(({ line, text }, i) => {
    if (!text.trim().startsWith('|')) {
      current = undefined;
      return;
    }
    if (/^\|?\s*:?-{3,}/.test(text.trim())) return;
    if (!current) {
      const isHeader = /^\|?\s*:?-{3,}/.test(lines[i + 1]?.text.trim() ?? '');
      if (!isHeader) return;
      current = { header: cells(text), rows: [] };
      found.push(current);
      return;
    }
    current.rows.push({ line, cells: cells(text) });
  });
  return found;
}

function codeSpans(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The module constants a file declares (string or number literals), by name. */
function constantsOf(text: string): Map<string, string> {
  const constants = new Map<string, string>();
  for (const m of text.matchAll(/^(?:export )?const ([A-Z][A-Z0-9_]*) = (?:'([^'\\]*)'|(\d+));/gm)) {
    constants.set(m[1], m[2] ?? m[3]);
  }
  return constants;
}

/**
 * A file's text, plus the same text with `${CONSTANT}` replaced by the value of its module constants,
 * or of the rules module's (src/handler-contract/rules.ts), which both the constructs and the handlers import.
 */
function withConstantsExpanded(text: string): string[] {
  const constants = new Map([...RULES_CONSTANTS, ...constantsOf(text)]);
  const expanded = text.replace(/\$\{([A-Z][A-Z0-9_]*)\}/g, (whole, name: string) => constants.get(name) ?? whole);
  return expanded === text ? [text] : [text, expanded];
}

const RULES_CONSTANTS = constantsOf(fs.readFileSync(path.join(ROOT, 'src', 'handler-contract', 'rules.ts'), 'utf8'));
const sources: Array<{ file: string; text: string }> = [
  ...sourceFiles(path.join(ROOT, 'lambda')),
  ...sourceFiles(path.join(ROOT, 'src')),
].flatMap((file) => withConstantsExpanded(fs.readFileSync(file, 'utf8')).map((text) => ({ file, text })));
const frameworkSource = fs.readFileSync(PROVIDER_FRAMEWORK, 'utf8');

/** A quote of the page as a pattern over source text: literal text, and `<...>` for one template expression. */
function quotePattern(quote: string): RegExp {
  const parts = quote.split(/<[^<>]+>/).map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(parts.join('\\$\\{[^}]*\\}'));
}

/** Where a quoted message occurs in the code, or undefined. */
function findMessage(quote: string): string | undefined {
  const pattern = quotePattern(quote);
  const hit = sources.find(({ text }) => pattern.test(text));
  if (hit) return path.relative(ROOT, hit.file);
  return frameworkSource.includes(quote) ? path.relative(ROOT, PROVIDER_FRAMEWORK) : undefined;
}

const troubleshooting = numberedLines(fs.readFileSync(PAGE, 'utf8'));
const allTables = tables(troubleshooting);
const messageTables = allTables.filter((t) => t.header[0] === 'Message');
const fieldTables = allTables.filter((t) => t.header[0] === 'Field');

const quotedMessages = messageTables.flatMap((table) => table.rows.flatMap((row) => {
  const quotes = codeSpans(row.cells[0]);
  // A row without a quote would be a message nobody can check.
  return quotes.length > 0 ? quotes.map((quote) => ({ line: row.line, quote })) : [{ line: row.line, quote: '' }];
}));

describe('docs/troubleshooting.md', () => {
  test('the page has message tables and the log fields table', () => {
    expect(messageTables.length).toBeGreaterThanOrEqual(4);
    expect(fieldTables).toHaveLength(1);
  });

  test(`it quotes at least ${MIN_MESSAGES} messages`, () => {
    expect(quotedMessages.filter((m) => m.quote !== '').length).toBeGreaterThanOrEqual(MIN_MESSAGES);
  });

  test.each(quotedMessages.map((m) => [m.line, m.quote] as const))(
    'docs/troubleshooting.md:%i quotes a message the code produces: %s',
    (line, quote) => {
      expect({ line, quote, foundIn: quote === '' ? 'no quoted message in the first column' : findMessage(quote) ?? 'nowhere in lambda/** or src/**' })
        .toEqual({ line, quote, foundIn: expect.stringMatching(/\.(ts|js)$/) });
    },
  );

  test('the log fields table lists exactly the fields the handlers write', () => {
    const documented = fieldTables.flatMap((t) => t.rows.flatMap((row) => codeSpans(row.cells[0]))).sort();
    const logSource = fs.readFileSync(LOG_SOURCE, 'utf8');
    const stepLog = /export interface StepLog \{([\s\S]*?)\n\}/.exec(logSource);
    expect(stepLog).not.toBeNull();
    const written = [...stepLog![1].matchAll(/readonly (\w+)\??:/g)].map((m) => m[1]).sort();
    expect(written.length).toBeGreaterThan(0);
    expect(documented).toEqual(written);
  });
});

describe('the quote matcher', () => {
  test('a placeholder matches one template expression, and constants are read as their values', () => {
    expect(quotePattern('Package <id> is <status>').test('`Package ${id} is ${details.status}`')).toBe(true);
    expect(quotePattern('Package <id> is <status>').test('`Package ${id} was ${details.status}`')).toBe(false);
    const source = ['const MAX = 160;', 'const m = `at most ${MAX} characters`;'].join('\n');
    expect(withConstantsExpanded(source).some((t) => t.includes('at most 160 characters'))).toBe(true);
  });
});
