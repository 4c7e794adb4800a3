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
import { parseArgs } from 'node:util';
import { CallRecord, startEmulator } from './emulator';
import { checkPackageType } from './emulator/validation';

const USAGE = `Usage: cli.ts [options]
  --port N                    TCP port on 127.0.0.1 (default 4566; 0 picks a free one)
  --domain NAME[:ENGINE]      seed a domain, e.g. my-domain:OpenSearch_2.19 (repeatable); also serves
                              the domains' HTTPS endpoints (index templates; needs openssl)
  --package ID:NAME[:TYPE]    seed an AVAILABLE package, e.g. F123456789:synonyms (repeatable)
  --associate DOMAIN:ID       seed an ACTIVE association (repeatable)
  --associate-delay-ms N      time an association stays ASSOCIATING (default 200)
  --dissociate-delay-ms N     time a dissociation stays DISSOCIATING (default 200)
  --page-cap N                largest page any list returns (default 100)
  --quiet                     do not log requests
  --help                      show this help`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'port': { type: 'string', default: '4566' },
      'domain': { type: 'string', multiple: true, default: [] },
      'package': { type: 'string', multiple: true, default: [] },
      'associate': { type: 'string', multiple: true, default: [] },
      'associate-delay-ms': { type: 'string' },
      'dissociate-delay-ms': { type: 'string' },
      'page-cap': { type: 'string' },
      'quiet': { type: 'boolean', default: false },
      'help': { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }

  const emulator = await startEmulator({
    port: toInt('--port', values.port),
    associateDelayMs: toInt('--associate-delay-ms', values['associate-delay-ms']),
    dissociateDelayMs: toInt('--dissociate-delay-ms', values['dissociate-delay-ms']),
    listPageCap: toInt('--page-cap', values['page-cap']),
    // Only domains have endpoints: without one there is nothing to serve, and no need for openssl.
    domainEndpoints: values.domain.length > 0,
    onCall: values.quiet ? undefined : printCall,
  });
  try {
    for (const spec of values.domain) {
      const [name, engineVersion] = spec.split(':');
      emulator.addDomain(name, { engineVersion });
    }
    for (const spec of values.package) {
      const [packageId, packageName, type] = spec.split(':');
      if (!packageName) {
        throw new Error(`--package ${spec}: expected ID:NAME[:TYPE]`);
      }
      emulator.addPackage({ packageId, packageName, packageType: type === undefined ? undefined : checkPackageType(type) });
    }
    for (const spec of values.associate) {
      const [domainName, packageId] = spec.split(':');
      emulator.addAssociation({ domainName, packageId });
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
  for (const name of values.domain.map((spec) => spec.split(':')[0])) {
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

function toInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new Error(`${flag} expects a non-negative integer, got ${value}`);
  }
  return n;
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
