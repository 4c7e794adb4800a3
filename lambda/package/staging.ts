import { createHash } from 'node:crypto';
import { CopyObjectCommand, DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { PackageProperties } from '../../src/handler-contract/contract';
import { buildClient, DEFAULT_TIMEOUTS } from '../shared/clients';
import type { ClientTimeouts } from '../shared/clients';

/**
 * The S3 client of the package handler, which stages package files. Credentials, region and endpoint
 * come from the default chains, so `AWS_ENDPOINT_URL_S3` steers it (e.g. towards an emulator); the SDK
 * addresses buckets path-style by itself when that endpoint is an IP address. A hang gives up as the
 * package API's calls do (see ../shared/clients.ts).
 */
export function createS3Client(timeouts: ClientTimeouts = DEFAULT_TIMEOUTS): S3Client {
  return buildClient(S3Client, timeouts);
}

let sharedClient: S3Client | undefined;

/** One client per Lambda container, built on first use so tests can mock the client class first. */
export function s3Client(): S3Client {
  sharedClient ??= createS3Client();
  return sharedClient;
}

/**
 * Staging of a package's file: OpenSearch Service can't read SSE-KMS objects, and the default CDK
 * bootstrap bucket encrypts with SSE-KMS, so the handler copies the source into the stack's SSE-S3
 * staging bucket, hands the service that copy, and deletes it once the package version is AVAILABLE
 * or failed (the service keeps a copy of its own).
 * https://docs.aws.amazon.com/opensearch-service/latest/developerguide/custom-packages.html
 */

/** An object the service is told to copy (`PackageSource`). */
export interface StagedFile {
  readonly S3BucketName: string;
  readonly S3Key: string;
}

type SourceProperties = Pick<PackageProperties, 'S3BucketName' | 'S3Key' | 'S3ObjectVersion' | 'StagingBucketName' | 'StagingPrefix'>;

/**
 * Where a source is staged: under the package's prefix, in a folder named by a hash of the source
 * (bucket, key, version), so a new file never overwrites the copy the service may still be reading,
 * and with the source's file name, so a plugin stays a `.zip`.
 */
export function stagedFile(properties: SourceProperties): StagedFile {
  const digest = createHash('sha256')
    .update(JSON.stringify([properties.S3BucketName, properties.S3Key, properties.S3ObjectVersion ?? '']))
    .digest('hex')
    .slice(0, 16);
  const fileName = properties.S3Key.split('/').filter(Boolean).pop() ?? 'file';
  return { S3BucketName: properties.StagingBucketName, S3Key: `${properties.StagingPrefix}${digest}/${fileName}` };
}

/** Copies the source into the staging bucket as SSE-S3 and returns where the copy is. */
export async function stageFile(properties: SourceProperties): Promise<StagedFile> {
  const target = stagedFile(properties);
  try {
    await s3Client().send(new CopyObjectCommand({
      Bucket: target.S3BucketName,
      Key: target.S3Key,
      CopySource: copySource(properties.S3BucketName, properties.S3Key),
      // The one encryption the service reads, whatever the bucket's default or the source's.
      ServerSideEncryption: 'AES256',
      // The copy needs no tags, and copying them would need s3:GetObjectTagging on the source.
      TaggingDirective: 'REPLACE',
    }));
  } catch (error) {
    const { name, message } = error instanceof Error ? error : { name: 'UnknownError', message: String(error) };
    throw new Error(`Copying s3://${properties.S3BucketName}/${properties.S3Key} to the staging bucket s3://${target.S3BucketName}/${target.S3Key} `
      + `failed: ${name}: ${message.replace(/\.$/, '')}. The handler needs s3:GetObject on the source (and kms:Decrypt on its bucket's KMS key, if any)`);
  }
  return target;
}

/** What became of a staged copy: removed, or left for the bucket's one-day expiry, with why. */
export type StagedCopyCleanup =
  | { readonly removed: StagedFile }
  | { readonly left: StagedFile; readonly reason: string };

/**
 * Deletes the staged copy of the source, if any: DeleteObject succeeds whether or not the key exists,
 * so this is safe to repeat. Properties from before staging existed have nothing to delete.
 *
 * A failed delete never fails the resource: the package is good (or has failed for its own reason),
 * and the staging bucket expires leftovers after a day. Failing here would make a rollback delete a
 * good package, or block a stack's deletion on a copy nobody needs. The failure is reported instead.
 */
export async function removeStagedFile(properties: Partial<SourceProperties>): Promise<StagedCopyCleanup | undefined> {
  if (!properties.StagingBucketName || properties.StagingPrefix === undefined || !properties.S3BucketName || !properties.S3Key) {
    return undefined;
  }
  const staged = stagedFile(properties as SourceProperties);
  try {
    await s3Client().send(new DeleteObjectCommand({ Bucket: staged.S3BucketName, Key: staged.S3Key }));
  } catch (error) {
    // No bucket, no copy: nothing is left to delete.
    if (error instanceof Error && error.name === 'NoSuchBucket') return undefined;
    const { name, message } = error instanceof Error ? error : { name: 'UnknownError', message: String(error) };
    return { left: staged, reason: `Deleting the staged copy s3://${staged.S3BucketName}/${staged.S3Key} failed: ${name}: ${message}` };
  }
  return { removed: staged };
}

/** The log fields of a cleanup: the copy's URL, and why it was left (the bucket's one-day expiry removes it) if it was. */
export function cleanupReport(cleanup: StagedCopyCleanup | undefined): { stagedFile?: string; error?: string } {
  if (!cleanup) return {};
  if ('removed' in cleanup) return { stagedFile: s3Url(cleanup.removed) };
  return { stagedFile: s3Url(cleanup.left), error: `${cleanup.reason}; the copy is left for the bucket's one-day expiry` };
}

/** A refused Create/UpdatePackage never reads the staged copy: delete it, then fail as the service said. */
export function withStagedFileRemoved(properties: SourceProperties): (error: unknown) => Promise<never> {
  return async (error) => {
    await removeStagedFile(properties).catch(() => undefined);
    throw error;
  };
}

export function s3Url(file: StagedFile): string {
  return `s3://${file.S3BucketName}/${file.S3Key}`;
}

/** `x-amz-copy-source`: bucket and key, the key URL-encoded segment by segment (S3 CopyObject API reference). */
function copySource(bucket: string, key: string): string {
  return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}
