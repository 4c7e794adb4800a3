import { S3Client } from '@aws-sdk/client-s3';

/**
 * An S3 client for the local deploy's own calls (bootstrap, AWS::S3::Bucket), made
 * from the same environment the Lambda functions get: AWS_ENDPOINT_URL_S3, AWS_REGION and credentials.
 * Undefined when that environment names no S3 endpoint: then there is no S3 to talk to.
 */
export function s3ClientFor(environment: Record<string, string>): S3Client | undefined {
  const endpoint = environment.AWS_ENDPOINT_URL_S3;
  if (!endpoint) return undefined;
  return new S3Client({
    endpoint,
    region: environment.AWS_REGION ?? 'us-east-1',
    credentials: { accessKeyId: environment.AWS_ACCESS_KEY_ID ?? 'local', secretAccessKey: environment.AWS_SECRET_ACCESS_KEY ?? 'local' },
  });
}
