/**
 * Pagination of the list operations through the SDK. The emulator driven by the real @aws-sdk/client-opensearch; shared setup in sdk-setup.ts.
 */
import {
  GetPackageVersionHistoryCommand, ListPackagesForDomainCommand, paginateDescribePackages, paginateListPackagesForDomain,
} from '@aws-sdk/client-opensearch';
import { DOMAIN, OTHER_DOMAIN, PKG, setup, stopEmulator } from './sdk-setup';

afterEach(stopEmulator);

describe('pagination', () => {
  test('a page cap forces many pages even when the client asks for 100', async () => {
    const { emu: e, client: c } = await setup({ listPageCap: 2 });
    const ids = e.addFillerPackages(DOMAIN, 8);
    expect(ids).toHaveLength(8);

    const pages: string[][] = [];
    const tokens: string[] = [];
    for await (const page of paginateListPackagesForDomain({ client: c, pageSize: 100 }, { DomainName: DOMAIN })) {
      pages.push((page.DomainPackageDetailsList ?? []).map(d => d.PackageID!));
      if (page.NextToken) {
        tokens.push(page.NextToken);
      }
    }
    expect(pages).toHaveLength(4);
    expect(pages.every(p => p.length === 2)).toBe(true);
    expect(pages.flat()).toEqual(ids);
    expect(tokens).toHaveLength(3);
    for (const token of tokens) {
      expect(token).not.toMatch(/^[0-9]+$/);
    }
    const calls = e.callsTo('ListPackagesForDomain');
    expect(calls).toHaveLength(4);
    expect(calls[0].query).toEqual({ maxResults: '100' });
    expect(calls[1].query.nextToken).toBe(tokens[0]);
  });

  test('MaxResults below the cap sets the page size', async () => {
    const { emu: e, client: c } = await setup();
    e.addFillerPackages(DOMAIN, 5);
    const out = await c.send(new ListPackagesForDomainCommand({ DomainName: DOMAIN, MaxResults: 3 }));
    expect(out.DomainPackageDetailsList).toHaveLength(3);
    const rest = await c.send(new ListPackagesForDomainCommand({ DomainName: DOMAIN, MaxResults: 3, NextToken: out.NextToken }));
    expect(rest.DomainPackageDetailsList).toHaveLength(2);
    expect(rest.NextToken).toBeUndefined();
  });

  test('bad, foreign and numeric NextTokens are ValidationExceptions', async () => {
    const { emu: e, client: c } = await setup({ listPageCap: 1 });
    e.addDomain(OTHER_DOMAIN);
    e.addFillerPackages(DOMAIN, 2, 'a');
    e.addFillerPackages(OTHER_DOMAIN, 2, 'b');
    const otherToken = (await c.send(new ListPackagesForDomainCommand({ DomainName: OTHER_DOMAIN }))).NextToken;
    expect(otherToken).toBeDefined();

    for (const NextToken of ['not-a-token', '1', otherToken!, Buffer.from('{"o":1,"f":"forged"}').toString('base64url')]) {
      await expect(c.send(new ListPackagesForDomainCommand({ DomainName: DOMAIN, NextToken }))).rejects.toMatchObject({
        name: 'ValidationException', message: expect.stringContaining('nextToken'), $metadata: { httpStatusCode: 400 },
      });
    }
  });

  test('DescribePackages pages through its body parameters', async () => {
    const { emu: e, client: c } = await setup({ listPageCap: 3 });
    for (let i = 0; i < 7; i++) {
      e.addPackage({ packageName: `dict-${i}` });
    }
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribePackages({ client: c, pageSize: 50 }, {})) {
      pages++;
      names.push(...(page.PackageDetailsList ?? []).map(p => p.PackageName!));
    }
    expect(pages).toBe(3);
    expect(names).toEqual(['dict-0', 'dict-1', 'dict-2', 'dict-3', 'dict-4', 'dict-5', 'dict-6']);
    expect(e.callsTo('DescribePackages')[1].body).toMatchObject({ MaxResults: 50, NextToken: expect.any(String) });
  });

  test('GetPackageVersionHistory pages newest first', async () => {
    const { emu: e, client: c } = await setup({ listPageCap: 2 });
    e.addPackage({ packageId: PKG, packageName: 'synonyms', versions: [{}, { commitMessage: 'two' }, { commitMessage: 'three' }] });
    const first = await c.send(new GetPackageVersionHistoryCommand({ PackageID: PKG }));
    expect(first.PackageVersionHistoryList?.map(v => v.PackageVersion)).toEqual(['v3', 'v2']);
    const second = await c.send(new GetPackageVersionHistoryCommand({ PackageID: PKG, NextToken: first.NextToken }));
    expect(second.PackageVersionHistoryList?.map(v => v.PackageVersion)).toEqual(['v1']);
    expect(second.NextToken).toBeUndefined();
  });
});
