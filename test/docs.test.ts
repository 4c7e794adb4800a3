/**
 * The documentation is part of the test suite. On every Markdown page of the repository (README.md,
 * CONTRIBUTING.md, docs/, bench/, local/; not the generated API.md):
 *
 * - every ```ts / ```typescript block is type-checked as its own module, in memory, against this
 *   repository's source (`'cdk-opensearch-packages'` resolves to src/index.ts, `aws-cdk-lib` and
 *   `constructs` to node_modules), with the project's strict compiler options;
 * - every ```python block is parsed by python3 when it is on PATH (a syntax check, with the block's
 *   line; python-bindings.test.ts checks the names and keywords against the generated bindings);
 * - other blocks (sh, json, text) are not checked;
 * - every relative link reaches a file of the repository, and its `#anchor` a heading of that page;
 * - a page over 100 lines has a `## Contents` list, before its other sections, that links every one of them.
 *
 * A failing block names itself by its page and line, in the test name and in every diagnostic.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { codeBlocks, contentsList, headings, isPython, isTypeScript, links, markdownPages, readPage, ROOT } from './markdown';
import type { CodeBlock } from './markdown';

const LIBRARY_ENTRY = path.join(ROOT, 'src', 'index.ts');

/**
 * The pages the documentation is made of, with the least each must keep: fewer TypeScript blocks or
 * lines than this means a page lost its content, not that what is left is right.
 */
const EXPECTED_PAGES: Record<string, { typescriptBlocks: number; lines: number }> = {
  'README.md': { typescriptBlocks: 3, lines: 150 },
  'CONTRIBUTING.md': { typescriptBlocks: 0, lines: 60 },
  'docs/deployment.md': { typescriptBlocks: 1, lines: 80 },
  'docs/plugins.md': { typescriptBlocks: 3, lines: 90 },
  'docs/python.md': { typescriptBlocks: 0, lines: 25 },
  'docs/troubleshooting.md': { typescriptBlocks: 1, lines: 100 },
  'bench/README.md': { typescriptBlocks: 0, lines: 35 },
};
const MIN_PYTHON_BLOCKS = 1;
/** The README is the library's page on npm and Construct Hub: what it is, how to start, and links. */
const README_MAX_LINES = 300;
/** A page longer than this opens with a contents list. */
const CONTENTS_FROM_LINES = 100;

interface PageBlock extends CodeBlock {
  readonly page: string;
}

const pages = markdownPages().map((page) => ({ page, text: readPage(page) }));
const blocks: PageBlock[] = pages.flatMap(({ page, text }) => codeBlocks(text, page).map((block) => ({ ...block, page })));
const typescriptBlocks = blocks.filter(isTypeScript);
const pythonBlocks = blocks.filter(isPython);

/**
 * The prelude: names fragments may use without declaring them, the way the aws-cdk-lib docs assume a
 * `stack` in scope. It is a global declaration file, so a block that declares its own `stack` or
 * `domain` shadows it. Keep it small: a block that reads well with its own imports and declarations
 * should have them.
 */
const PRELUDE = [
  "declare const stack: import('aws-cdk-lib').Stack;",
  "declare const domain: import('aws-cdk-lib/aws-opensearchservice').IDomain;",
  '',
].join('\n');
const PRELUDE_FILE = path.join(ROOT, 'docs-prelude.d.ts');

/** In-memory file name of a block; in the repository root so node_modules and package.json are found as for any file there. */
function blockFileName(block: PageBlock): string {
  return path.join(ROOT, `${block.page.replace(/[/.]/g, '-')}-block-line-${block.fenceLine}.ts`);
}

/** The project's compiler options (test/tsconfig.json, which extends tsconfig.json), adjusted for checking snippets. */
function compilerOptions(): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'test', 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error('cannot read test/tsconfig.json');
  return {
    ...parsed.options,
    noEmit: true,
    // What a user's app sees: Node.js types, not the test runner's or Lambda's.
    types: ['node'],
    // Each block is a module of its own, with or without imports.
    moduleDetection: ts.ModuleDetectionKind.Force,
    // The documentation describes the current source, not a published version.
    paths: { 'cdk-opensearch-packages': [LIBRARY_ENTRY] },
  };
}

/** One program over the blocks of every page; built on first use and shared by the tests. */
let program: ts.Program | undefined;
function docsProgram(): ts.Program {
  if (program) return program;
  const options = compilerOptions();
  const virtualFiles = new Map<string, string>([[PRELUDE_FILE, PRELUDE]]);
  for (const block of typescriptBlocks) virtualFiles.set(blockFileName(block), block.code);

  const host = ts.createCompilerHost(options, true);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = virtualFiles.get(path.resolve(fileName));
    return text !== undefined
      ? ts.createSourceFile(fileName, text, languageVersion, true)
      : getSourceFile(fileName, languageVersion, onError, shouldCreate);
  };
  host.fileExists = (fileName) => virtualFiles.has(path.resolve(fileName)) || fileExists(fileName);
  host.readFile = (fileName) => virtualFiles.get(path.resolve(fileName)) ?? readFile(fileName);

  program = ts.createProgram({ rootNames: [...virtualFiles.keys()], options, host });
  return program;
}

function formatDiagnostic(diagnostic: ts.Diagnostic, block?: PageBlock): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  if (block && diagnostic.file && diagnostic.start !== undefined) {
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    // Line 0 of the block is the line after the opening fence.
    return `${block.page}:${block.fenceLine + 1 + line}:${character + 1} TS${diagnostic.code}: ${message}`;
  }
  const where = diagnostic.file ? `${path.relative(ROOT, diagnostic.file.fileName)}: ` : '';
  return `${where}TS${diagnostic.code}: ${message}`;
}

/** Type-checking the first block pays for loading aws-cdk-lib's declarations. */
const COMPILE_TIMEOUT_MS = 120_000;

describe('the documentation pages', () => {
  test.each(Object.entries(EXPECTED_PAGES))('%s is there, with at least its share of lines and TypeScript blocks', (page, least) => {
    const found = pages.find((p) => p.page === page);
    expect(found).toBeDefined();
    expect({
      lines: found!.text.split('\n').length >= least.lines,
      typescriptBlocks: typescriptBlocks.filter((b) => b.page === page).length >= least.typescriptBlocks,
    }).toEqual({ lines: true, typescriptBlocks: true });
  });

  test(`README.md has at most ${README_MAX_LINES} lines`, () => {
    expect(readPage('README.md').split('\n').length).toBeLessThanOrEqual(README_MAX_LINES);
  });
});

describe('TypeScript examples', () => {
  test('the compiler setup reports no errors of its own, and the library resolves to src/index.ts', () => {
    const p = docsProgram();
    const prelude = p.getSourceFile(PRELUDE_FILE)!;
    const problems = [
      ...p.getOptionsDiagnostics(),
      ...p.getGlobalDiagnostics(),
      ...p.getSyntacticDiagnostics(prelude),
      ...p.getSemanticDiagnostics(prelude),
    ].map((d) => formatDiagnostic(d));
    expect(problems).toEqual([]);
    // At least one block imports the library, and the import reaches this repository's source.
    expect(typescriptBlocks.some((b) => /from 'cdk-opensearch-packages'/.test(b.code))).toBe(true);
    expect(p.getSourceFile(LIBRARY_ENTRY)).toBeDefined();
  }, COMPILE_TIMEOUT_MS);

  for (const block of typescriptBlocks) {
    test(`the \`\`\`ts block at ${block.page}:${block.fenceLine} compiles against the current API`, () => {
      const p = docsProgram();
      const sourceFile = p.getSourceFile(blockFileName(block))!;
      const problems = [...p.getSyntacticDiagnostics(sourceFile), ...p.getSemanticDiagnostics(sourceFile)]
        .map((d) => formatDiagnostic(d, block));
      expect(problems).toEqual([]);
    }, COMPILE_TIMEOUT_MS);
  }
});

/** Whether python3 can run here; without it the Python blocks are skipped, visibly. */
const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
const pythonAvailable = python.error === undefined && python.status === 0;
if (!pythonAvailable) {
  // eslint-disable-next-line no-console
  console.warn('python3 is not on PATH: the Python blocks of the documentation are not checked (skipped)');
}

/** Parses Python from stdin; on a syntax error prints `<line>:<col>: <message>` and exits 1. */
const PYTHON_PARSE = [
  'import ast, sys',
  'try:',
  '    ast.parse(sys.stdin.read())',
  'except SyntaxError as e:',
  '    print(f"{e.lineno}:{e.offset}: {e.msg}")',
  '    sys.exit(1)',
].join('\n');

describe('Python examples (syntax only)', () => {
  test(`the documentation has at least ${MIN_PYTHON_BLOCKS} Python block`, () => {
    expect(pythonBlocks.length).toBeGreaterThanOrEqual(MIN_PYTHON_BLOCKS);
  });

  for (const block of pythonBlocks) {
    (pythonAvailable ? test : test.skip)(`the \`\`\`python block at ${block.page}:${block.fenceLine} parses`, () => {
      const result = spawnSync('python3', ['-c', PYTHON_PARSE], { input: block.code, encoding: 'utf8' });
      const problems: string[] = [];
      if (result.status !== 0) {
        const match = /^(\d+):(\S*): (.*)$/m.exec(result.stdout);
        problems.push(match
          ? `${block.page}:${block.fenceLine + Number(match[1])}:${match[2]} ${match[3]}`
          : `${block.page}:${block.fenceLine}: python3 failed: ${result.stdout}${result.stderr}`);
      }
      expect(problems).toEqual([]);
    });
  }
});

/** The anchors of a Markdown page, read once. */
const anchorsByPage = new Map<string, Set<string>>();
function anchorsOf(page: string): Set<string> {
  let anchors = anchorsByPage.get(page);
  if (!anchors) {
    anchors = new Set(headings(readPage(page)).map((h) => h.anchor));
    anchorsByPage.set(page, anchors);
  }
  return anchors;
}

/** Why a relative link from `page` does not resolve, or undefined when it does. */
function brokenLink(page: string, target: string): string | undefined {
  const [file, anchor] = target.split('#');
  const linked = file === '' ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), file));
  if (linked.startsWith('..')) return 'points outside the repository';
  if (!fs.existsSync(path.join(ROOT, linked))) return 'no such file';
  if (anchor === undefined) return undefined;
  if (!linked.endsWith('.md')) return 'an anchor on a file that is not a Markdown page';
  return anchorsOf(linked).has(anchor) ? undefined : `no heading #${anchor} in ${linked}`;
}

describe('links', () => {
  test.each(pages.map(({ page }) => [page]))('the relative links of %s reach their files and headings', (page) => {
    const pageLinks = links(readPage(page)).filter(({ target }) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
    const broken = pageLinks
      .map(({ line, target }) => ({ line, target, why: brokenLink(page, target) }))
      .filter(({ why }) => why !== undefined)
      .map(({ line, target, why }) => `${page}:${line}: ${target}: ${why}`);
    expect(broken).toEqual([]);
  });

  test('the link check finds a missing file, a missing heading and a heading that exists', () => {
    expect(brokenLink('README.md', 'docs/no-such-page.md')).toBe('no such file');
    expect(brokenLink('README.md', '#no-such-heading')).toBe('no heading #no-such-heading in README.md');
    expect(brokenLink('docs/troubleshooting.md', '../README.md#quick-start')).toBeUndefined();
  });
});

describe('contents lists', () => {
  const longPages = pages.filter(({ text }) => text.split('\n').length > CONTENTS_FROM_LINES);

  test('the long pages are found', () => {
    expect(longPages.map(({ page }) => page)).toEqual(expect.arrayContaining(['README.md', 'docs/troubleshooting.md']));
  });

  test.each(longPages.map(({ page, text }) => [page, text]))(
    `%s (over ${CONTENTS_FROM_LINES} lines) opens with a contents list that links each of its sections`,
    (_page, text) => {
      const contents = contentsList(text);
      expect(contents).toBeDefined();
      const sections = headings(text).filter((h) => h.level === 2 && h.line !== contents!.heading.line);
      const listed = contents!.links.map(({ target }) => target);
      expect({
        contentsBeforeTheSections: sections.every((h) => h.line > contents!.heading.line),
        listed,
      }).toEqual({
        contentsBeforeTheSections: true,
        listed: sections.map((h) => `#${h.anchor}`),
      });
    },
  );
});
