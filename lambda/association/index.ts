/**
 * User handlers of the Provider behind `Custom::OpenSearchPackageAssociation`.
 *
 * onEvent only asks the service for a change; isComplete polls ListPackagesForDomain until the
 * association settles, asking again when an earlier request was refused because the domain was busy.
 * Whether a refusal means "busy" is read from the domain's state, never from the message (see
 * association-requests.ts); a refusal on an idle domain fails within one invocation.
 * Before associating, DescribePackages says whether the package is ready (see packageReadiness in service-state.ts).
 */
import { DomainPackageStatus } from '@aws-sdk/client-opensearch';
import type { DomainPackageDetails, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { requestAssociation, requestDissociation } from './association-requests';
import { formatPhysicalId, isSameDomainPackage, parsePhysicalId, associationRequestBody, refuseRequestFieldsChange, requestFieldsChanged, parseAssociationProperties } from './properties';
import type { AssociationRequestBody, DomainPackage } from './properties';
import { findDomainPackage, packageReadiness } from './service-state';
import type { AssociationData, AssociationProperties } from '../../src/handler-contract/contract';
import { openSearchClient } from '../shared/clients';
import { callOrFail, classifyError, operationFailed, statusFailed } from '../shared/errors';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from '../shared/events';
import { assertOwnsAssociation } from '../shared/ownership';
import { complete, notComplete, requested, runStep, skippedForeignId, stepFor } from '../shared/step';
import type { Step } from '../shared/step';

export type AssociationCompleteResponse = IsCompleteResponse<AssociationData>;

export async function onEvent(event: OnEventRequest): Promise<OnEventResponse> {
  return runStep('onEvent', event, () => stepFor(event, { Create: createAssociation, Update: updateAssociation, Delete: deleteAssociation }));
}

export async function isComplete(event: IsCompleteRequest): Promise<AssociationCompleteResponse> {
  return runStep('isComplete', event, () =>
    event.RequestType === 'Delete' ? waitForDissociation(event) : waitForAssociation(event));
}

async function createAssociation(event: OnEventRequest): Promise<Step<OnEventResponse>> {
  const properties = parseAssociationProperties(event.ResourceProperties);
  const target = targetOf(properties);
  const outcome = await associateUnlessPinnedRuns(openSearchClient(), target, properties.PackageVersion, associationRequestBody(properties));
  const physicalResourceId = formatPhysicalId(target);
  return {
    response: { PhysicalResourceId: physicalResourceId },
    report: { ...target, physicalResourceId, outcome },
  };
}

async function updateAssociation(event: OnEventRequest): Promise<Step<OnEventResponse>> {
  const properties = parseAssociationProperties(event.ResourceProperties);
  const target = targetOf(properties);
  // The current physical id names the pair this resource manages now.
  const current = parsePhysicalId(event.PhysicalResourceId);
  if (current) {
    assertOwnsAssociation('update the association', event.PhysicalResourceId!, current, event.OldResourceProperties, 'old properties');
  }
  if (!current || !isSameDomainPackage(current, target)) {
    // Another domain or package is another association: create it under a new physical id;
    // CloudFormation then sends Delete for the old one.
    const step = await createAssociation(event);
    return { ...step, report: { ...step.report, outcome: `replacement-${step.report.outcome}` } };
  }

  const physicalResourceId = formatPhysicalId(target);
  const oldVersion = event.OldResourceProperties?.PackageVersion;
  const versionChanged = properties.PackageVersion !== undefined && properties.PackageVersion !== oldVersion;
  const body = associationRequestBody(properties);
  let outcome = 'unchanged';
  if (requestFieldsChanged(properties, event.OldResourceProperties)) {
    // The service keeps the prerequisites and key-store access an association was made with: associating
    // again answers "already in desired state". Only an association the domain no longer has takes new ones.
    const client = openSearchClient();
    const existing = await readAssociation(client, target);
    if (existing) refuseRequestFieldsChange(target, event.OldResourceProperties, properties, existing);
    outcome = await associateWhenReady(client, target, properties.PackageVersion, body);
  } else if (versionChanged) {
    // Associating again is how a domain moves to a newer version of the same package.
    outcome = await associateUnlessPinnedRuns(openSearchClient(), target, properties.PackageVersion, body);
  }
  return {
    response: { PhysicalResourceId: physicalResourceId },
    report: { ...target, physicalResourceId, outcome },
  };
}

async function deleteAssociation(event: OnEventRequest): Promise<Step<OnEventResponse>> {
  const physicalResourceId = event.PhysicalResourceId;
  const target = associationToUndo(event);
  if (!target) return requested(physicalResourceId, skippedForeignId(physicalResourceId));
  const outcome = await requestDissociation(openSearchClient(), target);
  return requested(physicalResourceId, { ...target, physicalResourceId, outcome });
}

async function waitForAssociation(event: IsCompleteRequest): Promise<Step<AssociationCompleteResponse>> {
  const properties = parseAssociationProperties(event.ResourceProperties);
  const target = targetOf(properties);
  const current = parsePhysicalId(event.PhysicalResourceId);
  if (current) {
    assertOwnsAssociation('associate', event.PhysicalResourceId, current, event.ResourceProperties, 'properties');
  }
  const client = openSearchClient();
  const association = await readAssociation(client, target);
  const status = association?.DomainPackageStatus;
  const report = { ...target, physicalResourceId: event.PhysicalResourceId, status };

  if (!association) {
    // Not listed: our request was refused earlier (busy domain), the package was not AVAILABLE yet,
    // or the association was removed since.
    const outcome = await associateWhenReady(client, target, properties.PackageVersion, associationRequestBody(properties));
    return notComplete({ ...report, outcome: `reassociate-${outcome}` });
  }
  switch (association.DomainPackageStatus) {
    case DomainPackageStatus.ACTIVE:
      if (properties.PackageVersion !== undefined && association.PackageVersion !== properties.PackageVersion) {
        const outcome = await associateWhenReady(client, target, properties.PackageVersion, associationRequestBody(properties));
        return notComplete({ ...report, outcome: `version-rollout-${outcome}` });
      }
      return { response: { IsComplete: true, Data: associationData(association) }, report: { ...report, outcome: 'complete' } };
    case DomainPackageStatus.ASSOCIATION_FAILED:
    case DomainPackageStatus.DISSOCIATION_FAILED:
      throw statusFailed(target, association.DomainPackageStatus, association.ErrorDetails);
    default:
      // ASSOCIATING, DISSOCIATING (a dissociation must finish before we can associate again), or a
      // status this code does not know: wait for one that settles the matter.
      return notComplete({ ...report, outcome: 'waiting' });
  }
}

async function waitForDissociation(event: IsCompleteRequest): Promise<Step<AssociationCompleteResponse>> {
  const physicalResourceId = event.PhysicalResourceId;
  const target = associationToUndo(event);
  if (!target) return complete(skippedForeignId(physicalResourceId));
  const client = openSearchClient();
  let association: DomainPackageDetails | undefined;
  try {
    association = await findDomainPackage(client, target);
  } catch (error) {
    if (classifyError(error) === 'not-found') {
      // The domain is gone, and its associations with it.
      return complete({ ...target, physicalResourceId, outcome: 'domain-gone' });
    }
    throw operationFailed('ListPackagesForDomain', target, error);
  }
  const status = association?.DomainPackageStatus;
  const report = { ...target, physicalResourceId, status };

  if (!association) {
    return complete({ ...report, outcome: 'dissociated' });
  }
  switch (association.DomainPackageStatus) {
    case DomainPackageStatus.DISSOCIATING:
      return notComplete({ ...report, outcome: 'waiting' });
    case DomainPackageStatus.DISSOCIATION_FAILED:
      throw statusFailed(target, association.DomainPackageStatus, association.ErrorDetails);
    default: {
      // Still associated (ACTIVE, ASSOCIATING, ...): our earlier request was refused, ask again.
      const outcome = await requestDissociation(client, target);
      return notComplete({ ...report, outcome: `redissociate-${outcome}` });
    }
  }
}

/**
 * onEvent's request: a domain that already runs the pinned version is left alone, because
 * associating would move it on to the available version. (isComplete has read the listing already.)
 */
async function associateUnlessPinnedRuns(client: OpenSearchClient, target: DomainPackage, pinnedVersion: string | undefined,
  body: AssociationRequestBody): Promise<string> {
  if (pinnedVersion !== undefined) {
    const current = await readAssociation(client, target);
    if (current?.DomainPackageStatus === DomainPackageStatus.ACTIVE && current.PackageVersion === pinnedVersion) {
      return 'already-in-desired-state';
    }
  }
  return associateWhenReady(client, target, pinnedVersion, body);
}

/**
 * Associates the package once DescribePackages shows it AVAILABLE (and at the pinned version, if
 * any); until then the outcome says what it waits for and isComplete asks again on its next poll.
 */
async function associateWhenReady(client: OpenSearchClient, target: DomainPackage, pinnedVersion: string | undefined,
  body: AssociationRequestBody): Promise<string> {
  const readiness = await packageReadiness(client, target, pinnedVersion);
  if (!readiness.ready) {
    return `waiting-for-package-${readiness.status}`;
  }
  return requestAssociation(client, target, readiness.availableVersion, body);
}

function readAssociation(client: OpenSearchClient, target: DomainPackage): Promise<DomainPackageDetails | undefined> {
  return callOrFail('ListPackagesForDomain', target, () => findDomainPackage(client, target));
}

function associationData(details: DomainPackageDetails): AssociationData {
  return {
    // Some package types (plugins, for one) have no reference path, but every GetAtt needs a value.
    ReferencePath: details.ReferencePath ?? '',
    PackageVersion: details.PackageVersion ?? '',
    PackageName: details.PackageName ?? '',
    PackageType: details.PackageType ?? '',
  };
}

function targetOf(properties: AssociationProperties): DomainPackage {
  return { domainName: properties.DomainName, packageId: properties.PackageId };
}

/** The association a Delete undoes; none for a physical id that isn't one of ours. */
function associationToUndo(event: OnEventRequest | IsCompleteRequest): DomainPackage | undefined {
  const target = parsePhysicalId(event.PhysicalResourceId);
  if (target) assertOwnsAssociation('dissociate', event.PhysicalResourceId!, target, event.ResourceProperties, 'properties');
  return target;
}
