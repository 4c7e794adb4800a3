import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CustomPackage, PackageAssociation, PackageProvider, PackageSource } from '../src';
import { importDomain, newStack } from './construct-fixtures';
import { addReadmeExample } from '../examples/readme-stack';

const DICTIONARY = path.join(__dirname, '..', 'examples', 'synonyms.txt');
const CUSTOM_TYPES = ['Custom::OpenSearchPackage', 'Custom::OpenSearchPackageAssociation', 'Custom::OpenSearchPackageLookup'];

interface Settings {
  readonly timeout?: Duration;
  readonly pollInterval?: Duration;
  readonly logRetention?: logs.RetentionDays;
}

/** A package, its association, a look-up and a plain association: every resource type of the library. */
function everyResourceType(settings: Settings = {}): Template {
  const stack = newStack();
  if (settings.pollInterval || settings.logRetention) {
    PackageProvider.configure(stack, { pollInterval: settings.pollInterval, logRetention: settings.logRetention });
  }
  const domain = importDomain(stack, 'my-domain');
  const pkg = new CustomPackage(stack, 'Synonyms', { source: PackageSource.fromAsset(DICTIONARY), timeout: settings.timeout });
  pkg.associateWith(domain, { timeout: settings.timeout });
  CustomPackage.fromPackageName(stack, 'Stopwords', 'stopwords-en').associateWith(domain, { timeout: settings.timeout });
  new PackageAssociation(stack, 'Plain', { domain, packageId: 'F123', timeout: settings.timeout });
  return Template.fromStack(stack);
}

function serviceTokens(template: Template): string[] {
  return CUSTOM_TYPES.flatMap((type) => Object.values(template.findResources(type)))
    .map((resource: any) => JSON.stringify(resource.Properties.ServiceToken));
}

function countOf(template: Template, type: string): number {
  return Object.keys(template.findResources(type)).length;
}

describe('one provider per stack', () => {
  test('serves packages, associations and look-ups with two handlers and one waiter', () => {
    const template = everyResourceType();
    expect(CUSTOM_TYPES.map((type) => countOf(template, type))).toEqual([1, 3, 1]);
    expect(new Set(serviceTokens(template)).size).toBe(1);
    // Two handlers, plus the framework's onEvent, isComplete and onTimeout.
    expect(countOf(template, 'AWS::Lambda::Function')).toBe(5);
    expect(countOf(template, 'AWS::StepFunctions::StateMachine')).toBe(1);
    expect(countOf(template, 'AWS::Logs::LogGroup')).toBe(1);
    for (const handler of ['index.onEvent', 'index.isComplete']) {
      template.resourcePropertiesCountIs('AWS::Lambda::Function', { Handler: handler }, 1);
    }
  });

  test('keeps every ServiceToken when timeout, pollInterval or logRetention change', () => {
    const before = serviceTokens(everyResourceType());
    const after = everyResourceType({ timeout: Duration.minutes(50), pollInterval: Duration.seconds(30), logRetention: logs.RetentionDays.ONE_YEAR });
    expect(serviceTokens(after)).toEqual(before);
    // ... and the settings did take effect.
    after.hasResourceProperties('Custom::OpenSearchPackageAssociation', { Timeout: '3000' });
    after.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
    expect(JSON.stringify(after.findResources('AWS::StepFunctions::StateMachine'))).toContain('\\"IntervalSeconds\\":30');
  });

  // A changed logical id changes the ServiceToken of every deployed custom resource, which CloudFormation
  // refuses on update: these names are part of the library's promise to deployed stacks.
  test('pins the logical ids of the provider and the ServiceToken', () => {
    const template = everyResourceType();
    const custom = new Set(CUSTOM_TYPES);
    const providerIds = Object.entries(template.toJSON().Resources as Record<string, { Type: string }>)
      .filter(([id, resource]) => id.startsWith('OpenSearchPackagesProvider') && !custom.has(resource.Type))
      .map(([id, resource]) => `${resource.Type} ${id}`)
      .sort();
    expect(providerIds).toEqual([
      'AWS::IAM::Policy OpenSearchPackagesProviderFrameworkOnEventRoleDefaultPolicy0BDF35E7',
      'AWS::IAM::Policy OpenSearchPackagesProviderFrameworkWaiterRoleDefaultPolicy3C7AEE77',
      'AWS::IAM::Policy OpenSearchPackagesProviderHandlerRoleDefaultPolicy6ECA3762',
      'AWS::IAM::Policy OpenSearchPackagesProviderwaiterstatemachineRoleDefaultPolicy5B81675D',
      'AWS::IAM::Role OpenSearchPackagesProviderFrameworkOnEventRoleA04C8297',
      'AWS::IAM::Role OpenSearchPackagesProviderFrameworkWaiterRole45EAB583',
      'AWS::IAM::Role OpenSearchPackagesProviderHandlerRole22DB0310',
      'AWS::IAM::Role OpenSearchPackagesProviderwaiterstatemachineRoleA762F5F1',
      'AWS::Lambda::Function OpenSearchPackagesProviderIsComplete1222AA2C',
      'AWS::Lambda::Function OpenSearchPackagesProviderOnEvent54E64D4B',
      'AWS::Lambda::Function OpenSearchPackagesProviderframeworkisCompleteDCCF0768',
      'AWS::Lambda::Function OpenSearchPackagesProviderframeworkonEventD9E79197',
      'AWS::Lambda::Function OpenSearchPackagesProviderframeworkonTimeout912D9069',
      'AWS::Logs::LogGroup OpenSearchPackagesProviderLogs77D69B08',
      'AWS::StepFunctions::StateMachine OpenSearchPackagesProviderwaiterstatemachine6CE62BA6',
    ]);

    expect(new Set(serviceTokens(template))).toEqual(new Set([
      JSON.stringify({ 'Fn::GetAtt': ['OpenSearchPackagesProviderframeworkonEventD9E79197', 'Arn'] }),
    ]));
  });

  test('adds at most 24 resources, 5 functions and 1 state machine for the README\'s complete example', () => {
    const stack = newStack();
    addReadmeExample(stack);
    const template = Template.fromStack(stack);
    expect(Object.keys(template.toJSON().Resources).length).toBeLessThanOrEqual(24);
    expect(countOf(template, 'AWS::Lambda::Function')).toBe(5);
    expect(countOf(template, 'AWS::StepFunctions::StateMachine')).toBe(1);
  });
});

describe('PackageProvider.configure', () => {
  test('sets the poll interval of the waiter, which keeps its one-hour ceiling', () => {
    const template = everyResourceType({ pollInterval: Duration.seconds(5) });
    const definition = JSON.stringify(template.findResources('AWS::StepFunctions::StateMachine'));
    expect(definition).toContain('\\"IntervalSeconds\\":5');
    expect(definition).toContain('\\"MaxAttempts\\":720');
  });

  test('keeps logs forever when asked', () => {
    everyResourceType({ logRetention: logs.RetentionDays.INFINITE })
      .allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: Match.absent() });
  });

  test('must come before the stack\'s first construct, and only once', () => {
    const late = newStack();
    new PackageAssociation(late, 'Synonyms', { domain: importDomain(late, 'my-domain'), packageId: 'F1' });
    expect(() => PackageProvider.configure(late, { pollInterval: Duration.seconds(5) }))
      .toThrow('TestStack: PackageProvider.configure() must be called at most once per stack, and before the stack\'s first CustomPackage');

    const twice = newStack();
    PackageProvider.configure(twice, { pollInterval: Duration.seconds(5) });
    expect(() => PackageProvider.configure(twice, { logRetention: logs.RetentionDays.ONE_WEEK })).toThrow('at most once per stack');
  });

  test('refuses a poll interval the waiter cannot count in whole steps', () => {
    const attempt = (pollInterval: Duration) => () => PackageProvider.configure(newStack(), { pollInterval });
    const rule = 'pollInterval must be whole seconds from 1 second to 5 minutes that divide 1 hour';
    expect(attempt(Duration.millis(500))).toThrow(rule);
    expect(attempt(Duration.millis(1500))).toThrow(rule);
    expect(attempt(Duration.seconds(7))).toThrow(`${rule}, e.g. 5, 10 or 30 seconds (got 7 seconds)`);
    expect(attempt(Duration.minutes(10))).toThrow(rule);
    expect(attempt(Duration.minutes(5))).not.toThrow();
    expect(attempt(Duration.seconds(1))).not.toThrow();
  });

  test('a timeout must be longer than the configured poll interval', () => {
    const stack = newStack();
    PackageProvider.configure(stack, { pollInterval: Duration.minutes(1) });
    expect(() => new PackageAssociation(stack, 'Quick', { domain: importDomain(stack, 'my-domain'), packageId: 'F1', timeout: Duration.seconds(30) }))
      .toThrow('TestStack/Quick: timeout (30 seconds) must be longer than the stack\'s pollInterval (1 minute)');
  });
});
