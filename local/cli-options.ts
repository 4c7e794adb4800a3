/** The emulator CLI's command line (cli.ts), parsed into emulator options and what to seed. */
import { parseArgs } from 'node:util';
import type { EmulatorOptions } from './emulator';

export const USAGE = `Usage: cli.ts [options]
  --port N                      TCP port on 127.0.0.1 (default 4566; 0 picks a free one)
  --domain NAME[:ENGINE]        seed a domain, e.g. my-domain:OpenSearch_2.19 (repeatable); also serves
                                the domains' HTTPS endpoints (index templates; needs openssl)
  --package ID:NAME[:TYPE]      seed an AVAILABLE package, e.g. F123456789:synonyms (repeatable)
  --associate DOMAIN:ID         seed an ACTIVE association (repeatable)
  --associate-delay-ms N        time an association stays ASSOCIATING (default 200)
  --dissociate-delay-ms N       time a dissociation stays DISSOCIATING (default 200)
  --package-copy-delay-ms N     time a new package version stays COPYING (default 50)
  --package-validate-delay-ms N time a new package version stays VALIDATING (default 100)
  --package-delete-delay-ms N   time a deleted package stays DELETING (default 200)
  --page-cap N                  largest page any list returns (default 100)
  --quiet                       do not log requests
  --help                        show this help`;

/** What the command line asks for. */
export interface CliOptions {
  readonly help: boolean;
  readonly quiet: boolean;
  readonly emulator: EmulatorOptions;
  readonly domains: ReadonlyArray<{ readonly name: string; readonly engineVersion?: string }>;
  readonly packages: ReadonlyArray<{ readonly packageId: string; readonly packageName: string; readonly packageType?: string }>;
  readonly associations: ReadonlyArray<{ readonly domainName: string; readonly packageId: string }>;
}

/** A deleted package stays DELETING this long by default, so a poller (or a person) can see it. */
const DEFAULT_PACKAGE_DELETE_DELAY_MS = 200;

/** Parses the arguments (without the node and script paths). */
export function parseCliOptions(args: readonly string[]): CliOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      'port': { type: 'string', default: '4566' },
      'domain': { type: 'string', multiple: true, default: [] },
      'package': { type: 'string', multiple: true, default: [] },
      'associate': { type: 'string', multiple: true, default: [] },
      'associate-delay-ms': { type: 'string' },
      'dissociate-delay-ms': { type: 'string' },
      'package-copy-delay-ms': { type: 'string' },
      'package-validate-delay-ms': { type: 'string' },
      'package-delete-delay-ms': { type: 'string' },
      'page-cap': { type: 'string' },
      'quiet': { type: 'boolean', default: false },
      'help': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const packages = values.package.map((spec) => {
    const [packageId, packageName, packageType] = spec.split(':');
    if (!packageName) throw new Error(`--package ${spec}: expected ID:NAME[:TYPE]`);
    return { packageId, packageName, packageType };
  });
  return {
    help: values.help,
    quiet: values.quiet,
    emulator: {
      port: toInt('--port', values.port),
      associateDelayMs: toInt('--associate-delay-ms', values['associate-delay-ms']),
      dissociateDelayMs: toInt('--dissociate-delay-ms', values['dissociate-delay-ms']),
      packageCopyDelayMs: toInt('--package-copy-delay-ms', values['package-copy-delay-ms']),
      packageValidateDelayMs: toInt('--package-validate-delay-ms', values['package-validate-delay-ms']),
      packageDeleteDelayMs: toInt('--package-delete-delay-ms', values['package-delete-delay-ms']) ?? DEFAULT_PACKAGE_DELETE_DELAY_MS,
      listPageCap: toInt('--page-cap', values['page-cap']),
      // Only domains have endpoints: without one there is nothing to serve, and no need for openssl.
      domainEndpoints: values.domain.length > 0,
    },
    domains: values.domain.map((spec) => {
      const [name, engineVersion] = spec.split(':');
      return { name, engineVersion };
    }),
    packages,
    associations: values.associate.map((spec) => {
      const [domainName, packageId] = spec.split(':');
      return { domainName, packageId };
    }),
  };
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
