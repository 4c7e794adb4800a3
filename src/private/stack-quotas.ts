import { Annotations, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Per-stack bookkeeping of what the service would refuse at deploy time, checked at synth:
 * one association per domain and package, at most 20 packages per domain, and (a warning) at most
 * 25 custom packages per Region.
 * Quotas: https://docs.aws.amazon.com/opensearch-service/latest/developerguide/limits.html
 *
 * Values are compared as strings: two equal strings are the same value even when they are tokens
 * (one attribute of one resource), while different tokens can't be compared and are counted apart.
 */

/** Packages per domain; AWS documents it as a quota that can't be raised. */
export const MAX_PACKAGES_PER_DOMAIN = 20;
/** Custom packages per Region (all stacks of the account count, this check sees only one stack). */
export const MAX_PACKAGES_PER_REGION = 25;
/** Id of the package-quota warning, for `Annotations.of(scope).acknowledgeWarning(...)`. */
export const PACKAGES_PER_REGION_WARNING = 'cdk-opensearch-packages:packagesPerRegion';

interface StackRecord {
  /** Construct path of the association of each domain-and-package pair. */
  readonly pairs: Map<string, string>;
  /** Package ids associated with each domain. */
  readonly packagesByDomain: Map<string, Set<string>>;
  packagesCreated: number;
}

const records = new WeakMap<Stack, StackRecord>();

function recordOf(scope: IConstruct): StackRecord {
  const stack = Stack.of(scope);
  let record = records.get(stack);
  if (!record) {
    record = { pairs: new Map(), packagesByDomain: new Map(), packagesCreated: 0 };
    records.set(stack, record);
  }
  return record;
}

/** How a message names a value: itself, or what it stands for when it is a token. */
function shown(value: string, what: string): string {
  return Token.isUnresolved(value) ? `the same ${what} (a deploy-time value)` : value;
}

/** Records an association; throws when the stack already associates this package with this domain, or the domain's quota is exceeded. */
export function registerAssociation(association: IConstruct, domainName: string, packageId: string): void {
  const record = recordOf(association);
  const pair = JSON.stringify([domainName, packageId]);
  const first = record.pairs.get(pair);
  const pkg = shown(packageId, 'package');
  const domain = shown(domainName, 'domain');
  if (first !== undefined) {
    throw new Error(`${association.node.path}: package ${pkg} is already associated with domain ${domain} by ${first} in this stack. `
      + 'Both would share one association, and removing either would dissociate it from under the other: '
      + 'associate a package with a domain once per stack');
  }
  const packages = record.packagesByDomain.get(domainName) ?? new Set<string>();
  packages.add(packageId);
  if (packages.size > MAX_PACKAGES_PER_DOMAIN) {
    throw new Error(`${association.node.path}: this stack associates ${packages.size} packages with domain ${domain}, `
      + `over the OpenSearch Service quota of ${MAX_PACKAGES_PER_DOMAIN} packages per domain, which can't be raised`);
  }
  record.pairs.set(pair, association.node.path);
  record.packagesByDomain.set(domainName, packages);
}

/** Records a package the stack creates; warns once the stack creates more than the Region's quota. */
export function registerCreatedPackage(pkg: IConstruct): void {
  const record = recordOf(pkg);
  record.packagesCreated += 1;
  if (record.packagesCreated === MAX_PACKAGES_PER_REGION + 1) {
    Annotations.of(pkg).addWarningV2(PACKAGES_PER_REGION_WARNING, `This stack creates more than ${MAX_PACKAGES_PER_REGION} `
      + `CustomPackages, the OpenSearch Service quota of custom packages per Region (default ${MAX_PACKAGES_PER_REGION}): `
      + 'the deployment fails unless the quota was raised for this account');
  }
}
