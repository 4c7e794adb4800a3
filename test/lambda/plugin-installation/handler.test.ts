import {
  AssociatePackagesCommand, ConflictException, DescribeDomainCommand, DescribePackagesCommand, DissociatePackagesCommand,
  ListPackagesForDomainCommand, ResourceNotFoundException, ValidationException,
} from '@aws-sdk/client-opensearch';
import type { DomainPackageDetails, DomainPackageStatus } from '@aws-sdk/client-opensearch';
import { isComplete, onEvent } from '../../../lambda';
import { HIDDEN_CONFLICT_CAUSE } from '../../../lambda/association/association-requests';
import type { IsCompleteRequest } from '../../../lambda/shared/events';
import { refusalGrace } from '../../../lambda/shared/pause';
import { eventBuilders, mockOpenSearchAndLogs, Properties, SERVICE_TOKEN } from '../handler-test-support';

const { opensearch, logs } = mockOpenSearchAndLogs();
beforeAll(() => { refusalGrace.delaysMs = [0, 0]; });

const DOMAIN = 'search-domain';
const PLUGIN = 'pkg-0a1b';
const LICENSE = 'pkg-0c2d';
const CONFIG = 'pkg-0e3f';
const ROLE_ARN = 'arn:aws:iam::111111111111:role/key-store-access';
const PHYSICAL_ID = `opensearch-package-association-batch:${DOMAIN}:${PLUGIN}`;
/** The format of earlier versions, which named every package: still read, and kept by updates. */
const LEGACY_PHYSICAL_ID = `opensearch-package-association-batch:${DOMAIN}:${PLUGIN}+${LICENSE}+${CONFIG}`;

const properties = (overrides: Properties = {}): Properties => ({
  ServiceToken: SERVICE_TOKEN, DomainName: DOMAIN, PluginPackageId: PLUGIN, DependentPackageIds: `${LICENSE},${CONFIG}`, Timeout: '1800', ...overrides,
});
const { createEvent, updateEvent, deleteEvent, completeRequest } = eventBuilders({
  resourceType: 'Custom::OpenSearchPackageAssociationBatch', logicalId: 'Installation', physicalId: PHYSICAL_ID, properties,
});
const waiting = (request: IsCompleteRequest): IsCompleteRequest => ({ ...request, WaitDeadline: Date.now() + 60_000 } as IsCompleteRequest);

const entry = (id: string, status: DomainPackageStatus, extra: Partial<DomainPackageDetails> = {}): DomainPackageDetails =>
  ({ DomainName: DOMAIN, PackageID: id, DomainPackageStatus: status, ...extra });
const listing = (...details: DomainPackageDetails[]) => ({ DomainPackageDetailsList: details });

describe('Create', () => {
  test('sends one AssociatePackages: the plugin first, license and config naming it as prerequisite', async () => {
    opensearch.on(AssociatePackagesCommand).resolves({ DomainPackageDetailsList: [] });
    const response = await onEvent(createEvent());
    expect(response.PhysicalResourceId).toBe(PHYSICAL_ID);
    const calls = opensearch.commandCalls(AssociatePackagesCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0].args[0].input).toEqual({
      DomainName: DOMAIN,
      PackageList: [
        { PackageID: PLUGIN },
        { PackageID: LICENSE, PrerequisitePackageIDList: [PLUGIN] },
        { PackageID: CONFIG, PrerequisitePackageIDList: [PLUGIN] },
      ],
    });
  });

  test('key-store access goes on the plugin entry only', async () => {
    opensearch.on(AssociatePackagesCommand).resolves({ DomainPackageDetailsList: [] });
    await onEvent(createEvent(properties({ KeyAccessRoleArn: ROLE_ARN })));
    const list = opensearch.commandCalls(AssociatePackagesCommand)[0].args[0].input.PackageList!;
    expect(list[0]).toEqual({
      PackageID: PLUGIN,
      AssociationConfiguration: { KeyStoreAccessOption: { KeyStoreAccessEnabled: true, KeyAccessRoleArn: ROLE_ARN } },
    });
    expect(list[1].AssociationConfiguration).toBeUndefined();
  });

  test('a refusal while the domain is busy is not a failure', async () => {
    opensearch.on(AssociatePackagesCommand).rejects(new ConflictException({ message: 'busy', $metadata: {} }));
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(entry('F222222222', 'ASSOCIATING')));
    await expect(onEvent(createEvent())).resolves.toMatchObject({ PhysicalResourceId: PHYSICAL_ID });
  });

  test('a ValidationException on an idle domain fails after the grace with a likely cause about the packages', async () => {
    opensearch.on(AssociatePackagesCommand).rejects(new ValidationException({ message: 'no', $metadata: {} }));
    opensearch.on(ListPackagesForDomainCommand).resolves(listing());
    opensearch.on(DescribeDomainCommand).resolves({ DomainStatus: { DomainId: 'x', DomainName: DOMAIN, ARN: 'arn', ClusterConfig: {}, Processing: false } });
    await expect(onEvent(createEvent())).rejects.toThrow(/AssociatePackages was refused .* while the domain is idle.*Likely cause: the plugin may not suit/);
    expect(opensearch.commandCalls(AssociatePackagesCommand)).toHaveLength(3);
  });

  test('a ConflictException on an idle domain fails after the grace with a likely cause about hidden work, not the packages', async () => {
    opensearch.on(AssociatePackagesCommand).rejects(new ConflictException({ message: 'no', $metadata: {} }));
    opensearch.on(ListPackagesForDomainCommand).resolves(listing());
    opensearch.on(DescribeDomainCommand).resolves({ DomainStatus: { DomainId: 'x', DomainName: DOMAIN, ARN: 'arn', ClusterConfig: {}, Processing: false } });
    await expect(onEvent(createEvent())).rejects.toThrow(`Likely cause: ${HIDDEN_CONFLICT_CAUSE}`);
  });

  test('a listing without DomainPackageDetailsList during Delete is unreadable: nothing is reported dissociated', async () => {
    opensearch.on(ListPackagesForDomainCommand).resolves({});
    await expect(isComplete(completeRequest(deleteEvent()))).resolves.toEqual({ IsComplete: false });
    expect(logs.lines()[0]).toMatchObject({ outcome: 'transient-error-retry-next-poll' });
    expect(opensearch.commandCalls(DissociatePackagesCommand)).toHaveLength(0);
  });

  test('a Create delivered again when every package is already ACTIVE sends nothing (no second blue/green deployment)', async () => {
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(entry(PLUGIN, 'ACTIVE'), entry(LICENSE, 'ACTIVE'), entry(CONFIG, 'ASSOCIATING')));
    await expect(onEvent(createEvent())).resolves.toMatchObject({ PhysicalResourceId: PHYSICAL_ID });
    expect(opensearch.commandCalls(AssociatePackagesCommand)).toHaveLength(0);
    expect(logs.lines()[0]).toMatchObject({ outcome: 'already-in-desired-state' });
  });

  test('refuses a dependent listed twice before any call', async () => {
    await expect(onEvent(createEvent(properties({ DependentPackageIds: `${LICENSE},${LICENSE}` })))).rejects.toThrow(/each package may appear once/);
    expect(opensearch.calls()).toHaveLength(0);
  });
});

describe('isComplete after Create', () => {
  test('waits while any package is ASSOCIATING, reading every page', async () => {
    opensearch.on(ListPackagesForDomainCommand)
      .resolvesOnce({ ...listing(entry(PLUGIN, 'ACTIVE')), NextToken: 'page-2' })
      .resolvesOnce(listing(entry(LICENSE, 'ASSOCIATING'), entry(CONFIG, 'ASSOCIATING')));
    const response = await isComplete(waiting(completeRequest(createEvent())));
    expect(response.IsComplete).toBe(false);
    expect(opensearch.commandCalls(ListPackagesForDomainCommand)[1].args[0].input.NextToken).toBe('page-2');
    expect(opensearch.commandCalls(AssociatePackagesCommand)).toHaveLength(0);
  });

  test('completes once all three are ACTIVE', async () => {
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(entry(PLUGIN, 'ACTIVE'), entry(LICENSE, 'ACTIVE'), entry(CONFIG, 'ACTIVE')));
    await expect(isComplete(waiting(completeRequest(createEvent())))).resolves.toEqual({ IsComplete: true });
  });

  test('fails with the service ErrorDetails on ASSOCIATION_FAILED', async () => {
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(entry(PLUGIN, 'ACTIVE'),
      entry(LICENSE, 'ASSOCIATION_FAILED', { ErrorDetails: { ErrorType: 'LicenseError', ErrorMessage: 'license expired' } }), entry(CONFIG, 'ASSOCIATING')));
    await expect(isComplete(waiting(completeRequest(createEvent()))))
      .rejects.toThrow(`Package ${LICENSE} on domain ${DOMAIN} is ASSOCIATION_FAILED: LicenseError: license expired`);
  });

  test('asks again when the batch is not listed (an earlier request was refused)', async () => {
    opensearch.on(ListPackagesForDomainCommand).resolves(listing());
    opensearch.on(AssociatePackagesCommand).resolves({ DomainPackageDetailsList: [] });
    const response = await isComplete(waiting(completeRequest(createEvent())));
    expect(response.IsComplete).toBe(false);
    expect(opensearch.commandCalls(AssociatePackagesCommand)).toHaveLength(1);
  });
});

describe('past the deadline, and the next deployment', () => {
  test('the failure names the batch and where each package stands', async () => {
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(entry(PLUGIN, 'ASSOCIATING'), entry(LICENSE, 'ASSOCIATING'), entry(CONFIG, 'ASSOCIATING')));
    const late = { ...completeRequest(createEvent()), WaitDeadline: Date.now() - 1 } as IsCompleteRequest;
    await expect(isComplete(late)).rejects.toThrow(`Waited 30 minutes for package ${PLUGIN}+${LICENSE}+${CONFIG} on domain ${DOMAIN} to become ACTIVE; `
      + `it is still ${PLUGIN}=ASSOCIATING,${LICENSE}=ASSOCIATING,${CONFIG}=ASSOCIATING`);
  });

  test('a Create that meets the batch ACTIVE adopts it', async () => {
    opensearch.on(AssociatePackagesCommand).rejects(new ConflictException({ message: 'already associated', $metadata: {} }));
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(entry(PLUGIN, 'ACTIVE'), entry(LICENSE, 'ACTIVE'), entry(CONFIG, 'ACTIVE')));
    await expect(onEvent(createEvent())).resolves.toMatchObject({ PhysicalResourceId: PHYSICAL_ID });
    expect(opensearch.commandCalls(DescribeDomainCommand)).toHaveLength(0);
    await expect(isComplete(waiting(completeRequest(createEvent())))).resolves.toEqual({ IsComplete: true });
  });
});

describe('Delete', () => {
  test('sends one DissociatePackages with the batch packages still listed', async () => {
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(entry(PLUGIN, 'ACTIVE'), entry(LICENSE, 'ACTIVE'), entry(CONFIG, 'ACTIVE'), entry('F1', 'ACTIVE')));
    opensearch.on(DissociatePackagesCommand).resolves({ DomainPackageDetailsList: [] });
    await onEvent(deleteEvent());
    const calls = opensearch.commandCalls(DissociatePackagesCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0].args[0].input).toEqual({ DomainName: DOMAIN, PackageList: [PLUGIN, LICENSE, CONFIG] });
  });

  test('waits while DISSOCIATING, completes once none is listed', async () => {
    opensearch.on(ListPackagesForDomainCommand)
      .resolvesOnce(listing(entry(PLUGIN, 'DISSOCIATING'), entry(LICENSE, 'DISSOCIATING'), entry(CONFIG, 'DISSOCIATING')))
      .resolvesOnce(listing(entry('F1', 'ACTIVE')));
    const request = waiting(completeRequest(deleteEvent()));
    await expect(isComplete(request)).resolves.toEqual({ IsComplete: false });
    await expect(isComplete(request)).resolves.toEqual({ IsComplete: true });
    expect(opensearch.commandCalls(DissociatePackagesCommand)).toHaveLength(0);
  });

  test('a domain that is gone needs nothing', async () => {
    opensearch.on(ListPackagesForDomainCommand).rejects(new ResourceNotFoundException({ message: 'gone', $metadata: {} }));
    await onEvent(deleteEvent());
    expect(opensearch.commandCalls(DissociatePackagesCommand)).toHaveLength(0);
  });

  test('skips a physical id that is not ours', async () => {
    await onEvent(deleteEvent('AWSCDK::CustomResourceProviderFramework::CREATE_FAILED'));
    expect(opensearch.calls()).toHaveLength(0);
  });

  test('refuses when the physical id disagrees with the properties, before any call', async () => {
    await expect(onEvent(deleteEvent(PHYSICAL_ID, properties({ PluginPackageId: 'pkg-0f0f' }))))
      .rejects.toThrow(/Refusing to dissociate: .*nothing was changed/);
    expect(opensearch.calls()).toHaveLength(0);
  });
});

describe('Update', () => {
  const NEW_LICENSE = 'pkg-0d4e';
  const OTHER_PLUGIN = 'pkg-0f0f';
  const ROLE_2 = 'arn:aws:iam::111111111111:role/other-key-store-access';
  const installed = () => listing(entry(PLUGIN, 'ACTIVE', { PackageType: 'ZIP-PLUGIN' }),
    entry(LICENSE, 'ACTIVE', { PackageType: 'PACKAGE-LICENSE' }), entry(CONFIG, 'ACTIVE', { PackageType: 'PACKAGE-CONFIG' }));
  const pluginRequiring = (license: 'REQUIRED' | 'OPTIONAL', config: 'REQUIRED' | 'OPTIONAL') => ({
    PackageDetailsList: [{
      PackageID: PLUGIN, PackageType: 'ZIP-PLUGIN' as const, AvailablePackageConfiguration: { LicenseRequirement: license, ConfigurationRequirement: config },
    }],
  });

  test('a configuration added to an installed plugin is associated alone, naming the plugin, under the same physical id', async () => {
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(entry(PLUGIN, 'ACTIVE'), entry(LICENSE, 'ACTIVE')));
    opensearch.on(AssociatePackagesCommand).resolves({ DomainPackageDetailsList: [] });
    const response = await onEvent(updateEvent(properties(), properties({ DependentPackageIds: LICENSE })));
    expect(response.PhysicalResourceId).toBe(PHYSICAL_ID);
    expect(opensearch.commandCalls(AssociatePackagesCommand).map((call) => call.args[0].input)).toEqual([
      { DomainName: DOMAIN, PackageList: [{ PackageID: CONFIG, PrerequisitePackageIDList: [PLUGIN] }] },
    ]);
    expect(opensearch.commandCalls(DissociatePackagesCommand)).toHaveLength(0);
  });

  test('an update keeps the earlier physical id format, so CloudFormation replaces nothing', async () => {
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(entry(PLUGIN, 'ACTIVE'), entry(LICENSE, 'ACTIVE'), entry(CONFIG, 'ACTIVE')));
    const response = await onEvent(updateEvent(properties({ Timeout: '600' }), properties(), LEGACY_PHYSICAL_ID));
    expect(response.PhysicalResourceId).toBe(LEGACY_PHYSICAL_ID);
    expect(opensearch.commandCalls(AssociatePackagesCommand)).toHaveLength(0);
  });

  test('a removed OPTIONAL configuration leaves only once every declared package is ACTIVE, in one DissociatePackages', async () => {
    opensearch.on(DescribePackagesCommand).resolves(pluginRequiring('REQUIRED', 'OPTIONAL'));
    opensearch.on(ListPackagesForDomainCommand).resolves(installed());
    opensearch.on(DissociatePackagesCommand).resolves({ DomainPackageDetailsList: [] });
    const update = updateEvent(properties({ DependentPackageIds: LICENSE }), properties());
    await onEvent(update);
    expect(opensearch.commandCalls(DissociatePackagesCommand)).toHaveLength(0);
    await expect(isComplete(waiting(completeRequest(update)))).resolves.toEqual({ IsComplete: false });
    const dissociations = opensearch.commandCalls(DissociatePackagesCommand).map((call) => call.args[0].input);
    expect(dissociations).toEqual([{ DomainName: DOMAIN, PackageList: [CONFIG] }]);

    opensearch.on(ListPackagesForDomainCommand).resolves(listing(entry(PLUGIN, 'ACTIVE'), entry(LICENSE, 'ACTIVE')));
    await expect(isComplete(waiting(completeRequest(update)))).resolves.toEqual({ IsComplete: true });
  });

  test('a removed REQUIRED license with none in its place is refused before any call that changes something', async () => {
    opensearch.on(DescribePackagesCommand).resolves(pluginRequiring('REQUIRED', 'OPTIONAL'));
    opensearch.on(ListPackagesForDomainCommand).resolves(installed());
    await expect(onEvent(updateEvent(properties({ DependentPackageIds: CONFIG }), properties())))
      .rejects.toThrow(`Can't remove PACKAGE-LICENSE package ${LICENSE} from the installation of plugin ${PLUGIN} on domain ${DOMAIN}: `
        + 'the plugin requires one (LicenseRequirement REQUIRED). Give the installation another PACKAGE-LICENSE package in its place');
    expect(opensearch.commandCalls(AssociatePackagesCommand)).toHaveLength(0);
    expect(opensearch.commandCalls(DissociatePackagesCommand)).toHaveLength(0);
  });

  test('a REQUIRED license replaced by another: the new one is associated first, the old one leaves after', async () => {
    opensearch.on(DescribePackagesCommand).resolves(pluginRequiring('REQUIRED', 'OPTIONAL'));
    opensearch.on(DescribePackagesCommand, { Filters: [{ Name: 'PackageID', Value: [NEW_LICENSE] }] })
      .resolves({ PackageDetailsList: [{ PackageID: NEW_LICENSE, PackageType: 'PACKAGE-LICENSE' }] });
    opensearch.on(ListPackagesForDomainCommand).resolves(installed());
    opensearch.on(AssociatePackagesCommand).resolves({ DomainPackageDetailsList: [] });
    const update = updateEvent(properties({ DependentPackageIds: `${NEW_LICENSE},${CONFIG}` }), properties());
    await onEvent(update);
    expect(opensearch.commandCalls(AssociatePackagesCommand).map((call) => call.args[0].input.PackageList)).toEqual([
      [{ PackageID: NEW_LICENSE, PrerequisitePackageIDList: [PLUGIN] }],
    ]);
    expect(opensearch.commandCalls(DissociatePackagesCommand)).toHaveLength(0);
  });

  test('another domain is a replacement under a new physical id', async () => {
    opensearch.on(AssociatePackagesCommand).resolves({ DomainPackageDetailsList: [] });
    const response = await onEvent(updateEvent(properties({ DomainName: 'other-domain' })));
    expect(response.PhysicalResourceId).toBe(`opensearch-package-association-batch:other-domain:${PLUGIN}`);
    expect(opensearch.commandCalls(AssociatePackagesCommand)).toHaveLength(1);
  });

  test('another plugin keeping the old license on the same domain is refused: the old one\'s removal would take it', async () => {
    await expect(onEvent(updateEvent(properties({ PluginPackageId: OTHER_PLUGIN }))))
      .rejects.toThrow(`Refusing to replace the installation of plugin ${PLUGIN} on domain ${DOMAIN} with one of plugin ${OTHER_PLUGIN}: `
        + `the new installation keeps ${LICENSE}, ${CONFIG}`);
    expect(opensearch.calls()).toHaveLength(0);
  });

  test('another plugin with its own license and configuration is a replacement', async () => {
    opensearch.on(AssociatePackagesCommand).resolves({ DomainPackageDetailsList: [] });
    const response = await onEvent(updateEvent(properties({ PluginPackageId: OTHER_PLUGIN, DependentPackageIds: NEW_LICENSE })));
    expect(response.PhysicalResourceId).toBe(`opensearch-package-association-batch:${DOMAIN}:${OTHER_PLUGIN}`);
  });

  test('the same packages and role change nothing', async () => {
    opensearch.on(ListPackagesForDomainCommand).resolves(installed());
    const response = await onEvent(updateEvent(properties({ Timeout: '600' })));
    expect(response.PhysicalResourceId).toBe(PHYSICAL_ID);
    expect(opensearch.commandCalls(AssociatePackagesCommand)).toHaveLength(0);
    expect(opensearch.commandCalls(DissociatePackagesCommand)).toHaveLength(0);
  });

  test('a new key-access role for an installed plugin is refused, naming the way, and nothing is asked', async () => {
    opensearch.on(ListPackagesForDomainCommand).resolves(installed());
    await expect(onEvent(updateEvent(properties({ KeyAccessRoleArn: ROLE_2 }), properties({ KeyAccessRoleArn: ROLE_ARN }))))
      .rejects.toThrow(`Can't change the key-store access of plugin ${PLUGIN} on domain ${DOMAIN} from ${ROLE_ARN} to ${ROLE_2} in place`);
    expect(opensearch.commandCalls(AssociatePackagesCommand)).toHaveLength(0);
  });

  test('a new key-access role for a plugin the domain no longer lists associates it with the role', async () => {
    opensearch.on(ListPackagesForDomainCommand).resolves(listing());
    opensearch.on(AssociatePackagesCommand).resolves({ DomainPackageDetailsList: [] });
    await onEvent(updateEvent(properties({ KeyAccessRoleArn: ROLE_ARN })));
    expect(opensearch.commandCalls(AssociatePackagesCommand)[0].args[0].input.PackageList![0].AssociationConfiguration)
      .toEqual({ KeyStoreAccessOption: { KeyStoreAccessEnabled: true, KeyAccessRoleArn: ROLE_ARN } });
  });
});
