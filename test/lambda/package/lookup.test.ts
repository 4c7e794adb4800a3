import {
  AccessDeniedException,
  DescribePackagesCommand,
  GetPackageVersionHistoryCommand,
} from '@aws-sdk/client-opensearch';
import { $metadata, baseEvent, completeRequest, described, details, errorOf, NAME, PACKAGE_ID } from './fixtures';
import { isComplete, onEvent } from '../../../lambda/package';
import type { OnEventRequest } from '../../../lambda/shared/events';
import { refusalGrace } from '../../../lambda/shared/pause';
import { mockOpenSearchAndLogs, mockS3, Properties } from '../handler-test-support';

const { opensearch } = mockOpenSearchAndLogs();
// No real pause before the second look at a refused request.
beforeAll(() => { refusalGrace.delaysMs = [0, 0]; });
mockS3();

const describeCalls = () => opensearch.commandCalls(DescribePackagesCommand).map((call) => call.args[0].input);

// ---- look-ups -------------------------------------------------------------------------------

describe('package look-up', () => {
  const lookupEvent = (props: Properties, requestType: OnEventRequest['RequestType'] = 'Create') =>
    baseEvent(requestType, { ServiceToken: 'token', ...props }, 'Custom::OpenSearchPackageLookup');

  test('finds the one package with the name on any page and returns its data', async () => {
    opensearch.on(DescribePackagesCommand)
      .resolvesOnce({ PackageDetailsList: [], NextToken: 'page-2' })
      .resolvesOnce(described(details('AVAILABLE', { PackageName: 'stopwords-en', AvailablePackageVersion: 'v5' })));
    opensearch.on(GetPackageVersionHistoryCommand).resolves({ PackageVersionHistoryList: [{ PackageVersion: 'v5', CommitMessage: 'more stopwords' }] });

    const response = await onEvent(lookupEvent({ PackageName: 'stopwords-en' }));

    expect(response).toEqual({
      PhysicalResourceId: 'opensearch-package-lookup:stopwords-en',
      Data: { PackageId: PACKAGE_ID, PackageName: 'stopwords-en', PackageType: 'TXT-DICTIONARY', AvailablePackageVersion: 'v5', LatestCommitMessage: 'more stopwords' },
    });
    expect(describeCalls()).toEqual([
      { Filters: [{ Name: 'PackageName', Value: ['stopwords-en'] }], MaxResults: 100, NextToken: undefined },
      { Filters: [{ Name: 'PackageName', Value: ['stopwords-en'] }], MaxResults: 100, NextToken: 'page-2' },
    ]);
  });

  test('no package with the name fails clearly', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described());
    const error = await errorOf(onEvent(lookupEvent({ PackageName: 'stopwords-en' })));
    expect(error.message).toBe('No OpenSearch Service package is named stopwords-en in this account and Region');
  });

  test('only exact names match', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE', { PackageName: 'stopwords-en-old' })));
    const error = await errorOf(onEvent(lookupEvent({ PackageName: 'stopwords-en' })));
    expect(error.message).toBe('No OpenSearch Service package is named stopwords-en in this account and Region');
  });

  test('two packages with the name fail, naming both and how to pick one', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(
      details('AVAILABLE', { PackageName: 'stopwords-en', PackageID: 'F111' }),
      details('AVAILABLE', { PackageName: 'stopwords-en', PackageID: 'G222', PackageOwner: 'AWS' }),
    ));
    const error = await errorOf(onEvent(lookupEvent({ PackageName: 'stopwords-en' })));
    expect(error.message).toBe('2 OpenSearch Service packages are named stopwords-en: F111 (owner 111111111111), G222 (owner AWS); '
      + 'use CustomPackage.fromPackageId to pick one');
  });

  test('finds a package by id', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(GetPackageVersionHistoryCommand).resolves({ PackageVersionHistoryList: [] });

    const response = await onEvent(lookupEvent({ PackageId: PACKAGE_ID }));

    expect(response).toMatchObject({ PhysicalResourceId: `opensearch-package-lookup:${PACKAGE_ID}`, Data: { PackageName: NAME } });
    expect(describeCalls()[0].Filters).toEqual([{ Name: 'PackageID', Value: [PACKAGE_ID] }]);
  });

  test('an unknown id fails clearly', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described());
    const error = await errorOf(onEvent(lookupEvent({ PackageId: PACKAGE_ID })));
    expect(error.message).toBe(`No OpenSearch Service package has the id ${PACKAGE_ID} in this account and Region`);
  });

  test('an update looks up again', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE', { PackageName: 'stopwords-de' })));
    opensearch.on(GetPackageVersionHistoryCommand).resolves({ PackageVersionHistoryList: [] });
    const response = await onEvent(lookupEvent({ PackageName: 'stopwords-de' }, 'Update'));
    expect(response.PhysicalResourceId).toBe('opensearch-package-lookup:stopwords-de');
  });

  test('service errors name the operation and what was looked up', async () => {
    opensearch.on(DescribePackagesCommand).rejects(new AccessDeniedException({ message: 'denied', $metadata }));
    const error = await errorOf(onEvent(lookupEvent({ PackageName: 'stopwords-en' })));
    expect(error.message).toBe('DescribePackages failed for package stopwords-en: AccessDeniedException: denied');
  });

  test.each([
    [{}, 'A package look-up needs exactly one of PackageName and PackageId'],
    [{ PackageName: 'a-name', PackageId: PACKAGE_ID }, 'A package look-up needs exactly one of PackageName and PackageId'],
    [{ PackageName: 'No' }, 'Invalid PackageName "No": expected 3-256 characters matching ^[a-z][a-z0-9-]+$'],
    [{ PackageId: 'X1' }, 'Invalid PackageId "X1": expected a package id matching ^([FG][0-9]+)$|^(pkg-[a-f0-9]+)$'],
  ])('rejects look-up properties %j', async (props, message) => {
    expect((await errorOf(onEvent(lookupEvent(props)))).message).toBe(message);
    expect(opensearch.calls()).toHaveLength(0);
  });

  test('delete has nothing to do', async () => {
    const event = { ...lookupEvent({ PackageName: 'stopwords-en' }, 'Delete'), PhysicalResourceId: 'opensearch-package-lookup:stopwords-en' };
    expect(await onEvent(event)).toEqual({ PhysicalResourceId: 'opensearch-package-lookup:stopwords-en' });
    expect(opensearch.calls()).toHaveLength(0);
  });

  test.each(['Create', 'Delete'] as const)('isComplete completes a %s at once', async (requestType) => {
    const event = completeRequest(lookupEvent({ PackageName: 'stopwords-en' }, requestType), 'opensearch-package-lookup:stopwords-en');
    expect(await isComplete(event)).toEqual({ IsComplete: true });
    expect(opensearch.calls()).toHaveLength(0);
  });
});
