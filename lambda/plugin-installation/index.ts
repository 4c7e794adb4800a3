/**
 * User handlers of the Provider behind `Custom::OpenSearchPackageAssociationBatch`: a plugin and its
 * license and configuration packages, associated in one AssociatePackages call and dissociated in one
 * DissociatePackages call.
 *
 * onEvent only asks the service; isComplete reads ListPackagesForDomain (every page) until all the
 * batch's packages are ACTIVE (or, on Delete, none is listed), asking again when an earlier request was
 * refused because the domain was busy. The physical id names the domain and the plugin; Update and
 * Delete act only when it agrees with the resource's properties.
 *
 * Updates (docs/updates.md): a license or configuration added to the installation is associated
 * naming the installed plugin; one removed leaves once every declared package is ACTIVE, so the plugin
 * never goes without what the stack declares. Another domain or plugin is a replacement, refused when
 * the new installation would keep a package of the old one on the same domain (the old one's removal
 * would dissociate it). New key-store access for an installed plugin is refused: the service keeps the
 * association's configuration ("already in desired state").
 */
import { DomainPackageStatus } from '@aws-sdk/client-opensearch';
import type { DomainPackageDetails } from '@aws-sdk/client-opensearch';
import { DEPENDENT_DISSOCIATE_REFUSAL_CAUSE, ownEntries, requestBatchAssociation, requestBatchDissociation } from './batch-requests';
import { assertDependentsRemovable, assertReplacementKeepsNothing, refuseKeyStoreAccessChange, removedDependents } from './batch-updates';
import type { DomainBatch, Installation } from './properties';
import { formatBatchPhysicalId, installationOf, isSameInstallation, parseBatchPhysicalId, batchOf, parseBatchProperties, previousBatch } from './properties';
import { listDomainPackages } from '../association/service-state';
import { openSearchClient } from '../shared/clients';
import { echo, callOrFail, classifyError, operationFailed, statusFailed, isTransient } from '../shared/errors';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse, RawProperties } from '../shared/events';
import { complete, notComplete, requested, runStep, skippedForeignId, stepFor } from '../shared/step';
import type { Step } from '../shared/step';

export async function onEvent(event: OnEventRequest): Promise<OnEventResponse> {
  return runStep('onEvent', event, () => stepFor(event, { Create: createBatch, Update: updateBatch, Delete: deleteBatch }));
}

export async function isComplete(event: IsCompleteRequest): Promise<IsCompleteResponse<object>> {
  return runStep('isComplete', event, () =>
    event.RequestType === 'Delete' ? waitForDissociation(event) : waitForAssociation(event));
}

async function createBatch(event: OnEventRequest): Promise<Step<OnEventResponse>> {
  const properties = parseBatchProperties(event.ResourceProperties);
  const batch = batchOf(properties);
  const client = openSearchClient();
  // A Create delivered twice must not install the plugin again: for a plugin that is another blue/green deployment.
  const outcome = await isInstalled(client, batch) ? 'already-in-desired-state' : await requestBatchAssociation(client, batch, properties.KeyAccessRoleArn);
  const physicalResourceId = formatBatchPhysicalId(installationOf(batch));
  return requested(physicalResourceId, reportOf(batch, physicalResourceId, outcome));
}

async function updateBatch(event: OnEventRequest): Promise<Step<OnEventResponse>> {
  const properties = parseBatchProperties(event.ResourceProperties);
  const batch = batchOf(properties);
  const current = parseBatchPhysicalId(event.PhysicalResourceId);
  if (current) assertOwnsBatch('update the batch association', event.PhysicalResourceId!, current, event.OldResourceProperties, 'old properties');
  const previous = previousBatch(event.OldResourceProperties);
  if (!current || !isSameInstallation(current, installationOf(batch))) {
    // Another domain or plugin is another installation: create it under a new physical id;
    // CloudFormation then sends Delete for the old one, which must not take anything the new one keeps.
    if (current && previous) assertReplacementKeepsNothing(previous, batch);
    const step = await createBatch(event);
    return { ...step, report: { ...step.report, outcome: `replacement-${step.report.outcome}` } };
  }
  // Kept as it is, earlier format included: a new physical id would make CloudFormation delete the old one.
  const physicalResourceId = event.PhysicalResourceId!;
  const client = openSearchClient();
  const listed = await callOrFail('ListPackagesForDomain', subjectOf(batch), () => listDomainPackages(client, batch.domainName));
  const own = ownEntries(batch, listed);
  const oldRole = previous ? parseBatchProperties(event.OldResourceProperties).KeyAccessRoleArn : undefined;
  if (properties.KeyAccessRoleArn !== oldRole && own.has(batch.packageIds[0])) {
    refuseKeyStoreAccessChange(batch, oldRole, properties.KeyAccessRoleArn);
  }
  const removed = previous ? removedDependents(previous, batch, listed) : [];
  // Checked before anything is asked, so a refused removal leaves nothing half done.
  if (removed.length > 0) await assertDependentsRemovable(client, batch, removed, listed);
  const missing = batch.packageIds.filter((id) => !own.has(id));
  let outcome = removed.length > 0 ? 'dissociate-when-active' : 'unchanged';
  if (missing.length > 0) outcome = await requestBatchAssociation(client, batch, properties.KeyAccessRoleArn, missing);
  return requested(physicalResourceId, reportOf(batch, physicalResourceId, outcome));
}

async function deleteBatch(event: OnEventRequest): Promise<Step<OnEventResponse>> {
  const physicalResourceId = event.PhysicalResourceId;
  if (!installationToUndo(event)) return requested(physicalResourceId, skippedForeignId(physicalResourceId));
  // The properties name the packages the resource holds now (updates add and remove them in place).
  const batch = batchOf(parseBatchProperties(event.ResourceProperties));
  const client = openSearchClient();
  let listed: Awaited<ReturnType<typeof readBatchOrGone>>;
  try {
    listed = await readBatchOrGone(client, batch);
  } catch (error) {
    // An unreadable listing says nothing: isComplete reads it again and dissociates what is still there.
    if (!isTransient(error)) throw error;
    return requested(physicalResourceId, reportOf(batch, physicalResourceId, 'listing-unreadable'));
  }
  const outcome = listed === 'domain-gone' ? listed : await requestBatchDissociation(client, batch, listed);
  return requested(physicalResourceId, reportOf(batch, physicalResourceId, outcome));
}

async function waitForAssociation(event: IsCompleteRequest): Promise<Step<IsCompleteResponse<object>>> {
  const properties = parseBatchProperties(event.ResourceProperties);
  const batch = batchOf(properties);
  const current = parseBatchPhysicalId(event.PhysicalResourceId);
  if (current) assertOwnsBatch('associate', event.PhysicalResourceId, current, event.ResourceProperties, 'properties');
  const client = openSearchClient();
  const listed = await callOrFail('ListPackagesForDomain', subjectOf(batch), () => listDomainPackages(client, batch.domainName));
  const own = ownEntries(batch, listed);
  const report = reportOf(batch, event.PhysicalResourceId, 'waiting', statusSummary(batch, own));

  const failed = batch.packageIds.map((id) => own.get(id)).find((p) => p?.DomainPackageStatus === DomainPackageStatus.ASSOCIATION_FAILED
    || p?.DomainPackageStatus === DomainPackageStatus.DISSOCIATION_FAILED);
  if (failed) {
    throw statusFailed({ domainName: batch.domainName, packageId: failed.PackageID! }, failed.DomainPackageStatus!, failed.ErrorDetails);
  }
  const missing = batch.packageIds.filter((id) => !own.has(id));
  if (missing.length > 0) {
    // Not all listed: our request was refused earlier (busy domain), or an association was removed since.
    // Only those: the service refuses to associate again what it has.
    const outcome = await requestBatchAssociation(client, batch, properties.KeyAccessRoleArn, missing);
    return notComplete({ ...report, outcome: `reassociate-${outcome}` });
  }
  if (!batch.packageIds.every((id) => own.get(id)!.DomainPackageStatus === DomainPackageStatus.ACTIVE)) {
    // ASSOCIATING, DISSOCIATING, or a status this code does not know: wait for one that settles the matter.
    return notComplete(report);
  }
  // Every declared package is ACTIVE: only now may the ones the update removed leave.
  const previous = event.RequestType === 'Update' ? previousBatch(event.OldResourceProperties) : undefined;
  const sameInstallation = previous && isSameInstallation(installationOf(previous), installationOf(batch));
  const removed = sameInstallation ? removedDependents(previous, batch, listed) : [];
  if (removed.length === 0) return complete({ ...report, outcome: 'complete' });
  const leaving: DomainBatch = { domainName: batch.domainName, packageIds: removed.map((p) => p.PackageID!) };
  const failedLeaving = removed.find((p) => p.DomainPackageStatus === DomainPackageStatus.DISSOCIATION_FAILED);
  if (failedLeaving) {
    const subject = { domainName: batch.domainName, packageId: failedLeaving.PackageID! };
    throw statusFailed(subject, failedLeaving.DomainPackageStatus!, failedLeaving.ErrorDetails);
  }
  if (removed.every((p) => p.DomainPackageStatus === DomainPackageStatus.DISSOCIATING)) {
    return notComplete({ ...report, outcome: `waiting-for-dissociation-of-${leaving.packageIds.join('+')}` });
  }
  const outcome = await requestBatchDissociation(client, leaving, listed, DEPENDENT_DISSOCIATE_REFUSAL_CAUSE);
  return notComplete({ ...report, outcome: `dissociate-removed-${outcome}` });
}

async function waitForDissociation(event: IsCompleteRequest): Promise<Step<IsCompleteResponse<object>>> {
  const physicalResourceId = event.PhysicalResourceId;
  if (!installationToUndo(event)) return complete(skippedForeignId(physicalResourceId));
  const batch = batchOf(parseBatchProperties(event.ResourceProperties));
  const client = openSearchClient();
  const listed = await readBatchOrGone(client, batch);
  if (listed === 'domain-gone') return complete(reportOf(batch, physicalResourceId, 'domain-gone'));
  const own = ownEntries(batch, listed);
  const report = reportOf(batch, physicalResourceId, 'waiting', statusSummary(batch, own));
  if (own.size === 0) return complete({ ...report, outcome: 'dissociated' });
  const failed = [...own.values()].find((p) => p.DomainPackageStatus === DomainPackageStatus.DISSOCIATION_FAILED);
  if (failed) {
    throw statusFailed({ domainName: batch.domainName, packageId: failed.PackageID! }, failed.DomainPackageStatus!, failed.ErrorDetails);
  }
  if ([...own.values()].every((p) => p.DomainPackageStatus === DomainPackageStatus.DISSOCIATING)) return notComplete(report);
  // Some still associated: our earlier request was refused (busy domain), ask again.
  const outcome = await requestBatchDissociation(client, batch, listed);
  return notComplete({ ...report, outcome: `redissociate-${outcome}` });
}

/**
 * Whether every package of the batch is already ACTIVE or ASSOCIATING on the domain. A listing that
 * can't be read (or a domain that can't be found) answers no: the request itself then says what is wrong.
 */
async function isInstalled(client: ReturnType<typeof openSearchClient>, batch: DomainBatch): Promise<boolean> {
  let listed: DomainPackageDetails[];
  try {
    listed = await listDomainPackages(client, batch.domainName);
  } catch {
    return false;
  }
  const own = ownEntries(batch, listed);
  return batch.packageIds.every((id) => own.get(id)?.DomainPackageStatus === DomainPackageStatus.ACTIVE
    || own.get(id)?.DomainPackageStatus === DomainPackageStatus.ASSOCIATING);
}

/** The domain's listing, or `domain-gone` when the domain no longer exists (its associations went with it). */
async function readBatchOrGone(client: ReturnType<typeof openSearchClient>, batch: DomainBatch): Promise<DomainPackageDetails[] | 'domain-gone'> {
  try {
    return await listDomainPackages(client, batch.domainName);
  } catch (error) {
    if (classifyError(error) === 'not-found') return 'domain-gone';
    throw operationFailed('ListPackagesForDomain', subjectOf(batch), error);
  }
}

/** Fails unless the physical id names the domain and plugin the properties name; nothing is changed then. */
function assertOwnsBatch(action: string, physicalId: string, owned: Installation, raw: RawProperties, role: 'properties' | 'old properties'): void {
  let named: Installation | undefined;
  try {
    named = installationOf(batchOf(parseBatchProperties(raw)));
  } catch {
    named = undefined;
  }
  if (named && isSameInstallation(named, owned)) return;
  throw new Error(`Refusing to ${action}: physical id ${echo(physicalId)} names plugin ${echo(owned.pluginId)} on domain `
    + `${echo(owned.domainName)}, but the resource's ${role} name plugin ${echo(named?.pluginId ?? 'none')} on domain `
    + `${echo(named?.domainName ?? 'none')}; nothing was changed`);
}

/** The installation a Delete removes; none for a physical id that isn't one of ours. */
function installationToUndo(event: OnEventRequest | IsCompleteRequest): Installation | undefined {
  const installation = parseBatchPhysicalId(event.PhysicalResourceId);
  if (installation) assertOwnsBatch('dissociate', event.PhysicalResourceId!, installation, event.ResourceProperties, 'properties');
  return installation;
}

function subjectOf(batch: DomainBatch) {
  return { domainName: batch.domainName, packageId: batch.packageIds.join('+') };
}

/** Each package's status, e.g. `pkg-1=ACTIVE,pkg-2=ASSOCIATING,pkg-3=not-listed`, for the log line. */
function statusSummary(batch: DomainBatch, own: Map<string, DomainPackageDetails>): string {
  return batch.packageIds.map((id) => `${id}=${own.get(id)?.DomainPackageStatus ?? 'not-listed'}`).join(',');
}

function reportOf(batch: DomainBatch, physicalResourceId: string | undefined, outcome: string, status?: string): Step<unknown>['report'] {
  return { domainName: batch.domainName, packageId: batch.packageIds.join('+'), physicalResourceId, outcome, status };
}
