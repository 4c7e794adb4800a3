import * as path from 'path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';

/** The prebuilt handler bundle (esbuild, at build time), shipped in the npm package under assets/. */
const HANDLER_ASSET = path.join(__dirname, '..', '..', 'assets', 'lambda', 'association', 'index');

/** API calls the handlers make; all of them act on a domain (Service Authorization Reference for `es`). */
const ASSOCIATION_ACTIONS = ['es:AssociatePackage', 'es:DissociatePackage', 'es:ListPackagesForDomain'];

/** Provider defaults, shared with the construct's documented `@default`s. */
export const DEFAULT_TIMEOUT = Duration.minutes(30);
export const DEFAULT_POLL_INTERVAL = Duration.seconds(10);

/** Waiter settings of one provider. */
export interface AssociationProviderProps {
  /** How long the framework keeps calling isComplete before it fails the resource. */
  readonly totalTimeout: Duration;
  /** How long the framework waits between two isComplete calls. */
  readonly queryInterval: Duration;
}

/**
 * The custom resource provider behind every PackageAssociation in a stack: one `onEvent` and one
 * `isComplete` Lambda function and the `Provider` framework around them.
 *
 * It is a singleton per stack and per waiter setting, so N associations add N custom resources and no
 * new functions. Its role may act only on the domains the stack's associations name.
 */
export class AssociationProvider extends Construct {
  /** Finds the stack's provider with these waiter settings, or creates it. */
  public static of(scope: IConstruct, props: AssociationProviderProps): AssociationProvider {
    const stack = Stack.of(scope);
    const id = AssociationProvider.idFor(props);
    const existing = stack.node.tryFindChild(id) as AssociationProvider | undefined;
    return existing ?? new AssociationProvider(stack, id, props);
  }

  /** The default settings keep the plain id; others get theirs in the id so they never collide. */
  private static idFor(props: AssociationProviderProps): string {
    const base = 'OpenSearchPackageAssociationProvider';
    const isDefault = props.totalTimeout.toSeconds() === DEFAULT_TIMEOUT.toSeconds()
      && props.queryInterval.toSeconds() === DEFAULT_POLL_INTERVAL.toSeconds();
    return isDefault ? base : `${base}-${props.totalTimeout.toSeconds()}s-${props.queryInterval.toSeconds()}s`;
  }

  /** Token for the custom resources' `ServiceToken`. */
  public readonly serviceToken: string;

  private readonly domainStatement: iam.PolicyStatement;
  private readonly grantedArns = new Set<string>();

  private constructor(scope: Construct, id: string, props: AssociationProviderProps) {
    super(scope, id);

    // Without a retention the handlers' logs would be kept, and billed, forever.
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const role = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Associates and dissociates OpenSearch Service packages for PackageAssociation resources',
    });
    logGroup.grantWrite(role);
    // One statement whose resources grow with each associated domain: never `*`, never `es:*`.
    this.domainStatement = new iam.PolicyStatement({ actions: ASSOCIATION_ACTIONS });
    role.addToPrincipalPolicy(this.domainStatement);

    const handler = (name: string, entry: string) => new lambda.Function(this, name, {
      description: `PackageAssociation ${entry} handler`,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      code: lambda.Code.fromAsset(HANDLER_ASSET),
      handler: `index.${entry}`,
      // Long enough for the SDK's retries of throttling and 5xx answers within one call.
      timeout: Duration.minutes(5),
      memorySize: 256,
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
    });

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: handler('OnEvent', 'onEvent'),
      isCompleteHandler: handler('IsComplete', 'isComplete'),
      totalTimeout: props.totalTimeout,
      queryInterval: props.queryInterval,
      logGroup,
      // The waiter's own default log group keeps logs for two years; ours keeps them for one month.
      waiterStateMachineLogOptions: { destination: logGroup },
    });
    this.serviceToken = provider.serviceToken;
  }

  /** Lets the handlers associate, dissociate and list packages on this domain, and nothing else. */
  public grantDomain(domain: opensearch.IDomain): void {
    const arn = domain.domainArn;
    if (this.grantedArns.has(arn)) return;
    this.grantedArns.add(arn);
    this.domainStatement.addResources(arn);
  }
}
