import {
  DeletePackageCommand, DescribePackagesCommand, GetPackageVersionHistoryCommand, ListDomainsForPackageCommand, UpdatePackageScopeCommand,
} from '@aws-sdk/client-opensearch';
import type { PackageDetails } from '@aws-sdk/client-opensearch';
import { mockOpenSearchAndLogs, mockS3, RESPONSE_URL } from './handler-test-support';
import { pluginProperties } from './package/fixtures';
import { isComplete, onEvent } from '../../lambda/package';
import type { IsCompleteRequest, OnEventRequest } from '../../lambda/shared/events';

const { opensearch, logs } = mockOpenSearchAndLogs();
mockS3();

const PLUGIN_ID = 'pkg-0a1b';
type Properties = Record<string, unknown>;

const properties = (overrides: Properties = {}): Properties => pluginProperties({
  ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:provider',
  VendingEnabled: 'true',
  ...overrides,
});

function completeEvent(requestType: OnEventRequest['RequestType'], props: Properties, old?: Properties): IsCompleteRequest {
  return {
    RequestType: requestType,
    ResourceProperties: props,
    OldResourceProperties: old,
    PhysicalResourceId: PLUGIN_ID,
    LogicalResourceId: 'Plugin',
    RequestId: 'request-1',
    StackId: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/demo/guid',
    ResourceType: 'Custom::OpenSearchPackage',
    ResponseURL: RESPONSE_URL,
    ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:framework-isComplete',
  };
}

function details(overrides: Partial<PackageDetails> = {}): PackageDetails {
  return { PackageID: PLUGIN_ID, PackageName: 'lockbox', PackageType: 'ZIP-PLUGIN', PackageStatus: 'AVAILABLE', AvailablePackageVersion: 'v1', ...overrides };
}

function describes(pkg: PackageDetails): void {
  opensearch.on(DescribePackagesCommand).resolves({ PackageDetailsList: [pkg] });
  opensearch.on(GetPackageVersionHistoryCommand).resolves({ PackageVersionHistoryList: [{ PackageVersion: 'v1' }] });
}

const scopeRequests = () => opensearch.commandCalls(UpdatePackageScopeCommand).map((call) => call.args[0].input);
const commandNames = () => opensearch.calls().map((call) => (call.args[0] as object).constructor.name);

describe('sharing once the package is AVAILABLE', () => {
  test('Create: OVERRIDE with the SharedWith list, before the package is reported complete', async () => {
    describes(details());
    opensearch.on(UpdatePackageScopeCommand).resolves({ PackageID: PLUGIN_ID, Operation: 'OVERRIDE', PackageUserList: ['111111111111', '222222222222'] });

    const response = await isComplete(completeEvent('Create', properties({ SharedWith: '111111111111,222222222222' })));

    expect(response.IsComplete).toBe(true);
    expect(scopeRequests()).toEqual([{ PackageID: PLUGIN_ID, Operation: 'OVERRIDE', PackageUserList: ['111111111111', '222222222222'] }]);
    expect(logs.lines().at(-1)).toMatchObject({ outcome: 'complete', sharing: 'shared' });
  });

  test.each(['COPYING', 'VALIDATING'])('no UpdatePackageScope while the package is %s', async (status) => {
    describes(details({ PackageStatus: status as PackageDetails['PackageStatus'] }));

    const response = await isComplete(completeEvent('Create', properties({ SharedWith: '111111111111' })));

    expect(response.IsComplete).toBe(false);
    expect(scopeRequests()).toEqual([]);
  });

  test('no call when AllowListedUserList already matches (a repeated poll is harmless)', async () => {
    describes(details({ AllowListedUserList: ['222222222222', '111111111111'] }));

    await isComplete(completeEvent('Update', properties({ SharedWith: '111111111111,222222222222' }), properties({ SharedWith: '111111111111' })));

    expect(scopeRequests()).toEqual([]);
    expect(logs.lines().at(-1)).toMatchObject({ sharing: 'unchanged' });
  });

  test('Update to an empty list: REMOVE what the previous deployment shared and the package still lists', async () => {
    describes(details({ AllowListedUserList: ['111111111111', '999999999999'] }));
    opensearch.on(UpdatePackageScopeCommand).resolves({});

    await isComplete(completeEvent('Update', properties(), properties({ SharedWith: '111111111111,222222222222' })));

    expect(scopeRequests()).toEqual([{ PackageID: PLUGIN_ID, Operation: 'REMOVE', PackageUserList: ['111111111111'] }]);
  });

  test('an unshared package makes no scope call', async () => {
    describes(details());

    await isComplete(completeEvent('Create', properties()));

    expect(scopeRequests()).toEqual([]);
    expect(logs.lines().at(-1)).toMatchObject({ sharing: 'not-shared' });
  });

  test('a refusal fails the deployment with the service reason', async () => {
    describes(details());
    opensearch.on(UpdatePackageScopeCommand).rejects(Object.assign(new Error('vending is not enabled'), { name: 'DisabledOperationException' }));

    await expect(isComplete(completeEvent('Create', properties({ SharedWith: '111111111111' }))))
      .rejects.toThrow('UpdatePackageScope failed for package lockbox (pkg-0a1b): DisabledOperationException: vending is not enabled');
  });

  test('a malformed SharedWith entry fails before any call', async () => {
    describes(details());

    await expect(isComplete(completeEvent('Create', properties({ SharedWith: '111111111111,12x' }))))
      .rejects.toThrow('Invalid SharedWith entry "12x": expected a 12-digit account id or GLOBAL');
    expect(scopeRequests()).toEqual([]);
  });
});

describe('unsharing on Delete', () => {
  test('REMOVE of our users comes before DeletePackage', async () => {
    describes(details({ AllowListedUserList: ['111111111111', '222222222222'] }));
    opensearch.on(ListDomainsForPackageCommand).resolves({ DomainPackageDetailsList: [] });
    opensearch.on(UpdatePackageScopeCommand).resolves({});
    opensearch.on(DeletePackageCommand).resolves({ PackageDetails: details({ PackageStatus: 'DELETING' }) });

    await isComplete(completeEvent('Delete', properties({ SharedWith: '111111111111,222222222222' })));

    expect(scopeRequests()).toEqual([{ PackageID: PLUGIN_ID, Operation: 'REMOVE', PackageUserList: ['111111111111', '222222222222'] }]);
    const names = commandNames();
    expect(names.indexOf('UpdatePackageScopeCommand')).toBeGreaterThan(-1);
    expect(names.indexOf('UpdatePackageScopeCommand')).toBeLessThan(names.indexOf('DeletePackageCommand'));
  });

  test('no unsharing while a domain still uses the package (DeletePackage is not asked either)', async () => {
    describes(details({ AllowListedUserList: ['111111111111'] }));
    opensearch.on(ListDomainsForPackageCommand).resolves({
      DomainPackageDetailsList: [{ DomainName: 'search', PackageID: PLUGIN_ID, DomainPackageStatus: 'DISSOCIATING' }],
    });

    await isComplete(completeEvent('Delete', properties({ SharedWith: '111111111111' })));

    expect(scopeRequests()).toEqual([]);
    expect(opensearch.commandCalls(DeletePackageCommand)).toHaveLength(0);
  });

  test('a rollback after a refused OVERRIDE removes no one: a package that lists no users was shared with no one', async () => {
    describes(details({ AllowListedUserList: undefined }));
    opensearch.on(ListDomainsForPackageCommand).resolves({ DomainPackageDetailsList: [] });
    opensearch.on(DeletePackageCommand).resolves({ PackageDetails: details({ PackageStatus: 'DELETING' }) });

    await isComplete(completeEvent('Delete', properties({ SharedWith: '111111111111' })));

    expect(scopeRequests()).toEqual([]);
    expect(opensearch.commandCalls(DeletePackageCommand)).toHaveLength(1);
  });

  test('a refused REMOVE (an SCP denying it) does not block DeletePackage, and the log says it was refused', async () => {
    describes(details({ AllowListedUserList: ['111111111111'] }));
    opensearch.on(ListDomainsForPackageCommand).resolves({ DomainPackageDetailsList: [] });
    opensearch.on(UpdatePackageScopeCommand).rejects(Object.assign(new Error('explicit deny in a service control policy'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } }));
    opensearch.on(DeletePackageCommand).resolves({ PackageDetails: details({ PackageStatus: 'DELETING' }) });

    await expect(isComplete(completeEvent('Delete', properties({ SharedWith: '111111111111' })))).resolves.toEqual({ IsComplete: false });

    expect(opensearch.commandCalls(DeletePackageCommand)).toHaveLength(1);
    expect(logs.lines().at(-1)).toMatchObject({ outcome: 'delete-requested', sharing: 'unshare-refused: AccessDeniedException' });
  });

  test('users already gone are not removed again', async () => {
    describes(details({ AllowListedUserList: [] }));
    opensearch.on(ListDomainsForPackageCommand).resolves({ DomainPackageDetailsList: [] });
    opensearch.on(DeletePackageCommand).resolves({ PackageDetails: details({ PackageStatus: 'DELETING' }) });

    await isComplete(completeEvent('Delete', properties({ SharedWith: '111111111111' })));

    expect(scopeRequests()).toEqual([]);
    expect(opensearch.commandCalls(DeletePackageCommand)).toHaveLength(1);
  });
});

describe('SharedWith on Create', () => {
  test('a malformed entry fails onEvent before CreatePackage', async () => {
    const event: OnEventRequest = { ...completeEvent('Create', properties({ SharedWith: 'GLOBAL,1' })), PhysicalResourceId: undefined };
    await expect(onEvent(event)).rejects.toThrow('Invalid SharedWith entry "1": expected a 12-digit account id or GLOBAL');
    expect(opensearch.calls()).toHaveLength(0);
  });
});
