import { CreateBucketCommand, PutBucketEncryptionCommand, ServerSideEncryption } from '@aws-sdk/client-s3';
import { s3ClientFor } from './s3';

/**
 * What `cdk bootstrap` leaves that a deployment of file assets needs: the file asset bucket of the
 * default synthesizer (qualifier hnb659fds). Its default encryption is what `cdk bootstrap` gives it:
 * SSE-KMS with the AWS managed key by default, or a customer key with `--bootstrap-customer-key`
 * (aws-cdk's bootstrap-template.yaml, StagingBucket.BucketEncryption); `AES256` stands for a custom
 * bootstrap template with an SSE-S3 bucket.
 */
export interface BootstrapOptions {
  /** Default encryption of the file asset bucket (default `aws:kms`, as `cdk bootstrap` makes it). */
  readonly encryption?: 'aws:kms' | 'AES256';
  /** KMS key of an `aws:kms` bucket (default: none, the AWS managed `aws/s3` key). */
  readonly kmsKeyId?: string;
  readonly account?: string;
}

export const DEFAULT_QUALIFIER = 'hnb659fds';

/** Name of the default synthesizer's file asset bucket in an account and Region. */
export function fileAssetsBucketName(account: string, region: string): string {
  return `cdk-${DEFAULT_QUALIFIER}-assets-${account}-${region}`;
}

/** Creates the file asset bucket, with its default encryption, through the environment's S3 endpoint. Returns its name. */
export async function bootstrapEnvironment(environment: Record<string, string>, options: BootstrapOptions = {}): Promise<string> {
  const s3 = s3ClientFor(environment);
  if (!s3) throw new Error('bootstrap needs AWS_ENDPOINT_URL_S3 in the environment');
  const bucket = fileAssetsBucketName(options.account ?? '123456789012', environment.AWS_REGION ?? 'us-east-1');
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutBucketEncryptionCommand({
      Bucket: bucket,
      ServerSideEncryptionConfiguration: {
        Rules: [{
          ApplyServerSideEncryptionByDefault: {
            SSEAlgorithm: (options.encryption ?? 'aws:kms') as ServerSideEncryption,
            KMSMasterKeyID: options.encryption === 'AES256' ? undefined : options.kmsKeyId,
          },
        }],
      },
    }));
  } finally {
    s3.destroy();
  }
  return bucket;
}
