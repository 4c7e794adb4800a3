/**
 * What an Update of a plugin installation may change, decided before anything is asked of the
 * service (docs/updates.md):
 * - a license or configuration may join (associated naming the installed plugin) or leave (once every
 *   declared package is ACTIVE), unless the plugin requires a package of that type and none stays;
 * - another domain or plugin is a replacement, which must keep none of the old installation's
 *   packages on the same domain: CloudFormation removes the old installation after the new one exists;
 * - the key-store access of an installed plugin can't change: the service answers "already in desired
 *   state" to associating it again and keeps the configuration it was associated with.
 */
import type { DomainPackageDetails, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { ownEntries } from './batch-requests';
import type { DomainBatch } from './properties';
import { callOrFail } from '../shared/errors';
import { describePackage } from '../shared/package-lookups';

/** The requirement field of the plugin's `PackageConfiguration` that governs each dependent type. */
const REQUIREMENT_FIELD: Readonly<Record<string, 'LicenseRequirement' | 'ConfigurationRequirement'>> = {
  'PACKAGE-LICENSE': 'LicenseRequirement',
  'PACKAGE-CONFIG': 'ConfigurationRequirement',
};

/** The old installation's license and configuration packages the new one no longer names, as the domain lists them. */
export function removedDependents(previous: DomainBatch, batch: DomainBatch, listed: readonly DomainPackageDetails[]): DomainPackageDetails[] {
  const gone: DomainBatch = {
    domainName: previous.domainName,
    packageIds: previous.packageIds.slice(1).filter((id) => !batch.packageIds.includes(id)),
  };
  return [...ownEntries(gone, listed).values()];
}

/**
 * Fails, naming the way to do it, when a removed license or configuration is one the plugin requires
 * (its `AvailablePackageConfiguration`, DescribePackages) and no package of that type stays declared.
 */
export async function assertDependentsRemovable(client: OpenSearchClient, batch: DomainBatch,
  removed: readonly DomainPackageDetails[], listed: readonly DomainPackageDetails[]): Promise<void> {
  const [pluginId, ...declared] = batch.packageIds;
  const subject = { domainName: batch.domainName, packageId: pluginId };
  const plugin = await callOrFail('DescribePackages', subject, () => describePackage(client, pluginId));
  const requirements = plugin?.AvailablePackageConfiguration;
  if (!requirements) return;
  const typeOf = async (id: string): Promise<string | undefined> => listed.find((p) => p.PackageID === id)?.PackageType
    ?? (await callOrFail('DescribePackages', subject, () => describePackage(client, id)))?.PackageType;
  const declaredTypes = await Promise.all(declared.map(typeOf));
  for (const entry of removed) {
    const type = entry.PackageType ?? '';
    const field = REQUIREMENT_FIELD[type];
    if (field === undefined || requirements[field] !== 'REQUIRED' || declaredTypes.includes(type)) continue;
    throw new Error(`Can't remove ${type} package ${entry.PackageID} from the installation of plugin ${pluginId} on domain `
      + `${batch.domainName}: the plugin requires one (${field} REQUIRED). Give the installation another ${type} package `
      + 'in its place (it is associated before this one leaves), or remove the installation, deploy, and add it back; nothing was changed');
  }
}

/**
 * Fails when a replacement keeps one of the old installation's packages on the same domain: CloudFormation
 * deletes the old installation once the new one exists, and that would dissociate the package the new
 * one declares (a license or configuration names one plugin as its prerequisite, so it can't move over).
 */
export function assertReplacementKeepsNothing(previous: DomainBatch, batch: DomainBatch): void {
  if (previous.domainName !== batch.domainName) return;
  const kept = batch.packageIds.filter((id) => previous.packageIds.includes(id));
  if (kept.length === 0) return;
  throw new Error(`Refusing to replace the installation of plugin ${previous.packageIds[0]} on domain ${batch.domainName} with one of `
    + `plugin ${batch.packageIds[0]}: the new installation keeps ${kept.join(', ')}, which removing the old one would dissociate. `
    + 'Give the new plugin its own license and configuration packages, or remove the installation, deploy, and add it back; '
    + 'nothing was changed');
}

/** Fails, naming the way to do it: the service keeps an installed plugin's key-store access. */
export function refuseKeyStoreAccessChange(batch: DomainBatch, oldRole: string | undefined, newRole: string | undefined): never {
  const describe = (role: string | undefined) => (role === undefined ? 'none' : role);
  throw new Error(`Can't change the key-store access of plugin ${batch.packageIds[0]} on domain ${batch.domainName} `
    + `from ${describe(oldRole)} to ${describe(newRole)} in place: the service keeps the configuration a package was associated with `
    + '(AssociatePackage answers that it is already in desired state). Remove the installation, deploy, then add it back '
    + 'with the new keyStoreAccessRole; nothing was changed');
}

