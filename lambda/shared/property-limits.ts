/**
 * Length caps of the string properties the handlers read, checked before any value is used or
 * echoed. From the API reference where it gives one (S3BucketName 3-63, S3Key 1-1024, see
 * PackageSource in botocore's opensearch/2021-01-01 model; PackageName and DomainName are checked
 * with their patterns in names.ts). Where it gives none, tight caps of our choosing, far above
 * real values; the constructs check the same at synth (src/private/validation.ts).
 */
export const PROPERTY_MAX_LENGTHS: Readonly<Record<string, number>> = {
  PackageId: 64,
  PackageVersion: 64,
  PackageType: 32,
  S3BucketName: 63,
  S3Key: 1024,
  S3ObjectVersion: 1024,
  PackageDescription: 1024,
  CommitMessage: 160,
  EngineVersion: 64,
};

export const PROPERTY_MIN_LENGTHS: Readonly<Record<string, number>> = {
  S3BucketName: 3,
};
