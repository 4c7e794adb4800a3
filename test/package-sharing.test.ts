import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Aws, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CustomPackage, CustomPackageProps, PackageSource } from '../src';
import { newStack, pluginPackage } from './construct-fixtures';

const PACKAGE = 'Custom::OpenSearchPackage';

let fixtures: string;

beforeAll(() => {
  fixtures = mkdtempSync(path.join(tmpdir(), 'sharing-test-'));
  writeFileSync(path.join(fixtures, 'synonyms.txt'), 'a, b\n');
});

afterAll(() => rmSync(fixtures, { recursive: true, force: true }));

/** Sharing needs vending, so these plugins vend unless a test says otherwise. */
function plugin(stack: Stack, props: Partial<CustomPackageProps> = {}, id = 'Plugin'): CustomPackage {
  return pluginPackage(stack, { vending: true, ...props }, id);
}

function actionsOnStar(stack: Stack): string[] {
  return Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
    .flatMap((policy: any) => policy.Properties.PolicyDocument.Statement)
    .filter((statement: any) => statement.Resource === '*')
    .flatMap((statement: any) => [statement.Action].flat());
}

function packageProperties(stack: Stack): Record<string, unknown>[] {
  return Object.values(Template.fromStack(stack).findResources(PACKAGE)).map((resource: any) => resource.Properties);
}

describe('sharing a package (UpdatePackageScope)', () => {
  test('sharedWith and shareWith() become one comma-joined SharedWith property', () => {
    const stack = newStack();
    const pkg = plugin(stack, { sharedWith: ['111111111111'] });
    pkg.shareWith('222222222222', '333333333333');
    expect(packageProperties(stack)[0].SharedWith).toBe('111111111111,222222222222,333333333333');
  });

  test('GLOBAL alone is accepted', () => {
    const stack = newStack();
    plugin(stack, { sharedWith: ['GLOBAL'] });
    expect(packageProperties(stack)[0].SharedWith).toBe('GLOBAL');
  });

  test('an unshared package has no SharedWith property and the handlers get no UpdatePackageScope', () => {
    const stack = newStack();
    plugin(stack);
    expect(packageProperties(stack)[0]).not.toHaveProperty('SharedWith');
    expect(actionsOnStar(stack)).not.toContain('es:UpdatePackageScope');
    expect(actionsOnStar(stack)).toContain('es:CreatePackage');
  });

  test('a shared package grants es:UpdatePackageScope on * once, in its own statement', () => {
    const stack = newStack();
    plugin(stack, { sharedWith: ['111111111111'] });
    plugin(stack, { sharedWith: ['222222222222'], packageName: 'second-plugin' }, 'Second');
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
      .flatMap((policy: any) => policy.Properties.PolicyDocument.Statement)
      .filter((statement: any) => [statement.Action].flat().includes('es:UpdatePackageScope'));
    expect(statements).toEqual([{ Action: 'es:UpdatePackageScope', Effect: 'Allow', Resource: '*' }]);
  });

  test('an account from a token is left to the handler to check', () => {
    const stack = newStack();
    plugin(stack, { sharedWith: [Aws.ACCOUNT_ID] });
    expect(JSON.stringify(packageProperties(stack)[0].SharedWith)).toContain('AWS::AccountId');
  });

  test.each([
    [{ sharedWith: ['12345'] }, 'sharedWith entry "12345" must be a 12-digit account id or GLOBAL'],
    [{ sharedWith: ['global'] }, 'sharedWith entry "global" must be a 12-digit account id or GLOBAL'],
    [{ sharedWith: ['111111111111', '111111111111'] }, 'sharedWith names 111111111111 more than once'],
    [{ sharedWith: ['123456789012'] }, "sharedWith names the stack's own account 123456789012, which owns the package already"],
    [{ sharedWith: ['GLOBAL', '111111111111'] }, 'sharedWith takes GLOBAL alone, not together with account ids'],
    [{ sharedWith: ['111111111111'], vending: undefined }, 'sharedWith needs vending: true'],
    [{ sharedWith: ['111111111111'], vending: false }, 'sharedWith needs vending: true'],
  ])('refuses %j at synth', (props, message) => {
    expect(() => plugin(newStack(), props)).toThrow(`TestStack/Plugin: ${message}`);
  });

  test('shareWith() checks against what is already shared', () => {
    const pkg = plugin(newStack(), { sharedWith: ['111111111111'] });
    expect(() => pkg.shareWith('111111111111')).toThrow('sharedWith names 111111111111 more than once');
    expect(() => pkg.shareWith('GLOBAL')).toThrow('sharedWith takes GLOBAL alone');
  });

  test('a dictionary cannot be shared: vending is for plugins only', () => {
    const stack = newStack();
    const dictionary = new CustomPackage(stack, 'Synonyms', { source: PackageSource.fromAsset(path.join(fixtures, 'synonyms.txt')) });
    expect(() => dictionary.shareWith('111111111111')).toThrow('TestStack/Synonyms: sharedWith needs vending: true');
  });
});
