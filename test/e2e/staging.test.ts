import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { CreatePackageCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { CfnOutput, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { domainNamed, Scenario, ScenarioOptions, startScenario, synthesize } from './harness';
import { DeploymentError, fileAssetsBucketName, StackArtifact } from '../../local/deploy';
import type { Emulator } from '../../local/emulator';
import { CustomPackage, PackageSource } from '../../src';

/**
 * The file's way to the service on a default-bootstrapped account: `cdk deploy` publishes it into the
 * SSE-KMS bootstrap bucket, the handler copies it into the stack's SSE-S3 staging bucket, the service
 * copies it from there, and the staged copy is deleted. The emulator's S3 keeps each object's
 * encryption, and its service can't read SSE-KMS objects, as the real one can't.
 */

const DOMAIN = 'products';
const NAME = 'product-synonyms';
const ASSET_BUCKET = fileAssetsBucketName('123456789012', 'us-east-1');
const CUSTOMER_KEY = 'arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789';

let files: string;

beforeAll(() => { files = mkdtempSync(path.join(tmpdir(), 'e2e-staging-')); });
afterAll(() => {
  rmSync(files, { recursive: true, force: true });
});

async function setUp(options: ScenarioOptions = {}): Promise<Scenario> {
  const scenario = await startScenario({ packageCopyDelayMs: 30, packageValidateDelayMs: 30, ...options });
  scenario.emulator.addDomain(DOMAIN, { engineVersion: 'OpenSearch_2.19' });
  return scenario;
}

function synonymsFile(content: string): string {
  const file = path.join(mkdtempSync(path.join(files, 'v-')), 'synonyms.txt');
  writeFileSync(file, content);
  return file;
}

/** The README's example shape: a package from `source`, associated with the domain. */
function packageStack(source: (stack: Stack) => PackageSource): StackArtifact {
  return synthesize((stack) => {
    const pkg = new CustomPackage(stack, 'Synonyms', { source: source(stack), packageName: NAME });
    pkg.associateWith(domainNamed(stack, DOMAIN), { outputName: 'ReferencePath' });
    new CfnOutput(stack, 'PackageId', { value: pkg.packageId });
    new CfnOutput(stack, 'Version', { value: pkg.availablePackageVersion });
  });
}

const fromFile = (file: string) => packageStack(() => PackageSource.fromAsset(file));

/** Name of the deployed staging bucket (its physical id). */
function stagingBucket(s: Scenario, artifact: StackArtifact): string {
  const [logicalId] = Object.entries(artifact.template.Resources).filter(([, r]) => r.Type === 'AWS::S3::Bucket').map(([id]) => id);
  return s.deployment.physicalId(logicalId)!;
}

/** The key the service was told to copy from, per CreatePackage/UpdatePackage call. */
function packageSources(emulator: Emulator): Array<{ S3BucketName: string; S3Key: string }> {
  return emulator.calls.filter((c) => c.operation === 'CreatePackage' || c.operation === 'UpdatePackage').map((c) => (c.body as any).PackageSource);
}

describe('fromAsset on a bootstrapped account', () => {
  test.each<[string, ScenarioOptions['bootstrap'], string]>([
    ['plain cdk bootstrap (SSE-KMS, AWS managed key)', undefined, 'aws:kms'],
    ['cdk bootstrap --bootstrap-customer-key (SSE-KMS, customer key)', { encryption: 'aws:kms', kmsKeyId: CUSTOMER_KEY }, 'aws:kms'],
    ['a bootstrap bucket with SSE-S3', { encryption: 'AES256' }, 'AES256'],
  ])('%s: the package is AVAILABLE from a staged SSE-S3 copy, the association ACTIVE, the copy gone', async (_case, bootstrap, assetEncryption) => {
    const s = await setUp({ bootstrap });
    const { emulator, deployment } = s;
    const artifact = fromFile(synonymsFile('ice cream, gelato\n'));

    const outputs = await deployment.deploy(artifact);

    const packageId = outputs.PackageId;
    expect(outputs).toEqual({ PackageId: packageId, ReferencePath: `analyzers/${packageId}`, Version: 'v1' });
    expect(emulator.packageDetails(packageId)?.PackageStatus).toBe('AVAILABLE');
    expect(emulator.association(DOMAIN, packageId)).toMatchObject({ DomainPackageStatus: 'ACTIVE', PackageVersion: 'v1' });
    // The asset went where cdk deploy puts it, encrypted as the bootstrap bucket encrypts.
    const [asset] = emulator.s3.listObjects(ASSET_BUCKET).filter((o) => o.key.endsWith('.txt'));
    expect(asset.encryption.algorithm).toBe(assetEncryption);
    if (bootstrap?.kmsKeyId) expect(asset.encryption.kmsKeyId).toBe(CUSTOMER_KEY);
    // The service was handed the staged copy, and holds the file's content.
    const staging = stagingBucket(s, artifact);
    const [source] = packageSources(emulator);
    expect(source).toEqual({ S3BucketName: staging, S3Key: expect.stringMatching(new RegExp(`^${NAME}/[0-9a-f]{16}/[0-9a-f]{64}\\.txt$`)) });
    expect(emulator.callsTo('CopyObject')).toEqual([expect.objectContaining({
      pathParams: { Bucket: staging, Key: source.S3Key }, body: { CopySource: `${ASSET_BUCKET}/${asset.key}` }, response: { ServerSideEncryption: 'AES256' },
    })]);
    expect(emulator.packageFile(packageId, 'v1')?.toString()).toBe('ice cream, gelato\n');
    // The copy was deleted once the package was AVAILABLE: the bucket is empty at rest.
    expect(emulator.callsTo('DeleteObject').map((c) => c.pathParams)).toEqual([{ Bucket: staging, Key: source.S3Key }]);
    expect(emulator.s3.listObjects(staging)).toEqual([]);
  });

  test('the emulator is honest: handing the SSE-KMS asset straight to CreatePackage (the old behaviour) ends COPY_FAILED', async () => {
    const { emulator, deployment } = await setUp();
    await deployment.deploy(fromFile(synonymsFile('ice cream, gelato\n')));
    const [asset] = emulator.s3.listObjects(ASSET_BUCKET).filter((o) => o.key.endsWith('.txt'));

    const client = new OpenSearchClient(emulator.clientConfig());
    const { PackageDetails: direct } = await client.send(new CreatePackageCommand({
      PackageName: 'straight-from-assets', PackageType: 'TXT-DICTIONARY', PackageSource: { S3BucketName: ASSET_BUCKET, S3Key: asset.key },
    }));
    client.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(emulator.packageDetails(direct!.PackageID!)).toMatchObject({
      PackageStatus: 'COPY_FAILED',
      ErrorDetails: { ErrorType: 'CopyFailure', ErrorMessage: expect.stringContaining('encrypted with an AWS KMS key') },
    });
  });

  test('a new file rolls out v2 through a new staged copy, and the staging bucket is empty again', async () => {
    const s = await setUp();
    const { emulator, deployment } = s;
    const { PackageId: packageId } = await deployment.deploy(fromFile(synonymsFile('ice cream, gelato\n')));
    const changed = fromFile(synonymsFile('ice cream, gelato, frozen custard\n'));

    const outputs = await deployment.deploy(changed);

    expect(outputs).toMatchObject({ PackageId: packageId, Version: 'v2' });
    expect(emulator.association(DOMAIN, packageId)).toMatchObject({ DomainPackageStatus: 'ACTIVE', PackageVersion: 'v2' });
    expect(emulator.packageFile(packageId, 'v2')?.toString()).toBe('ice cream, gelato, frozen custard\n');
    const [first, second] = packageSources(emulator);
    expect(second.S3Key).not.toBe(first.S3Key);
    expect(emulator.callsTo('DeleteObject').map((c) => c.pathParams.Key)).toEqual([first.S3Key, second.S3Key]);
    expect(emulator.s3.listObjects(stagingBucket(s, changed))).toEqual([]);
  });

  test('destroy deletes the package, and CloudFormation can delete the staging bucket because it is empty', async () => {
    const s = await setUp();
    const { emulator, deployment } = s;
    const artifact = fromFile(synonymsFile('ice cream, gelato\n'));
    const { PackageId: packageId } = await deployment.deploy(artifact);
    const staging = stagingBucket(s, artifact);
    expect(emulator.s3.hasBucket(staging)).toBe(true);

    await deployment.destroy();

    expect(emulator.packageDetails(packageId)).toBeUndefined();
    expect(emulator.callsTo('DeleteBucket')).toEqual([expect.objectContaining({ pathParams: { Bucket: staging }, status: 204 })]);
    expect(emulator.s3.hasBucket(staging)).toBe(false);
  });

  test('a copy a failed deployment left behind is deleted with the package, so the bucket can go', async () => {
    const s = await setUp();
    const { emulator, deployment } = s;
    const artifact = fromFile(synonymsFile('ice cream, gelato\n'));
    await deployment.deploy(artifact);
    const staging = stagingBucket(s, artifact);
    const [source] = packageSources(emulator);
    emulator.s3.putObject(staging, source.S3Key, Buffer.from('left behind by a timed-out handler'));

    await deployment.destroy();

    expect(emulator.s3.hasBucket(staging)).toBe(false);
  });
});

describe('fromBucket', () => {
  test('an object in the user\'s SSE-KMS bucket is staged as SSE-S3 and becomes the package', async () => {
    const s = await setUp();
    const { emulator, deployment } = s;
    emulator.s3.createBucket('my-dictionaries', { encryption: { algorithm: 'aws:kms', kmsKeyId: CUSTOMER_KEY } });
    emulator.s3.putObject('my-dictionaries', 'synonyms/products.txt', Buffer.from('laptop, notebook\n'));
    const artifact = packageStack((stack) => PackageSource.fromBucket(
      s3.Bucket.fromBucketAttributes(stack, 'Dictionaries', { bucketName: 'my-dictionaries', encryptionKey: kms.Key.fromKeyArn(stack, 'Key', CUSTOMER_KEY) }),
      'synonyms/products.txt', 'v-2024-06-01'));

    const outputs = await deployment.deploy(artifact);

    expect(emulator.association(DOMAIN, outputs.PackageId)).toMatchObject({ DomainPackageStatus: 'ACTIVE', PackageVersion: 'v1' });
    expect(emulator.packageFile(outputs.PackageId, 'v1')?.toString()).toBe('laptop, notebook\n');
    expect(emulator.callsTo('CopyObject')[0].body).toEqual({ CopySource: 'my-dictionaries/synonyms/products.txt' });
    expect(emulator.s3.listObjects(stagingBucket(s, artifact))).toEqual([]);
    // The user's object is untouched.
    expect(emulator.s3.getObject('my-dictionaries', 'synonyms/products.txt').encryption.algorithm).toBe('aws:kms');
  });

  test('a missing object fails the deployment before anything is asked of the service', async () => {
    const { emulator, deployment } = await setUp();
    emulator.s3.createBucket('my-dictionaries');
    const artifact = packageStack((stack) => PackageSource.fromBucket(s3.Bucket.fromBucketName(stack, 'Dictionaries', 'my-dictionaries'), 'nothing.txt'));

    const error: DeploymentError = await deployment.deploy(artifact).then(() => { throw new Error('expected a failure'); }, (e) => e);

    expect(Object.values(error.reasons)[0]).toMatch(/^Copying s3:\/\/my-dictionaries\/nothing.txt to the staging bucket s3:\/\/\S+ failed: NoSuchKey: /);
    expect(emulator.countCalls('CreatePackage')).toBe(0);
  });
});
