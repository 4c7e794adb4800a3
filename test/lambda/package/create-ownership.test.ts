import { CreatePackageCommand, DescribePackagesCommand, InternalException, ResourceAlreadyExistsException } from '@aws-sdk/client-opensearch';
import { $metadata, createEvent, described, details, errorOf, NAME } from './fixtures';
import { onEvent } from '../../../lambda/package';
import { mockOpenSearchAndLogs, mockS3 } from '../handler-test-support';

/**
 * A resource owns only what it made: `ResourceAlreadyExistsException` is ours only after an earlier
 * attempt of the same invocation that may have made the package, and only for a package created
 * after that first attempt started.
 */
const { opensearch, logs } = mockOpenSearchAndLogs();
mockS3();

const TAKEN = `A package named ${NAME} already exists in this Region: choose another packageName, `
  + 'or use CustomPackage.fromPackageName to associate the existing package';
const createCalls = () => opensearch.commandCalls(CreatePackageCommand);
const nameTaken = (attempts: number) => new ResourceAlreadyExistsException({ message: 'Package exists', $metadata: { ...$metadata, attempts } });

describe('a name clash', () => {
  test('on the SDK\'s first attempt is never ours, even for a package made a moment ago: nothing is looked up or adopted', async () => {
    opensearch.on(CreatePackageCommand).rejects(nameTaken(1));
    opensearch.on(DescribePackagesCommand).resolves(described(details('COPYING', { PackageID: 'F999', CreatedAt: new Date() })));

    expect((await errorOf(onEvent(createEvent()))).message).toBe(TAKEN);
    expect(opensearch.commandCalls(DescribePackagesCommand)).toHaveLength(0);
  });

  test('after the SDK retried, a package created before our first attempt started is someone else\'s', async () => {
    opensearch.on(CreatePackageCommand).rejects(nameTaken(2));
    opensearch.on(DescribePackagesCommand).resolves(described(details('COPYING', { PackageID: 'F999', CreatedAt: new Date(Date.now() - 5_000) })));

    expect((await errorOf(onEvent(createEvent()))).message).toBe(TAKEN);
  });
});

describe('an unreadable or lost CreatePackage reply', () => {
  test.each([
    ['a 200 without the package', () => ({})],
    ['an HTML page', () => { throw Object.assign(new SyntaxError('Unexpected token < in JSON'), { $response: { statusCode: 200 } }); }],
    ['a 500 after the SDK\'s retries', () => { throw new InternalException({ message: 'Internal error', $metadata: { httpStatusCode: 500, attempts: 8 } }); }],
  ])('%s: the package the service made since our request is adopted', async (_label, reply) => {
    opensearch.on(CreatePackageCommand).callsFake(async () => {
      opensearch.on(DescribePackagesCommand).resolves(described(details('COPYING', { PackageID: 'F777', CreatedAt: new Date() })));
      return reply();
    });

    await expect(onEvent(createEvent())).resolves.toEqual({ PhysicalResourceId: 'F777' });
    expect(createCalls()).toHaveLength(1);
    expect(logs.lines()[0]).toMatchObject({ outcome: 'adopted-after-lost-reply', packageId: 'F777' });
  });

  test('when nothing shows yet, the create is sent again, and its name clash then is our own package', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described());
    opensearch.on(CreatePackageCommand)
      .callsFakeOnce(async () => ({}))
      .callsFake(async () => {
        opensearch.on(DescribePackagesCommand).resolves(described(details('COPYING', { PackageID: 'F778', CreatedAt: new Date() })));
        throw nameTaken(1);
      });

    await expect(onEvent(createEvent())).resolves.toEqual({ PhysicalResourceId: 'F778' });
    expect(createCalls()).toHaveLength(2);
  });

  test('when the service made nothing, the second attempt creates the package', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described());
    opensearch.on(CreatePackageCommand)
      .rejectsOnce(new InternalException({ message: 'Internal error', $metadata: { httpStatusCode: 500, attempts: 8 } }))
      .resolves({ PackageDetails: details('COPYING', { PackageID: 'F779' }) });

    await expect(onEvent(createEvent())).resolves.toEqual({ PhysicalResourceId: 'F779' });
    expect(logs.lines()[0]).toMatchObject({ outcome: 'requested' });
  });
});
