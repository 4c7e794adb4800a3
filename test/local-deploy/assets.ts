import { readFileSync } from 'fs';
import {
  GetBucketEncryptionCommand, ListObjectsV2Command, PutObjectCommand, PutObjectCommandInput, S3Client,
} from '@aws-sdk/client-s3';
import type { FileAsset } from './assembly';

/**
 * Publishes a stack's file assets before it deploys, as `cdk deploy` does with cdk-assets: for each
 * destination in the asset manifest, skip the object if the key is already there (ListObjectsV2 on the
 * key), else upload it (PutObject) with the encryption of the bucket's default (GetBucketEncryption).
 *
 * Not the CDK's own publisher (`@aws-cdk/cdk-assets-lib`): its default AWS client assumes the
 * bootstrap's file publishing role through STS, which the emulator does not serve; handing it a client
 * of our own (its `IAws` interface) is left for later. Directory assets (the handlers' code, zipped by cdk-assets) are not uploaded: the local
 * Lambda host runs them from the cloud assembly.
 */
export async function publishFileAssets(s3: S3Client, assets: readonly FileAsset[], pseudo: Record<string, string>): Promise<void> {
  for (const asset of assets) {
    if (asset.packaging !== 'file') continue;
    for (const destination of asset.destinations) {
      const bucket = substitute(destination.bucketName, pseudo);
      const key = substitute(destination.objectKey, pseudo);
      const existing = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key, MaxKeys: 1 }));
      if (existing.Contents?.some((object) => object.Key === key)) continue;
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: readFileSync(asset.path), ...await encryptionOf(s3, bucket) }));
    }
  }
}

/** cdk-assets passes the bucket's default encryption along explicitly; the object ends encrypted the same either way. */
async function encryptionOf(s3: S3Client, bucket: string): Promise<Pick<PutObjectCommandInput, 'ServerSideEncryption' | 'SSEKMSKeyId'>> {
  const { ServerSideEncryptionConfiguration: configuration } = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
  const rule = configuration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
  if (rule?.SSEAlgorithm === 'aws:kms') return { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: rule.KMSMasterKeyID };
  if (rule?.SSEAlgorithm === 'AES256') return { ServerSideEncryption: 'AES256' };
  return {};
}

/** The `${AWS::AccountId}`-style placeholders of an asset manifest. */
function substitute(text: string, pseudo: Record<string, string>): string {
  return text.replace(/\$\{(AWS::[A-Za-z]+)\}/g, (match, name: string) => pseudo[name] ?? match);
}
