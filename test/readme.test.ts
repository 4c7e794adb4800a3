/**
 * The README's examples are part of the test suite:
 *
 * - every ```ts / ```typescript block is type-checked as its own module, in memory, against this
 *   repository's source (`'cdk-opensearch-packages'` resolves to src/index.ts, `aws-cdk-lib` and
 *   `constructs` to node_modules), with the project's strict compiler options;
 * - every ```python block is parsed by python3 when it is on PATH (a syntax check, with the block's
 *   line; python-bindings.test.ts checks the names and keywords against the generated bindings);
 * - other blocks (sh, json, text) are not checked;
 * - links inside the README point at headings and files that exist.
 *
 * A failing block names itself by its line in README.md, in the test name and in every diagnostic.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { codeBlocks, isPython, isTypeScript } from './readme-blocks';
import type { CodeBlock } from './readme-blocks';

const ROOT = path.join(__dirname, '..');
const README = path.join(ROOT, 'README.md');
const LIBRARY_ENTRY = path.join(ROOT, 'src', 'index.ts');

/** Fewer blocks than this means examples were lost, not that they all pass. */
const MIN_TYPESCRIPT_BLOCKS = 3;
const MIN_PYTHON_BLOCKS = 1;

/**
 * The prelude: names README fragments may use without declaring them, the way the
 * aws-cdk-lib docs assume a `stack` in scope. It is a global declaration file, so a block that
 * declares its own `stack` or `domain` shadows it. Keep it small: a block that reads well with
 * its own imports and declarations should have them.
 */
const PRELUDE = [
  "declare const stack: import('aws-cdk-lib').Stack;",
  "declare const domain: import('aws-cdk-lib/aws-opensearchservice').IDomain;",
  '',
].join('\n');
const PRELUDE_FILE = path.join(ROOT, 'readme-prelude.d.ts');

const markdown = fs.readFileSync(README, 'utf8');
const blocks = codeBlocks(markdown);
const typescriptBlocks = blocks.filter(isTypeScript);
const pythonBlocks = blocks.filter(isPython);

/** In-memory file name of a block; in the repository root so node_modules and package.json are found as for any file there. */
function blockFileName(block: CodeBlock): string {
  return path.join(ROOT, `readme-block-line-${block.fenceLine}.ts`);
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
    // The README documents the current source, not a published version.
    paths: { 'cdk-opensearch-packages': [LIBRARY_ENTRY] },
  };
}

/** One program over all blocks; built on first use and shared by the tests. */
let program: ts.Program | undefined;
function readmeProgram(): ts.Program {
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

function formatDiagnostic(diagnostic: ts.Diagnostic, block?: CodeBlock): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  if (block && diagnostic.file && diagnostic.start !== undefined) {
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    // Line 0 of the block is the line after the opening fence.
    return `README.md:${block.fenceLine + 1 + line}:${character + 1} TS${diagnostic.code}: ${message}`;
  }
  const where = diagnostic.file ? `${path.relative(ROOT, diagnostic.file.fileName)}: ` : '';
  return `${where}TS${diagnostic.code}: ${message}`;
}

/** Type-checking the first block pays for loading aws-cdk-lib's declarations. */
const COMPILE_TIMEOUT_MS = 120_000;

describe('README TypeScript examples', () => {
  test(`README.md has at least ${MIN_TYPESCRIPT_BLOCKS} TypeScript blocks`, () => {
    expect(typescriptBlocks.length).toBeGreaterThanOrEqual(MIN_TYPESCRIPT_BLOCKS);
  });

  test('the compiler setup reports no errors of its own, and the library resolves to src/index.ts', () => {
    const p = readmeProgram();
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
    test(`the \`\`\`ts block at README.md:${block.fenceLine} compiles against the current API`, () => {
      const p = readmeProgram();
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
  console.warn('python3 is not on PATH: the README Python blocks are not checked (skipped)');
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

describe('README Python examples (syntax only)', () => {
  test(`README.md has at least ${MIN_PYTHON_BLOCKS} Python block`, () => {
    expect(pythonBlocks.length).toBeGreaterThanOrEqual(MIN_PYTHON_BLOCKS);
  });

  for (const block of pythonBlocks) {
    (pythonAvailable ? test : test.skip)(`the \`\`\`python block at README.md:${block.fenceLine} parses`, () => {
      const result = spawnSync('python3', ['-c', PYTHON_PARSE], { input: block.code, encoding: 'utf8' });
      const problems: string[] = [];
      if (result.status !== 0) {
        const match = /^(\d+):(\S*): (.*)$/m.exec(result.stdout);
        problems.push(match
          ? `README.md:${block.fenceLine + Number(match[1])}:${match[2]} ${match[3]}`
          : `README.md:${block.fenceLine}: python3 failed: ${result.stdout}${result.stderr}`);
      }
      expect(problems).toEqual([]);
    });
  }
});

/** GitHub's heading anchors: lowercase, punctuation dropped, spaces to hyphens, repeats numbered. */
function headingAnchors(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let inFence = false;
  for (const line of text.split('\n')) {
    if (/^\s*(`{3,}|~{3,})/.test(line)) inFence = !inFence;
    const heading = !inFence && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const slug = heading[1].toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** Markdown links outside code: `[text](target)`, with their README line. */
function links(text: string): Array<{ line: number; target: string }> {
  const found: Array<{ line: number; target: string }> = [];
  let inFence = false;
  text.split('\n').forEach((line, index) => {
    if (/^\s*(`{3,}|~{3,})/.test(line)) inFence = !inFence;
    if (inFence) return;
    const withoutCode = line.replace(/`[^`]*`/g, '');
    for (const match of withoutCode.matchAll(/\]\(([^)\s]+)\)/g)) {
      found.push({ line: index + 1, target: match[1] });
    }
  });
  return found;
}

describe('README links', () => {
  test('in-page links point at headings, and relative links at files of the repository', () => {
    const anchors = headingAnchors(markdown);
    const broken = links(markdown)
      .filter(({ target }) => !/^[a-z]+:/i.test(target))
      .filter(({ target }) => {
        const [file, anchor] = target.split('#');
        if (file === '') return !anchors.has(anchor);
        return !fs.existsSync(path.join(ROOT, file));
      })
      .map(({ line, target }) => `README.md:${line}: ${target}`);
    expect(broken).toEqual([]);
  });
});
