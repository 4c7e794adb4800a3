/**
 * Runs the emulator as a standalone process, for demos and manual poking with the AWS CLI:
 *
 *   npx ts-node --project local/tsconfig.json local/cli.ts --port 4566 \
 *     --domain my-domain --package F123456789:synonyms
 *
 * Prints the endpoint and the environment variables to export, logs one line per request, and runs until
 * SIGINT/SIGTERM. With at least one --domain it also serves the domains' HTTPS endpoints (index templates),
 * whose certificate needs the `openssl` CLI; NODE_EXTRA_CA_CERTS in the printed variables makes Node.js
 * trust it.
 */
import { parseCliOptions, USAGE } from './cli-options';
import { CallRecord, startEmulator } from './emulator';
import { checkPackageType } from './emulator/api/validation';

async function main(): Promise<void> {
  const options = parseCliOptions(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return;
  }

  const emulator = await startEmulator({ ...options.emulator, onCall: options.quiet ? undefined : printCall });
  try {
    for (const { name, engineVersion } of options.domains) {
      emulator.addDomain(name, { engineVersion });
    }
    for (const { packageId, packageName, packageType } of options.packages) {
      emulator.addPackage({ packageId, packageName, packageType: packageType === undefined ? undefined : checkPackageType(packageType) });
    }
    for (const association of options.associations) {
      emulator.addAssociation(association);
    }
  } catch (err) {
    await emulator.stop();
    throw err;
  }

  console.log(`OpenSearch package API emulator listening on ${emulator.endpoint}`);
  console.log('Point the AWS SDK / CLI at it with:');
  for (const [name, value] of Object.entries(emulator.env())) {
    console.log(`  export ${name}=${value}`);
  }
  console.log(`  (or: aws opensearch list-packages-for-domain --domain-name NAME --endpoint-url ${emulator.endpoint})`);
  for (const { name } of options.domains) {
    console.log(`Domain ${name}: index templates at https://${emulator.domainEndpoint(name)}/_index_template/<name> (SigV4, service es)`);
  }
  console.log('Press Ctrl+C to stop.');

  await new Promise<void>(resolve => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await emulator.stop();
  console.log('Emulator stopped.');
}

function printCall(call: CallRecord): void {
  const target = Object.values(call.pathParams).join(' ');
  const outcome = call.errorType ? `${call.status} ${call.errorType}${call.injected ? ' (injected)' : ''}: ${call.errorMessage}` : `${call.status}`;
  console.log(`${new Date(call.time).toISOString()} ${call.operation} ${target} -> ${outcome}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
