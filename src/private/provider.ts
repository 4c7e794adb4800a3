import * as path from 'path';
import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct, IDependable } from 'constructs';
import { GrowingStatement } from './growing-statement';
import { MAX_TIMEOUT } from './validation';
import { HANDLER_ENTRIES } from '../handler-contract/rules';

/** Defaults shared with the constructs' documented `@default`s. */
export const DEFAULT_TIMEOUT = Duration.minutes(30);
/**
 * A deployment waits on average half an interval after the service settles: at 5 s it completes ahead of
 * strategies that poll every 10 s (bench/peers.md), for twice the ListPackagesForDomain calls of 10 s.
 */
export const DEFAULT_POLL_INTERVAL = Duration.seconds(5);
/** Long enough to look into a failed deployment, short enough not to pay for logs nobody reads. */
export const DEFAULT_LOG_RETENTION = logs.RetentionDays.ONE_MONTH;

/**
 * The framework's own wait. Each resource's `timeout` is enforced by the handler (the deadline travels
 * in the resource's properties), so the framework only needs the ceiling: CloudFormation waits at
 * most one hour for a custom resource.
 */
const FRAMEWORK_TOTAL_TIMEOUT = MAX_TIMEOUT;

/** CloudFormation's own wait on a resource: it must outlast the handler's deadline, so the handler's clearer error wins. */
export function serviceTimeoutFor(timeout: Duration): Duration {
  return Duration.seconds(Math.min(timeout.toSeconds() + 300, MAX_TIMEOUT.toSeconds()));
}

/**
 * Calls on a domain: the Service Authorization Reference for `es` gives them the `domain` resource type.
 * DescribeDomain tells a domain busy with a change from an idle one.
 */
const DOMAIN_ACTIONS = ['es:AssociatePackage', 'es:DissociatePackage', 'es:ListPackagesForDomain', 'es:DescribeDomain'];
/** The batch calls, on the domains of a PluginInstallation only (resource type `domain*` in the SAR). */
const BATCH_DOMAIN_ACTIONS = ['es:AssociatePackages', 'es:DissociatePackages'];

/**
 * The package API calls. The Service Authorization Reference for `es`
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

/** Construct id of the stack's provider. Part of every logical id below it: never change it. */
export const PROVIDER_ID = 'OpenSearchPackagesProvider';

/** Settings of the stack's provider, as `PackageProvider.configure()` takes them (validated there). */
export interface ProviderOptions {
  readonly pollInterval?: Duration;
  readonly logRetention?: logs.RetentionDays;
}

/**
 * The one custom resource provider behind every resource of the library in a stack (packages,
 * associations, look-ups): an `onEvent` and an `isComplete` function that dispatch on the resource
 * type, their role, and one log group for all of it.
 *
 * Nothing a construct sets changes it: per-resource settings (`timeout`) travel in the resource's
 * properties, so a custom resource's `ServiceToken`, which CloudFormation refuses to modify, stays
 * the same for the life of the stack.
 */
export class PackagesProvider extends Construct implements iam.IGrantable {
  /** The stack's provider, created with the default settings on first use (like aws-cdk's `ReplicaProvider.getOrCreate`). */
  public static getOrCreate(scope: IConstruct): PackagesProvider {
    return PackagesProvider.find(scope) ?? new PackagesProvider(Stack.of(scope), PROVIDER_ID, {});
  }

  /** Creates the stack's provider with these settings; returns undefined when the stack already has one. */
  public static tryCreate(scope: IConstruct, options: ProviderOptions): PackagesProvider | undefined {
    return PackagesProvider.find(scope) ? undefined : new PackagesProvider(Stack.of(scope), PROVIDER_ID, options);
  }

  private static find(scope: IConstruct): PackagesProvider | undefined {
    return Stack.of(scope).node.tryFindChild(PROVIDER_ID) as PackagesProvider | undefined;
  }

  /** Token for the custom resources' `ServiceToken`. */
  public readonly serviceToken: string;

  /** How often isComplete runs. */
  public readonly pollInterval: Duration;

  /** The handlers' role and its policy: a resource depends on it so its grants are in place first. */
  public readonly policy: IDependable;

  /** The handlers' role, for the grants of the staging bucket. */
  public readonly grantPrincipal: iam.IPrincipal;

  private readonly role: iam.Role;
  private readonly domainStatement: GrowingStatement;
  private readonly batchStatement: GrowingStatement;
  private readonly readObjectStatement: GrowingStatement;
  private readonly grantedKeys = new Set<string>();

  private constructor(scope: Construct, id: string, options: ProviderOptions) {
    super(scope, id);
    this.pollInterval = options.pollInterval ?? DEFAULT_POLL_INTERVAL;

    // Without a retention the handlers' logs would be kept, and billed, forever.
    const logGroup = new logs.LogGroup(this, 'Logs', {
      removalPolicy: RemovalPolicy.DESTROY,
      retention: options.logRetention ?? DEFAULT_LOG_RETENTION,
    });

    this.role = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Manages OpenSearch Service packages and their domain associations for cdk-opensearch-packages resources',
    });
    this.policy = this.role;
    this.grantPrincipal = this.role;
    this.domainStatement = new GrowingStatement(this.role, DOMAIN_ACTIONS);
    this.batchStatement = new GrowingStatement(this.role, BATCH_DOMAIN_ACTIONS);
    this.readObjectStatement = new GrowingStatement(this.role, ['s3:GetObject']);
    logGroup.grantWrite(this.role);
    // Its own statement, so nothing that could be scoped to a resource ever lands on `*`.
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: PACKAGE_ACTIONS, resources: ['*'] }));

    const code = lambda.Code.fromAsset(path.join(__dirname, '..', '..', 'assets', 'lambda', 'index'));
    const handler = (name: string, entry: string) => new lambda.Function(this, name, {
      description: `cdk-opensearch-packages ${entry} handler`,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      code,
      handler: `index.${entry}`,
      // Long enough for the SDK's retries of throttling and 5xx answers within one call.
      timeout: Duration.minutes(5),
      memorySize: 256,
      role: this.role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
    });

    // The framework's functions get roles of their own (they invoke the handlers and start the waiter,
    // which the handlers have no business doing): one for onEvent, one shared by isComplete and
    // onTimeout. Two, not one, because onEvent's role names the state machine, which names the others.
    const frameworkRole = (roleId: string, runs: string) => {
      const role = new iam.Role(this, roleId, {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: `Runs the custom resource provider framework's ${runs} for cdk-opensearch-packages resources`,
      });
      logGroup.grantWrite(role);
      return role;
    };

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: handler('OnEvent', HANDLER_ENTRIES.onEvent),
      isCompleteHandler: handler('IsComplete', HANDLER_ENTRIES.isComplete),
      totalTimeout: FRAMEWORK_TOTAL_TIMEOUT,
      queryInterval: this.pollInterval,
      frameworkOnEventRole: frameworkRole('FrameworkOnEventRole', 'onEvent function'),
      frameworkCompleteAndTimeoutRole: frameworkRole('FrameworkWaiterRole', 'isComplete and onTimeout functions'),
      logGroup,
      // The waiter's own default log group keeps logs for two years; ours keeps them as long as the handlers'.
      waiterStateMachineLogOptions: { destination: logGroup },
    });
    this.serviceToken = provider.serviceToken;
  }

  /** Lets the handlers associate, dissociate and list packages on this domain, and nothing else. */
  public grantDomain(domain: opensearch.IDomain): void {
    this.domainStatement.add(domain.domainArn);
  }

  /**
   * Lets the handlers associate and dissociate packages on this domain in batches (PluginInstallation):
   * `es:AssociatePackages` and `es:DissociatePackages`, whose resource type is `domain` in the Service
   * Authorization Reference. Added only for domains that have a batch, on top of `grantDomain()`.
   */
  public grantDomainBatch(domain: opensearch.IDomain): void {
    this.grantDomain(domain);
    this.batchStatement.add(domain.domainArn);
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
    this.readObjectStatement.add(objectArn);
  }
}
