import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { validateObjectKey, validatePackageFile } from './validation';

/**
 * Where a CustomPackage's file is, once bound to a construct.
 */
export interface PackageSourceConfig {
  /** Bucket holding the file. */
  readonly bucketName: string;

  /** Key of the file in the bucket. */
  readonly objectKey: string;

  /**
   * ARN of exactly that object: the deployment reads it (`s3:GetObject`) to copy it into the stack's
   * staging bucket, which the service then copies from.
   */
  readonly objectArn: string;

  /**
   * The KMS key the bucket encrypts with, if known: the deployment may decrypt with it, through S3 only.
   *
   * @default - no key to grant (SSE-S3, or a key whose policy already lets the account use it through S3)
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Version of the object. CreatePackage/UpdatePackage copy whatever the key holds; a new version
   * only tells the deployment that the file changed and a new package version is due.
   *
   * @default - the key alone identifies the file
   */
  readonly objectVersion?: string;

  /**
   * Commit message of a new package version when the CustomPackage sets none.
   *
   * @default - no commit message
   */
  readonly defaultCommitMessage?: string;
}

/**
 * The file a CustomPackage imports: a local file shipped as a CDK asset, or an object already in S3.
 *
 * The service cannot read objects encrypted with an AWS KMS key (SSE-KMS), only SSE-S3
 * ("OpenSearch Service can't access files in S3 that you protect using an AWS KMS key",
 * https://docs.aws.amazon.com/opensearch-service/latest/developerguide/custom-packages.html), so the
 * deployment copies the file into an SSE-S3 bucket of the stack and hands the service that copy.
 */
export abstract class PackageSource {
  /**
   * A local file, uploaded as a CDK file asset. Changing the file changes the object key, which
   * makes a new package version (its commit message defaults to the asset hash).
   *
   * Works with the default CDK bootstrap bucket (SSE-KMS with the AWS managed key, or the key of
   * `cdk bootstrap --bootstrap-customer-key`): the file is staged as SSE-S3 for the service.
   *
   * @param path path to the file (a dictionary, a plugin `.zip`, a license or configuration file)
   */
  public static fromAsset(path: string): PackageSource {
    return new AssetPackageSource(path);
  }

  /**
   * An object in an S3 bucket in the stack's Region, encrypted with SSE-S3 or SSE-KMS: the deployment
   * copies it as SSE-S3 for the service, with `kms:Decrypt` (through S3) on `bucket.encryptionKey`.
   *
   * @param bucket the bucket holding the file
   * @param key the object key
   * @param objectVersion the object's version: pass a new one to make a new package version when the
   *   object under the same key changed; it is also the default commit message
   */
  public static fromBucket(bucket: s3.IBucket, key: string, objectVersion?: string): PackageSource {
    return new BucketPackageSource(bucket, key, objectVersion);
  }

  /**
   * Makes the file available to the package in `scope` (uploads an asset, checks the object) and
   * says where it is.
   */
  public abstract bind(scope: Construct): PackageSourceConfig;
}

/** A local file, staged and uploaded by the CDK as a file asset. */
class AssetPackageSource extends PackageSource {
  constructor(private readonly path: string) {
    super();
  }

  public bind(scope: Construct): PackageSourceConfig {
    validatePackageFile(scope, this.path);
    const asset = (scope.node.tryFindChild('Source') as s3assets.Asset | undefined)
      ?? new s3assets.Asset(scope, 'Source', { path: this.path });
    return {
      bucketName: asset.s3BucketName,
      objectKey: asset.s3ObjectKey,
      objectArn: asset.bucket.arnForObjects(asset.s3ObjectKey),
      defaultCommitMessage: asset.assetHash,
    };
  }
}

/** An object that is already in S3. */
class BucketPackageSource extends PackageSource {
  constructor(private readonly bucket: s3.IBucket, private readonly key: string, private readonly objectVersion?: string) {
    super();
  }

  public bind(scope: Construct): PackageSourceConfig {
    validateObjectKey(scope, this.key);
    return {
      bucketName: this.bucket.bucketName,
      objectKey: this.key,
      objectArn: this.bucket.arnForObjects(this.key),
      encryptionKey: this.bucket.encryptionKey,
      objectVersion: this.objectVersion,
      defaultCommitMessage: this.objectVersion,
    };
  }
}
