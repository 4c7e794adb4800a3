/**
 * The lifecycle of `Custom::OpenSearchPackage`: onEvent asks the service for a change (CreatePackage,
 * UpdatePackage), isComplete polls DescribePackages until the package settles. Delete waits until no
 * domain lists the package any more, then deletes it.
 *
 * The physical id is the package id (`F123…`, `pkg-…`), or `adopted:<package id>` for a package the
 * resource took over (see package-properties.ts and adoption.ts).
 */
import { CreatePackageCommand, DeletePackageCommand, DomainPackageStatus, PackageStatus } from '@aws-sdk/client-opensearch';
import type { DomainPackageDetails, OpenSearchClient, PackageDetails, PackageType } from '@aws-sdk/client-opensearch';
import { adoptExistingPackage, keepsAdoptedPackage } from './adoption';
import { createPackageOptions, PLUGIN_REPLACING_FIELDS, PLUGIN_VERSIONING_FIELDS } from './package-options';
import { packageData, parsePackageProperties, parsePackagePhysicalId } from './package-properties';
import { applySharing, removeSharing } from './package-scope';
import { cleanupReport, removeStagedFile, s3Url, StagedFile, stageFile, withStagedFileRemoved } from './staging';
import { requestUpdate } from './update-request';
import type { PackageData, PackageProperties } from '../../src/handler-contract/contract';
import { openSearchClient } from '../shared/clients';
import { echo, callOrFail, classifyError, isErrorNamed, operationFailed, sdkAttempts, statusFailed, isTransient, UnexpectedResponseError } from '../shared/errors';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from '../shared/events';
import { assertOwnsPackage } from '../shared/ownership';
import { describePackage, findPackagesNamed, listDomainsForPackage } from '../shared/package-lookups';
import { pause, refusalPause, refusedAttempts } from '../shared/pause';
import { complete, notComplete, requested, skippedForeignId } from '../shared/step';
import type { Step } from '../shared/step';

export type PackageCompleteResponse = IsCompleteResponse<PackageData>;

/** Fields the service cannot change on an existing package: a new value needs a new package. */
const REPLACING_FIELDS = ['PackageName', 'PackageType', 'EngineVersion', ...PLUGIN_REPLACING_FIELDS] as const;

/** Fields UpdatePackage takes: a new value makes a new package version. */
const VERSIONING_FIELDS = ['S3BucketName', 'S3Key', 'S3ObjectVersion', 'PackageDescription', ...PLUGIN_VERSIONING_FIELDS] as const;

/**
 * The onEvent Data key that hands isComplete the version before an update; isComplete waits for a
 * newer one and then overwrites the key with it (see PackageData).
 */
const VERSION_BEFORE_UPDATE: keyof PackageData = 'AvailablePackageVersion';

export async function createPackage(event: OnEventRequest): Promise<Step<OnEventResponse>> {
  const properties = parsePackageProperties(event.ResourceProperties);
  if (properties.AdoptExisting === 'true') {
    const adoption = await adoptExistingPackage(openSearchClient(), properties, event.StackId);
    if (adoption) return adoption;
  }
  return createNewPackage(properties, {
    outcome: 'requested',
    outcomeAfterLostReply: 'adopted-after-lost-reply',
    nameTaken: () => new Error(`A package named ${properties.PackageName} already exists in this Region: choose another packageName, `
      + 'or use CustomPackage.fromPackageName to associate the existing package'),
  });
}

export async function updatePackage(event: OnEventRequest): Promise<Step<OnEventResponse>> {
  const properties = parsePackageProperties(event.ResourceProperties);
  const changed = (field: keyof PackageProperties) => normalized(event.OldResourceProperties?.[field]) !== properties[field];
  const own = parsePackagePhysicalId(event.PhysicalResourceId);
  if (!own) {
    // Nothing of ours to update: create the package, CloudFormation deletes the old physical id.
    return createPackage(event);
  }
  // Returned unchanged: a new physical id would tell CloudFormation to delete the old one.
  const physicalResourceId = event.PhysicalResourceId!;
  const packageId = own.packageId;
  const replacing = REPLACING_FIELDS.filter(changed);
  if (replacing.length > 0) {
    if (!changed('PackageName')) {
      throw new Error(`Changing ${replacing.join(' and ')} replaces package ${properties.PackageName} (${packageId}), and the new package `
        + 'needs a new packageName: names are unique in a Region, and the old package is deleted only after the new one exists');
    }
    const step = await createPackage(event);
    return { ...step, report: { ...step.report, outcome: `replacement-${step.report.outcome}` } };
  }

  const client = openSearchClient();
  const ref = packageRef(properties.PackageName, packageId);
  const current = await readPackage(client, packageId, ref);
  if (!current) {
    // Failing would fail the rollback too (its Update meets the same gap): make the package again.
    return recreateGonePackage(properties, ref);
  }
  assertOwnsPackage('update', packageId, current.PackageName, event.OldResourceProperties, 'old properties');
  const report = { packageName: properties.PackageName, packageId, physicalResourceId, status: current.PackageStatus };
  if (!VERSIONING_FIELDS.some(changed)) {
    // A new commit message alone describes no new file: it waits for the next one.
    return requested(physicalResourceId, { ...report, outcome: 'unchanged' });
  }
  const staged = await stageFile(properties);
  const outcome = await requestUpdate({ client, packageId, ref, properties, staged, oldProperties: event.OldResourceProperties, before: current })
    .catch(withStagedFileRemoved(properties));
  return {
    response: { PhysicalResourceId: physicalResourceId, Data: { [VERSION_BEFORE_UPDATE]: current.AvailablePackageVersion ?? '' } },
    report: { ...report, outcome, stagedFile: s3Url(staged) },
  };
}

/**
 * The package was deleted outside the stack: the update creates it again under its name from the new
 * properties, and the new package id becomes the physical id (CloudFormation then deletes the old
 * one, which is gone). The stack makes this package, so it is never adopted, whatever adoptExisting says.
 */
function recreateGonePackage(properties: PackageProperties, ref: string): Promise<Step<OnEventResponse>> {
  return createNewPackage(properties, {
    outcome: 'recreated-gone',
    outcomeAfterLostReply: 'recreated-gone-after-lost-reply',
    nameTaken: () => new Error(`Package ${ref} was deleted outside the stack, and the update can't create it again: another package `
      + `named ${properties.PackageName} exists in this Region now, and it is not the stack's. Choose another packageName, `
      + 'or delete that package, then deploy again'),
  });
}

/** How a step that creates a package logs its outcome, and fails when the name is taken. */
interface NewPackage {
  readonly outcome: string;
  /** The outcome when the package was found after CreatePackage's reply was lost. */
  readonly outcomeAfterLostReply: string;
  /** The failure when a package that is not ours has the name. */
  readonly nameTaken: () => Error;
}

async function createNewPackage(properties: PackageProperties, how: NewPackage): Promise<Step<OnEventResponse>> {
  const staged = await stageFile(properties);
  const { details, adopted } = await requestCreate(openSearchClient(), properties, staged, how.nameTaken).catch(withStagedFileRemoved(properties));
  const packageId = details.PackageID!;
  return {
    response: { PhysicalResourceId: packageId },
    report: {
      packageName: properties.PackageName,
      packageId,
      physicalResourceId: packageId,
      status: details.PackageStatus,
      outcome: adopted ? how.outcomeAfterLostReply : how.outcome,
      stagedFile: s3Url(staged),
    },
  };
}

export async function deletePackage(event: OnEventRequest): Promise<Step<OnEventResponse>> {
  const physicalResourceId = event.PhysicalResourceId;
  // A copy a failed or timed-out deployment left behind would keep CloudFormation from deleting the bucket.
  const cleanup = await removeStagedFile(event.ResourceProperties ?? {});
  // isComplete deletes the package once no domain uses it: CloudFormation may still be removing associations.
  const own = parsePackagePhysicalId(physicalResourceId);
  let outcome = own ? 'waiting-for-dissociation' : 'skipped-foreign-id';
  if (keepsAdoptedPackage(physicalResourceId, event.ResourceProperties)) outcome = 'retained-adopted';
  const packageId = own?.packageId ?? physicalResourceId;
  return {
    response: { PhysicalResourceId: physicalResourceId },
    report: { physicalResourceId, packageId, outcome, ...cleanupReport(cleanup) },
  };
}

export async function waitForPackage(event: IsCompleteRequest): Promise<Step<PackageCompleteResponse>> {
  const properties = parsePackageProperties(event.ResourceProperties);
  const physicalResourceId = event.PhysicalResourceId;
  const packageId = parsePackagePhysicalId(physicalResourceId)?.packageId ?? physicalResourceId;
  const ref = packageRef(properties.PackageName, packageId);
  const client = openSearchClient();
  const details = await readPackage(client, packageId, ref);
  if (!details) {
    throw new Error(`Package ${ref} does not exist any more: it was deleted outside the stack`);
  }
  assertOwnsPackage('wait for', packageId, details.PackageName, event.ResourceProperties, 'properties');
  const status = details.PackageStatus;
  const report = { packageName: properties.PackageName, packageId, physicalResourceId, status };
  const versionBefore = event.Data?.[VERSION_BEFORE_UPDATE];

  switch (status) {
    case PackageStatus.AVAILABLE: {
      const version = details.AvailablePackageVersion;
      if (!version || version === versionBefore) {
        // The update is not visible yet: AVAILABLE still describes the version before it.
        return notComplete({ ...report, outcome: 'waiting-for-new-version' });
      }
      // Shared only once AVAILABLE (see package-scope.ts), before the resource is reported complete.
      const sharing = await applySharing(client, details, ref, event.ResourceProperties,
        event.RequestType === 'Update' ? event.OldResourceProperties : undefined);
      // The service has its own copy now; the staging bucket is empty at rest.
      const cleanup = await removeStagedFile(properties);
      return {
        response: { IsComplete: true, Data: await packageData(client, details) },
        report: { ...report, outcome: 'complete', sharing, ...cleanupReport(cleanup) },
      };
    }
    case PackageStatus.COPY_FAILED:
    case PackageStatus.VALIDATION_FAILED:
      await removeStagedFile(properties);
      throw statusFailed(ref, status, details.ErrorDetails);
    case PackageStatus.DELETING:
    case PackageStatus.DELETED:
    case PackageStatus.DELETE_FAILED:
      throw new Error(`Package ${ref} is ${status}: it is being deleted outside the stack`);
    default:
      // COPYING, VALIDATING, or a status this code does not know: wait for one that settles the matter.
      return notComplete({ ...report, outcome: 'waiting' });
  }
}

export async function waitForDeletion(event: IsCompleteRequest): Promise<Step<PackageCompleteResponse>> {
  const physicalResourceId = event.PhysicalResourceId;
  const own = parsePackagePhysicalId(physicalResourceId);
  if (!own) return complete(skippedForeignId(physicalResourceId));
  const packageId = own.packageId;
  const packageName = normalized(event.ResourceProperties?.PackageName);
  const report = { packageName, packageId, physicalResourceId };
  if (keepsAdoptedPackage(physicalResourceId, event.ResourceProperties)) {
    // The stack did not create it: removing the resource leaves the package and its other domains alone.
    return complete({ ...report, outcome: 'retained-adopted' });
  }
  const ref = packageRef(packageName, packageId);
  const client = openSearchClient();

  const details = await readPackage(client, packageId, ref);
  if (details) {
    assertOwnsPackage('delete', packageId, details.PackageName, event.ResourceProperties, 'properties');
  }
  switch (details?.PackageStatus) {
    case undefined:
    case PackageStatus.DELETED:
      return complete({ ...report, status: details?.PackageStatus, outcome: 'deleted' });
    case PackageStatus.DELETING:
      return notComplete({ ...report, status: details.PackageStatus, outcome: 'deleting' });
    case PackageStatus.DELETE_FAILED:
      throw statusFailed(ref, details.PackageStatus, details.ErrorDetails);
  }

  const domains = await readDomains(client, packageId, ref);
  // DescribePackages still shows the package, so a not-found here contradicts it: DeletePackage, whose
  // own not-found means the package is gone, settles the matter.
  if (domains?.some(isChanging)) {
    // Associations being removed (ours, by CloudFormation) or added: wait until they settle.
    return notComplete({ ...report, outcome: 'waiting-for-dissociation' });
  }
  if (domains !== undefined && domains.length > 0) {
    // Never dissociate a domain the stack does not manage: say who still uses the package instead.
    const users = domains.map((d) => `${d.DomainName} (${d.DomainPackageStatus})`).join(', ');
    throw new Error(`Package ${ref} is still associated with ${users}: dissociate it there first, `
      + 'or keep the package with removalPolicy RETAIN');
  }
  // Other accounts lose access before the package goes: the service is not documented to do it for us.
  const sharing = await removeSharing(client, details!, ref, event.ResourceProperties);
  const outcome = await requestDelete(client, packageId, ref);
  return outcome === 'already-deleted'
    ? complete({ ...report, outcome, sharing })
    // DeletePackage is asynchronous (the package goes DELETING): the next poll sees it go.
    : notComplete({ ...report, outcome, sharing });
}

/**
 * How much earlier than our first attempt a package may show as created and still be ours:
 * CreatedAt may be rounded to whole seconds, and the clocks of Lambda and the service are
 * NTP-synchronized. A package someone made seconds before is not ours.
 */
export const CREATION_TIME_TOLERANCE_MS = 1_000;

/** CreatePackage attempts of one invocation when replies are lost or unreadable (each with the SDK's own retries). */
const CREATE_ATTEMPTS = 2;

/**
 * Creates the package. A reply can be lost or unreadable after the service created it (a 5xx, a
 * hang, a 200 without the package, an HTML page): then the package of that name and type created
 * after our first attempt started is ours, and is adopted (DescribePackages does not show the
 * source, so the creation time is the evidence). When none shows yet, the create is sent again.
 *
 * `ResourceAlreadyExistsException` is ours only after an earlier attempt of this invocation that
 * may have made the package: the SDK's retry (`$metadata.attempts` above 1) or our own attempt that
 * failed as above. On a first attempt the name belongs to someone else, whatever its age.
 */
async function requestCreate(
  client: OpenSearchClient, properties: PackageProperties, staged: StagedFile, nameTaken: () => Error,
): Promise<{ details: PackageDetails; adopted: boolean }> {
  const startedAt = Date.now();
  let earlierAttemptMayHaveActed = false;
  for (let attempt = 1; ; attempt++) {
    try {
      const { PackageDetails: details } = await client.send(new CreatePackageCommand({
        PackageName: properties.PackageName,
        PackageType: properties.PackageType as PackageType,
        PackageSource: staged,
        PackageDescription: properties.PackageDescription,
        EngineVersion: properties.EngineVersion,
        ...createPackageOptions(properties),
      }));
      if (!details?.PackageID) {
        throw new UnexpectedResponseError('CreatePackage', 'PackageDetails.PackageID');
      }
      return { details, adopted: false };
    } catch (error) {
      if (isErrorNamed(error, 'ResourceAlreadyExistsException')) {
        const ours = earlierAttemptMayHaveActed || sdkAttempts(error) > 1 ? await findOwnCreation(client, properties, startedAt) : undefined;
        if (ours) return { details: ours, adopted: true };
        // Adopting it would let this stack update and delete a package someone else made.
        throw nameTaken();
      }
      if (!isTransient(error)) throw createFailed(properties.PackageName, error);
      earlierAttemptMayHaveActed = true;
      const ours = await findOwnCreation(client, properties, startedAt);
      if (ours) return { details: ours, adopted: true };
      if (attempt >= CREATE_ATTEMPTS) throw createFailed(properties.PackageName, error);
    }
  }
}

/** The package named like ours, of our type, created since `startedAt`; undefined when there is none. */
async function findOwnCreation(client: OpenSearchClient, properties: PackageProperties, startedAt: number): Promise<PackageDetails | undefined> {
  let named: PackageDetails[];
  try {
    named = await findPackagesNamed(client, properties.PackageName);
  } catch (error) {
    throw createFailed(properties.PackageName, error);
  }
  const ours = named.filter((details) => details.PackageType === properties.PackageType
    && details.CreatedAt !== undefined && details.CreatedAt.getTime() >= startedAt - CREATION_TIME_TOLERANCE_MS);
  return ours.length === 1 && ours[0].PackageID ? ours[0] : undefined;
}

/**
 * A failed create. When the reply was lost or unreadable the package may exist anyway: the reason
 * says so and names it, because a create that fails leaves no physical id for a rollback to delete.
 */
function createFailed(packageName: string, error: unknown): Error {
  const failure = operationFailed('CreatePackage', packageName, error);
  if (!isTransient(error)) {
    return failure;
  }
  return new Error(`${failure.message}. A package named ${echo(packageName)} may have been created anyway: if DescribePackages `
    + 'lists it, delete it (aws opensearch delete-package) before deploying again', { cause: error });
}

/**
 * Asks the service to delete the package. A refusal is "busy" only while the package's state shows
 * something in flight (a new version being copied or validated, a domain listing it); otherwise it
 * gets the grace of pause.ts, and a refusal that outlives it fails: retrying can't cure it.
 */
async function requestDelete(client: OpenSearchClient, packageId: string, ref: string): Promise<'delete-requested' | 'already-deleted' | 'busy'> {
  const firstRefusedAt = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      await client.send(new DeletePackageCommand({ PackageID: packageId }));
      return 'delete-requested';
    } catch (error) {
      const kind = classifyError(error);
      if (kind === 'not-found') return 'already-deleted';
      if (kind !== 'refused') throw operationFailed('DeletePackage', ref, error);
      const details = await readPackage(client, packageId, ref);
      if (!details) return 'already-deleted';
      const domains = await readDomains(client, packageId, ref);
      const processing = details.PackageStatus === PackageStatus.COPYING || details.PackageStatus === PackageStatus.VALIDATING;
      if (processing || details.PackageStatus === PackageStatus.DELETING || (domains?.length ?? 0) > 0) return 'busy';
      if (attempt >= refusedAttempts()) {
        const failed = operationFailed('DeletePackage', ref, error).message;
        const seconds = Math.round((Date.now() - firstRefusedAt) / 1000);
        throw new Error(`${failed}. The package is idle and no domain lists it, so retrying can't help (refused ${attempt} times over `
          + `${seconds} seconds): keep the package with removalPolicy RETAIN and delete it by hand`);
      }
      await pause(refusalPause(attempt));
    }
  }
}

function readPackage(client: OpenSearchClient, packageId: string, ref: string): Promise<PackageDetails | undefined> {
  return callOrFail('DescribePackages', ref, () => describePackage(client, packageId));
}

/** The domains using the package, or undefined when the package is gone. */
async function readDomains(client: OpenSearchClient, packageId: string, ref: string): Promise<DomainPackageDetails[] | undefined> {
  try {
    return await listDomainsForPackage(client, packageId);
  } catch (error) {
    if (classifyError(error) === 'not-found') return undefined;
    throw operationFailed('ListDomainsForPackage', ref, error);
  }
}


function isChanging(details: DomainPackageDetails): boolean {
  return details.DomainPackageStatus === DomainPackageStatus.ASSOCIATING
    || details.DomainPackageStatus === DomainPackageStatus.DISSOCIATING;
}

/** How messages name a package: its name and id, or the id alone. */
function packageRef(packageName: string | undefined, packageId: string): string {
  return packageName ? `${packageName} (${packageId})` : packageId;
}

/** CloudFormation property values as the parser sees them: '' and absent are the same. */
function normalized(value: unknown): string | undefined {
  return value === undefined || value === null || value === '' ? undefined : String(value);
}
