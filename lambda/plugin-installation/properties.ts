import type { DomainBatch } from './physical-id';
import type { AssociationBatchProperties } from '../../src/handler-contract/contract';
import { DOMAIN_NAME_RULE, isDomainName, isPackageId, PACKAGE_ID_RULE } from '../../src/handler-contract/rules';
import { parseAssociationRequestFields } from '../association/association-request-body';
import { echo } from '../shared/errors';
import { RawProperties, requiredString } from '../shared/events';

/** A plugin has at most a license and a configuration package (third-party plugins page). */
const MAX_DEPENDENTS = 2;

/**
 * Checks a batch association's `ResourceProperties` and returns them typed.
 * Throws a message naming the offending field, which CloudFormation shows as the failure reason.
 */
export function parseBatchProperties(raw: RawProperties): AssociationBatchProperties {
  const domainName = requiredString(raw, 'DomainName');
  if (!isDomainName(domainName)) {
    throw new Error(`Invalid DomainName "${echo(domainName)}": expected ${DOMAIN_NAME_RULE}`);
  }
  const pluginId = requiredString(raw, 'PluginPackageId');
  if (!isPackageId(pluginId)) {
    throw new Error(`Invalid PluginPackageId "${echo(pluginId)}": expected ${PACKAGE_ID_RULE}`);
  }
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
