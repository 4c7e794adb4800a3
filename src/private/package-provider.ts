import { Aws, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct, IConstruct, IDependable } from 'constructs';
import { DEFAULT_WAITER, HandlerProvider, providerId, WaiterSettings } from './handler-provider';

/**
 * The package API calls the handlers make. The Service Authorization Reference for `es`
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonopensearchservice.html)
 * lists no resource type for any of them, so IAM only accepts them with `Resource: *`.
 */
export const PACKAGE_ACTIONS = [
  'es:CreatePackage',
  'es:UpdatePackage',
  'es:DeletePackage',
  'es:DescribePackages',
  'es:GetPackageVersionHistory',
  'es:ListDomainsForPackage',
];

/**
 * The custom resource provider behind every CustomPackage and package look-up in a stack.
 *
 * A singleton per stack and per waiter setting, like AssociationProvider. Its role may call the
 * package API (which has no resource-level permissions), read exactly the source objects of the
 * stack's packages, and stage them under each package's prefix of the staging bucket.
 */
export class PackageProvider extends HandlerProvider implements iam.IGrantable {
  /** Finds the stack's provider with these waiter settings, or creates it. Look-ups finish in onEvent and share the default one. */
  public static of(scope: IConstruct, waiter: WaiterSettings = DEFAULT_WAITER): PackageProvider {
    const stack = Stack.of(scope);
    const id = providerId('OpenSearchPackageProvider', waiter);
    return stack.node.tryFindChild(id) as PackageProvider | undefined ?? new PackageProvider(stack, id, waiter);
  }

  /** The handlers' role and its policy: a package depends on it so its S3 grant is in place first. */
  public readonly policy: IDependable;

  /** The handlers' role, for the grants of the staging bucket. */
  public readonly grantPrincipal: iam.IPrincipal;

  private readStatement?: iam.PolicyStatement;
  private readonly grantedObjects = new Set<string>();
  private readonly grantedKeys = new Set<string>();

  private constructor(scope: Construct, id: string, waiter: WaiterSettings) {
    super(scope, id, {
      bundle: 'lambda/package/index',
      servedBy: 'CustomPackage',
      roleDescription: 'Creates, updates, deletes and looks up OpenSearch Service packages for CustomPackage resources',
      waiter,
    });
    // Its own statement, so nothing that could be scoped to a resource ever lands on `*`.
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: PACKAGE_ACTIONS, resources: ['*'] }));
    this.policy = this.role;
    this.grantPrincipal = this.role;
  }

  /**
   * Lets the handlers decrypt what a source bucket encrypts with `key`, through S3 only: CopyObject
   * reads an SSE-KMS source with the caller's kms:Decrypt. The staged copy is SSE-S3 and needs no key.
   */
  public grantDecryptViaS3(key: kms.IKey): void {
    if (this.grantedKeys.has(key.keyArn)) return;
    this.grantedKeys.add(key.keyArn);
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['kms:Decrypt'],
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `s3.${Aws.REGION}.amazonaws.com` } },
    }));
  }

  /**
   * Lets the handlers read one source object: they copy it into the staging bucket (CopyObject reads
   * the source with `s3:GetObject`), and need nothing else of the source bucket.
   */
  public grantReadObject(objectArn: string): void {
    if (this.grantedObjects.has(objectArn)) return;
    this.grantedObjects.add(objectArn);
    if (!this.readStatement) {
      // Created on first use: a statement without resources would be an invalid policy.
      this.readStatement = new iam.PolicyStatement({ actions: ['s3:GetObject'] });
      this.role.addToPrincipalPolicy(this.readStatement);
    }
    this.readStatement.addResources(objectArn);
  }
}
