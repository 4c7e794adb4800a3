import { PackageStatus } from '@aws-sdk/client-opensearch';
import type { OpenSearchClient } from '@aws-sdk/client-opensearch';
import type { DomainPackage } from './properties';
import { callOrFail } from '../shared/errors';
import { describePackage } from '../shared/package-lookups';

/**
 * Whether the package can be associated now, read from DescribePackages before asking: a package
 * still being copied or validated is waited for, one that failed or is being deleted fails at once,
 * and a pinned version the service can't give fails at once (AssociatePackage has no version
 * parameter: it always associates the package's AvailablePackageVersion).
 */
export type Readiness =
  | { readonly ready: true; readonly availableVersion?: string }
  | { readonly ready: false; readonly status: string };

export async function packageReadiness(client: OpenSearchClient, target: DomainPackage, pinnedVersion?: string): Promise<Readiness> {
  const details = await callOrFail('DescribePackages', target, () => describePackage(client, target.packageId));
  if (!details) {
    // Not visible to this account's DescribePackages: let AssociatePackage give the service's answer.
    return { ready: true };
  }
  const status = details.PackageStatus ?? 'UNKNOWN';
  const where = `Package ${target.packageId} can't be associated with domain ${target.domainName}`;
  switch (status) {
    case PackageStatus.AVAILABLE:
      break;
    case PackageStatus.COPY_FAILED:
    case PackageStatus.VALIDATION_FAILED: {
      const errorType = details.ErrorDetails?.ErrorType ?? 'UnknownError';
      const errorMessage = details.ErrorDetails?.ErrorMessage ?? 'the service gave no details';
      throw new Error(`${where}: it is ${status}: ${errorType}: ${errorMessage}. Fix the file and update the package`);
    }
    case PackageStatus.DELETING:
    case PackageStatus.DELETED:
    case PackageStatus.DELETE_FAILED:
      throw new Error(`${where}: it is ${status} (being deleted outside the stack?)`);
    default:
      // COPYING, VALIDATING (e.g. created a moment ago by another stack), or a status this code does not know.
      return { ready: false, status };
  }
  const available = details.AvailablePackageVersion;
  if (pinnedVersion !== undefined && available !== undefined && available !== pinnedVersion) {
    throw new Error(`${where} at the pinned version ${pinnedVersion}: its available version is ${available}, `
      + 'and AssociatePackage always takes the available version. '
      + `Pin packageVersion to ${available}, or leave it out`);
  }
  return { ready: true, availableVersion: available };
}
