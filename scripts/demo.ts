import { execFileSync } from 'child_process';
import * as path from 'path';
import { ProgressDisplay } from './progress';
import { startEmulator } from '../test/emulator';
import { LocalStackDeployment, readStack } from '../test/local-deploy';

/**
 * `npm run demo`: synthesizes examples/app.ts with the cdk CLI, deploys the stack to the embedded
 * OpenSearch Service package API emulator with the very handler bundles in the cloud assembly, prints the
 * stack outputs, then destroys the stack and shows the package dissociated. Exits non-zero on any failure.
 */

const ROOT = path.join(__dirname, '..');
const ASSEMBLY = path.join(ROOT, 'cdk.out');
const STACK = 'ProductSearch';
const DOMAIN = 'product-search';
const PACKAGE_ID = 'F111111111';

// Real associations take minutes; the emulator takes seconds and the waiter polls every second.
const ASSOCIATE_MS = 3000;
const DISSOCIATE_MS = 2000;
const POLL_MS = 1000;

async function main(): Promise<void> {
  step(`Synthesizing examples/app.ts with the cdk CLI into ${path.relative(ROOT, ASSEMBLY)}/`);
  execFileSync('npx', ['cdk', 'synth', '--quiet', '--no-notices', '--output', ASSEMBLY,
    '--app', 'npx ts-node --prefer-ts-exts --project examples/tsconfig.json examples/app.ts'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, SYNONYMS_PACKAGE_ID: PACKAGE_ID, CDK_DISABLE_CLI_TELEMETRY: 'true' },
  });
  const stack = readStack(ASSEMBLY, STACK);

  const emulator = await startEmulator({ associateDelayMs: ASSOCIATE_MS, dissociateDelayMs: DISSOCIATE_MS });
  emulator.addDomain(DOMAIN, { engineVersion: 'OpenSearch_2.19' });
  emulator.addPackage({ packageId: PACKAGE_ID, packageName: 'product-synonyms', packageType: 'TXT-DICTIONARY' });
  step(`OpenSearch Service package API emulator at ${emulator.endpoint}: domain ${DOMAIN}, package ${PACKAGE_ID} (product-synonyms)`);

  const progress = new ProgressDisplay();
  const deployment = new LocalStackDeployment(STACK, { environment: emulator.env(), queryIntervalMs: POLL_MS, onEvent: progress.onEvent });
  try {
    progress.start(`Deploying ${STACK} (associations take ${ASSOCIATE_MS / 1000} s here, minutes on AWS)`);
    const started = Date.now();
    const outputs = await deployment.deploy(stack).finally(() => progress.stop());
    step(`${STACK} deployed in ${seconds(started)}. Outputs:`);
    for (const [name, value] of Object.entries(outputs)) console.log(`  ${name} = ${value}`);

    const association = emulator.association(DOMAIN, PACKAGE_ID);
    if (association?.DomainPackageStatus !== 'ACTIVE' || outputs.SynonymsReferencePath !== association.ReferencePath) {
      throw new Error(`the emulator does not show ${PACKAGE_ID} ACTIVE on ${DOMAIN} at ${outputs.SynonymsReferencePath}`);
    }
    step(`The domain lists ${PACKAGE_ID} as ${association.DomainPackageStatus}, version ${association.PackageVersion}, at ${association.ReferencePath}`);

    progress.start(`Destroying ${STACK}`);
    const destroyStarted = Date.now();
    await deployment.destroy().finally(() => progress.stop());
    const left = emulator.association(DOMAIN, PACKAGE_ID);
    if (left) throw new Error(`${PACKAGE_ID} is still ${left.DomainPackageStatus} on ${DOMAIN} after destroy`);
    step(`${STACK} destroyed in ${seconds(destroyStarted)}; ${DOMAIN} no longer lists ${PACKAGE_ID}.`);
    step(`API calls the handlers made: ${JSON.stringify(emulator.callCounts())}`);
  } finally {
    await deployment.close();
    await emulator.stop();
  }
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
