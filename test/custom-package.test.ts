import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Duration, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CustomPackage, CustomPackageProps, PackageSource, PackageType } from '../src';
import { importDomain, newStack } from './construct-fixtures';

const PACKAGE = 'Custom::OpenSearchPackage';
const LOOKUP = 'Custom::OpenSearchPackageLookup';
const ASSOCIATION = 'Custom::OpenSearchPackageAssociation';
const PACKAGE_ACTIONS = [
  'es:CreatePackage', 'es:UpdatePackage', 'es:DeletePackage',
  'es:DescribePackages', 'es:GetPackageVersionHistory', 'es:ListDomainsForPackage',
];

let fixtures: string;
let synonymsFile: string;

beforeAll(() => {
  fixtures = mkdtempSync(path.join(tmpdir(), 'custom-package-test-'));
  synonymsFile = fixture('synonyms.txt', 'ice cream, gelato, frozen custard\n');
});

afterAll(() => rmSync(fixtures, { recursive: true, force: true }));

function fixture(name: string, content: string): string {
  const file = path.join(fixtures, name);
  writeFileSync(file, content);
  return file;
}

function newPackage(stack: Stack, props: Partial<CustomPackageProps> = {}, id = 'Synonyms'): CustomPackage {
  return new CustomPackage(stack, id, { source: PackageSource.fromAsset(synonymsFile), ...props });
}

/** The single package resource's properties. */
function packageProperties(stack: Stack): Record<string, any> {
  const resources = Object.values(Template.fromStack(stack).findResources(PACKAGE));
  expect(resources).toHaveLength(1);
  return (resources[0] as any).Properties;
}

function statements(stack: Stack): any[] {
  return Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
    .flatMap((policy: any) => policy.Properties.PolicyDocument.Statement);
}

function expectError(build: () => unknown, message: string | RegExp): void {
  expect(build).toThrow(message);
}

describe('CustomPackage resource', () => {
  test('imports an asset file as a TXT-DICTIONARY, committing the asset hash', () => {
    const stack = newStack();
    newPackage(stack, { packageName: 'product-synonyms' });

    const properties = packageProperties(stack);
    expect(properties).toMatchObject({
      ServiceToken: { 'Fn::GetAtt': [expect.stringMatching(/^OpenSearchPackagesProviderframeworkonEvent/), 'Arn'] },
      PackageName: 'product-synonyms',
      PackageType: 'TXT-DICTIONARY',
      S3BucketName: 'cdk-hnb659fds-assets-123456789012-us-east-1',
      S3Key: expect.stringMatching(/^[0-9a-f]{64}\.txt$/),
      Timeout: '1800',
      ServiceTimeout: '2100',
    });
    expect(properties.CommitMessage).toBe(properties.S3Key.replace('.txt', ''));
    for (const absent of ['PackageDescription', 'EngineVersion', 'S3ObjectVersion']) expect(properties[absent]).toBeUndefined();
  });

  test('a changed file is a new key and a new default commit message', () => {
    const keyOf = (content: string) => {
      const stack = newStack();
      newPackage(stack, { source: PackageSource.fromAsset(fixture(`v-${content}.txt`, content)) });
      return packageProperties(stack);
    };
    const one = keyOf('a, b\n');
    const two = keyOf('a, b, c\n');
    expect(two.S3Key).not.toBe(one.S3Key);
    expect(two.CommitMessage).not.toBe(one.CommitMessage);
  });

  test('passes description, commit message, type and engine version through', () => {
    const stack = newStack();
    newPackage(stack, {
      packageName: 'icu-plugin',
      packageType: PackageType.ZIP_PLUGIN,
      engineVersion: opensearch.EngineVersion.OPENSEARCH_2_19,
      description: 'ICU analysis',
      commitMessage: 'Bump ICU to 74',
    });
    expect(packageProperties(stack)).toMatchObject({
      PackageType: 'ZIP-PLUGIN',
      EngineVersion: 'OpenSearch_2.19',
      PackageDescription: 'ICU analysis',
      CommitMessage: 'Bump ICU to 74',
    });
  });

  test.each([
    [PackageType.TXT_DICTIONARY, 'TXT-DICTIONARY'],
    [PackageType.PACKAGE_LICENSE, 'PACKAGE-LICENSE'],
    [PackageType.PACKAGE_CONFIG, 'PACKAGE-CONFIG'],
    [PackageType.of('SOME-NEW-TYPE'), 'SOME-NEW-TYPE'],
  ])('package type %s is sent as its API name', (packageType, name) => {
    const stack = newStack();
    newPackage(stack, { packageType });
    expect(packageProperties(stack).PackageType).toBe(name);
    expect(packageType.toString()).toBe(name);
  });

  test('PackageType.of refuses what cannot be a type name', () => {
    expectError(() => PackageType.of('txt dictionary'), 'PackageType.of: "txt dictionary" is not a package type name');
  });

  test('derives a valid, unique default name from the construct path', () => {
    const stack = newStack();
    newPackage(stack, {}, 'Synonyms');
    newPackage(stack, {}, 'Stop_Words');
    const names = Object.values(Template.fromStack(stack).findResources(PACKAGE)).map((r: any) => r.Properties.PackageName);
    expect(names).toEqual([expect.stringMatching(/^teststack-synonyms-[0-9a-f]{8}$/), expect.stringMatching(/^teststack-stopwords-[0-9a-f]{8}$/)]);
    for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9-]{2,63}$/);
  });

  test('a long construct path still gives a name within 64 characters', () => {
    const stack = newStack();
    newPackage(stack, {}, 'A'.repeat(120));
    expect(packageProperties(stack).PackageName).toMatch(/^teststack-a+-[0-9a-f]{8}$/);
    expect(packageProperties(stack).PackageName.length).toBeLessThanOrEqual(64);
  });

  test('exposes the package data as Fn::GetAtt tokens', () => {
    const stack = newStack();
    const pkg = newPackage(stack);
    const logicalId = stack.getLogicalId(pkg.node.defaultChild as any);
    for (const [value, attribute] of [
      [pkg.packageId, 'PackageId'],
      [pkg.packageName, 'PackageName'],
      [pkg.packageType, 'PackageType'],
      [pkg.availablePackageVersion, 'AvailablePackageVersion'],
      [pkg.latestCommitMessage, 'LatestCommitMessage'],
    ] as const) {
      expect(Token.isUnresolved(value)).toBe(true);
      expect(stack.resolve(value)).toEqual({ 'Fn::GetAtt': [logicalId, attribute] });
    }
  });

  test('deletes the package with the stack by default and can retain it', () => {
    const stack = newStack();
    newPackage(stack, { packageName: 'destroyed' }, 'Destroyed');
    newPackage(stack, { packageName: 'kept', removalPolicy: RemovalPolicy.RETAIN }, 'Kept');
    const template = Template.fromStack(stack);
    template.hasResource(PACKAGE, { Properties: Match.objectLike({ PackageName: 'destroyed' }), DeletionPolicy: 'Delete' });
    template.hasResource(PACKAGE, { Properties: Match.objectLike({ PackageName: 'kept' }), DeletionPolicy: 'Retain' });
  });

  test('refuses the SNAPSHOT removal policy', () => {
    expectError(() => newPackage(newStack(), { removalPolicy: RemovalPolicy.SNAPSHOT }),
      'TestStack/Synonyms: removalPolicy SNAPSHOT is not supported by a package; use DESTROY or RETAIN');
  });

  test('waits as long as asked, through the stack\'s one provider', () => {
    const stack = newStack();
    newPackage(stack, { packageName: 'slow-one', timeout: Duration.minutes(50) }, 'Slow');
    newPackage(stack, { packageName: 'default-one' }, 'Default');
    const template = Template.fromStack(stack);
    template.hasResourceProperties(PACKAGE, { PackageName: 'slow-one', Timeout: '3000', ServiceTimeout: '3300' });
    template.hasResourceProperties(PACKAGE, { PackageName: 'default-one', Timeout: '1800', ServiceTimeout: '2100' });
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
  });

  test('refuses waiter settings the provider cannot honour', () => {
    expectError(() => newPackage(newStack(), { timeout: Duration.hours(2) }), /timeout must be more than 0 seconds and at most 1 hour/);
  });
});

describe('adoptExisting', () => {
  test('asks the handler to adopt; the handler decides retention, so the resource is deleted through it', () => {
    const stack = newStack();
    newPackage(stack, { packageName: 'adopted', adoptExisting: true });
    const template = Template.fromStack(stack);
    template.hasResource(PACKAGE, { Properties: Match.objectLike({ PackageName: 'adopted', AdoptExisting: 'true' }), DeletionPolicy: 'Delete' });
    expect(packageProperties(stack).DeleteAdopted).toBeUndefined();
  });

  test('an explicit removalPolicy DESTROY deletes an adopted package too; RETAIN keeps it through CloudFormation', () => {
    const stack = newStack();
    newPackage(stack, { packageName: 'destroyed', adoptExisting: true, removalPolicy: RemovalPolicy.DESTROY }, 'Destroyed');
    newPackage(stack, { packageName: 'kept', adoptExisting: true, removalPolicy: RemovalPolicy.RETAIN }, 'Kept');
    const template = Template.fromStack(stack);
    template.hasResource(PACKAGE, {
      Properties: Match.objectLike({ PackageName: 'destroyed', AdoptExisting: 'true', DeleteAdopted: 'true' }), DeletionPolicy: 'Delete',
    });
    template.hasResource(PACKAGE, {
      Properties: Match.objectLike({ PackageName: 'kept', AdoptExisting: 'true', DeleteAdopted: Match.absent() }), DeletionPolicy: 'Retain',
    });
  });

  test('adds nothing to the template when false or unset', () => {
    const stack = newStack();
    newPackage(stack, { packageName: 'created', adoptExisting: false, removalPolicy: RemovalPolicy.DESTROY });
    expect(packageProperties(stack)).not.toHaveProperty('AdoptExisting');
    expect(packageProperties(stack)).not.toHaveProperty('DeleteAdopted');
  });

  test('keeps the package id attribute the service\'s id (from the handler\'s Data), not the physical id', () => {
    const stack = newStack();
    const pkg = newPackage(stack, { packageName: 'adopted', adoptExisting: true });
    expect(stack.resolve(pkg.packageId)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Synonyms/), 'PackageId'] });
  });

  test('refuses a commitMessage of the user\'s: adoption reads the library\'s to know the file', () => {
    expectError(() => newPackage(newStack(), { adoptExisting: true, commitMessage: 'from the repo' }),
      /^TestStack\/Synonyms: commitMessage can't be set with adoptExisting: adoption reads the newest version's commit message/);
  });
});

describe('PackageSource.fromBucket', () => {
  test('bucket name, key and object version have the lengths S3 and the API allow', () => {
    const build = (bucketName: string, key: string, version?: string) => () => {
      const stack = newStack();
      newPackage(stack, { source: PackageSource.fromBucket(s3.Bucket.fromBucketName(stack, 'Bucket', bucketName), key, version) });
    };
    // aws-s3's own check usually comes first; ours covers IBucket implementations that skip it.
    expectError(build('b'.repeat(64), 'k.txt'), /no more than 63 characters|must be 3 to 63 characters/);
    expectError(build('my-dictionaries', 'k'.repeat(1025)), 'source object key must be 1 to 1024 characters long (it has 1025)');
    expectError(build('my-dictionaries', 'k.txt', 'v'.repeat(1025)), 'source object version must be 1 to 1024 characters long (it has 1025)');
    expect(build('my-dictionaries', 'k.txt', 'v'.repeat(32))).not.toThrow();
  });

  test('a package type name is capped at 32 characters', () => {
    expectError(() => newPackage(newStack(), { packageType: PackageType.of(`A${'B'.repeat(32)}`) }),
      'TestStack/Synonyms: packageType must be at most 32 characters long (it has 33)');
  });

  test('imports an existing object, tracking its version', () => {
    const stack = newStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'my-dictionaries');
    newPackage(stack, { source: PackageSource.fromBucket(bucket, 'synonyms/products.txt', '3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY') });
    expect(packageProperties(stack)).toMatchObject({
      S3BucketName: 'my-dictionaries',
      S3Key: 'synonyms/products.txt',
      S3ObjectVersion: '3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY',
      CommitMessage: '3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY',
    });
  });

  test('without a version there is no default commit message', () => {
    const stack = newStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'my-dictionaries');
    newPackage(stack, { source: PackageSource.fromBucket(bucket, 'stopwords.txt') });
    expect(packageProperties(stack).CommitMessage).toBeUndefined();
    expect(packageProperties(stack).S3ObjectVersion).toBeUndefined();
  });

  test('reads exactly that object', () => {
    const stack = newStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'my-dictionaries');
    newPackage(stack, { source: PackageSource.fromBucket(bucket, 'stopwords.txt') });
    const reads = statements(stack).filter((s) => s.Action === 's3:GetObject');
    expect(reads).toEqual([{ Effect: 'Allow', Action: 's3:GetObject', Resource: stack.resolve(bucket.arnForObjects('stopwords.txt')) }]);
  });

  test('a KMS-encrypted bucket works: kms:Decrypt on its key, through S3 only, and no warning', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    const bucket = new s3.Bucket(stack, 'Bucket', { encryptionKey: key });
    newPackage(stack, { source: PackageSource.fromBucket(bucket, 'stopwords.txt') });
    expect(statements(stack).filter((s) => [s.Action].flat().some((a: string) => a.startsWith('kms:')))).toEqual([{
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: stack.resolve(key.keyArn),
      Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['s3.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } } },
    }]);
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('an SSE-S3 or unknown bucket needs no KMS grant', () => {
    const stack = newStack();
    newPackage(stack, { source: PackageSource.fromBucket(s3.Bucket.fromBucketName(stack, 'Bucket', 'my-dictionaries'), 'stopwords.txt') });
    expect(statements(stack).flatMap((s) => [s.Action].flat()).filter((a: string) => a.startsWith('kms:'))).toEqual([]);
  });

  test('refuses an empty object key', () => {
    const stack = newStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'my-dictionaries');
    expectError(() => newPackage(stack, { source: PackageSource.fromBucket(bucket, '') }),
      'TestStack/Synonyms: source object key must be 1 to 1024 characters long (it has 0)');
  });
});

describe('validation', () => {
  test.each([
    ['too short', 'ab', 'packageName "ab" must be 3 to 256 characters long (it has 2)'],
    ['too long', 'a'.repeat(257), `packageName "${'a'.repeat(257)}" must be 3 to 256 characters long (it has 257)`],
    ['uppercase', 'Product-Synonyms', 'packageName "Product-Synonyms" must start with a lowercase letter and contain only lowercase letters, digits and hyphens'],
    ['a digit first', '1-synonyms', 'packageName "1-synonyms" must start with a lowercase letter'],
    ['an underscore', 'product_synonyms', 'packageName "product_synonyms" must start with a lowercase letter'],
  ])('a packageName with %s is refused', (_case, packageName, message) => {
    expectError(() => newPackage(newStack(), { packageName }), `TestStack/Synonyms: ${message}`);
  });

  test('a token package name is left to the service', () => {
    const stack = newStack();
    newPackage(stack, { packageName: Lazy.string({ produce: () => 'x' }) });
    expect(packageProperties(stack).PackageName).toBe('x');
  });

  test('a description longer than 1024 characters is refused', () => {
    expectError(() => newPackage(newStack(), { description: 'd'.repeat(1025) }),
      'TestStack/Synonyms: description must be at most 1024 characters long (it has 1025)');
    newPackage(newStack(), { description: 'd'.repeat(1024) });
  });

  test('a commit message longer than 160 characters is refused', () => {
    expectError(() => newPackage(newStack(), { commitMessage: 'c'.repeat(161) }),
      'TestStack/Synonyms: commitMessage must be at most 160 characters long (it has 161)');
    newPackage(newStack(), { commitMessage: 'c'.repeat(160) });
  });

  test('an object version too long to be the default commit message is refused', () => {
    const stack = newStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'my-dictionaries');
    expectError(() => newPackage(stack, { source: PackageSource.fromBucket(bucket, 'k.txt', 'v'.repeat(200)) }),
      'commitMessage must be at most 160 characters long (it has 200)');
  });

  test('ZIP-PLUGIN needs an engine version', () => {
    expectError(() => newPackage(newStack(), { packageType: PackageType.ZIP_PLUGIN }),
      'TestStack/Synonyms: engineVersion is required for packageType ZIP-PLUGIN');
  });

  test('other types refuse an engine version', () => {
    expectError(() => newPackage(newStack(), { engineVersion: opensearch.EngineVersion.OPENSEARCH_2_19 }),
      'TestStack/Synonyms: engineVersion can only be given for packageType ZIP-PLUGIN (packageType is TXT-DICTIONARY)');
  });

  test('an engine version the API would refuse is refused', () => {
    expectError(() => newPackage(newStack(), { packageType: PackageType.ZIP_PLUGIN, engineVersion: opensearch.EngineVersion.openSearch('latest') }),
      'TestStack/Synonyms: engineVersion "OpenSearch_latest" must look like OpenSearch_2.19 or Elasticsearch_7.10');
  });

  test('a missing file is refused', () => {
    const missing = path.join(fixtures, 'missing.txt');
    expectError(() => newPackage(newStack(), { source: PackageSource.fromAsset(missing) }),
      `TestStack/Synonyms: source file "${missing}" does not exist`);
  });

  test('a directory is refused', () => {
    expectError(() => newPackage(newStack(), { source: PackageSource.fromAsset(fixtures) }),
      `TestStack/Synonyms: source "${fixtures}" must be a single file`);
  });

  test('an empty file is refused', () => {
    const empty = fixture('empty.txt', '');
    expectError(() => newPackage(newStack(), { source: PackageSource.fromAsset(empty) }),
      `TestStack/Synonyms: source file "${empty}" is empty: a package needs content`);
  });
});

describe('IAM', () => {
  test('the package actions, which have no resource type, are alone on the `*` statement', () => {
    const stack = newStack();
    newPackage(stack);
    const wildcard = statements(stack).filter((s) => s.Resource === '*' && [s.Action].flat().some((a: string) => a.startsWith('es:')));
    expect(wildcard).toEqual([{ Effect: 'Allow', Action: PACKAGE_ACTIONS, Resource: '*' }]);
  });

  test('never grants es:* nor association actions to the package handlers', () => {
    const stack = newStack();
    newPackage(stack).associateWith(importDomain(stack, 'my-domain'));
    const actions = statements(stack).flatMap((s) => [s.Action].flat());
    expect(actions.filter((a: string) => a.endsWith(':*'))).toEqual([]);
    const esStatements = statements(stack).filter((s) => [s.Action].flat().some((a: string) => a.startsWith('es:')));
    // Associations keep their domain-scoped statement; only the package actions (no resource type) use `*`.
    expect(esStatements.filter((s) => s.Resource === '*').flatMap((s) => s.Action)).toEqual(PACKAGE_ACTIONS);
  });

  test('S3: read on each asset object, write/read/delete on each package\'s staging prefix, nothing else', () => {
    const stack = newStack();
    newPackage(stack, { packageName: 'one' }, 'One');
    newPackage(stack, { packageName: 'two', source: PackageSource.fromAsset(fixture('two.txt', 'x, y\n')) }, 'Two');
    const keys = Object.values(Template.fromStack(stack).findResources(PACKAGE)).map((r: any) => r.Properties.S3Key);
    const staging = stagingBucketId(stack);
    const assetObject = (key: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::cdk-hnb659fds-assets-123456789012-us-east-1/${key}`]] });
    const stagingPrefix = (name: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [staging, 'Arn'] }, `/${name}/*`]] });
    expect(statements(stack).filter((s) => [s.Action].flat().some((a: string) => a.startsWith('s3:')))).toEqual([
      { Effect: 'Allow', Action: 's3:GetObject', Resource: keys.map(assetObject) },
      { Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'], Resource: [stagingPrefix('one'), stagingPrefix('two')] },
    ]);
    // The default bootstrap keys (AWS managed aws/s3, --bootstrap-customer-key) let every principal of the account
    // decrypt through S3 in their key policies, so an asset needs no KMS statement.
    expect(statements(stack).flatMap((s) => [s.Action].flat()).filter((a: string) => a.startsWith('kms:'))).toEqual([]);
  });

  test('a stack with only look-ups grants no S3 access', () => {
    const stack = newStack();
    CustomPackage.fromPackageName(stack, 'Stop', 'stopwords-en');
    expect(statements(stack).filter((s) => [s.Action].flat().some((a: string) => a.startsWith('s3:')))).toEqual([]);
  });

  test('the package waits for its grants', () => {
    const stack = newStack();
    newPackage(stack);
    const [pkg] = Object.values(Template.fromStack(stack).findResources(PACKAGE)) as any[];
    expect(pkg.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^OpenSearchPackagesProviderHandlerRoleDefaultPolicy/)]));
  });
});

/** Logical id of the stack's one staging bucket. */
function stagingBucketId(stack: Stack): string {
  const buckets = Object.keys(Template.fromStack(stack).findResources('AWS::S3::Bucket'));
  expect(buckets).toHaveLength(1);
  return buckets[0];
}

describe('staging bucket', () => {
  test('one per stack, made by the first package: SSE-S3, no versioning, destroyed with the stack, leftovers expire after a day', () => {
    const stack = newStack();
    newPackage(stack, { packageName: 'one' }, 'One');
    newPackage(stack, { packageName: 'two' }, 'Two');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.hasResource('AWS::S3::Bucket', {
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LifecycleConfiguration: { Rules: [{ Id: 'ExpireLeftovers', Status: 'Enabled', ExpirationInDays: 1 }] },
        VersioningConfiguration: Match.absent(),
      },
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
    });
    // No auto-delete custom resource: the bucket is empty at rest.
    expect(Object.keys(template.findResources('Custom::S3AutoDeleteObjects'))).toEqual([]);
  });

  test('refuses requests without TLS', () => {
    const stack = newStack();
    newPackage(stack);
    const staging = stagingBucketId(stack);
    Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: staging },
      PolicyDocument: {
        Statement: [{
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          Resource: [{ 'Fn::GetAtt': [staging, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [staging, 'Arn'] }, '/*']] }],
        }],
      },
    });
  });

  test('the package names its bucket and prefix, and waits for the bucket', () => {
    const stack = newStack();
    newPackage(stack, { packageName: 'product-synonyms' });
    expect(packageProperties(stack)).toMatchObject({ StagingBucketName: { Ref: stagingBucketId(stack) }, StagingPrefix: 'product-synonyms/' });
  });

  test('a stack with only look-ups and associations has none', () => {
    const stack = newStack();
    CustomPackage.fromPackageName(stack, 'Stop', 'stopwords-en').associateWith(importDomain(stack, 'my-domain'));
    Template.fromStack(stack).resourceCountIs('AWS::S3::Bucket', 0);
  });
});

describe('associateWith', () => {
  test('associates the package id and follows its available version', () => {
    const stack = newStack();
    const pkg = newPackage(stack);
    const association = pkg.associateWith(importDomain(stack, 'my-domain'));
    const packageLogicalId = stack.getLogicalId(pkg.node.defaultChild as any);

    Template.fromStack(stack).hasResource(ASSOCIATION, {
      Properties: Match.objectLike({
        DomainName: 'my-domain',
        PackageId: { 'Fn::GetAtt': [packageLogicalId, 'PackageId'] },
        PackageVersion: { 'Fn::GetAtt': [packageLogicalId, 'AvailablePackageVersion'] },
      }),
      DependsOn: Match.arrayWith([packageLogicalId]),
    });
    expect(stack.resolve(association.packageId)).toEqual({ 'Fn::GetAtt': [packageLogicalId, 'PackageId'] });
  });

  test('passes the association options through', () => {
    const stack = newStack();
    const association = newPackage(stack).associateWith(importDomain(stack, 'my-domain'), {
      timeout: Duration.minutes(10),
      removalPolicy: RemovalPolicy.RETAIN,
      outputName: 'SynonymsPath',
    });
    const template = Template.fromStack(stack);
    template.hasResource(ASSOCIATION, { Properties: Match.objectLike({ Timeout: '600', ServiceTimeout: '900' }), DeletionPolicy: 'Retain' });
    expect(Object.keys(template.findOutputs('*'))).toEqual(['SynonymsPath']);
    expect(template.findOutputs('SynonymsPath').SynonymsPath.Value).toEqual(stack.resolve(association.referencePath));
  });

  test('can skip the output', () => {
    const stack = newStack();
    const association = newPackage(stack).associateWith(importDomain(stack, 'my-domain'), { createOutput: false });
    expect(association.output).toBeUndefined();
    expect(Template.fromStack(stack).findOutputs('*')).toEqual({});
  });

  test('associates one package with several domains, but once per domain', () => {
    const stack = newStack();
    const pkg = newPackage(stack);
    const one = importDomain(stack, 'domain-one');
    pkg.associateWith(one);
    pkg.associateWith(importDomain(stack, 'domain-two'));
    Template.fromStack(stack).resourceCountIs(ASSOCIATION, 2);
    expectError(() => pkg.associateWith(one), 'TestStack/Synonyms: the package is already associated with domain TestStack/Domain-domain-one');
  });

  test('associations of the same package on different domains do not depend on each other', () => {
    const stack = newStack();
    const pkg = newPackage(stack);
    pkg.associateWith(importDomain(stack, 'domain-one'));
    pkg.associateWith(importDomain(stack, 'domain-two'));
    const associations = Template.fromStack(stack).findResources(ASSOCIATION);
    const packageLogicalId = stack.getLogicalId(pkg.node.defaultChild as any);
    for (const association of Object.values(associations) as any[]) {
      expect(association.DependsOn).toEqual([packageLogicalId]);
    }
  });
});

describe('provider', () => {
  test('is one per stack: packages and look-ups add resources, not functions', () => {
    const countFunctions = (n: number) => {
      const stack = newStack();
      for (let i = 0; i < n; i++) newPackage(stack, { packageName: `dictionary-${i}` }, `Dictionary${i}`);
      CustomPackage.fromPackageName(stack, 'Stop', 'stopwords-en');
      const template = Template.fromStack(stack);
      template.resourceCountIs(PACKAGE, n);
      template.resourceCountIs(LOOKUP, 1);
      template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
      return Object.keys(template.findResources('AWS::Lambda::Function')).length;
    };
    // onEvent + isComplete handlers, and the framework's onEvent, isComplete and onTimeout.
    expect(countFunctions(1)).toBe(5);
    expect(countFunctions(5)).toBe(5);
  });

  test('runs the prebuilt package bundle on a current Node.js runtime with month-long logs', () => {
    const stack = newStack();
    newPackage(stack);
    const template = Template.fromStack(stack);
    for (const handler of ['index.onEvent', 'index.isComplete']) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Handler: handler,
        Runtime: 'nodejs22.x',
        Description: Match.stringLikeRegexp('^cdk-opensearch-packages'),
      });
    }
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });
});

describe('CustomPackage.fromPackageName', () => {
  test('looks the package up by name at deploy time and associates its id without pinning a version', () => {
    const stack = newStack();
    const stop = CustomPackage.fromPackageName(stack, 'Stop', 'stopwords-en');
    stop.associateWith(importDomain(stack, 'my-domain'));

    const template = Template.fromStack(stack);
    const lookups = template.findResources(LOOKUP);
    expect(Object.values(lookups).map((r: any) => r.Properties)).toEqual([{
      ServiceToken: { 'Fn::GetAtt': [expect.stringMatching(/^OpenSearchPackagesProviderframeworkonEvent/), 'Arn'] },
      PackageName: 'stopwords-en',
    }]);
    const [lookupId] = Object.keys(lookups);
    template.hasResource(ASSOCIATION, {
      Properties: Match.objectLike({ PackageId: { 'Fn::GetAtt': [lookupId, 'PackageId'] }, PackageVersion: Match.absent() }),
      DependsOn: Match.arrayWith([lookupId]),
    });
    for (const [value, attribute] of [
      [stop.packageName, 'PackageName'], [stop.packageType, 'PackageType'], [stop.availablePackageVersion, 'AvailablePackageVersion'],
    ] as const) {
      expect(stack.resolve(value)).toEqual({ 'Fn::GetAtt': [lookupId, attribute] });
    }
  });

  test('refuses a name the service would refuse', () => {
    expectError(() => CustomPackage.fromPackageName(newStack(), 'Stop', 'Stopwords'),
      'TestStack/Stop: packageName "Stopwords" must start with a lowercase letter');
  });
});

describe('CustomPackage.fromPackageId', () => {
  test('uses the id as given, with no look-up', () => {
    const stack = newStack();
    const legacy = CustomPackage.fromPackageId(stack, 'Legacy', 'F987654321');
    legacy.associateWith(importDomain(stack, 'my-domain'));
    expect(legacy.packageId).toBe('F987654321');
    const template = Template.fromStack(stack);
    template.resourceCountIs(LOOKUP, 0);
    template.hasResourceProperties(ASSOCIATION, { PackageId: 'F987654321', PackageVersion: Match.absent() });
  });

  test('looks up name, type and version by id only when they are read', () => {
    const stack = newStack();
    const legacy = CustomPackage.fromPackageId(stack, 'Legacy', 'F987654321');
    const version = legacy.availablePackageVersion;
    const template = Template.fromStack(stack);
    const lookups = template.findResources(LOOKUP);
    expect(Object.values(lookups).map((r: any) => r.Properties.PackageId)).toEqual(['F987654321']);
    expect(stack.resolve(version)).toEqual({ 'Fn::GetAtt': [Object.keys(lookups)[0], 'AvailablePackageVersion'] });
    expect(stack.resolve(legacy.packageName)).toEqual({ 'Fn::GetAtt': [Object.keys(lookups)[0], 'PackageName'] });
  });

  test('refuses something that is not a package id', () => {
    expectError(() => CustomPackage.fromPackageId(newStack(), 'Legacy', 'synonyms'), 'TestStack/Legacy: packageId "synonyms" must match');
  });
});
