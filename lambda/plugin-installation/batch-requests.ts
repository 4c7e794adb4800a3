/**
 * The batch calls: AssociatePackages with the plugin first and each license or configuration
 * package naming it in `PrerequisitePackageIDList`, as the third-party plugins page's CLI example does
 * (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/plugins-third-party.html); and
 * DissociatePackages. A refusal is read from the domain's state by the same logic as the single calls
 * (../association/association-requests.ts): already under way, busy, or refused on an idle domain.
 */
import { AssociatePackagesCommand, DissociatePackagesCommand, DomainPackageStatus } from '@aws-sdk/client-opensearch';
import type { DomainPackageDetails, OpenSearchClient, PackageDetailsForAssociation } from '@aws-sdk/client-opensearch';
import type { DomainBatch } from './properties';
import { contentOrConflict, requestChange } from '../association/association-requests';
import type { RequestOutcome } from '../association/association-requests';
import type { DomainPackage } from '../association/properties';

/** Why AssociatePackages is refused with a ValidationException on an idle domain, as far as the docs let us guess. */
export const BATCH_ASSOCIATE_REFUSAL_CAUSE = 'the plugin may not suit the domain (engine version), a license or configuration '
  + 'package may not belong to it, or the domain may already have its 20 packages: check them, then deploy again';
/** Why dissociating a license or configuration alone is refused on an idle domain, as far as the docs let us guess. */
export const DEPENDENT_DISSOCIATE_REFUSAL_CAUSE = 'the plugin may require it (LicenseRequirement or ConfigurationRequirement REQUIRED): '
  + 'give the installation another package of that type in its place, or remove the installation, deploy, and add it back';
/** Why DissociatePackages is refused on an idle domain: an index must not use the plugin (custom plugins page). */
export const BATCH_DISSOCIATE_REFUSAL_CAUSE = 'an index may still use the plugin: disable it in every index, '
  + 'or keep the installation with removalPolicy RETAIN';

/**
 * The PackageList of AssociatePackages: the plugin (with key-store access, if any), then the packages
 * naming it; only the entries of `wanted` (default: all), so a package already on the domain is never
 * sent again (the service answers "already in desired state" for it, and keeps what it has).
 */
export function batchPackageList(batch: DomainBatch, keyAccessRoleArn?: string,
  wanted: readonly string[] = batch.packageIds): PackageDetailsForAssociation[] {
  const [pluginId, ...dependents] = batch.packageIds;
  const plugin: PackageDetailsForAssociation = keyAccessRoleArn === undefined
    ? { PackageID: pluginId }
    : {
      PackageID: pluginId,
      AssociationConfiguration: { KeyStoreAccessOption: { KeyStoreAccessEnabled: true, KeyAccessRoleArn: keyAccessRoleArn } },
    };
  return [plugin, ...dependents.map((id) => ({ PackageID: id, PrerequisitePackageIDList: [pluginId] }))]
    .filter((entry) => wanted.includes(entry.PackageID!));
}

/** The batch's own entries in a domain listing, by package id. */
export function ownEntries(batch: DomainBatch, packages: readonly DomainPackageDetails[]): Map<string, DomainPackageDetails> {
  return new Map(packages.filter((p) => p.PackageID !== undefined && batch.packageIds.includes(p.PackageID)).map((p) => [p.PackageID!, p]));
}

const UNDER_WAY = new Set<string>([DomainPackageStatus.ASSOCIATING, DomainPackageStatus.ACTIVE]);

/**
 * Asks the service to associate the batch's packages in `wanted` (default: all) in one call: on Create
 * all of them, later only those the domain does not list (a license or configuration added to an
 * installed plugin names the ACTIVE plugin as its prerequisite).
 */
export function requestBatchAssociation(client: OpenSearchClient, batch: DomainBatch, keyAccessRoleArn?: string,
  wanted: readonly string[] = batch.packageIds): Promise<RequestOutcome> {
  return requestChange(client, subjectOf(batch), {
    operation: 'AssociatePackages',
    send: () => client.send(new AssociatePackagesCommand({
      DomainName: batch.domainName, PackageList: batchPackageList(batch, keyAccessRoleArn, wanted),
    })),
    settledBy: (listing) => {
      const own = ownEntries(batch, listing);
      return wanted.every((id) => UNDER_WAY.has(own.get(id)?.DomainPackageStatus ?? '')) ? 'already-in-desired-state' : undefined;
    },
    likelyCause: contentOrConflict(BATCH_ASSOCIATE_REFUSAL_CAUSE),
  });
}

/**
 * Asks the service to dissociate the batch's packages still listed and not already leaving. The docs
 * say dissociating the plugin "also removes any related configuration or license packages" (custom
 * plugins page); they are silent on naming them too in one DissociatePackages call, which the API
 * model allows (a list of ids), so we name every package still there rather than rely on the cascade.
 */
export function requestBatchDissociation(client: OpenSearchClient, batch: DomainBatch,
  listed: readonly DomainPackageDetails[], likelyCause: string = BATCH_DISSOCIATE_REFUSAL_CAUSE): Promise<RequestOutcome> {
  const present = [...ownEntries(batch, listed).values()];
  if (present.length === 0) return Promise.resolve('already-dissociated');
  const leaving = present.filter((p) => p.DomainPackageStatus !== DomainPackageStatus.DISSOCIATING).map((p) => p.PackageID!);
  if (leaving.length === 0) return Promise.resolve('already-in-desired-state');
  return requestChange(client, subjectOf(batch), {
    operation: 'DissociatePackages',
    send: () => client.send(new DissociatePackagesCommand({ DomainName: batch.domainName, PackageList: leaving })),
    settledBy: (listing) => {
      const own = ownEntries(batch, listing);
      if (own.size === 0) return 'already-dissociated';
      return [...own.values()].every((p) => p.DomainPackageStatus === DomainPackageStatus.DISSOCIATING) ? 'already-in-desired-state' : undefined;
    },
    notFound: 'already-dissociated',
    likelyCause: () => likelyCause,
  });
}

/** How the shared request logic and its messages name a batch: its domain and its packages joined by `+`. */
function subjectOf(batch: DomainBatch): DomainPackage {
  return { domainName: batch.domainName, packageId: batch.packageIds.join('+') };
}
