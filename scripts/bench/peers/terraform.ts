import { associateOrFail, StrategyFailed, WaitingStrategy } from './service';

/**
 * Terraform's `aws_opensearch_package_association`, re-implemented from its published source:
 * - internal/service/opensearch/package_association.go (hashicorp/terraform-provider-aws):
 *   AssociatePackage (an error fails the resource: no retry on a busy domain, so resources on one
 *   domain need `depends_on`), then `retry.StateChangeConf{Delay: 30s}` on ListPackagesForDomain
 *   until ACTIVE.
 * - helper/retry/state.go (hashicorp/terraform-plugin-sdk): after Delay the first refresh comes at
 *   once; the wait, set to 100 ms then, doubles after each refresh (so 200 ms, 400 ms, ...), capped
 *   at 10 s.
 * - internal/service/opensearch/package.go: `aws_opensearch_package` returns after CreatePackage and
 *   one read (DescribePackages); it does not wait for AVAILABLE.
 * https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/opensearch/package_association.go
 * https://github.com/hashicorp/terraform-plugin-sdk/blob/main/helper/retry/state.go
 */
const DELAY_MS = 30_000;
const FIRST_WAIT_MS = 100;
const MAX_WAIT_MS = 10_000;

export const terraform: WaitingStrategy = {
  key: 'terraform',
  label: 'Terraform aws_opensearch_package_association (30 s delay, StateChangeConf backoff capped at 10 s)',
  source: 'https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/opensearch/package_association.go',

  async associate(service, domainName, packageId) {
    await associateOrFail(service, domainName, packageId);
    await service.clock.sleep(DELAY_MS);
    let waitMs = 0;
    for (;;) {
      await service.clock.sleep(waitMs);
      if (waitMs === 0) waitMs = FIRST_WAIT_MS;
      const association = await service.findAssociation(domainName, packageId);
      if (association?.DomainPackageStatus === 'ACTIVE') return;
      if (association && association.DomainPackageStatus !== 'ASSOCIATING') {
        throw new StrategyFailed(`unexpected state ${association.DomainPackageStatus}`);
      }
      waitMs = Math.min(waitMs * 2, MAX_WAIT_MS);
    }
  },

  async fileToActive(service, file, domainName) {
    const packageId = await service.createPackage(file.packageName, file.bucket, file.key);
    await service.describePackage(packageId);
    await terraform.associate(service, domainName, packageId);
  },
};

