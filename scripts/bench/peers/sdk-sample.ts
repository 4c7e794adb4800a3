import { associateOrFail, StrategyFailed, WaitingStrategy } from './service';

/**
 * The Python sample of the AWS developer guide ("Updating custom packages (AWS SDK)"), re-implemented:
 * update (here: create) the package, associate it at once, then `wait_for_update`: list the domain's
 * packages, and if not ACTIVE sleep 10 s and list again. It never waits for the package to be
 * AVAILABLE before associating.
 * https://docs.aws.amazon.com/opensearch-service/latest/developerguide/custom-packages.html#custom-packages-update-python
 */
const POLL_MS = 10_000;

export const sdkSample: WaitingStrategy = {
  key: 'sdk-sample',
  label: 'AWS developer guide SDK sample (associate, then poll every 10 s)',
  source: 'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/custom-packages.html#custom-packages-update-python',

  async associate(service, domainName, packageId) {
    await associateOrFail(service, domainName, packageId);
    for (;;) {
      const association = await service.findAssociation(domainName, packageId);
      if (association?.DomainPackageStatus === 'ACTIVE') return;
      if (association?.DomainPackageStatus === 'ASSOCIATION_FAILED') throw new StrategyFailed('ASSOCIATION_FAILED');
      await service.clock.sleep(POLL_MS);
    }
  },

  async fileToActive(service, file, domainName) {
    const packageId = await service.createPackage(file.packageName, file.bucket, file.key);
    await sdkSample.associate(service, domainName, packageId);
  },
};
