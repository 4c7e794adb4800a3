import { randomBytes } from 'crypto';
import { CreateBucketCommand, DeleteBucketCommand, PutBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';

/**
 * `AWS::S3::Bucket` as CloudFormation handles it, against the environment's S3: create the bucket with
 * its default encryption, and delete it, which S3 refuses while the bucket holds objects (the stack's
 * delete then fails, as it does on AWS). Other properties (public access block, lifecycle rules, the
 * bucket policy resource) are taken as applied: the emulated S3 does not model them.
 */

/** A bucket name as CloudFormation makes one: stack and logical id, lowercased, and a random suffix; at most 63 characters. */
export function generatedBucketName(stackName: string, logicalId: string): string {
  const suffix = randomBytes(6).toString('hex');
  const base = `${stackName}-${logicalId}`.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 63 - suffix.length - 1);
  return `${base}-${suffix}`;
}

export async function createBucket(s3: S3Client, name: string, properties: Record<string, any>): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: name }));
  const rules = properties.BucketEncryption?.ServerSideEncryptionConfiguration;
  if (Array.isArray(rules) && rules.length > 0) {
    await s3.send(new PutBucketEncryptionCommand({
      Bucket: name,
      ServerSideEncryptionConfiguration: {
        Rules: rules.map((rule: any) => ({ ApplyServerSideEncryptionByDefault: rule.ServerSideEncryptionByDefault })),
      },
    }));
  }
}

export async function deleteBucket(s3: S3Client, name: string): Promise<void> {
  try {
    await s3.send(new DeleteBucketCommand({ Bucket: name }));
  } catch (error) {
    if ((error as Error).name === 'NoSuchBucket') return; // already gone: CloudFormation's delete succeeds
    throw new Error(`${(error as Error).name}: ${(error as Error).message} (bucket ${name})`);
  }
}
