import { isDomainName, isPackageId } from '../../src/private/rules';

/** What a batch association is about: a domain and its packages, the plugin first. */
export interface DomainBatch {
  readonly domainName: string;
  /** The plugin's id, then its license and configuration packages' ids, in batch order. */
  readonly packageIds: readonly string[];
}

/**
 * Physical ids look like `opensearch-package-association-batch:<domain>:<plugin>+<license>+<config>`.
 * The prefix tells our ids apart from anything else CloudFormation may hand us on Delete (the CDK
 * provider framework's create-failed marker, a rollback of a failed create) and from the single
 * association's ids.
 */
const PREFIX = 'opensearch-package-association-batch';
const SEPARATOR = ':';
const ID_SEPARATOR = '+';

export function formatBatchPhysicalId(batch: DomainBatch): string {
  return [PREFIX, batch.domainName, batch.packageIds.join(ID_SEPARATOR)].join(SEPARATOR);
}

/** Returns the batch encoded in one of our physical ids, or undefined for anything else. */
export function parseBatchPhysicalId(physicalId: unknown): DomainBatch | undefined {
  if (typeof physicalId !== 'string') return undefined;
  const parts = physicalId.split(SEPARATOR);
  if (parts.length !== 3) return undefined;
  const [prefix, domainName, ids] = parts;
  const packageIds = ids.split(ID_SEPARATOR);
  if (prefix !== PREFIX || !isDomainName(domainName) || packageIds.length < 2 || !packageIds.every(isPackageId)) {
    return undefined;
  }
  return { domainName, packageIds };
}

export function isSameBatch(a: DomainBatch, b: DomainBatch): boolean {
  return a.domainName === b.domainName && a.packageIds.join(ID_SEPARATOR) === b.packageIds.join(ID_SEPARATOR);
}
