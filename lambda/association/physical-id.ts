import { isDomainName, isPackageId } from '../../src/handler-contract/rules';

/** The pair an association is about; everything Delete needs to act. */
export interface DomainPackage {
  readonly domainName: string;
  readonly packageId: string;
}

/**
 * Physical ids look like `opensearch-package-association:<domain>:<packageId>`.
 * The prefix tells our ids apart from anything else CloudFormation may hand us on Delete
 * (the CDK provider framework's create-failed marker, a rollback of a failed create).
 */
const PREFIX = 'opensearch-package-association';
const SEPARATOR = ':';

export function formatPhysicalId(target: DomainPackage): string {
  return [PREFIX, target.domainName, target.packageId].join(SEPARATOR);
}

/** Returns the pair encoded in one of our physical ids, or undefined for anything else. */
export function parsePhysicalId(physicalId: unknown): DomainPackage | undefined {
  // CloudFormation sends strings, but a forged event may not: anything else is not ours.
  if (typeof physicalId !== 'string') {
    return undefined;
  }
  const parts = physicalId.split(SEPARATOR);
  if (parts.length !== 3) {
    return undefined;
  }
  const [prefix, domainName, packageId] = parts;
  if (prefix !== PREFIX || !isDomainName(domainName) || !isPackageId(packageId)) {
    return undefined;
  }
  return { domainName, packageId };
}

export function isSameDomainPackage(a: DomainPackage, b: DomainPackage): boolean {
  return a.domainName === b.domainName && a.packageId === b.packageId;
}
