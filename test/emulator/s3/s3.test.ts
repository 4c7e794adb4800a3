import { CreatePackageCommand, OpenSearchClient, PackageStatus, UpdatePackageCommand } from '@aws-sdk/client-opensearch';
import {
  CopyObjectCommand, CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand, GetBucketEncryptionCommand, GetBucketLocationCommand,
  GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutBucketEncryptionCommand, PutObjectCommand, S3Client,
} from '@aws-sdk/client-s3';
import { COPY_FAILURE, Emulator, startEmulator } from '../../../local/emulator';

let emu: Emulator;
let s3: S3Client;
let opensearch: OpenSearchClient;

beforeEach(async () => {
  emu = await startEmulator({ packageCopyDelayMs: 10, packageValidateDelayMs: 10 });
  s3 = new S3Client(emu.s3ClientConfig());
  opensearch = new OpenSearchClient(emu.clientConfig());
});

afterEach(async () => {
  s3.destroy();
  opensearch.destroy();
  await emu.stop();
});

async function kmsBucket(name: string, kmsKeyId?: string): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: name }));
  await s3.send(new PutBucketEncryptionCommand({
    Bucket: name,
    ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: kmsKeyId } }] },
  }));
}

async function waitForPackage(packageId: string, version: string): Promise<PackageStatus | undefined> {
  for (;;) {
    const details = emu.packageDetails(packageId);
    if (details?.PackageStatus !== 'COPYING' && details?.PackageStatus !== 'VALIDATING') {
      return details?.PackageStatus === 'AVAILABLE' && details.AvailablePackageVersion !== version ? undefined : details?.PackageStatus as PackageStatus;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('emulated S3', () => {
  test('the SDK reaches it path-style through its endpoint', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'path-style' }));
    await s3.send(new PutObjectCommand({ Bucket: 'path-style', Key: 'a/b c.txt', Body: 'x' }));
    expect(emu.callsTo('PutObject').map((call) => call.path)).toEqual(['/path-style/a/b%20c.txt']);
    expect(emu.s3.getObject('path-style', 'a/b c.txt').body.toString()).toBe('x');
  });

  test('objects take the bucket\'s default encryption, SSE-S3 when it has none', async () => {
    await kmsBucket('assets', 'arn:aws:kms:us-east-1:123456789012:key/abc');
    await s3.send(new CreateBucketCommand({ Bucket: 'plain' }));
    await s3.send(new PutObjectCommand({ Bucket: 'assets', Key: 'f.txt', Body: 'kms' }));
    await s3.send(new PutObjectCommand({ Bucket: 'plain', Key: 'f.txt', Body: 's3' }));

    const kms = await s3.send(new HeadObjectCommand({ Bucket: 'assets', Key: 'f.txt' }));
    expect(kms).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'arn:aws:kms:us-east-1:123456789012:key/abc', ContentLength: 3 });
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'plain', Key: 'f.txt' }))).ServerSideEncryption).toBe('AES256');
    expect((await s3.send(new GetBucketEncryptionCommand({ Bucket: 'assets' }))).ServerSideEncryptionConfiguration?.Rules?.[0]
      .ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe('aws:kms');
  });

  test('a PutObject header overrides the bucket default', async () => {
    await kmsBucket('assets');
    await s3.send(new PutObjectCommand({ Bucket: 'assets', Key: 'f.txt', Body: 'x', ServerSideEncryption: 'AES256' }));
    expect(emu.s3.getObject('assets', 'f.txt').encryption).toEqual({ algorithm: 'AES256', kmsKeyId: undefined });
  });

  test('CopyObject encrypts the copy as asked, not as the source is', async () => {
    await kmsBucket('assets');
    await s3.send(new CreateBucketCommand({ Bucket: 'staging' }));
    await s3.send(new PutObjectCommand({ Bucket: 'assets', Key: 'dir/f.txt', Body: 'hello' }));
    const copy = await s3.send(new CopyObjectCommand({ Bucket: 'staging', Key: 'p/f.txt', CopySource: 'assets/dir/f.txt', ServerSideEncryption: 'AES256' }));
    expect(copy.ServerSideEncryption).toBe('AES256');
    const got = await s3.send(new GetObjectCommand({ Bucket: 'staging', Key: 'p/f.txt' }));
    expect(await got.Body!.transformToString()).toBe('hello');
    expect(got.ServerSideEncryption).toBe('AES256');
    // Without the header the copy takes the destination's default: the KMS bucket's, for a copy within it.
    await s3.send(new CopyObjectCommand({ Bucket: 'assets', Key: 'again.txt', CopySource: 'assets/dir/f.txt' }));
    expect(emu.s3.getObject('assets', 'again.txt').encryption.algorithm).toBe('aws:kms');
  });

  test('missing buckets and keys are S3\'s errors', async () => {
    await expect(s3.send(new GetObjectCommand({ Bucket: 'nope', Key: 'k' }))).rejects.toMatchObject({ name: 'NoSuchBucket' });
    await s3.send(new CreateBucketCommand({ Bucket: 'empty' }));
    await expect(s3.send(new GetObjectCommand({ Bucket: 'empty', Key: 'k' }))).rejects.toMatchObject({ name: 'NoSuchKey' });
    await expect(s3.send(new CopyObjectCommand({ Bucket: 'empty', Key: 'c', CopySource: 'empty/k' }))).rejects.toMatchObject({ name: 'NoSuchKey' });
    await expect(s3.send(new HeadObjectCommand({ Bucket: 'empty', Key: 'k' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });

  test('a bucket with objects can\'t be deleted; DeleteObject is idempotent', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'bkt' }));
    await s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'k', Body: 'x' }));
    await expect(s3.send(new DeleteBucketCommand({ Bucket: 'bkt' }))).rejects.toMatchObject({ name: 'BucketNotEmpty' });
    expect((await s3.send(new ListObjectsV2Command({ Bucket: 'bkt' }))).Contents?.map((o) => o.Key)).toEqual(['k']);
    await s3.send(new DeleteObjectCommand({ Bucket: 'bkt', Key: 'k' }));
    await s3.send(new DeleteObjectCommand({ Bucket: 'bkt', Key: 'k' }));
    expect((await s3.send(new ListObjectsV2Command({ Bucket: 'bkt' }))).KeyCount).toBe(0);
    await s3.send(new DeleteBucketCommand({ Bucket: 'bkt' }));
    expect(emu.s3.hasBucket('bkt')).toBe(false);
  });

  test('GetBucketLocation finds a bucket (us-east-1: no constraint) or says there is none', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'here' }));
    expect((await s3.send(new GetBucketLocationCommand({ Bucket: 'here' }))).LocationConstraint).toBeUndefined();
    await expect(s3.send(new GetBucketLocationCommand({ Bucket: 'not-here' }))).rejects.toMatchObject({ name: 'NoSuchBucket' });
  });

  test('an unsigned request is refused', async () => {
    const res = await fetch(`${emu.s3Endpoint}/b/k`);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<Code>AccessDenied</Code>');
  });
});

describe('the service copies package files from S3', () => {
  test('an SSE-S3 object becomes the package\'s file', async () => {
    emu.s3.createBucket('files');
    emu.s3.putObject('files', 'synonyms.txt', Buffer.from('a, b\n'));
    const { PackageDetails: pkg } = await opensearch.send(new CreatePackageCommand({
      PackageName: 'good', PackageType: 'TXT-DICTIONARY', PackageSource: { S3BucketName: 'files', S3Key: 'synonyms.txt' },
    }));
    expect(await waitForPackage(pkg!.PackageID!, 'v1')).toBe('AVAILABLE');
    // The service keeps its own copy: deleting the object afterwards changes nothing.
    emu.s3.deleteObject('files', 'synonyms.txt');
    expect(emu.packageFile(pkg!.PackageID!, 'v1')?.toString()).toBe('a, b\n');
  });

  test('an SSE-KMS object ends COPY_FAILED, and so does a missing one', async () => {
    emu.s3.createBucket('assets', { encryption: { algorithm: 'aws:kms' } });
    emu.s3.putObject('assets', 'synonyms.txt', Buffer.from('a, b\n'));
    const kms = await opensearch.send(new CreatePackageCommand({
      PackageName: 'kms', PackageType: 'TXT-DICTIONARY', PackageSource: { S3BucketName: 'assets', S3Key: 'synonyms.txt' },
    }));
    const missing = await opensearch.send(new CreatePackageCommand({
      PackageName: 'missing', PackageType: 'TXT-DICTIONARY', PackageSource: { S3BucketName: 'assets', S3Key: 'nothing.txt' },
    }));
    expect(await waitForPackage(kms.PackageDetails!.PackageID!, 'v1')).toBe('COPY_FAILED');
    expect(await waitForPackage(missing.PackageDetails!.PackageID!, 'v1')).toBe('COPY_FAILED');
    expect(emu.packageDetails(kms.PackageDetails!.PackageID!)?.ErrorDetails).toEqual({
      ErrorType: COPY_FAILURE, ErrorMessage: expect.stringContaining('s3://assets/synonyms.txt: the object is encrypted with an AWS KMS key'),
    });
    expect(emu.packageDetails(missing.PackageDetails!.PackageID!)?.ErrorDetails?.ErrorMessage).toContain('does not exist');
  });

  test('an update from an SSE-KMS object fails its version and keeps the one before', async () => {
    emu.s3.createBucket('files');
    emu.s3.putObject('files', 'v1.txt', Buffer.from('one\n'));
    emu.s3.putObject('files', 'v2.txt', Buffer.from('two\n'), { encryption: { algorithm: 'aws:kms', kmsKeyId: 'key-1' } });
    const { PackageDetails: pkg } = await opensearch.send(new CreatePackageCommand({
      PackageName: 'upd', PackageType: 'TXT-DICTIONARY', PackageSource: { S3BucketName: 'files', S3Key: 'v1.txt' },
    }));
    await waitForPackage(pkg!.PackageID!, 'v1');
    await opensearch.send(new UpdatePackageCommand({ PackageID: pkg!.PackageID!, PackageSource: { S3BucketName: 'files', S3Key: 'v2.txt' } }));
    expect(await waitForPackage(pkg!.PackageID!, 'v2')).toBe('COPY_FAILED');
    expect(emu.packageDetails(pkg!.PackageID!)?.AvailablePackageVersion).toBe('v1');
  });

  test('the copy failure wording is configurable', async () => {
    await emu.stop();
    emu = await startEmulator({ packageCopyDelayMs: 1, packageValidateDelayMs: 1, copyFailureWording: { missing: (source) => `gone: ${source}` } });
    opensearch = new OpenSearchClient(emu.clientConfig());
    const { PackageDetails: pkg } = await opensearch.send(new CreatePackageCommand({
      PackageName: 'x-missing', PackageType: 'TXT-DICTIONARY', PackageSource: { S3BucketName: 'no-such-bucket', S3Key: 'k' },
    }));
    await waitForPackage(pkg!.PackageID!, 'v1');
    expect(emu.packageDetails(pkg!.PackageID!)?.ErrorDetails?.ErrorMessage).toBe('gone: s3://no-such-bucket/k');
  });
});
