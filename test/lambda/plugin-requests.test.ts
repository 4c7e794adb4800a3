import {
  AssociatePackageCommand, CreatePackageCommand, DescribeDomainCommand, DescribePackagesCommand, ListPackagesForDomainCommand,
  UpdatePackageCommand,
} from '@aws-sdk/client-opensearch';
import type { PackageDetails } from '@aws-sdk/client-opensearch';
import { mockOpenSearchAndLogs, mockS3, RESPONSE_URL, STAGING_BUCKET } from './handler-test-support';
import { pluginProperties } from './package/fixtures';
import { onEvent as onAssociationEvent } from '../../lambda/association';
import { onEvent as onPackageEvent } from '../../lambda/package';
import type { OnEventRequest } from '../../lambda/shared/events';
import { refusalGrace } from '../../lambda/shared/pause';

const { opensearch } = mockOpenSearchAndLogs();
mockS3();
beforeAll(() => { refusalGrace.delaysMs = [0, 0]; });

const PLUGIN_ID = 'pkg-0a1b';
const LICENSE_ID = 'pkg-0c2d';
const DOMAIN = 'search-domain';
const KEY_ARN = 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ROLE_ARN = 'arn:aws:iam::111111111111:role/key-store-access';

type Properties = Record<string, unknown>;

function event(resourceType: string, requestType: OnEventRequest['RequestType'], props: Properties, extra: Partial<OnEventRequest> = {}): OnEventRequest {
  return {
    RequestType: requestType,
    ResourceProperties: { ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:provider', ...props },
    LogicalResourceId: 'Plugin',
    RequestId: 'request-1',
    StackId: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/demo/guid',
    ResourceType: resourceType,
    ResponseURL: RESPONSE_URL,
    ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:framework-onEvent',
    ...extra,
  };
}


const packageEvent = (requestType: OnEventRequest['RequestType'], props: Properties, extra: Partial<OnEventRequest> = {}) =>
  event('Custom::OpenSearchPackage', requestType, props, extra);

function pluginDetails(overrides: Partial<PackageDetails> = {}): PackageDetails {
  return { PackageID: PLUGIN_ID, PackageName: 'lockbox', PackageType: 'ZIP-PLUGIN', PackageStatus: 'AVAILABLE', AvailablePackageVersion: 'v1', ...overrides };
}

describe('CreatePackage request body', () => {
  test('carries PackageConfiguration, PackageEncryptionOptions and PackageVendingOptions as the API model names them', async () => {
    opensearch.on(CreatePackageCommand).resolves({ PackageDetails: pluginDetails({ PackageStatus: 'COPYING' }) });

    await onPackageEvent(packageEvent('Create', pluginProperties({
      LicenseRequirement: 'REQUIRED',
      ConfigurationRequirement: 'OPTIONAL',
      LicenseFilepath: 'config/license.json',
      RequiresRestartForConfigurationUpdate: 'true',
      KmsKeyIdentifier: KEY_ARN,
      VendingEnabled: 'false',
    })));

    expect(opensearch.commandCalls(CreatePackageCommand)[0].args[0].input).toEqual({
      PackageName: 'lockbox',
      PackageType: 'ZIP-PLUGIN',
      PackageSource: { S3BucketName: STAGING_BUCKET, S3Key: expect.stringMatching(/^lockbox\//) },
      PackageDescription: undefined,
      EngineVersion: 'OpenSearch_2.19',
      PackageConfiguration: {
        LicenseRequirement: 'REQUIRED',
        ConfigurationRequirement: 'OPTIONAL',
        LicenseFilepath: 'config/license.json',
        RequiresRestartForConfigurationUpdate: true,
      },
      PackageEncryptionOptions: { EncryptionEnabled: true, KmsKeyIdentifier: KEY_ARN },
      PackageVendingOptions: { VendingEnabled: false },
    });
  });

  test('a plugin without the fields sends none of them', async () => {
    opensearch.on(CreatePackageCommand).resolves({ PackageDetails: pluginDetails({ PackageStatus: 'COPYING' }) });
    await onPackageEvent(packageEvent('Create', pluginProperties()));
    const input = opensearch.commandCalls(CreatePackageCommand)[0].args[0].input;
    expect(input).not.toHaveProperty('PackageConfiguration');
    expect(input).not.toHaveProperty('PackageEncryptionOptions');
    expect(input).not.toHaveProperty('PackageVendingOptions');
  });

  test.each([
    [{ LicenseRequirement: 'MANDATORY', ConfigurationRequirement: 'NONE' }, 'Invalid LicenseRequirement "MANDATORY": expected one of REQUIRED, OPTIONAL, NONE'],
    [{ LicenseRequirement: 'REQUIRED' }, 'PackageConfiguration needs both LicenseRequirement and ConfigurationRequirement'],
    [{ VendingEnabled: 'yes' }, 'Invalid VendingEnabled "yes": expected true or false'],
  ])('refuses malformed plugin properties %j before calling the service', async (overrides, message) => {
    await expect(onPackageEvent(packageEvent('Create', pluginProperties(overrides)))).rejects.toThrow(message);
    expect(opensearch.commandCalls(CreatePackageCommand)).toHaveLength(0);
  });
});

describe('UpdatePackage request body', () => {
  const oldProperties = pluginProperties({ LicenseRequirement: 'REQUIRED', ConfigurationRequirement: 'NONE', KmsKeyIdentifier: KEY_ARN });

  test('a new configuration makes a new version carrying it', async () => {
    opensearch.on(DescribePackagesCommand).resolves({ PackageDetailsList: [pluginDetails()] });
    opensearch.on(UpdatePackageCommand).resolves({ PackageDetails: pluginDetails() });

    await onPackageEvent(packageEvent('Update',
      pluginProperties({ LicenseRequirement: 'REQUIRED', ConfigurationRequirement: 'REQUIRED', KmsKeyIdentifier: KEY_ARN }),
      { OldResourceProperties: oldProperties, PhysicalResourceId: PLUGIN_ID }));

    expect(opensearch.commandCalls(UpdatePackageCommand)[0].args[0].input).toMatchObject({
      PackageID: PLUGIN_ID,
      PackageConfiguration: { LicenseRequirement: 'REQUIRED', ConfigurationRequirement: 'REQUIRED' },
      PackageEncryptionOptions: { EncryptionEnabled: true, KmsKeyIdentifier: KEY_ARN },
    });
  });

  test('a removed key turns encryption off', async () => {
    opensearch.on(DescribePackagesCommand).resolves({ PackageDetailsList: [pluginDetails()] });
    opensearch.on(UpdatePackageCommand).resolves({ PackageDetails: pluginDetails() });

    await onPackageEvent(packageEvent('Update', pluginProperties({ LicenseRequirement: 'REQUIRED', ConfigurationRequirement: 'NONE' }),
      { OldResourceProperties: oldProperties, PhysicalResourceId: PLUGIN_ID }));

    expect(opensearch.commandCalls(UpdatePackageCommand)[0].args[0].input.PackageEncryptionOptions).toEqual({ EncryptionEnabled: false });
  });

  test('a change of vending replaces the package, which needs a new name', async () => {
    await expect(onPackageEvent(packageEvent('Update', pluginProperties({ VendingEnabled: 'true' }),
      { OldResourceProperties: pluginProperties(), PhysicalResourceId: PLUGIN_ID })))
      .rejects.toThrow('Changing VendingEnabled replaces package lockbox (pkg-0a1b), and the new package needs a new packageName');
  });
});

describe('AssociatePackage request body', () => {
  beforeEach(() => {
    opensearch.on(DescribePackagesCommand).resolves({ PackageDetailsList: [pluginDetails({ PackageID: LICENSE_ID, PackageType: 'PACKAGE-LICENSE' })] });
    opensearch.on(DescribeDomainCommand).resolves({ DomainStatus: { DomainId: 'x', DomainName: DOMAIN, ARN: 'arn', ClusterConfig: {}, Processing: false } });
    opensearch.on(ListPackagesForDomainCommand).resolves({ DomainPackageDetailsList: [] });
    opensearch.on(AssociatePackageCommand).resolves({});
  });

  const associationEvent = (props: Properties) =>
    event('Custom::OpenSearchPackageAssociation', 'Create', { DomainName: DOMAIN, PackageId: LICENSE_ID, ...props });

  test('carries the prerequisites and key-store access', async () => {
    await onAssociationEvent(associationEvent({ PrerequisitePackageIds: `${PLUGIN_ID},F123`, KeyAccessRoleArn: ROLE_ARN }));

    expect(opensearch.commandCalls(AssociatePackageCommand)[0].args[0].input).toEqual({
      DomainName: DOMAIN,
      PackageID: LICENSE_ID,
      PrerequisitePackageIDList: [PLUGIN_ID, 'F123'],
      AssociationConfiguration: { KeyStoreAccessOption: { KeyStoreAccessEnabled: true, KeyAccessRoleArn: ROLE_ARN } },
    });
  });

  test('a dictionary association sends no body fields', async () => {
    await onAssociationEvent(associationEvent({}));
    expect(opensearch.commandCalls(AssociatePackageCommand)[0].args[0].input).toEqual({ DomainName: DOMAIN, PackageID: LICENSE_ID });
  });

  test.each([
    [{ PrerequisitePackageIds: 'pkg-0a1b,plugin' }, 'Invalid PrerequisitePackageIds: "plugin" is not a package id'],
    [{ KeyAccessRoleArn: 'arn:aws:iam::111111111111:user/someone' }, 'Invalid KeyAccessRoleArn "arn:aws:iam::111111111111:user/someone": expected an IAM role ARN'],
  ])('refuses %j before calling the service', async (props, message) => {
    await expect(onAssociationEvent(associationEvent(props))).rejects.toThrow(message);
    expect(opensearch.commandCalls(AssociatePackageCommand)).toHaveLength(0);
  });
});

describe('AssociatePackage on update', () => {
  const ACTIVE = {
    DomainName: DOMAIN,
    PackageID: LICENSE_ID,
    PackageName: 'lockbox-license',
    PackageType: 'PACKAGE-LICENSE' as const,
    PackageVersion: 'v1',
    DomainPackageStatus: 'ACTIVE' as const,
  };
  beforeEach(() => {
    opensearch.on(DescribePackagesCommand).resolves({ PackageDetailsList: [pluginDetails({ PackageID: LICENSE_ID, PackageType: 'PACKAGE-LICENSE' })] });
    opensearch.on(DescribeDomainCommand).resolves({ DomainStatus: { DomainId: 'x', DomainName: DOMAIN, ARN: 'arn', ClusterConfig: {}, Processing: false } });
    opensearch.on(ListPackagesForDomainCommand).resolves({ DomainPackageDetailsList: [ACTIVE] });
    opensearch.on(AssociatePackageCommand).resolves({});
  });

  const update = (props: Properties, old: Properties) => event('Custom::OpenSearchPackageAssociation', 'Update',
    { DomainName: DOMAIN, PackageId: LICENSE_ID, ...props },
    { OldResourceProperties: { DomainName: DOMAIN, PackageId: LICENSE_ID, ...old }, PhysicalResourceId: `opensearch-package-association:${DOMAIN}:${LICENSE_ID}` });

  test('a new key-store role for a listed association is refused, naming the way, before any AssociatePackage', async () => {
    await expect(onAssociationEvent(update({ PrerequisitePackageIds: PLUGIN_ID, KeyAccessRoleArn: ROLE_ARN }, { PrerequisitePackageIds: PLUGIN_ID })))
      .rejects.toThrow(`Can't change keyStoreAccessRole from none to ${ROLE_ARN} of package ${LICENSE_ID} on domain ${DOMAIN} in place `
        + '(the association is ACTIVE)');
    expect(opensearch.commandCalls(AssociatePackageCommand)).toHaveLength(0);
  });

  test('new prerequisites for a listed association are refused, telling to remove it, deploy and add it back', async () => {
    await expect(onAssociationEvent(update({ PrerequisitePackageIds: `${PLUGIN_ID},F999` }, { PrerequisitePackageIds: PLUGIN_ID })))
      .rejects.toThrow(/prerequisitePackageIds from .* to .*Remove the association from the stack, deploy, then add it back with the new settings; nothing was changed/);
    expect(opensearch.commandCalls(AssociatePackageCommand)).toHaveLength(0);
  });

  test('a new key-store role for an association the domain no longer has associates with the new body', async () => {
    opensearch.on(ListPackagesForDomainCommand).resolves({ DomainPackageDetailsList: [] });
    await onAssociationEvent(update({ PrerequisitePackageIds: PLUGIN_ID, KeyAccessRoleArn: ROLE_ARN }, { PrerequisitePackageIds: PLUGIN_ID }));
    expect(opensearch.commandCalls(AssociatePackageCommand).map((call) => call.args[0].input)).toEqual([{
      DomainName: DOMAIN,
      PackageID: LICENSE_ID,
      PrerequisitePackageIDList: [PLUGIN_ID],
      AssociationConfiguration: { KeyStoreAccessOption: { KeyStoreAccessEnabled: true, KeyAccessRoleArn: ROLE_ARN } },
    }]);
  });

  test('unchanged body fields ask nothing of the service', async () => {
    await onAssociationEvent(update({ PrerequisitePackageIds: PLUGIN_ID }, { PrerequisitePackageIds: PLUGIN_ID }));
    expect(opensearch.commandCalls(AssociatePackageCommand)).toHaveLength(0);
  });
});
