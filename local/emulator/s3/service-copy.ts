/**
 * What OpenSearch Service does with a package's S3 source when CreatePackage/UpdatePackage start a
 * version: it copies the object, and keeps that copy. It can't read an object encrypted with an AWS KMS
 * key ("OpenSearch Service can't access files in S3 that you protect using an AWS KMS key",
 * https://docs.aws.amazon.com/opensearch-service/latest/developerguide/custom-packages.html), and a
 * missing object fails the copy too: both end in COPY_FAILED. AWS documents no wording for either, so
 * the messages are configurable and no handler may depend on them.
 */
import type { S3Store } from './store';
import type { ErrorDetails, PackageSource } from '../api/model';

/** Messages of the copy failures (ErrorDetails.ErrorMessage); each gets the source as `s3://bucket/key`. */
export interface CopyFailureWording {
  /** The object is SSE-KMS. */
  readonly kmsEncrypted?: (source: string) => string;
  /** The bucket or the object does not exist. */
  readonly missing?: (source: string) => string;
}

const DEFAULT_WORDING: Required<CopyFailureWording> = {
  kmsEncrypted: (source) => `Unable to copy ${source}: the object is encrypted with an AWS KMS key (SSE-KMS), which OpenSearch Service cannot read; use SSE-S3`,
  missing: (source) => `Unable to copy ${source}: the object does not exist`,
};

/** The error type of a failed copy (ErrorDetails.ErrorType), as the emulator's copy faults use it too. */
export const COPY_FAILURE = 'CopyFailure';

/** Where the service keeps the file of a package version once it has copied it. */
export type RecordFile = (packageId: string, version: string, content: Buffer) => void;

/** The service's copy of a package version's S3 source. */
export class ServiceCopy {
  private readonly wording: Required<CopyFailureWording>;

  constructor(private readonly store: S3Store, private readonly record: RecordFile, wording: CopyFailureWording = {}) {
    this.wording = { ...DEFAULT_WORDING, ...wording };
  }

  /** Copies a version's source; returns why the copy fails, or undefined once the service holds the file. */
  public copy(packageId: string, version: string, source: PackageSource | undefined): ErrorDetails | undefined {
    const url = `s3://${source?.S3BucketName}/${source?.S3Key}`;
    const object = source && this.store.findObject(source.S3BucketName, source.S3Key);
    if (!object) return { ErrorType: COPY_FAILURE, ErrorMessage: this.wording.missing(url) };
    if (object.encryption.algorithm === 'aws:kms') return { ErrorType: COPY_FAILURE, ErrorMessage: this.wording.kmsEncrypted(url) };
    this.record(packageId, version, object.body);
    return undefined;
  }
}
