/**
 * The release (docs/releasing.md): the GitHub workflows projen generates pass actionlint and hold the
 * triggers, jobs and steps the release relies on, and the first version is 0.1.0.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { parse } from 'yaml';

const ROOT = path.join(__dirname, '..');
const WORKFLOWS = path.join(ROOT, '.github', 'workflows');
const ACTIONLINT = path.join(ROOT, 'node_modules', '@tktco', 'node-actionlint', 'bin', 'node-actionlint.js');

interface Step {
  readonly name?: string;
  readonly run?: string;
  readonly uses?: string;
  readonly env?: Record<string, string>;
  readonly with?: Record<string, unknown>;
}
interface Job { readonly needs?: string | string[]; readonly if?: string; readonly steps: Step[]; readonly permissions?: Record<string, string> }
interface Workflow { readonly on: Record<string, any>; readonly jobs: Record<string, Job> }

function workflow(name: string): Workflow {
  return parse(readFileSync(path.join(WORKFLOWS, `${name}.yml`), 'utf-8'));
}

function runs(job: Job): string[] {
  return job.steps.map(step => step.run ?? '');
}

function actionlint(pattern: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [ACTIONLINT, pattern], { encoding: 'utf-8', timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('actionlint', () => {
  test('finds nothing in the generated workflows', () => {
    const files = readdirSync(WORKFLOWS).filter(f => f.endsWith('.yml'));
    expect(files.sort()).toEqual(['build.yml', 'pull-request-lint.yml', 'release.yml', 'upgrade-main.yml']);
    const { status, output } = actionlint(path.join(WORKFLOWS, '*.yml'));
    expect(output).toContain(`Checking ${files.length} workflow file(s)`);
    expect({ status, output }).toEqual({ status: 0, output: expect.stringContaining('passed lint checks') });
  });

  test('reports a broken workflow', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'workflows-'));
    try {
      writeFileSync(path.join(dir, 'broken.yml'), [
        'on: { push: {} }',
        'jobs:',
        '  build:',
        '    runs-on: ubuntu-latest',
        '    needs: nothere',
        '    steps:',
        '      - run: echo hi',
      ].join('\n'));
      const { status, output } = actionlint(path.join(dir, '*.yml'));
      expect(status).toBe(1);
      expect(output).toContain('needs job "nothere" which does not exist');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('build workflow', () => {
  const build = workflow('build');

  test('runs on pull requests: build, packed-library check, then the self-mutation check', () => {
    expect(Object.keys(build.on)).toContain('pull_request');
    const steps = runs(build.jobs.build);
    const order = ['npx projen build', 'npx projen check:packed', 'git diff --staged --patch --exit-code']
      .map(command => steps.findIndex(run => run.includes(command)));
    expect(order.every(index => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(build.jobs.build.steps.some(step => step.name === 'Fail build on mutation' && step.run?.includes('exit 1'))).toBe(true);
  });

  test.each(['js', 'java', 'python'])('packages %s in its own job after the build', (language) => {
    const job = build.jobs[`package-${language}`];
    expect(job.needs).toBe('build');
    expect(runs(job)).toContain(`cd .repo && npx projen package:${language}`);
  });
});

describe('release workflow', () => {
  const release = workflow('release');

  test('runs on every push to main, with the whole history for the version', () => {
    expect(release.on.push.branches).toEqual(['main']);
    const job = release.jobs.release;
    expect(job.steps.find(step => step.uses?.startsWith('actions/checkout'))?.with?.['fetch-depth']).toBe(0);
    expect(runs(job)).toContain('npx projen release');
  });

  test.each([
    ['release_npm', 'js', 'publib-npm', ['NPM_TOKEN']],
    ['release_pypi', 'python', 'publib-pypi', ['TWINE_USERNAME', 'TWINE_PASSWORD']],
    ['release_maven', 'java', 'publib-maven', ['MAVEN_USERNAME', 'MAVEN_PASSWORD', 'MAVEN_GPG_PRIVATE_KEY', 'MAVEN_GPG_PRIVATE_KEY_PASSPHRASE']],
  ])('%s packages %s from the release build and publishes it with its secrets', (jobName, language, publisher, secrets) => {
    const job = release.jobs[jobName];
    expect(job.needs).toBe('release');
    expect(job.if).toContain("needs.release.outputs.tag_exists != 'true'");
    expect(runs(job)).toContain(`cd .repo && npx projen package:${language}`);
    const publish = job.steps.find(step => step.run?.includes(publisher));
    expect(publish).toBeDefined();
    for (const secret of secrets) {
      expect(publish!.env?.[secret]).toBe(`\${{ secrets.${secret} }}`);
    }
  });

  test('makes the GitHub release with the changelog once every registry has the version', () => {
    const job = release.jobs.release_github;
    expect([job.needs].flat().sort()).toEqual(['release', 'release_maven', 'release_npm', 'release_pypi']);
    expect(runs(job).join('\n')).toContain('gh release create "$tag" -R "$GITHUB_REPOSITORY" -F "$CHANGELOG_FILE"');
  });
});

test('the upgrade workflow opens a pull request with upgraded dependencies every week', () => {
  const upgrade = workflow('upgrade-main');
  expect(upgrade.on.schedule).toEqual([{ cron: '0 0 * * 1' }]);
  expect(runs(upgrade.jobs.upgrade)).toContain('npx projen upgrade');
  expect(upgrade.jobs.pr.needs).toBe('upgrade');
});

describe('the next version', () => {
  /** What projen's bump task hears from bump:next-version: empty means "from the commits". */
  function nextVersion(latestTag: string): string {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'projen', 'bin', 'projen'), 'bump:next-version'], {
      cwd: ROOT,
      encoding: 'utf-8',
      env: { ...process.env, LATEST_TAG: latestTag },
      timeout: 60_000,
    });
    expect(result.status).toBe(0);
    return result.stdout.trim();
  }

  test('is 0.1.0 while the repository has no release tag', () => {
    expect(nextVersion('')).toBe('0.1.0');
  });

  test('comes from the commits once a release is tagged', () => {
    expect(nextVersion('v0.1.0')).toBe('');
  });
});

test('every secret a workflow reads is named in docs/releasing.md', () => {
  const docs = readFileSync(path.join(ROOT, 'docs', 'releasing.md'), 'utf-8');
  const secrets = new Set<string>();
  for (const file of readdirSync(WORKFLOWS)) {
    for (const match of readFileSync(path.join(WORKFLOWS, file), 'utf-8').matchAll(/secrets\.([A-Z0-9_]+)/g)) {
      secrets.add(match[1]);
    }
  }
  secrets.delete('GITHUB_TOKEN');
  expect(secrets.size).toBeGreaterThan(5);
  expect([...secrets].filter(secret => !docs.includes(`\`${secret}\``))).toEqual([]);
});
