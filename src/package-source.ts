import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { DictionaryFormat } from './dictionary-format';
import { DictionaryTokenizer } from './dictionary-tokenizer';
import { PackageType } from './package-type';
import { lintPackageFile } from './private/dictionary-lint/report';
import { validateBucketName, validateObjectKey, validateObjectVersion, validatePackageFile } from './private/validation';

/**
 * Options of `PackageSource.fromAsset`.
 */
export interface AssetPackageSourceOptions {
  /**
   * The syntax of a `TXT-DICTIONARY` file, checked line by line at synth time: errors fail `cdk synth`
   * naming the file, the line and the rule; warnings can be acknowledged by their id
   * (`cdk-opensearch-packages:<rule>`). Only for packages of type `TXT-DICTIONARY`.
   *
   * @default - a TXT-DICTIONARY is only checked for what every dictionary needs: valid UTF-8 (and warnings
   *   for no content, NUL bytes, a byte-order mark or a file over 10 MB)
   */
  readonly dictionaryFormat?: DictionaryFormat;

  /**
   * The tokenizer of the analyzer that reads a synonyms file: the one of the analyzer chain in which the
   * `synonym` or `synonym_graph` filter stands. OpenSearch refuses the file when that analyzer leaves nothing
   * of a term (`&`, `-`, `...` with the standard tokenizer); with the tokenizer named, such a term fails
   * `cdk synth`. Only with `dictionaryFormat` SOLR_SYNONYMS or WORDNET_SYNONYMS.
   *
   * @default - a term that only some tokenizers eliminate is a warning naming them; one that every
   *   tokenizer eliminates (an empty term) is an error
   */
  readonly dictionaryTokenizer?: DictionaryTokenizer;
}

/**
 * What a PackageSource is bound for.
 */
export interface PackageSourceBindOptions {
  /**
   * Type of the package the file becomes; a `TXT-DICTIONARY` file from an asset is linted at synth time.
   *
   * @default PackageType.TXT_DICTIONARY
   */
  readonly packageType?: PackageType;
}

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
   * A dictionary (`TXT-DICTIONARY`) is checked at synth time: always for valid UTF-8, and rule by rule when
   * `options.dictionaryFormat` names its syntax (with `options.dictionaryTokenizer`, for the analyzer that reads it).
   *
   * @param path path to the file (a dictionary, a plugin `.zip`, a license or configuration file)
   * @param options how to check the file
   */
  public static fromAsset(path: string, options: AssetPackageSourceOptions = {}): PackageSource {
    return new AssetPackageSource(path, options);
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
   *
   * @param scope the package the file is for
   * @param options what the package is
   */
  public abstract bind(scope: Construct, options?: PackageSourceBindOptions): PackageSourceConfig;
}

/** A local file, staged and uploaded by the CDK as a file asset. */
class AssetPackageSource extends PackageSource {
  constructor(private readonly path: string, private readonly options: AssetPackageSourceOptions) {
    super();
  }

  public bind(scope: Construct, options: PackageSourceBindOptions = {}): PackageSourceConfig {
    validatePackageFile(scope, this.path);
    const packageType = options.packageType ?? PackageType.TXT_DICTIONARY;
    lintPackageFile(scope, this.path, packageType.name, this.options.dictionaryFormat, this.options.dictionaryTokenizer);
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
    validateBucketName(scope, this.bucket.bucketName);
    validateObjectVersion(scope, this.objectVersion);
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
