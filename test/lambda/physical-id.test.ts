import { formatPhysicalId, isSameDomainPackage, parsePhysicalId } from '../../lambda/association/properties';

describe('physical id', () => {
  test('encodes domain and package behind a self-describing prefix', () => {
    expect(formatPhysicalId({ domainName: 'search-domain', packageId: 'F123456789' }))
      .toBe('opensearch-package-association:search-domain:F123456789');
  });

  test.each([
    { domainName: 'search-domain', packageId: 'F123456789' },
    { domainName: 'abc', packageId: 'G42' },
    { domainName: 'a-domain-name-of-28-chars-xx', packageId: 'pkg-0123abcdef' },
  ])('parse reverses format for $domainName/$packageId', (target) => {
    expect(parsePhysicalId(formatPhysicalId(target))).toEqual(target);
  });

  test.each([
    ['undefined', undefined],
    ['empty', ''],
    ['CDK provider framework create-failed marker', 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED'],
    ['request id default', '6f1e2d3c-1111-2222-3333-444455556666'],
    ['another prefix', 'opensearch-package:search-domain:F123456789'],
    ['missing package', 'opensearch-package-association:search-domain'],
    ['extra part', 'opensearch-package-association:search-domain:F123456789:x'],
    ['invalid domain', 'opensearch-package-association:Search_Domain:F123456789'],
    ['invalid package id', 'opensearch-package-association:search-domain:X123'],
  ])('parse returns undefined for %s', (_label, physicalId) => {
    expect(parsePhysicalId(physicalId)).toBeUndefined();
  });

  test('isSameDomainPackage compares both parts', () => {
    const a = { domainName: 'search-domain', packageId: 'F1' };
    expect(isSameDomainPackage(a, { ...a })).toBe(true);
    expect(isSameDomainPackage(a, { ...a, domainName: 'other-domain' })).toBe(false);
    expect(isSameDomainPackage(a, { ...a, packageId: 'F2' })).toBe(false);
  });
});
