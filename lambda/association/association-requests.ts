import { AssociatePackageCommand, DissociatePackageCommand, DomainPackageStatus } from '@aws-sdk/client-opensearch';
import type { DomainPackageDetails, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { PREREQUISITE_REFUSAL_CAUSE } from './properties';
import type { AssociationRequestBody, DomainPackage } from './properties';
import { domainActivity, readDomainPackages } from './service-state';
import { classifyError, operationFailed, refusalPersisted, isTransient } from '../shared/errors';
import { pause, refusalPause, refusedAttempts } from '../shared/pause';

/**
 * How a request to change an association ended. Only the service's listing says when the change is
 * done, so every outcome here means "check again later", never "done".
 */
export type RequestOutcome =
  | 'requested'
  | 'already-in-desired-state'
  | 'busy'
  | 'already-dissociated'
  // The reply was lost or unreadable (5xx, throttling, a timeout after the SDK's retries): the change
  // may or may not have been made. isComplete reads the listing and asks again if it was not.
  | 'unconfirmed'
  // Refused, and the domain's state could not be read to say why (an unreadable or lost reply):
  // isComplete reads the listing on its next poll and asks again.
  | 'refused-state-unreadable';

/**
 * Why AssociatePackage is refused with a ValidationException on an idle domain, as far as the API
 * reference lets us guess.
 */
export const ASSOCIATE_REFUSAL_CAUSE = 'the package may not suit the domain (package type or engine version), '
  + 'or the domain may already have its 20 packages: check both, then deploy again';
/** Why DissociatePackage is refused on an idle domain: the API reference says an index must not use the package. */
export const DISSOCIATE_REFUSAL_CAUSE = 'an index may still use this package: delete or reindex it, '
  + 'or keep the association with removalPolicy RETAIN';
/**
 * Why a ConflictException outlives the grace on a domain that shows nothing in flight: the conflict is
 * with something the API does not show, not with the request's content.
 */
export const HIDDEN_CONFLICT_CAUSE = 'the domain or package is busy with a change its API does not show (one started outside this stack, '
  + 'or a domain still settling after being created or changed): deploy again once it has settled';

/** The likely cause of a refusal that outlived the grace, by the exception the service sent. */
export type LikelyCause = (exceptionName: string) => string;

/** For requests whose content can be at fault: a ConflictException is about something else in flight. */
export function contentOrConflict(contentCause: string): LikelyCause {
  return (exceptionName) => exceptionName === 'ConflictException' ? HIDDEN_CONFLICT_CAUSE : contentCause;
}

/** One association request (single or batch), and how to tell from the listing that it is already done or under way. */
export interface ChangeRequest {
  readonly operation: 'AssociatePackage' | 'DissociatePackage' | 'AssociatePackages' | 'DissociatePackages';
  readonly send: () => Promise<unknown>;
  /** The outcome when the domain's listing shows the request is not needed, else undefined. */
  readonly settledBy: (listing: readonly DomainPackageDetails[]) => RequestOutcome | undefined;
  /** What a ResourceNotFoundException means, or undefined when it is a failure. */
  readonly notFound?: RequestOutcome;
  readonly likelyCause: LikelyCause;
}

/**
 * Asks the service to associate the package (or move the domain to the package's available version).
 * `availableVersion` (from DescribePackages) tells an ACTIVE association at that version, which needs
 * nothing, from an older one.
 */
export function requestAssociation(client: OpenSearchClient, target: DomainPackage, availableVersion?: string,
  body: AssociationRequestBody = {}): Promise<RequestOutcome> {
  return requestChange(client, target, {
    operation: 'AssociatePackage',
    send: () => client.send(new AssociatePackageCommand({ ...body, DomainName: target.domainName, PackageID: target.packageId })),
    settledBy: (listing) => {
      const own = ownEntry(listing, target);
      const done = own?.DomainPackageStatus === DomainPackageStatus.ASSOCIATING
        || (own?.DomainPackageStatus === DomainPackageStatus.ACTIVE && (availableVersion === undefined || own.PackageVersion === availableVersion));
      return done ? 'already-in-desired-state' : undefined;
    },
    likelyCause: contentOrConflict(body.PrerequisitePackageIDList ? `${PREREQUISITE_REFUSAL_CAUSE}; or ${ASSOCIATE_REFUSAL_CAUSE}` : ASSOCIATE_REFUSAL_CAUSE),
  });
}

/**
 * Asks the service to dissociate the package. Something already gone (not listed, or the domain or
 * package deleted) is what Delete wants.
 */
export function requestDissociation(client: OpenSearchClient, target: DomainPackage): Promise<RequestOutcome> {
  return requestChange(client, target, {
    operation: 'DissociatePackage',
    send: () => client.send(new DissociatePackageCommand({ DomainName: target.domainName, PackageID: target.packageId })),
    settledBy: (listing) => {
      const own = ownEntry(listing, target);
      if (!own) return 'already-dissociated';
      return own.DomainPackageStatus === DomainPackageStatus.DISSOCIATING ? 'already-in-desired-state' : undefined;
    },
    notFound: 'already-dissociated',
    // An index using the package is the one refusal the API reference names; whichever exception says it.
    likelyCause: () => DISSOCIATE_REFUSAL_CAUSE,
  });
}

function ownEntry(listing: readonly DomainPackageDetails[], target: DomainPackage): DomainPackageDetails | undefined {
  return listing.find((p) => p.PackageID === target.packageId);
}

/**
 * Sends the request; on a refusal (ConflictException, ValidationException) decides from the domain's
 * state what it meant: already done, busy with something else (isComplete asks again on its next
 * poll), or, on an idle-looking domain, a refusal that gets the grace of pause.ts and then fails.
 * `target` names the domain and, in messages, the package (or the batch's packages).
 */
export async function requestChange(client: OpenSearchClient, target: DomainPackage, request: ChangeRequest): Promise<RequestOutcome> {
  let firstRefusedAt = 0;
  for (let attempt = 1; ; attempt++) {
    let refusal: unknown;
    try {
      await request.send();
      return 'requested';
    } catch (error) {
      const kind = classifyError(error);
      if (kind === 'not-found' && request.notFound) return request.notFound;
      if (kind !== 'refused') {
        // A lost or unreadable reply: the change may have been made. isComplete reads the listing.
        if (isTransient(error)) return 'unconfirmed';
        throw operationFailed(request.operation, target, error);
      }
      refusal = error;
      if (attempt === 1) firstRefusedAt = Date.now();
    }
    const verdict = await readRefusal(client, target, request);
    if (verdict !== 'idle') return verdict;
    if (attempt >= refusedAttempts()) {
      const seconds = Math.round((Date.now() - firstRefusedAt) / 1000);
      throw refusalPersisted(request.operation, target, refusal, request.likelyCause(errorName(refusal)), { attempts: attempt, seconds });
    }
    await pause(refusalPause(attempt));
  }
}

/**
 * What the domain's state says about a refusal: settled, busy, or idle. A state that can't be read
 * (an unreadable or lost reply) is no evidence of "idle": isComplete looks again on its next poll.
 */
async function readRefusal(client: OpenSearchClient, target: DomainPackage, request: ChangeRequest): Promise<RequestOutcome | 'idle'> {
  try {
    const packages = await readDomainPackages(client, target);
    const settled = request.settledBy(packages);
    if (settled) return settled;
    return await domainActivity(client, target, packages) ? 'busy' : 'idle';
  } catch (error) {
    if (isTransient(error)) return 'refused-state-unreadable';
    throw error;
  }
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'UnknownError';
}
