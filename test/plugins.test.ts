import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { CustomPackage, CustomPackageProps, PackageAssociation, PackageSource, PackageType, RequirementLevel } from '../src';
import { importDomain, newStack, pluginPackage } from './construct-fixtures';

const PACKAGE = 'Custom::OpenSearchPackage';
const ASSOCIATION = 'Custom::OpenSearchPackageAssociation';

let fixtures: string;

beforeAll(() => {
  fixtures = mkdtempSync(path.join(tmpdir(), 'plugins-test-'));
  for (const name of ['license.json', 'config.zip', 'synonyms.txt']) {
    writeFileSync(path.join(fixtures, name), name === 'synonyms.txt' ? 'a, b\n' : 'content');
  }
});

afterAll(() => rmSync(fixtures, { recursive: true, force: true }));

const plugin = pluginPackage;

function license(stack: Stack, id = 'License'): CustomPackage {
  return new CustomPackage(stack, id, {
    source: PackageSource.fromAsset(path.join(fixtures, 'license.json')),
    packageType: PackageType.PACKAGE_LICENSE,
  });
}

function dictionary(stack: Stack, props: Partial<CustomPackageProps> = {}): CustomPackage {
  return new CustomPackage(stack, 'Synonyms', { source: PackageSource.fromAsset(path.join(fixtures, 'synonyms.txt')), ...props });
}

function statements(stack: Stack): any[] {
  return Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
    .flatMap((policy: any) => policy.Properties.PolicyDocument.Statement);
}

function resourceOf(stack: Stack, type: string, idPart: string): [string, any] {
  const found = Object.entries(Template.fromStack(stack).findResources(type)).filter(([id]) => id.includes(idPart));
  expect(found).toHaveLength(1);
  return found[0];
}

describe('CustomPackage plugin fields', () => {
  test('configuration, encryption key and vending become package properties', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    plugin(stack, {
      configuration: {
        licenseRequirement: RequirementLevel.REQUIRED,
        configurationRequirement: RequirementLevel.OPTIONAL,
        licenseFilepath: 'config/license.json',
        requiresRestartForConfigurationUpdate: true,
      },
      encryptionKey: key,
      vending: false,
    });
    Template.fromStack(stack).hasResourceProperties(PACKAGE, {
      LicenseRequirement: 'REQUIRED',
      ConfigurationRequirement: 'OPTIONAL',
      LicenseFilepath: 'config/license.json',
      RequiresRestartForConfigurationUpdate: 'true',
      KmsKeyIdentifier: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] },
      VendingEnabled: 'false',
    });
  });

  test('a plugin without the new fields carries none of them', () => {
    const stack = newStack();
    plugin(stack);
    const [, resource] = resourceOf(stack, PACKAGE, 'Plugin');
    for (const field of ['LicenseRequirement', 'ConfigurationRequirement', 'LicenseFilepath',
      'RequiresRestartForConfigurationUpdate', 'KmsKeyIdentifier', 'VendingEnabled']) {
      expect(resource.Properties).not.toHaveProperty(field);
    }
  });

  test('the encryption key is granted to the handlers through custom-packages only', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    plugin(stack, { encryptionKey: key });
    const keyStatements = statements(stack).filter((s) => JSON.stringify(s.Action).includes('kms:CreateGrant'));
    expect(keyStatements).toHaveLength(1);
    expect(keyStatements[0]).toEqual({
      Effect: 'Allow',
      Action: ['kms:CreateGrant', 'kms:DescribeKey', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:Decrypt'],
      Resource: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] },
      Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['custom-packages.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } } },
    });
  });

  test.each([
    [{ configuration: { licenseRequirement: RequirementLevel.NONE, configurationRequirement: RequirementLevel.NONE } }, 'configuration'],
    [{ vending: true }, 'vending'],
  ])('%j is refused on a TXT-DICTIONARY', (props, field) => {
    expect(() => dictionary(newStack(), props as Partial<CustomPackageProps>))
      .toThrow(`TestStack/Synonyms: ${field} can only be given for packageType ZIP-PLUGIN (packageType is TXT-DICTIONARY)`);
  });

  test('an encryption key is refused on a TXT-DICTIONARY', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    expect(() => dictionary(stack, { encryptionKey: key }))
      .toThrow('TestStack/Synonyms: encryptionKey can only be given for packageType ZIP-PLUGIN (packageType is TXT-DICTIONARY)');
  });

  test('a license file path outside the plugin is refused', () => {
    expect(() => plugin(newStack(), {
      configuration: { licenseRequirement: RequirementLevel.REQUIRED, configurationRequirement: RequirementLevel.NONE, licenseFilepath: '../license.json' },
    })).toThrow('TestStack/Plugin: configuration.licenseFilepath "../license.json" must be a relative path');
  });

  test.each(['OpenSearch_2.13', 'OpenSearch_1.3', 'Elasticsearch_7.10'])('engine version %s is too old for a plugin', (version) => {
    expect(() => plugin(newStack(), { engineVersion: { version } as opensearch.EngineVersion }))
      .toThrow(`TestStack/Plugin: engineVersion ${version} is too old for packageType ZIP-PLUGIN: plugins need OpenSearch_2.15 or later`);
  });

  test('OpenSearch 2.15 and 3.1 are accepted for a plugin', () => {
    expect(() => plugin(newStack(), { engineVersion: opensearch.EngineVersion.openSearch('2.15') })).not.toThrow();
    expect(() => plugin(newStack(), { engineVersion: opensearch.EngineVersion.openSearch('3.1') })).not.toThrow();
  });
});

describe('plugin associations', () => {
  test('a license names the id of a plugin associated outside the stack as its prerequisite', () => {
    const stack = newStack();
    const domain = importDomain(stack);
    license(stack).associateWith(domain, { prerequisitePackageIds: ['pkg-0a1b'] });
    const config = new CustomPackage(stack, 'Config', {
      source: PackageSource.fromAsset(path.join(fixtures, 'config.zip')),
      packageType: PackageType.PACKAGE_CONFIG,
    });
    const externalPlugin = CustomPackage.fromPackageName(stack, 'Lockbox', 'lockbox-plugin');
    config.associateWith(domain, { prerequisitePackageIds: [externalPlugin.packageId] });

    const [, licenseAssociation] = resourceOf(stack, ASSOCIATION, 'License');
    const [, configAssociation] = resourceOf(stack, ASSOCIATION, 'Config');
    expect(licenseAssociation.Properties.PrerequisitePackageIds).toEqual('pkg-0a1b');
    const lookupId = resourceOf(stack, 'Custom::OpenSearchPackageLookup', 'Lockbox')[0];
    expect(configAssociation.Properties.PrerequisitePackageIds).toEqual({ 'Fn::GetAtt': [lookupId, 'PackageId'] });
  });

  test('prerequisite ids are refused on a plugin or dictionary', () => {
    const stack = newStack();
    const domain = importDomain(stack);
    expect(() => dictionary(stack).associateWith(domain, { prerequisitePackageIds: ['pkg-0a1b'] }))
      .toThrow('prerequisitePackageIds can only be given to PACKAGE-LICENSE and PACKAGE-CONFIG packages, whose plugin is the prerequisite (packageType is TXT-DICTIONARY)');
    expect(() => plugin(stack).associateWith(domain, { prerequisitePackageIds: ['pkg-0a1b'] }))
      .toThrow('(packageType is ZIP-PLUGIN)');
  });

  test('a malformed prerequisite id is refused', () => {
    const stack = newStack();
    expect(() => new PackageAssociation(stack, 'A', { domain: importDomain(stack), packageId: 'F1', prerequisitePackageIds: ['plugin'] }))
      .toThrow('packageId "plugin" must match');
  });

  test('key-store access passes exactly its role, only to es.amazonaws.com', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'KeyAccess', { assumedBy: new iam.ServicePrincipal('es.amazonaws.com') });
    const association = new PackageAssociation(stack, 'A', { domain: importDomain(stack), packageId: 'F1', keyStoreAccessRole: role });
    const roleArn = { 'Fn::GetAtt': [stack.getLogicalId(role.node.defaultChild as iam.CfnRole), 'Arn'] };
    Template.fromStack(stack).hasResourceProperties(ASSOCIATION, { KeyAccessRoleArn: roleArn });
    const passRole = statements(stack).filter((s) => JSON.stringify(s.Action).includes('iam:PassRole'));
    expect(passRole).toEqual([{
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: roleArn,
      Condition: { StringEquals: { 'iam:PassedToService': 'es.amazonaws.com' } },
    }]);
    const [, resource] = resourceOf(stack, ASSOCIATION, 'A');
    expect(resource.DependsOn.some((id: string) => id.includes('HandlerRoleDefaultPolicy'))).toBe(true);
    expect(association.packageId).toBe('F1');
  });

  test('an association without plugin options grants no PassRole and sends no body fields', () => {
    const stack = newStack();
    new PackageAssociation(stack, 'A', { domain: importDomain(stack), packageId: 'F1' });
    expect(statements(stack).filter((s) => JSON.stringify(s.Action).includes('iam:PassRole'))).toEqual([]);
    const [, resource] = resourceOf(stack, ASSOCIATION, 'A');
    expect(resource.Properties).not.toHaveProperty('PrerequisitePackageIds');
    expect(resource.Properties).not.toHaveProperty('KeyAccessRoleArn');
  });
});
