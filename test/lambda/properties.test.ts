import { parseAssociationProperties } from '../../lambda/association/properties';

const SERVICE_TOKEN = 'arn:aws:lambda:eu-west-1:111111111111:function:provider';

describe('parseAssociationProperties', () => {
  test('returns domain, package and version, dropping ServiceToken', () => {
    expect(parseAssociationProperties({
      ServiceToken: SERVICE_TOKEN, DomainName: 'search-domain', PackageId: 'F123456789', PackageVersion: 'v2',
    })).toEqual({ DomainName: 'search-domain', PackageId: 'F123456789', PackageVersion: 'v2' });
  });

  test('PackageVersion is optional and an empty one counts as absent', () => {
    expect(parseAssociationProperties({ DomainName: 'search-domain', PackageId: 'pkg-0a1b2c' }))
      .toEqual({ DomainName: 'search-domain', PackageId: 'pkg-0a1b2c' });
    expect(parseAssociationProperties({ DomainName: 'search-domain', PackageId: 'G1', PackageVersion: '' }))
      .not.toHaveProperty('PackageVersion');
  });

  test.each([
    ['no properties at all', undefined, 'Missing required property DomainName'],
    ['DomainName missing', { PackageId: 'F1' }, 'Missing required property DomainName'],
    ['DomainName empty', { DomainName: '', PackageId: 'F1' }, 'Missing required property DomainName'],
    ['PackageId missing', { DomainName: 'search-domain' }, 'Missing required property PackageId'],
    ['DomainName not a string', { DomainName: 42, PackageId: 'F1' }, 'Invalid DomainName: expected a string, got number'],
    ['DomainName too short', { DomainName: 'ab', PackageId: 'F1' }, 'Invalid DomainName "ab"'],
    ['DomainName too long', { DomainName: 'a'.repeat(29), PackageId: 'F1' }, 'Invalid DomainName "aaaaaaaaaaaaaaaaaaaaaaaaaaaaa"'],
    ['DomainName with uppercase', { DomainName: 'Search', PackageId: 'F1' }, 'Invalid DomainName "Search"'],
    ['DomainName starting with a digit', { DomainName: '1search', PackageId: 'F1' }, 'Invalid DomainName "1search"'],
    ['PackageId of an unknown shape', { DomainName: 'search-domain', PackageId: 'P123' }, 'Invalid PackageId "P123"'],
    ['PackageId pkg- with uppercase hex', { DomainName: 'search-domain', PackageId: 'pkg-ABC' }, 'Invalid PackageId "pkg-ABC"'],
    ['PackageVersion not a string', { DomainName: 'search-domain', PackageId: 'F1', PackageVersion: 2 }, 'Invalid PackageVersion: expected a string, got number'],
  ])('rejects %s with a message naming the field', (_label, raw, message) => {
    expect(() => parseAssociationProperties(raw as Record<string, unknown> | undefined)).toThrow(message);
  });

  test('explains the expected domain shape', () => {
    expect(() => parseAssociationProperties({ DomainName: 'ab', PackageId: 'F1' })).toThrow(/3-28 characters/);
  });
});
