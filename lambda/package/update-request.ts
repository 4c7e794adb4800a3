/**
 * UpdatePackage under lost, unreadable and hanging replies. Every UpdatePackage the service accepts
 * makes a package version, and one sent while another is processed is refused, so neither sending
 * again nor a refusal says what happened: the package is read back instead.
 *
 * An earlier attempt of ours shows in the package read back: settled when read before asking, it now
 * processes a version (COPYING, VALIDATING) or failed to; or it has a version newer than the one read
 * before, whose commit message is the one sent (the library's names the file). That evidence counts
 * only after an attempt of this invocation that may have acted: the SDK's retry of a lost reply, or
 * our own attempt whose reply was unreadable or never came. A refusal of a first attempt fails with
 * the service's words.
 */
import { PackageStatus, UpdatePackageCommand } from '@aws-sdk/client-opensearch';
import type { OpenSearchClient, PackageDetails } from '@aws-sdk/client-opensearch';
import { updatePackageOptions } from './package-options';
import type { StagedFile } from './staging';
import type { PackageProperties } from '../../src/handler-contract/contract';
import { callOrFail, classifyError, isTransient, operationFailed, sdkAttempts, UnexpectedResponseError } from '../shared/errors';
import { describePackage, findPackageVersion } from '../shared/package-lookups';

/** UpdatePackage attempts of one invocation when replies are lost or unreadable (each with the SDK's own retries). */
const UPDATE_ATTEMPTS = 2;

const PROCESSING: ReadonlySet<string | undefined> = new Set([PackageStatus.COPYING, PackageStatus.VALIDATING]);

/** Statuses only the processing of a new version leads to. */
const PROCESSED: ReadonlySet<string | undefined> = new Set([...PROCESSING, PackageStatus.COPY_FAILED, PackageStatus.VALIDATION_FAILED]);

export interface UpdateRequest {
  readonly client: OpenSearchClient;
  readonly packageId: string;
  /** How messages name the package. */
  readonly ref: string;
  readonly properties: PackageProperties;
  readonly staged: StagedFile;
  readonly oldProperties: Record<string, unknown> | undefined;
  /** The package as read before asking. */
  readonly before: PackageDetails;
}

/** How the request ended: sent, or found made by an earlier attempt whose reply was lost. */
export type UpdateOutcome = 'update-requested' | 'update-found-after-lost-reply';

export async function requestUpdate(request: UpdateRequest): Promise<UpdateOutcome> {
  let earlierAttemptMayHaveActed = false;
  for (let attempt = 1; ; attempt++) {
    try {
      const { PackageDetails: details } = await request.client.send(updateCommand(request));
      if (!details?.PackageID) {
        throw new UnexpectedResponseError('UpdatePackage', 'PackageDetails.PackageID');
      }
      return 'update-requested';
    } catch (error) {
      if (error instanceof EarlierAttemptActed) return 'update-found-after-lost-reply';
      if (classifyError(error) === 'refused') {
        if ((earlierAttemptMayHaveActed || sdkAttempts(error) > 1) && await showsOwnUpdate(request)) return 'update-found-after-lost-reply';
        throw operationFailed('UpdatePackage', request.ref, error);
      }
      if (!isTransient(error)) throw operationFailed('UpdatePackage', request.ref, error);
      earlierAttemptMayHaveActed = true;
      if (await showsOwnUpdate(request)) return 'update-found-after-lost-reply';
      if (attempt >= UPDATE_ATTEMPTS) throw operationFailed('UpdatePackage', request.ref, error);
    }
  }
}

/** Stops the SDK's retries once the package shows the attempt before (thrown inside its retry loop). */
class EarlierAttemptActed extends Error {
  constructor() {
    super('an earlier attempt of UpdatePackage made the new version');
    this.name = 'EarlierAttemptActed';
  }
}

/**
 * The request, read back before each of the SDK's retries: after a hang or a 5xx, the version the
 * first attempt made may be AVAILABLE already, and a resend would make a second one.
 */
function updateCommand(request: UpdateRequest): UpdatePackageCommand {
  const { packageId, properties, staged, oldProperties } = request;
  const command = new UpdatePackageCommand({
    PackageID: packageId,
    PackageSource: staged,
    PackageDescription: properties.PackageDescription,
    CommitMessage: properties.CommitMessage,
    ...updatePackageOptions(properties, oldProperties),
  });
  let attempts = 0;
  // The finalizeRequest step runs inside the SDK's retry loop, once per attempt.
  command.middlewareStack.add((next) => async (args) => {
    attempts += 1;
    if (attempts > 1 && await showsOwnUpdate(request)) throw new EarlierAttemptActed();
    return next(args);
  }, { step: 'finalizeRequest', name: 'readBackBeforeRetry' });
  return command;
}

/** Whether the package read back shows an update of ours (see the top of this file). */
async function showsOwnUpdate({ client, packageId, ref, properties, before }: UpdateRequest): Promise<boolean> {
  const details = await callOrFail('DescribePackages', ref, () => describePackage(client, packageId));
  if (!details) return false;
  if (!PROCESSING.has(before.PackageStatus) && details.PackageStatus !== before.PackageStatus && PROCESSED.has(details.PackageStatus)) {
    return true;
  }
  const version = details.AvailablePackageVersion;
  if (!version || version === before.AvailablePackageVersion) return false;
  const newer = await callOrFail('GetPackageVersionHistory', ref, () => findPackageVersion(client, packageId, version));
  return newer !== undefined && newer.CommitMessage === properties.CommitMessage;
}
