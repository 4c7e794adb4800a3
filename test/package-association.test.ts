import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { PackageAssociation } from '../src';
import { importDomain, newStack } from './construct-fixtures';

const ASSOCIATION = 'Custom::OpenSearchPackageAssociation';

describe('PackageAssociation resource', () => {
  test('carries domain name, package id and a service timeout above the waiter timeout', () => {
    const stack = newStack();
    new PackageAssociation(stack, 'Synonyms', { domain: importDomain(stack, 'my-domain'), packageId: 'F123456789' });

    Template.fromStack(stack).hasResourceProperties(ASSOCIATION, {
      ServiceToken: { 'Fn::GetAtt': [Match.stringLikeRegexp('frameworkonEvent'), 'Arn'] },
      DomainName: 'my-domain',
      PackageId: 'F123456789',
      PackageVersion: Match.absent(),
      ServiceTimeout: '2100', // 30 minutes + 5 minutes of slack for CloudFormation
    });
  });

  test('passes a requested package version through', () => {
    const stack = newStack();
    new PackageAssociation(stack, 'Synonyms', { domain: importDomain(stack, 'my-domain'), packageId: 'F1', packageVersion: 'v3' });
    Template.fromStack(stack).hasResourceProperties(ASSOCIATION, { PackageVersion: 'v3' });
  });

  test('exposes the association data as Fn::GetAtt tokens and the ids as given', () => {
    const stack = newStack();
    const association = new PackageAssociation(stack, 'Synonyms', { domain: importDomain(stack, 'my-domain'), packageId: 'F123456789' });
    const logicalId = stack.getLogicalId(association.node.defaultChild as any);

    for (const [value, attribute] of [
      [association.referencePath, 'ReferencePath'],
      [association.packageVersion, 'PackageVersion'],
      [association.packageName, 'PackageName'],
      [association.packageType, 'PackageType'],
    ] as const) {
      expect(Token.isUnresolved(value)).toBe(true);
      expect(stack.resolve(value)).toEqual({ 'Fn::GetAtt': [logicalId, attribute] });
    }
    expect(association.packageId).toBe('F123456789');
    expect(association.domainName).toBe('my-domain');
  });

  test('dissociates on delete by default and can retain the association', () => {
    const stack = newStack();
    const domain = importDomain(stack, 'my-domain');
    new PackageAssociation(stack, 'Destroyed', { domain, packageId: 'F1' });
    new PackageAssociation(stack, 'Kept', { domain, packageId: 'F2', removalPolicy: RemovalPolicy.RETAIN });

    const template = Template.fromStack(stack);
    template.hasResource(ASSOCIATION, { Properties: Match.objectLike({ PackageId: 'F1' }), DeletionPolicy: 'Delete' });
    template.hasResource(ASSOCIATION, { Properties: Match.objectLike({ PackageId: 'F2' }), DeletionPolicy: 'Retain' });
  });
});

describe('provider', () => {
  test('is one per stack: N associations add N resources and no functions', () => {
    const countFunctions = (n: number) => {
      const stack = newStack();
      const domains = [importDomain(stack, 'domain-one'), importDomain(stack, 'domain-two')];
      for (let i = 0; i < n; i++) {
        new PackageAssociation(stack, `Association${i}`, { domain: domains[i % 2], packageId: `F${100 + i}` });
      }
      const template = Template.fromStack(stack);
      template.resourceCountIs(ASSOCIATION, n);
      template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
      return Object.keys(template.findResources('AWS::Lambda::Function')).length;
    };
    // onEvent + isComplete handlers, and the framework's onEvent, isComplete and onTimeout.
    expect(countFunctions(1)).toBe(5);
    expect(countFunctions(10)).toBe(5);
  });

  test('runs the prebuilt handler bundle on a current Node.js runtime', () => {
    const stack = newStack();
    new PackageAssociation(stack, 'Synonyms', { domain: importDomain(stack, 'my-domain'), packageId: 'F1' });
    const template = Template.fromStack(stack);
    for (const handler of ['index.onEvent', 'index.isComplete']) {
      template.hasResourceProperties('AWS::Lambda::Function', { Handler: handler, Runtime: 'nodejs22.x' });
    }
  });

  test('carries its timeout as a property and waits under the provider\'s one-hour ceiling', () => {
    const stack = newStack();
    new PackageAssociation(stack, 'Synonyms', { domain: importDomain(stack, 'my-domain'), packageId: 'F1', timeout: Duration.minutes(10) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties(ASSOCIATION, { Timeout: '600', ServiceTimeout: '900' });
    // The framework waits its ceiling (3600 s / 5 s = 720 polls); the handler enforces the 10 minutes.
    const definition = JSON.stringify(template.findResources('AWS::StepFunctions::StateMachine'));
    expect(definition).toContain('\\"IntervalSeconds\\":5');
    expect(definition).toContain('\\"MaxAttempts\\":720');
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('associations with different timeouts share the one provider', () => {
    const stack = newStack();
    const domain = importDomain(stack, 'my-domain');
    new PackageAssociation(stack, 'Fast', { domain, packageId: 'F1', timeout: Duration.minutes(5) });
    new PackageAssociation(stack, 'Slow', { domain, packageId: 'F2', timeout: Duration.hours(1) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    const tokens = Object.values(template.findResources(ASSOCIATION)).map((r: any) => JSON.stringify(r.Properties.ServiceToken));
    expect(new Set(tokens).size).toBe(1);
  });
});

describe('IAM', () => {
  test('grants the four domain actions on the associated domains only, and none of them on *', () => {
    const stack = newStack();
    const one = importDomain(stack, 'domain-one');
    const two = importDomain(stack, 'domain-two');
    new PackageAssociation(stack, 'A', { domain: one, packageId: 'F1' });
    new PackageAssociation(stack, 'B', { domain: one, packageId: 'F2' });
    new PackageAssociation(stack, 'C', { domain: two, packageId: 'F3' });

    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    const esStatements = Object.values(policies)
      .flatMap((policy: any) => policy.Properties.PolicyDocument.Statement)
      .filter((statement: any) => [statement.Action].flat().some((action: string) => action.startsWith('es:')));

    // The package API statement on `*` is the provider's for packages (see the provider tests); no
    // action that names a domain may ever stand there.
    const onDomains = esStatements.filter((statement: any) => statement.Resource !== '*');
    expect(onDomains).toEqual([{
      Effect: 'Allow',
      Action: ['es:AssociatePackage', 'es:DissociatePackage', 'es:ListPackagesForDomain', 'es:DescribeDomain'],
      Resource: ['arn:aws:es:us-east-1:123456789012:domain/domain-one', 'arn:aws:es:us-east-1:123456789012:domain/domain-two'],
    }]);
    const onEverything = esStatements.filter((statement: any) => statement.Resource === '*').flatMap((statement: any) => statement.Action);
    expect(onEverything.filter((action: string) => onDomains[0].Action.includes(action) || action === 'es:*')).toEqual([]);
  });
});

describe('stack output', () => {
  test('holds the reference path by default', () => {
    const stack = newStack();
    const association = new PackageAssociation(stack, 'Synonyms', { domain: importDomain(stack, 'my-domain'), packageId: 'F1' });
    const outputs = Template.fromStack(stack).findOutputs('*');
    expect(Object.values(outputs).map((output: any) => output.Value)).toEqual([stack.resolve(association.referencePath)]);
  });

  test('takes the given name', () => {
    const stack = newStack();
    new PackageAssociation(stack, 'Synonyms', { domain: importDomain(stack, 'my-domain'), packageId: 'F1', outputName: 'SynonymsPath' });
    expect(Object.keys(Template.fromStack(stack).findOutputs('*'))).toEqual(['SynonymsPath']);
  });

  test('can be left out', () => {
    const stack = newStack();
    const association = new PackageAssociation(stack, 'Synonyms', { domain: importDomain(stack, 'my-domain'), packageId: 'F1', createOutput: false });
    expect(association.output).toBeUndefined();
    expect(Template.fromStack(stack).findOutputs('*')).toEqual({});
  });
});

describe('ordering on one domain', () => {
  test('chains associations on the same domain and leaves other domains in parallel', () => {
    const stack = newStack();
    const one = importDomain(stack, 'domain-one');
    const two = importDomain(stack, 'domain-two');
    const first = new PackageAssociation(stack, 'First', { domain: one, packageId: 'F1' });
    const second = new PackageAssociation(stack, 'Second', { domain: one, packageId: 'F2' });
    const third = new PackageAssociation(stack, 'Third', { domain: one, packageId: 'F3' });
    const elsewhere = new PackageAssociation(stack, 'Elsewhere', { domain: two, packageId: 'F4' });

    const resources = Template.fromStack(stack).findResources(ASSOCIATION);
    const id = (association: PackageAssociation) => stack.getLogicalId(association.node.defaultChild as any);
    expect(resources[id(first)].DependsOn).toBeUndefined();
    expect(resources[id(second)].DependsOn).toEqual([id(first)]);
    expect(resources[id(third)].DependsOn).toEqual([id(second)]);
    expect(resources[id(elsewhere)].DependsOn).toBeUndefined();
  });

  test('follows a domain created in the stack through its Ref', () => {
    const stack = newStack();
    const domain = new opensearch.Domain(stack, 'Domain', { version: opensearch.EngineVersion.OPENSEARCH_2_19 });
    const first = new PackageAssociation(stack, 'First', { domain, packageId: 'F1' });
    const second = new PackageAssociation(stack, 'Second', { domain, packageId: 'F2' });

    const resources = Template.fromStack(stack).findResources(ASSOCIATION);
    const id = (association: PackageAssociation) => stack.getLogicalId(association.node.defaultChild as any);
    expect(resources[id(first)].Properties.DomainName).toEqual({ Ref: stack.getLogicalId(domain.node.defaultChild as any) });
    expect(resources[id(second)].DependsOn).toEqual([id(first)]);
  });
});

describe('validation', () => {
  const attempt = (props: Partial<ConstructorParameters<typeof PackageAssociation>[2]>, domainName = 'my-domain') => () => {
    const stack = newStack();
    new PackageAssociation(stack, 'Synonyms', { domain: importDomain(stack, domainName), packageId: 'F123', ...props });
  };

  test('package id must look like F123…, G123… or pkg-…', () => {
    expect(attempt({ packageId: 'f123' })).toThrow('TestStack/Synonyms: packageId "f123" must match ^([FG][0-9]+)$');
    expect(attempt({ packageId: 'G42' })).not.toThrow();
    expect(attempt({ packageId: 'pkg-0a1b2c' })).not.toThrow();
  });

  test('package id and version have length caps, so no echo of them can crowd out a failure reason', () => {
    expect(attempt({ packageId: `F${'1'.repeat(64)}` })).toThrow('TestStack/Synonyms: packageId must be at most 64 characters long (it has 65)');
    expect(attempt({ packageVersion: 'v'.repeat(65) })).toThrow('TestStack/Synonyms: packageVersion must be 1 to 64 characters long (it has 65)');
    expect(attempt({ packageVersion: 'v12' })).not.toThrow();
  });

  test('domain name must be 3 to 28 characters', () => {
    expect(attempt({}, 'ab')).toThrow('domain name "ab" must be 3 to 28 characters long (it has 2)');
    expect(attempt({}, 'a'.repeat(29))).toThrow('must be 3 to 28 characters long (it has 29)');
  });

  test('domain name must start with a lowercase letter and use [a-z0-9-]', () => {
    expect(attempt({}, '1domain')).toThrow('domain name "1domain" must start with a lowercase letter');
    expect(attempt({}, 'my_domain')).toThrow('domain name "my_domain" must start with a lowercase letter and contain only lowercase letters, digits and hyphens');
  });

  test('timeout is at most one hour', () => {
    expect(attempt({ timeout: Duration.minutes(61) })).toThrow('timeout must be more than 0 seconds and at most 1 hour');
    expect(attempt({ timeout: Duration.hours(1) })).not.toThrow();
  });

  test('timeout is whole seconds', () => {
    expect(attempt({ timeout: Duration.millis(90_500) })).toThrow('timeout must be whole seconds');
  });

  test('timeout is longer than the stack\'s poll interval', () => {
    expect(attempt({ timeout: Duration.seconds(5) }))
      .toThrow('timeout (5 seconds) must be longer than the stack\'s pollInterval (5 seconds)');
    expect(attempt({ timeout: Duration.seconds(6) })).not.toThrow();
  });

  test('output name is a valid logical id', () => {
    expect(attempt({ outputName: 'synonyms-path' })).toThrow('outputName "synonyms-path" must be 1 to 255 letters or digits');
  });

  test('snapshot removal is refused', () => {
    expect(attempt({ removalPolicy: RemovalPolicy.SNAPSHOT })).toThrow('removalPolicy SNAPSHOT is not supported');
  });

  test('tokens are left to deploy time', () => {
    const stack = newStack();
    const domain = new opensearch.Domain(stack, 'Domain', { version: opensearch.EngineVersion.OPENSEARCH_2_19 });
    const packageId = Token.asString({ Ref: 'PackageIdParameter' });
    expect(() => new PackageAssociation(stack, 'Synonyms', { domain, packageId })).not.toThrow();
  });
});
