/**
 * The Python form of the library, as jsii-pacmak generates it (sources only: building the wheel needs
 * PyPI packages this machine can't fetch, see docs/python.md). The Python example of docs/python.md is checked
 * against those bindings: the names it imports and the keyword arguments it passes must exist.
 */
import { execFileSync, spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { codeBlocks, isPython } from './markdown';

const ROOT = path.join(__dirname, '..');
const python = spawnSync('python3', ['--version']).status === 0 ? 'python3' : undefined;

let outdir: string;
let bindings: string;

beforeAll(() => {
  if (!existsSync(path.join(ROOT, '.jsii'))) {
    throw new Error('No .jsii assembly: run `npx projen compile` before this test');
  }
  outdir = mkdtempSync(path.join(tmpdir(), 'python-bindings-'));
  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'jsii-pacmak'), ['--target', 'python', '--code-only', '--outdir', outdir], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  bindings = path.join(outdir, 'python', 'src', 'cdk_opensearch_packages', '__init__.py');
}, 120_000);

afterAll(() => outdir && rmSync(outdir, { recursive: true, force: true }));

/** The Python blocks of docs/python.md, joined: they read as one example. */
function documentedPython(): string {
  return codeBlocks(readFileSync(path.join(ROOT, 'docs', 'python.md'), 'utf-8')).filter(isPython).map(block => block.code).join('\n');
}

function checkExample(source: string): { checked: string[]; problems: string[] } {
  const output = execFileSync(python!, [path.join(__dirname, 'python', 'check_example.py'), bindings], { input: source });
  return JSON.parse(output.toString());
}

const withPython = python ? test : test.skip;
if (!python) {
  // eslint-disable-next-line no-console
  console.warn('python3 is not on PATH: the Python binding checks are skipped');
}

describe('Python bindings', () => {
  test('jsii-pacmak generates the cdk_opensearch_packages module with every public class', () => {
    const source = readFileSync(bindings, 'utf-8');
    for (const name of ['PackageAssociation', 'CustomPackage', 'PackageSource', 'PackageType', 'PackageAssociationProps']) {
      expect(source).toMatch(new RegExp(`^class ${name}\\b`, 'm'));
    }
    // Props become keyword arguments in snake_case.
    expect(source).toMatch(/def __init__\([^)]*\*,[^)]*\bpackage_id: builtins\.str/s);
  });

  withPython('the generated module is valid Python', () => {
    const result = spawnSync(python!, ['-m', 'py_compile', bindings]);
    expect(result.stderr.toString()).toBe('');
    expect(result.status).toBe(0);
  });

  withPython('the Python example of docs/python.md uses only names and keywords the bindings define', () => {
    const example = documentedPython();
    expect(example).toContain('cdk_opensearch_packages');
    const { checked, problems } = checkExample(example);
    expect(problems).toEqual([]);
    // Every construct, static method and method call of the example was checked, not just some.
    expect(new Set(checked)).toEqual(new Set(['PackageAssociation()', 'CustomPackage()', 'PackageSource.from_asset()', '.associate_with()']));
  });

  withPython('a wrong keyword in an example is caught', () => {
    const { problems } = checkExample([
      'from cdk_opensearch_packages import PackageAssociation, Missing',
      'PackageAssociation(self, "Synonyms", domain=domain, packageId="F1")',
    ].join('\n'));
    expect(problems).toEqual([
      'line 1: cdk_opensearch_packages has no Missing',
      'line 2: PackageAssociation() has no parameter packageId',
    ]);
  });
});
