import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { CustomPackage, PackageSource, PackageType, PluginInstallation } from '../src';
import { importDomain, newStack, TEST_ACCOUNT, TEST_REGION } from './construct-fixtures';

const BATCH = 'Custom::OpenSearchPackageAssociationBatch';
let fixtures: string;

beforeAll(() => {
  fixtures = mkdtempSync(path.join(tmpdir(), 'plugin-installation-test-'));
  for (const name of ['plugin.zip', 'license.json', 'config.yml', 'synonyms.txt']) writeFileSync(path.join(fixtures, name), 'a, b\n');
});
afterAll(() => rmSync(fixtures, { recursive: true, force: true }));

function pkg(stack: Stack, id: string, packageType: PackageType, file: string): CustomPackage {
  return new CustomPackage(stack, id, {
    source: PackageSource.fromAsset(path.join(fixtures, file)),
    packageType,
    engineVersion: packageType === PackageType.ZIP_PLUGIN ? opensearch.EngineVersion.OPENSEARCH_2_19 : undefined,
  });
}

function thirdParty(stack: Stack) {
  return {
    plugin: pkg(stack, 'Plugin', PackageType.ZIP_PLUGIN, 'plugin.zip'),
    license: pkg(stack, 'License', PackageType.PACKAGE_LICENSE, 'license.json'),
    configuration: pkg(stack, 'Config', PackageType.PACKAGE_CONFIG, 'config.yml'),
  };
}


function statements(stack: Stack): any[] {
  return Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
    .flatMap((policy: any) => policy.Properties.PolicyDocument.Statement);
}

const DOMAIN_ARN = `arn:aws:es:${TEST_REGION}:${TEST_ACCOUNT}:domain/my-domain`;

describe('PluginInstallation resource', () => {
  test('one batch resource: the plugin, then license and configuration ids joined in order', () => {
    const stack = newStack();
    const packages = thirdParty(stack);
    new PluginInstallation(stack, 'Installation', { domain: importDomain(stack), ...packages, timeout: Duration.minutes(50) });
    const template = Template.fromStack(stack);
    const resources = template.findResources(BATCH);
    expect(Object.keys(resources)).toHaveLength(1);
    const props = Object.values(resources)[0].Properties;
    const [plugin, license, config] = [packages.plugin, packages.license, packages.configuration]
      .map((p) => stack.getLogicalId(p.node.findChild('Resource').node.defaultChild as any));
    expect(props.DomainName).toBe('my-domain');
    expect(props.PluginPackageId).toEqual({ 'Fn::GetAtt': [plugin, 'PackageId'] });
    expect(props.DependentPackageIds).toEqual({ 'Fn::Join': [',', [{ 'Fn::GetAtt': [license, 'PackageId'] }, { 'Fn::GetAtt': [config, 'PackageId'] }]] });
    expect(props.Timeout).toBe('3000');
    expect(props.KeyAccessRoleArn).toBeUndefined();
    expect(Object.values(resources)[0].DeletionPolicy).toBe('Delete');
    // The same provider serves it: no single-association resource, one provider.
    template.resourceCountIs('Custom::OpenSearchPackageAssociation', 0);
    expect(props.ServiceToken).toEqual(Object.values(template.findResources('Custom::OpenSearchPackage'))[0].Properties.ServiceToken);
  });

  test('RETAIN leaves the packages associated', () => {
    const stack = newStack();
    new PluginInstallation(stack, 'Installation', { domain: importDomain(stack), ...thirdParty(stack), removalPolicy: RemovalPolicy.RETAIN });
    expect(Object.values(Template.fromStack(stack).findResources(BATCH))[0].DeletionPolicy).toBe('Retain');
  });

  test('waits for an earlier association on the same domain', () => {
    const stack = newStack();
    const domain = importDomain(stack);
    const synonyms = pkg(stack, 'Synonyms', PackageType.TXT_DICTIONARY, 'synonyms.txt');
    const single = synonyms.associateWith(domain);
    new PluginInstallation(stack, 'Installation', { domain, ...thirdParty(stack) });
    const batch = Object.values(Template.fromStack(stack).findResources(BATCH))[0];
    expect(batch.DependsOn).toEqual(expect.arrayContaining([stack.getLogicalId(single.node.findChild('Resource').node.defaultChild as any)]));
  });
});

describe('PluginInstallation IAM', () => {
  test('es:AssociatePackages and es:DissociatePackages on the domain ARN only', () => {
    const stack = newStack();
    new PluginInstallation(stack, 'Installation', { domain: importDomain(stack), ...thirdParty(stack) });
    const batch = statements(stack).filter((s) => JSON.stringify(s.Action).includes('es:AssociatePackages'));
    expect(batch).toEqual([{ Action: ['es:AssociatePackages', 'es:DissociatePackages'], Effect: 'Allow', Resource: DOMAIN_ARN }]);
  });

  test('no batch actions without a PluginInstallation', () => {
    const stack = newStack();
    thirdParty(stack).plugin.associateWith(importDomain(stack));
    expect(JSON.stringify(statements(stack))).not.toContain('es:AssociatePackages');
  });

  test('key-store access: iam:PassRole on exactly the role, to es.amazonaws.com, and the role on the resource', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'KeyAccess', { assumedBy: new iam.ServicePrincipal('es.amazonaws.com') });
    new PluginInstallation(stack, 'Installation', { domain: importDomain(stack), ...thirdParty(stack), keyStoreAccessRole: role });
    const roleArn = { 'Fn::GetAtt': [stack.getLogicalId(role.node.defaultChild as any), 'Arn'] };
    expect(statements(stack).filter((s) => s.Action === 'iam:PassRole')).toEqual([{
      Action: 'iam:PassRole', Effect: 'Allow', Resource: roleArn, Condition: { StringEquals: { 'iam:PassedToService': 'es.amazonaws.com' } },
    }]);
    expect(Object.values(Template.fromStack(stack).findResources(BATCH))[0].Properties.KeyAccessRoleArn).toEqual(roleArn);
  });
});

describe('PluginInstallation synth-time refusals', () => {
  test('a dictionary in a batch', () => {
    const stack = newStack();
    const packages = thirdParty(stack);
    const synonyms = pkg(stack, 'Synonyms', PackageType.TXT_DICTIONARY, 'synonyms.txt');
    expect(() => new PluginInstallation(stack, 'Installation', { domain: importDomain(stack), plugin: packages.plugin, license: synonyms }))
      .toThrow(/license TestStack\/Synonyms must be a PACKAGE-LICENSE package, not TXT-DICTIONARY/);
  });

  test('a plugin that is not a ZIP-PLUGIN', () => {
    const stack = newStack();
    const packages = thirdParty(stack);
    expect(() => new PluginInstallation(stack, 'Installation', { domain: importDomain(stack), plugin: packages.license, configuration: packages.configuration }))
      .toThrow(/plugin .* must be a ZIP-PLUGIN package, not PACKAGE-LICENSE/);
  });

  test('license and configuration swapped', () => {
    const stack = newStack();
    const packages = thirdParty(stack);
    expect(() => new PluginInstallation(stack, 'Installation', { domain: importDomain(stack), plugin: packages.plugin, license: packages.configuration }))
      .toThrow(/must be a PACKAGE-LICENSE package, not PACKAGE-CONFIG/);
  });

  test('a plugin alone', () => {
    const stack = newStack();
    expect(() => new PluginInstallation(stack, 'Installation', { domain: importDomain(stack), plugin: thirdParty(stack).plugin }))
      .toThrow(/give a license, a configuration or both/);
  });

  test('a package already associated with the domain by another construct', () => {
    const stack = newStack();
    const domain = importDomain(stack);
    const packages = thirdParty(stack);
    packages.plugin.associateWith(domain);
    expect(() => new PluginInstallation(stack, 'Installation', { domain, ...packages })).toThrow(/is already associated with domain my-domain/);
  });

  test('two installations of the same plugin on one domain', () => {
    const stack = newStack();
    const domain = importDomain(stack);
    const packages = thirdParty(stack);
    new PluginInstallation(stack, 'One', { domain, plugin: packages.plugin, license: packages.license });
    expect(() => new PluginInstallation(stack, 'Two', { domain, plugin: packages.plugin, configuration: packages.configuration }))
      .toThrow(/is already associated with domain my-domain by TestStack\/One/);
  });
});
