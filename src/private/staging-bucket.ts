import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';

/** Id of the stack's staging bucket, directly under the stack. */
const STAGING_BUCKET_ID = 'OpenSearchPackageStaging';

/** Where one package's files are staged in the stack's staging bucket. */
export interface StagingLocation {
  /** Name of the staging bucket. */
  readonly bucketName: string;
  /** Key prefix of the package's staged copies, e.g. `product-synonyms/`. */
  readonly prefix: string;
}

/**
 * The bucket OpenSearch Service copies package files from: one per stack, made by the first
 * CustomPackage. The service can't read SSE-KMS objects, and `cdk bootstrap` makes the asset bucket
 * SSE-KMS, so the handler copies each file into this SSE-S3 bucket, hands the service that copy, and
 * deletes it once the package version is AVAILABLE or failed: the bucket is empty at rest.
 */
export class StagingBucket extends Construct {
  /** The stack's staging bucket, made on first use. */
  public static getOrCreate(scope: IConstruct): StagingBucket {
    const stack = Stack.of(scope);
    return stack.node.tryFindChild(STAGING_BUCKET_ID) as StagingBucket | undefined
      ?? new StagingBucket(stack, STAGING_BUCKET_ID);
  }

  public readonly bucket: s3.Bucket;

  /** One statement per principal, collecting the prefixes of the packages it stages. */
  private readonly statements = new Map<iam.IPrincipal, iam.PolicyStatement>();

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      // The one encryption the service can read.
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: false,
      // Empty at rest, so CloudFormation can delete it without an auto-delete custom resource.
      removalPolicy: RemovalPolicy.DESTROY,
      // A copy a failed deployment could not delete (a timed-out handler) goes after a day.
      lifecycleRules: [{ id: 'ExpireLeftovers', expiration: Duration.days(1) }],
    });
  }

  /**
   * The staging location of one package, with its staged copies writable, readable and deletable by
   * `grantee`, on that prefix only. Reading is for the service, which copies with the caller's access.
   */
  public stageFor(grantee: iam.IGrantable, packageName: string): StagingLocation {
    const prefix = `${packageName}/`;
    let statement = this.statements.get(grantee.grantPrincipal);
    if (!statement) {
      statement = new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'] });
      this.statements.set(grantee.grantPrincipal, statement);
      grantee.grantPrincipal.addToPrincipalPolicy(statement);
    }
    statement.addResources(this.bucket.arnForObjects(`${prefix}*`));
    return { bucketName: this.bucket.bucketName, prefix };
  }
}
