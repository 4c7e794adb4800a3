import { AssociatePackageCommand, DissociatePackageCommand } from '@aws-sdk/client-opensearch';
import type { OpenSearchClient } from '@aws-sdk/client-opensearch';
import { classifyError, operationFailed } from './errors';
import type { DomainPackage } from './physical-id';
import { isTransient } from './transient';

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
  | 'unconfirmed';

/**
 * Asks the service to associate the package (or move the domain to the package's current version).
 * A domain busy with another change is not a failure: isComplete asks again.
 */
export async function requestAssociation(client: OpenSearchClient, target: DomainPackage): Promise<RequestOutcome> {
  try {
    await client.send(new AssociatePackageCommand({ DomainName: target.domainName, PackageID: target.packageId }));
    return 'requested';
  } catch (error) {
    const kind = classifyError(error);
    if (kind === 'already-in-desired-state' || kind === 'busy') {
      return kind;
    }
    if (isTransient(error)) {
      return 'unconfirmed';
    }
    throw operationFailed('AssociatePackage', target, error);
  }
}

/**
 * Asks the service to dissociate the package. Something already gone (not associated, or the domain
 * or package deleted) is what Delete wants; a busy domain is retried by isComplete.
 */
export async function requestDissociation(client: OpenSearchClient, target: DomainPackage): Promise<RequestOutcome> {
  try {
    await client.send(new DissociatePackageCommand({ DomainName: target.domainName, PackageID: target.packageId }));
    return 'requested';
  } catch (error) {
    const kind = classifyError(error);
    switch (kind) {
      case 'not-associated':
      case 'not-found':
        return 'already-dissociated';
      case 'already-in-desired-state':
      case 'busy':
        return kind;
      default:
        if (isTransient(error)) {
          return 'unconfirmed';
        }
        throw operationFailed('DissociatePackage', target, error);
    }
  }
}
