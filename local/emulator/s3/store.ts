/**
 * The emulated S3 of one Region: buckets with a default encryption and objects that carry their own.
 *
 * Why not `s3rver` (npm, 3.7.1): it answers the bucket `encryption` sub-resource with NotImplemented
 * and keeps no encryption with an object (its lib/routes.js), so it can't tell an SSE-KMS object from
 * an SSE-S3 one, and that difference is what OpenSearch Service's copy depends on. This store models
 * only what the package path uses, and models that honestly:
 * - every object is encrypted: with the request's `x-amz-server-side-encryption`, else with the bucket's
 *   default, else SSE-S3 (S3 encrypts every new object since January 2023,
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html);
 * - CopyObject encrypts the copy the same way (request header, else the destination bucket's default),
 *   never by the source's encryption;
 * - a bucket that holds objects can't be deleted (BucketNotEmpty), as CloudFormation finds out.
 * Not modelled: IAM and key policies (every signed request may do anything), versioning, multipart uploads.
 */
import { createHash } from 'node:crypto';

/**
 * The S3 operations the emulator serves (server.ts answers them). Here rather than in server.ts so that
 * ../http/call-log.ts can name them without an import cycle.
 */
export const S3_OPERATIONS = [
  'CreateBucket', 'GetBucketLocation', 'PutBucketEncryption', 'GetBucketEncryption', 'DeleteBucket', 'ListObjectsV2',
  'PutObject', 'GetObject', 'HeadObject', 'CopyObject', 'DeleteObject',
] as const;

/** One of {@link S3_OPERATIONS}. */
export type S3Operation = typeof S3_OPERATIONS[number];

/** Server-side encryption of an object or a bucket's default. */
export interface Encryption {
  /** `AES256` (SSE-S3) or `aws:kms` (SSE-KMS). */
  readonly algorithm: 'AES256' | 'aws:kms';
  /** Key of SSE-KMS; absent means the AWS managed key `aws/s3`. */
  readonly kmsKeyId?: string;
}

/** An object as S3 holds it. */
export interface StoredObject {
  readonly key: string;
  readonly body: Buffer;
  readonly encryption: Encryption;
  /** Quoted MD5 of the body, as S3 sends ETags of single-part uploads. */
  readonly etag: string;
  readonly lastModified: Date;
  readonly contentType?: string;
}

/** A bucket's settings. */
export interface BucketSettings {
  /** Default encryption of new objects (PutBucketEncryption); SSE-S3 when absent. */
  readonly encryption?: Encryption;
}

/** An S3 error: its code, HTTP status and message as S3's REST API sends them. */
export class S3Error extends Error {
  constructor(public readonly code: string, public readonly status: number, message: string) {
    super(message);
    this.name = code;
  }
}

/** The error codes of https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html we send. */
export const noSuchBucket = (bucket: string) => new S3Error('NoSuchBucket', 404, `The specified bucket does not exist: ${bucket}`);
export const noSuchKey = (key: string) => new S3Error('NoSuchKey', 404, `The specified key does not exist: ${key}`);

interface BucketRecord {
  encryption: Encryption;
  readonly objects: Map<string, StoredObject>;
}

const SSE_S3: Encryption = { algorithm: 'AES256' };

/** Buckets and objects of one emulated Region. */
export class S3Store {
  private readonly buckets = new Map<string, BucketRecord>();

  /** CreateBucket; `settings` stand for a PutBucketEncryption right after. */
  public createBucket(name: string, settings: BucketSettings = {}): void {
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name)) {
      throw new S3Error('InvalidBucketName', 400, `The specified bucket is not valid: ${name}`);
    }
    if (this.buckets.has(name)) {
      throw new S3Error('BucketAlreadyOwnedByYou', 409, 'Your previous request to create the named bucket succeeded and you already own it.');
    }
    this.buckets.set(name, { encryption: settings.encryption ?? SSE_S3, objects: new Map() });
  }

  /** PutBucketEncryption. */
  public setBucketEncryption(name: string, encryption: Encryption): void {
    this.bucket(name).encryption = encryption;
  }

  /** GetBucketEncryption. */
  public bucketEncryption(name: string): Encryption {
    return this.bucket(name).encryption;
  }

  /** DeleteBucket: only an empty bucket. */
  public deleteBucket(name: string): void {
    if (this.bucket(name).objects.size > 0) {
      throw new S3Error('BucketNotEmpty', 409, 'The bucket you tried to delete is not empty');
    }
    this.buckets.delete(name);
  }

  public hasBucket(name: string): boolean {
    return this.buckets.has(name);
  }

  /** PutObject: encrypted as asked, else with the bucket's default. */
  public putObject(bucket: string, key: string, body: Buffer, options: { encryption?: Encryption; contentType?: string } = {}): StoredObject {
    const record = this.bucket(bucket);
    const object: StoredObject = {
      key,
      body,
      encryption: options.encryption ?? record.encryption,
      etag: `"${createHash('md5').update(body).digest('hex')}"`,
      lastModified: new Date(),
      contentType: options.contentType,
    };
    record.objects.set(key, object);
    return object;
  }

  /** GetObject/HeadObject. */
  public getObject(bucket: string, key: string): StoredObject {
    const object = this.bucket(bucket).objects.get(key);
    if (!object) throw noSuchKey(key);
    return object;
  }

  /** The object, or undefined (no bucket, no key). */
  public findObject(bucket: string, key: string): StoredObject | undefined {
    return this.buckets.get(bucket)?.objects.get(key);
  }

  /** CopyObject: the copy is encrypted as asked, else with the destination bucket's default, whatever the source's. */
  public copyObject(source: { bucket: string; key: string }, bucket: string, key: string, encryption?: Encryption): StoredObject {
    const original = this.getObject(source.bucket, source.key);
    return this.putObject(bucket, key, original.body, { encryption, contentType: original.contentType });
  }

  /** DeleteObject: succeeds whether or not the key exists, as S3 does. */
  public deleteObject(bucket: string, key: string): void {
    this.bucket(bucket).objects.delete(key);
  }

  /** ListObjectsV2 (unpaginated), sorted by key as S3 lists them. */
  public listObjects(bucket: string, prefix = ''): StoredObject[] {
    return [...this.bucket(bucket).objects.values()].filter((o) => o.key.startsWith(prefix)).sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  private bucket(name: string): BucketRecord {
    const record = this.buckets.get(name);
    if (!record) throw noSuchBucket(name);
    return record;
  }
}
