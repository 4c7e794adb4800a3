import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { ProgressDisplay } from './progress';
import { bootstrapEnvironment, LocalStackDeployment, readStack, StackArtifact } from '../local/deploy';
import { analysisFileSettings, Emulator, startEmulator } from '../local/emulator';

/**
 * `npm run demo`: synthesizes examples/app.ts with the cdk CLI and deploys it to the embedded OpenSearch
 * Service package API emulator with the very handler bundles in the cloud assembly. The stack creates a
 * package from examples/synonyms.txt, associates it with the domain and puts the `products` index template
 * that reads it on the domain (the emulator's HTTPS domain endpoint); the demo prints the outputs and the
 * template, then edits the dictionary and deploys again to show the new version rolled out, and finally
 * destroys the stack and shows the template removed and the package dissociated and deleted.
 * Exits non-zero on any failure.
 */

const ROOT = path.join(__dirname, '..');
const ASSEMBLY = path.join(ROOT, 'cdk.out');
const STACK = 'ProductSearch';
const DOMAIN = 'product-search';
const PACKAGE_NAME = 'product-synonyms';
const TEMPLATE = 'products';

// Real associations take minutes; the emulator takes seconds and the waiter polls every second.
const ASSOCIATE_MS = 3000;
const POLL_MS = 1000;

async function main(): Promise<void> {
  const emulator = await startEmulator({
    associateDelayMs: ASSOCIATE_MS,
    dissociateDelayMs: 2000,
    packageCopyDelayMs: 500,
    packageValidateDelayMs: 1000,
    domainEndpoints: true, // the index template is put on the domain's HTTPS endpoint
  });
  emulator.addDomain(DOMAIN, { engineVersion: 'OpenSearch_2.19' });
  // As plain `cdk bootstrap` leaves an account: the asset bucket encrypts with SSE-KMS.
  await bootstrapEnvironment(emulator.env());
  step(`OpenSearch Service package API emulator at ${emulator.endpoint}, with the domain ${DOMAIN} at https://${emulator.domainEndpoint(DOMAIN)}`);

  const progress = new ProgressDisplay();
  const deployment = new LocalStackDeployment(STACK, {
    environment: emulator.env(),
    domainEndpoint: (domainName) => emulator.domainEndpoint(domainName),
    queryIntervalMs: POLL_MS,
    onEvent: progress.onEvent,
  });
  const scratch = mkdtempSync(path.join(tmpdir(), 'demo-'));
  try {
    await deploy(deployment, progress, synthesize(), `Deploying ${STACK} (associations take ${ASSOCIATE_MS / 1000} s here, minutes on AWS)`);
    const v1 = showAssociation(emulator);
    showStaging(emulator);
    showIndexTemplate(emulator, v1.referencePath);

    const edited = path.join(scratch, 'synonyms.txt');
    writeFileSync(edited, `${readFileSync(path.join(ROOT, 'examples', 'synonyms.txt'), 'utf-8')}headphones, earphones, earbuds\n`);
    step('Adding "headphones, earphones, earbuds" to the dictionary');
    await deploy(deployment, progress, synthesize(edited), `Updating ${STACK}: new package version, associated again`);
    const v2 = showAssociation(emulator);
    if (v2.version === v1.version) throw new Error(`the domain still runs ${v1.version} after the update`);
    showIndexTemplate(emulator, v2.referencePath);
    const history = emulator.packageDetails(v2.packageId);
    step(`${PACKAGE_NAME} went from ${v1.version} to ${v2.version}; its available version is ${history?.AvailablePackageVersion}`);

    progress.start(`Destroying ${STACK}`);
    const destroyStarted = Date.now();
    await deployment.destroy().finally(() => progress.stop());
    if (emulator.indexTemplate(DOMAIN, TEMPLATE)) throw new Error(`the index template ${TEMPLATE} is still on ${DOMAIN} after destroy`);
    const left = emulator.association(DOMAIN, v2.packageId);
    if (left) throw new Error(`${v2.packageId} is still ${left.DomainPackageStatus} on ${DOMAIN} after destroy`);
    if (emulator.packageDetails(v2.packageId)) throw new Error(`${PACKAGE_NAME} still exists after destroy`);
    step(`${STACK} destroyed in ${seconds(destroyStarted)}: ${DOMAIN} has no index template ${TEMPLATE} and no longer lists ${v2.packageId}, and the package is deleted.`);
    step(`API calls the handlers made: ${JSON.stringify(emulator.callCounts())}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    await deployment.close();
    await emulator.stop();
  }
}

/** Runs `cdk synth` on the example app, optionally with another dictionary file. */
function synthesize(synonymsFile?: string): StackArtifact {
  step(`Synthesizing examples/app.ts with the cdk CLI${synonymsFile ? ' (edited dictionary)' : ''}`);
  execFileSync('npx', ['cdk', 'synth', '--quiet', '--no-notices', '--output', ASSEMBLY,
    '--app', 'npx ts-node --prefer-ts-exts --project examples/tsconfig.json examples/app.ts'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', ...(synonymsFile ? { SYNONYMS_FILE: synonymsFile } : {}) },
  });
  return readStack(ASSEMBLY, STACK);
}

async function deploy(deployment: LocalStackDeployment, progress: ProgressDisplay, stack: StackArtifact, title: string): Promise<void> {
  progress.start(title);
  const started = Date.now();
  const outputs = await deployment.deploy(stack).finally(() => progress.stop());
  step(`${STACK} deployed in ${seconds(started)}. Outputs:`);
  for (const [name, value] of Object.entries(outputs)) console.log(`  ${name} = ${value}`);
}

/** What the emulated domain itself says about the dictionary. */
function showAssociation(emulator: Emulator): { packageId: string; version: string; referencePath: string } {
  const association = emulator.packagesForDomain(DOMAIN).find((details) => details.PackageName === PACKAGE_NAME);
  if (association?.DomainPackageStatus !== 'ACTIVE') {
    throw new Error(`the emulator does not show ${PACKAGE_NAME} ACTIVE on ${DOMAIN}`);
  }
  step(`The domain lists ${PACKAGE_NAME} (${association.PackageID}) as ${association.DomainPackageStatus}, version ${association.PackageVersion}, at ${association.ReferencePath}`);
  return { packageId: association.PackageID!, version: association.PackageVersion!, referencePath: association.ReferencePath! };
}

/** Where the handler staged the file for the service (the asset itself is SSE-KMS), and that the copy is gone. */
function showStaging(emulator: Emulator): void {
  const [copy] = emulator.callsTo('CopyObject');
  if (!copy) throw new Error('the handler staged no file');
  const { Bucket: bucket, Key: key } = copy.pathParams;
  const source = String((copy.body as { CopySource?: string }).CopySource);
  const sourceEncryption = emulator.s3.getObject(source.split('/')[0], source.split('/').slice(1).join('/')).encryption.algorithm;
  const removed = emulator.callsTo('DeleteObject').some((call) => call.pathParams.Bucket === bucket && call.pathParams.Key === key);
  if (!removed || emulator.s3.listObjects(bucket).length > 0) throw new Error(`the staged copy s3://${bucket}/${key} was not removed`);
  step(`The file (s3://${source}, ${sourceEncryption}) was staged for the service at s3://${bucket}/${key} (AES256); the staged copy was removed once the package was AVAILABLE`);
}

/** The index template the domain holds, and proof that it reads the dictionary the domain runs. */
function showIndexTemplate(emulator: Emulator, referencePath: string): void {
  const template = emulator.indexTemplate(DOMAIN, TEMPLATE);
  if (!template) throw new Error(`${DOMAIN} has no index template ${TEMPLATE}`);
  const settings = (template.template as { settings?: unknown } | undefined)?.settings;
  const synonyms = analysisFileSettings(settings).find((entry) => entry.setting.endsWith('.synonyms_path'));
  if (synonyms?.value !== referencePath) {
    throw new Error(`the index template ${TEMPLATE} reads ${synonyms?.value ?? 'no synonyms file'}, not the package at ${referencePath}`);
  }
  step(`The domain holds the index template ${TEMPLATE} for ${JSON.stringify(template.index_patterns)}: ${synonyms.setting} = ${synonyms.value}, the ACTIVE package`);
}

function step(message: string): void {
  console.log(`\n==> ${message}`);
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

main().catch((error) => {
  console.error(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
