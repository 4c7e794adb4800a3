/**
 * User handlers of the Provider behind `Custom::OpenSearchPackageAssociationBatch`: a plugin and its
 * license and configuration packages, associated in one AssociatePackages call and dissociated in one
 * DissociatePackages call.
 *
 * onEvent only asks the service; isComplete reads ListPackagesForDomain (every page) until all the
 * batch's packages are ACTIVE (or, on Delete, none is listed), asking again when an earlier request was
 * refused because the domain was busy. The physical id names the domain and the packages; Update and
 * Delete act only when it agrees with the resource's properties.
 */
import { DomainPackageStatus } from '@aws-sdk/client-opensearch';
import type { DomainPackageDetails } from '@aws-sdk/client-opensearch';
import { ownEntries, requestBatchAssociation, requestBatchDissociation } from './batch-requests';
import { formatBatchPhysicalId, isSameBatch, parseBatchPhysicalId } from './physical-id';
import type { DomainBatch } from './physical-id';
import { batchOf, parseBatchProperties } from './properties';
import { listDomainPackages } from '../association/domain-packages';
import { echo } from '../shared/bounded-text';
import { openSearchClient } from '../shared/client';
import { callOrFail, classifyError, operationFailed, statusFailed } from '../shared/errors';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from '../shared/events';
import type { RawProperties } from '../shared/property-readers';
import { complete, notComplete, runStep } from '../shared/step';
import type { Step } from '../shared/step';
import { isTransient } from '../shared/transient';

export async function onEvent(event: OnEventRequest): Promise<OnEventResponse> {
  return runStep('onEvent', event, () => {
    switch (event.RequestType) {
      case 'Create': return createBatch(event);
      case 'Update': return updateBatch(event);
      case 'Delete': return deleteBatch(event);
      default: throw new Error(`Unsupported RequestType ${echo((event as OnEventRequest).RequestType, 32)}`);
    }
  });
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
  const physicalResourceId = formatBatchPhysicalId(batch);
  return { response: { PhysicalResourceId: physicalResourceId }, report: reportOf(batch, physicalResourceId, outcome) };
}

async function updateBatch(event: OnEventRequest): Promise<Step<OnEventResponse>> {
  const properties = parseBatchProperties(event.ResourceProperties);
  const batch = batchOf(properties);
  const current = parseBatchPhysicalId(event.PhysicalResourceId);
  if (current) assertOwnsBatch('update the batch association', event.PhysicalResourceId!, current, event.OldResourceProperties, 'old properties');
  if (!current || !isSameBatch(current, batch)) {
    // Other packages or another domain are another batch: create it under a new physical id;
    // CloudFormation then sends Delete for the old one.
    const step = await createBatch(event);
    return { ...step, report: { ...step.report, outcome: `replacement-${step.report.outcome}` } };
  }
  const physicalResourceId = formatBatchPhysicalId(batch);
  // Only the key-store access can change in place; AssociatePackages is the call that takes it.
  const roleChanged = properties.KeyAccessRoleArn !== parseBatchProperties(event.OldResourceProperties).KeyAccessRoleArn;
  const outcome = roleChanged ? await requestBatchAssociation(openSearchClient(), batch, properties.KeyAccessRoleArn) : 'unchanged';
  return { response: { PhysicalResourceId: physicalResourceId }, report: reportOf(batch, physicalResourceId, outcome) };
}

async function deleteBatch(event: OnEventRequest): Promise<Step<OnEventResponse>> {
  const physicalResourceId = event.PhysicalResourceId;
  const batch = parseBatchPhysicalId(physicalResourceId);
  if (!batch) {
    // Not one of ours (a failed create rolling back, the provider framework's marker): nothing to undo.
    return { response: { PhysicalResourceId: physicalResourceId }, report: { physicalResourceId, outcome: 'skipped-foreign-id' } };
  }
  assertOwnsBatch('dissociate', physicalResourceId!, batch, event.ResourceProperties, 'properties');
  const client = openSearchClient();
  let listed: Awaited<ReturnType<typeof readBatchOrGone>>;
  try {
    listed = await readBatchOrGone(client, batch);
  } catch (error) {
    // An unreadable listing says nothing: isComplete reads it again and dissociates what is still there.
    if (!isTransient(error)) throw error;
    return { response: { PhysicalResourceId: physicalResourceId }, report: reportOf(batch, physicalResourceId, 'listing-unreadable') };
  }
  const outcome = listed === 'domain-gone' ? listed : await requestBatchDissociation(client, batch, listed);
  return { response: { PhysicalResourceId: physicalResourceId }, report: reportOf(batch, physicalResourceId, outcome) };
}

async function waitForAssociation(event: IsCompleteRequest): Promise<Step<IsCompleteResponse<object>>> {
  const properties = parseBatchProperties(event.ResourceProperties);
  const batch = batchOf(properties);
  const current = parseBatchPhysicalId(event.PhysicalResourceId);
  if (current) assertOwnsBatch('associate', event.PhysicalResourceId, current, event.ResourceProperties, 'properties');
  const client = openSearchClient();
  const own = ownEntries(batch, await callOrFail('ListPackagesForDomain', subjectOf(batch), () => listDomainPackages(client, batch.domainName)));
  const report = reportOf(batch, event.PhysicalResourceId, 'waiting', statusSummary(batch, own));

  const failed = batch.packageIds.map((id) => own.get(id)).find((p) => p?.DomainPackageStatus === DomainPackageStatus.ASSOCIATION_FAILED
    || p?.DomainPackageStatus === DomainPackageStatus.DISSOCIATION_FAILED);
  if (failed) {
    throw statusFailed({ domainName: batch.domainName, packageId: failed.PackageID! }, failed.DomainPackageStatus!, failed.ErrorDetails);
  }
  if (batch.packageIds.some((id) => !own.has(id))) {
    // Not all listed: our request was refused earlier (busy domain), or an association was removed since.
    const outcome = await requestBatchAssociation(client, batch, properties.KeyAccessRoleArn);
    return notComplete({ ...report, outcome: `reassociate-${outcome}` });
  }
  if (batch.packageIds.every((id) => own.get(id)!.DomainPackageStatus === DomainPackageStatus.ACTIVE)) {
    return complete({ ...report, outcome: 'complete' });
  }
  // ASSOCIATING, DISSOCIATING, or a status this code does not know: wait for one that settles the matter.
  return notComplete(report);
}

async function waitForDissociation(event: IsCompleteRequest): Promise<Step<IsCompleteResponse<object>>> {
  const physicalResourceId = event.PhysicalResourceId;
  const batch = parseBatchPhysicalId(physicalResourceId);
  if (!batch) return complete({ physicalResourceId, outcome: 'skipped-foreign-id' });
  assertOwnsBatch('dissociate', physicalResourceId, batch, event.ResourceProperties, 'properties');
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

/** Fails unless the physical id names the domain and packages the properties name; nothing is changed then. */
function assertOwnsBatch(action: string, physicalId: string, owned: DomainBatch, raw: RawProperties, role: 'properties' | 'old properties'): void {
  let named: DomainBatch | undefined;
  try {
    named = batchOf(parseBatchProperties(raw));
  } catch {
    named = undefined;
  }
  if (named && isSameBatch(named, owned)) return;
  throw new Error(`Refusing to ${action}: physical id ${echo(physicalId)} names packages ${echo(owned.packageIds.join(', '))} on domain `
    + `${echo(owned.domainName)}, but the resource's ${role} name packages ${echo(named?.packageIds.join(', ') ?? 'none')} on domain `
    + `${echo(named?.domainName ?? 'none')}; nothing was changed`);
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
