/**
 * cdk-nag's AwsSolutions pack on the example stack. Every finding is either fixed or suppressed here
 * with its reason, on the narrowest resource, and only for the exact permission it is about.
 *
 * Four kinds of suppression, each in its own function:
 * - the example domain's cost-driven choices (a user's production domain should differ);
 * - the package handlers' `Resource: *`, which the package API's IAM model leaves no way around;
 * - the staging bucket: its per-package key prefix, and no access logs for a bucket that is empty at rest;
 * - what aws-cdk-lib's custom-resources `Provider` framework creates and does not let us configure.
 */
import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as cr from 'aws-cdk-lib/custom-resources';
import { AwsSolutionsChecks, NagSuppressions } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { ProductSearchStack } from '../examples/app';

/** One unsuppressed finding: where, and which rule. */
interface Finding {
  readonly path: string;
  readonly rule: string;
}

/** Synthesizes the example stack under the AwsSolutions pack and returns its unsuppressed errors and warnings. */
function nagFindings(suppress: (stack: Stack) => void): Finding[] {
  const app = new App();
  const stack = new ProductSearchStack(app, 'ProductSearch');
  suppress(stack);
  Aspects.of(app).add(new AwsSolutionsChecks());
  app.synth();
  const annotations = Annotations.fromStack(stack);
  const nagMessage = Match.stringLikeRegexp('^(AwsSolutions|CdkNagValidationFailure)-');
  return [...annotations.findError('*', nagMessage), ...annotations.findWarning('*', nagMessage)]
    .map(message => ({ path: message.id, rule: String(message.entry.data).split(': ')[0] }));
}

function suppressAll(stack: Stack): void {
  suppressExampleDomainChoices(stack);
  suppressPackageApiWildcard(stack);
  suppressStagingBucket(stack);
  for (const provider of stack.node.findAll().filter(isProvider)) {
    suppressProviderFramework(provider);
  }
}

/** The example's domain is the smallest that runs custom packages; these findings are about scale and network. */
function suppressExampleDomainChoices(stack: Stack): void {
  const domain = stack.node.findAll().find((c): c is opensearch.Domain => c instanceof opensearch.Domain);
  if (!domain) throw new Error('the example stack has no opensearch.Domain');
  NagSuppressions.addResourceSuppressions(domain, [
    { id: 'AwsSolutions-OS1', reason: 'Example domain: a VPC would add subnets and NAT costs to a demo. Production domains should run in a VPC.' },
    { id: 'AwsSolutions-OS3', reason: 'Example domain: access is by IAM-signed requests only, not by source IP.' },
    { id: 'AwsSolutions-OS4', reason: 'Example domain: one data node; dedicated master nodes would triple its cost.' },
    { id: 'AwsSolutions-OS5', reason: 'Example domain: it has no resource-based access policy, so only IAM principals whose own policies allow es:ESHttp* can call it; nothing is anonymous.' },
    { id: 'AwsSolutions-OS7', reason: 'Example domain: one data node in one Availability Zone keeps the demo cheap.' },
    { id: 'AwsSolutions-OS9', reason: 'Example domain: slow logs are an operational choice that adds log groups and a log resource policy.' },
  ]);
}

/** The package handlers' only wildcard: the package API actions, which IAM accepts only on `*`. */
function suppressPackageApiWildcard(stack: Stack): void {
  NagSuppressions.addResourceSuppressionsByPath(stack, `/${stack.stackName}/OpenSearchPackagesProvider/HandlerRole/DefaultPolicy/Resource`, [{
    id: 'AwsSolutions-IAM5',
    reason: 'CreatePackage, UpdatePackage, DeletePackage, DescribePackages, GetPackageVersionHistory and ListDomainsForPackage have no resource type in the Service Authorization Reference for es, so IAM only accepts them on "*". They are alone in that statement.',
    appliesTo: ['Resource::*'],
  }]);
}

/** The staging bucket: where the handlers copy package files for the service, and delete them again. */
function suppressStagingBucket(stack: Stack): void {
  NagSuppressions.addResourceSuppressionsByPath(stack, `/${stack.stackName}/OpenSearchPackagesProvider/HandlerRole/DefaultPolicy/Resource`, [{
    id: 'AwsSolutions-IAM5',
    reason: 'The handlers write, read and delete staged copies under each package\'s own key prefix of the stack\'s staging bucket; the key ends in a hash of the source, known only at deploy time.',
    appliesTo: [{ regex: '/^Resource::<OpenSearchPackageStagingBucket[0-9A-F]{8}\\.Arn>\\/[a-z][a-z0-9-]*\\/\\*$/' }],
  }]);
  NagSuppressions.addResourceSuppressionsByPath(stack, `/${stack.stackName}/OpenSearchPackageStaging/Bucket/Resource`, [{
    id: 'AwsSolutions-S1',
    reason: 'The staging bucket is empty at rest: it holds a package file only while the service copies it. Access logs would need a second bucket for every stack.',
  }]);
}

function isProvider(construct: IConstruct): construct is cr.Provider {
  return construct instanceof cr.Provider;
}

/** Findings on the resources the `Provider` framework creates for itself, which it gives no option to change. */
function suppressProviderFramework(provider: cr.Provider): void {
  // `<function ARN>:*` names the versions and aliases of one function, not other functions.
  const invokeVersions = { regex: '/^Resource::<[A-Za-z0-9]+\\.Arn>:\\*$/' };
  for (const name of ['framework-onEvent', 'framework-isComplete', 'framework-onTimeout']) {
    const fn = provider.node.tryFindChild(name);
    if (!fn) continue; // isComplete and onTimeout exist only for providers with a waiter
    NagSuppressions.addResourceSuppressions(fn, [
      { id: 'AwsSolutions-IAM4', reason: 'The Provider framework gives its functions AWSLambdaBasicExecutionRole and has no option for another policy.', appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'] },
      { id: 'AwsSolutions-IAM5', reason: 'The Provider framework grants lambda:InvokeFunction on the user handlers and their versions (ARN:*), nothing wider.', appliesTo: [invokeVersions] },
      { id: 'AwsSolutions-L1', reason: 'The framework picks the newest Node.js runtime for each Region through a mapping, which cdk-nag cannot read.' },
      { id: 'CdkNagValidationFailure', reason: 'AwsSolutions-L1 cannot evaluate the framework\'s runtime, a Fn::FindInMap of the newest Node.js runtime per Region.' },
    ], true);
  }
  // The framework functions' roles are ours (the provider passes them in), but what the framework
  // grants them is its own.
  for (const name of ['FrameworkOnEventRole', 'FrameworkWaiterRole']) {
    const role = provider.node.scope?.node.tryFindChild(name);
    if (!role) continue;
    NagSuppressions.addResourceSuppressions(role, [
      { id: 'AwsSolutions-IAM5', reason: 'The Provider framework grants lambda:InvokeFunction on the user handlers and their versions (ARN:*), nothing wider.', appliesTo: [invokeVersions] },
    ], true);
  }
  const waiter = provider.node.tryFindChild('waiter-state-machine');
  if (!waiter) return;
  NagSuppressions.addResourceSuppressions(waiter, [
    { id: 'AwsSolutions-IAM5', reason: 'Step Functions log delivery (logs:CreateLogDelivery and related actions) only works on "*"; the rest is lambda:InvokeFunction on the framework functions and their versions.', appliesTo: ['Resource::*', invokeVersions] },
    { id: 'AwsSolutions-SF1', reason: 'The waiter logs errors only: the handlers already write one JSON line per poll, so logging ALL events would pay for every poll twice.' },
    { id: 'AwsSolutions-SF2', reason: 'The Provider framework has no option to turn on X-Ray tracing for its waiter state machine.' },
  ], true);
}

describe('cdk-nag AwsSolutions on the example stack', () => {
  test('has no unsuppressed errors or warnings', () => {
    expect(nagFindings(suppressAll)).toEqual([]);
  });

  test('finds the framework findings when nothing is suppressed, so the check above can fail', () => {
    const rules = new Set(nagFindings(() => {}).map(finding => finding.rule.replace(/\[.*$/, '')));
    for (const rule of ['AwsSolutions-IAM4', 'AwsSolutions-IAM5', 'AwsSolutions-SF1', 'AwsSolutions-OS1']) {
      expect(rules).toContain(rule);
    }
  });

  test('the library\'s own resources need these suppressions only: the package API wildcard and the staging bucket', () => {
    const withoutLibrarySuppressions = nagFindings(stack => {
      suppressExampleDomainChoices(stack);
      stack.node.findAll().filter(isProvider).forEach(suppressProviderFramework);
    });
    // Nothing else on the handlers' role: the association actions name the domains.
    expect(withoutLibrarySuppressions).toEqual([
      { path: '/ProductSearch/OpenSearchPackagesProvider/HandlerRole/DefaultPolicy/Resource', rule: 'AwsSolutions-IAM5[Resource::*]' },
      {
        path: '/ProductSearch/OpenSearchPackagesProvider/HandlerRole/DefaultPolicy/Resource',
        rule: expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<OpenSearchPackageStagingBucket[0-9A-F]{8}\.Arn>\/product-synonyms\/\*\]$/),
      },
      { path: '/ProductSearch/OpenSearchPackageStaging/Bucket/Resource', rule: 'AwsSolutions-S1' },
    ]);
  });
});
