import type { OpenSearchClient, PackageDetails } from '@aws-sdk/client-opensearch';
import type { PackageData } from '../../src/handler-contract/contract';
import { callOrFail } from '../shared/errors';
import { findPackageVersion } from '../shared/package-lookups';

/**
 * The attributes of a package: its details plus the commit message of its available version, which
 * only GetPackageVersionHistory knows. Details the service leaves out become '' so every GetAtt resolves.
 */
export async function packageData(client: OpenSearchClient, details: PackageDetails): Promise<PackageData> {
  const packageId = details.PackageID ?? '';
  const version = details.AvailablePackageVersion ?? '';
  let commitMessage: string | undefined;
  if (packageId && version) {
    const history = await callOrFail('GetPackageVersionHistory', `${details.PackageName} (${packageId})`,
      () => findPackageVersion(client, packageId, version));
    commitMessage = history?.CommitMessage;
  }
  return {
    PackageId: packageId,
    PackageName: details.PackageName ?? '',
    PackageType: details.PackageType ?? '',
    AvailablePackageVersion: version,
    LatestCommitMessage: commitMessage ?? '',
  };
}
