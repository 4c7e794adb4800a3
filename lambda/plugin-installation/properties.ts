import type { AssociationBatchProperties } from '../../src/handler-contract/contract';
import { isDomainName, isPackageId, PACKAGE_ID_RULE } from '../../src/handler-contract/rules';
import { parseAssociationRequestFields } from '../association/properties';
import { echo } from '../shared/errors';
import { RawProperties, requiredDomainName, requiredPackageId, requiredString } from '../shared/events';

/** What a batch association is about: a domain and its packages, the plugin first. */
export interface DomainBatch {
  readonly domainName: string;
  /** The plugin's id, then its license and configuration packages' ids, in batch order. */
  readonly packageIds: readonly string[];
}

/** What stays the same for the life of an installation: its domain and its plugin. */
export interface Installation {
  readonly domainName: string;
  readonly pluginId: string;
}

/**
 * Physical ids look like `opensearch-package-association-batch:<domain>:<plugin>`. They name what
 * stays the same, not the license and configuration: adding or removing one is an update in place,
 * never a replacement whose cleanup would dissociate the plugin the new resource still declares.
 * Earlier versions appended the other packages (`<plugin>+<license>+<config>`); those ids are still
 * read, and kept by updates, so upgrading the library replaces nothing.
 * The prefix tells our ids apart from anything else CloudFormation may hand us on Delete (the CDK
 * provider framework's create-failed marker, a rollback of a failed create) and from the single
 * association's ids.
 */
const PREFIX = 'opensearch-package-association-batch';
const SEPARATOR = ':';
const LEGACY_ID_SEPARATOR = '+';

export function formatBatchPhysicalId(installation: Installation): string {
  return [PREFIX, installation.domainName, installation.pluginId].join(SEPARATOR);
}

/** Returns the installation one of our physical ids names (either format), or undefined for anything else. */
export function parseBatchPhysicalId(physicalId: unknown): Installation | undefined {
  if (typeof physicalId !== 'string') return undefined;
  const parts = physicalId.split(SEPARATOR);
  if (parts.length !== 3) return undefined;
  const [prefix, domainName, ids] = parts;
  const [pluginId, ...legacyDependents] = ids.split(LEGACY_ID_SEPARATOR);
  if (prefix !== PREFIX || !isDomainName(domainName) || !isPackageId(pluginId) || !legacyDependents.every(isPackageId)) {
    return undefined;
  }
  return { domainName, pluginId };
}

export function installationOf(batch: DomainBatch): Installation {
  return { domainName: batch.domainName, pluginId: batch.packageIds[0] };
}

export function isSameInstallation(a: Installation, b: Installation): boolean {
  return a.domainName === b.domainName && a.pluginId === b.pluginId;
}

/** A plugin has at most a license and a configuration package (third-party plugins page). */
const MAX_DEPENDENTS = 2;

/**
 * Checks a batch association's `ResourceProperties` and returns them typed.
 * Throws a message naming the offending field, which CloudFormation shows as the failure reason.
 */
export function parseBatchProperties(raw: RawProperties): AssociationBatchProperties {
  const domainName = requiredDomainName(raw);
  const pluginId = requiredPackageId(raw, 'PluginPackageId');
  const dependents = requiredString(raw, 'DependentPackageIds');
  const list = dependents.split(',');
  if (list.length > MAX_DEPENDENTS) {
    throw new Error(`Invalid DependentPackageIds: at most ${MAX_DEPENDENTS} packages (a license and a configuration), got ${list.length}`);
  }
  const bad = list.find((id) => !isPackageId(id));
  if (bad !== undefined) {
    throw new Error(`Invalid DependentPackageIds: "${echo(bad)}" is not ${PACKAGE_ID_RULE}`);
  }
  if (new Set([pluginId, ...list]).size !== list.length + 1) {
    throw new Error('Invalid DependentPackageIds: each package may appear once in a batch, the plugin included');
  }
  // The same role ARN rules as the single association's (API model: KeyAccessRoleArn).
  const { KeyAccessRoleArn } = parseAssociationRequestFields({ KeyAccessRoleArn: raw?.KeyAccessRoleArn });
  const base = { DomainName: domainName, PluginPackageId: pluginId, DependentPackageIds: dependents };
  return KeyAccessRoleArn === undefined ? base : { ...base, KeyAccessRoleArn };
}

export function batchOf(properties: AssociationBatchProperties): DomainBatch {
  return { domainName: properties.DomainName, packageIds: [properties.PluginPackageId, ...properties.DependentPackageIds.split(',')] };
}

/**
 * The batch the old properties of an Update named, or undefined when they don't parse (nothing of ours
 * to compare with: the update then acts on the new properties alone).
 */
export function previousBatch(raw: RawProperties): DomainBatch | undefined {
  try {
    return batchOf(parseBatchProperties(raw));
  } catch {
    return undefined;
  }
}
