import { associateOrFail, WaitingStrategy } from './service';

/**
 * A common hand-written custom resource: request, sleep a fixed 120 s, then check. Published
 * example of the pattern: aws-samples/opensearch-intelligent-search-jp (a 120 s `time.sleep` in its
 * package custom resource). A single check fails every association longer than 120 s, which is all
 * of them at 2 to 3 minutes; so that it yields a time at all, this version sleeps another 120 s and
 * checks again until ACTIVE, and counts the checks that found it not done yet.
 * https://github.com/aws-samples/opensearch-intelligent-search-jp/pull/3
 */
const SLEEP_MS = 120_000;


export const fixedSleep: WaitingStrategy = {
  key: 'fixed-sleep',
  label: 'Fixed 120 s sleep, then a check (again after each further 120 s)',
  source: 'https://github.com/aws-samples/opensearch-intelligent-search-jp/pull/3',

  async associate(service, domainName, packageId) {
    await associateOrFail(service, domainName, packageId);
    for (;;) {
      await service.clock.sleep(SLEEP_MS);
      const association = await service.findAssociation(domainName, packageId);
      if (association?.DomainPackageStatus === 'ACTIVE') return;
      service.misses++;
    }
  },

  async fileToActive(service, file, domainName) {
    const packageId = await service.createPackage(file.packageName, file.bucket, file.key);
    for (;;) {
      await service.clock.sleep(SLEEP_MS);
      if ((await service.describePackage(packageId))?.PackageStatus === 'AVAILABLE') break;
      service.misses++;
    }
    await fixedSleep.associate(service, domainName, packageId);
  },
};
