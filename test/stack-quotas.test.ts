import * as path from 'path';
import { Annotations as CoreAnnotations, App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { CustomPackage, PackageAssociation, PackageSource } from '../src';
import { importDomain, newStack } from './construct-fixtures';

/**
 * What the service would refuse at deploy time fails at synth: one domain and package twice in a
 * stack, more than 20 packages on one domain; more than 25 CustomPackages is a warning.
 */

const ASSOCIATION = 'Custom::OpenSearchPackageAssociation';
const SYNONYMS = path.join(__dirname, '..', 'examples', 'synonyms.txt');

const packageId = (i: number) => `F${100000000 + i}`;

describe('packages per domain', () => {
  test('20 associations on one domain pass', () => {
    const stack = newStack();
    const domain = importDomain(stack, 'my-domain');
    for (let i = 1; i <= 20; i++) new PackageAssociation(stack, `A${i}`, { domain, packageId: packageId(i) });

    Template.fromStack(stack).resourceCountIs(ASSOCIATION, 20);
  });

  test('the 21st fails, naming the domain and the quota', () => {
    const stack = newStack();
    const domain = importDomain(stack, 'my-domain');
    for (let i = 1; i <= 20; i++) new PackageAssociation(stack, `A${i}`, { domain, packageId: packageId(i) });

    expect(() => new PackageAssociation(stack, 'A21', { domain, packageId: packageId(21) })).toThrow(
      'TestStack/A21: this stack associates 21 packages with domain my-domain, over the OpenSearch Service quota of 20 packages per domain, '
      + 'which can\'t be raised');
  });

  test('20 on each of two domains pass: the quota is per domain', () => {
    const stack = newStack();
    const one = importDomain(stack, 'domain-one');
    const two = importDomain(stack, 'domain-two');
    for (let i = 1; i <= 20; i++) {
      new PackageAssociation(stack, `One${i}`, { domain: one, packageId: packageId(i) });
      new PackageAssociation(stack, `Two${i}`, { domain: two, packageId: packageId(i) });
    }
    Template.fromStack(stack).resourceCountIs(ASSOCIATION, 40);
  });

  test('a domain whose name is a token is counted by that token', () => {
    const stack = newStack();
    const domain = new opensearch.Domain(stack, 'Domain', { version: opensearch.EngineVersion.OPENSEARCH_2_19 });
    for (let i = 1; i <= 20; i++) new PackageAssociation(stack, `A${i}`, { domain, packageId: packageId(i) });

    expect(() => new PackageAssociation(stack, 'A21', { domain, packageId: packageId(21) }))
      .toThrow('associates 21 packages with domain the same domain (a deploy-time value), over the OpenSearch Service quota of 20');
  });
});

describe('one association per domain and package', () => {
  test('one package on two domains passes', () => {
    const stack = newStack();
    new PackageAssociation(stack, 'One', { domain: importDomain(stack, 'domain-one'), packageId: 'F1' });
    new PackageAssociation(stack, 'Two', { domain: importDomain(stack, 'domain-two'), packageId: 'F1' });

    Template.fromStack(stack).resourceCountIs(ASSOCIATION, 2);
  });

  test('the same domain and package twice fails, naming both construct paths', () => {
    const stack = newStack();
    const domain = importDomain(stack, 'my-domain');
    new PackageAssociation(stack, 'First', { domain, packageId: 'F1' });

    expect(() => new PackageAssociation(stack, 'Second', { domain, packageId: 'F1' })).toThrow(
      'TestStack/Second: package F1 is already associated with domain my-domain by TestStack/First in this stack. Both would share one '
      + 'association, and removing either would dissociate it from under the other: associate a package with a domain once per stack');
  });

  test('a PackageAssociation plus associateWith for the same package and domain fails, though the id is a token', () => {
    const stack = newStack();
    const domain = importDomain(stack, 'my-domain');
    const synonyms = new CustomPackage(stack, 'Synonyms', { source: PackageSource.fromAsset(SYNONYMS) });
    new PackageAssociation(stack, 'Explicit', { domain, packageId: synonyms.packageId });

    expect(() => synonyms.associateWith(domain)).toThrow(
      /package the same package \(a deploy-time value\) is already associated with domain my-domain by TestStack\/Explicit/);
  });

  test('two different packages whose ids are tokens are not compared', () => {
    const stack = newStack();
    const domain = importDomain(stack, 'my-domain');
    new CustomPackage(stack, 'One', { source: PackageSource.fromAsset(SYNONYMS) }).associateWith(domain);
    new CustomPackage(stack, 'Two', { source: PackageSource.fromAsset(SYNONYMS) }).associateWith(domain);

    Template.fromStack(stack).resourceCountIs(ASSOCIATION, 2);
  });

  test('stacks are counted apart', () => {
    const app = new App();
    for (const name of ['StackOne', 'StackTwo']) {
      const stack = new Stack(app, name, { env: { account: '123456789012', region: 'us-east-1' } });
      new PackageAssociation(stack, 'Synonyms', { domain: importDomain(stack, 'my-domain'), packageId: 'F1' });
    }
    expect(app.synth().stacks).toHaveLength(2);
  });
});

describe('custom packages per Region', () => {
  const WARNING = /creates more than 25 CustomPackages, the OpenSearch Service quota of custom packages per Region.*\[ack: cdk-opensearch-packages:packagesPerRegion\]/;

  function packages(stack: Stack, count: number): void {
    for (let i = 1; i <= count; i++) new CustomPackage(stack, `P${i}`, { source: PackageSource.fromAsset(SYNONYMS) });
  }

  test('25 in one stack pass without a warning', () => {
    const stack = newStack();
    packages(stack, 25);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('CustomPackages'))).toEqual([]);
  });

  test('the 26th adds one warning users can acknowledge', () => {
    const stack = newStack();
    packages(stack, 27);
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('CustomPackages'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].id).toBe('/TestStack/P26');
    expect(warnings[0].entry.data).toMatch(WARNING);
  });

  test('acknowledged on the stack, the warning goes', () => {
    const stack = newStack();
    packages(stack, 26);
    CoreAnnotations.of(stack).acknowledgeWarning('cdk-opensearch-packages:packagesPerRegion', 'the quota was raised');
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('CustomPackages'))).toEqual([]);
  });
});
