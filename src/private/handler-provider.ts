import * as path from 'path';
import { Duration, Lazy, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { MAX_TIMEOUT } from '../validation';

/** Waiter defaults, shared with the constructs' documented `@default`s. */
export const DEFAULT_TIMEOUT = Duration.minutes(30);
export const DEFAULT_POLL_INTERVAL = Duration.seconds(10);
/** Long enough to look into a failed deployment, short enough not to pay for logs nobody reads. */
export const DEFAULT_LOG_RETENTION = logs.RetentionDays.ONE_MONTH;

/** CloudFormation's own wait on a resource: it must outlast the provider's, so the provider's clearer error wins. */
export function serviceTimeoutFor(timeout: Duration): Duration {
  return Duration.seconds(Math.min(timeout.toSeconds() + 300, MAX_TIMEOUT.toSeconds()));
}

/** Waiter settings of one provider. */
export interface WaiterSettings {
  /** How long the framework keeps calling isComplete before it fails the resource. */
  readonly totalTimeout: Duration;
  /** How long the framework waits between two isComplete calls. */
  readonly queryInterval: Duration;
}

/** The waiter every construct gets unless it asks for another. */
export const DEFAULT_WAITER: WaiterSettings = { totalTimeout: DEFAULT_TIMEOUT, queryInterval: DEFAULT_POLL_INTERVAL };

/** Id of a stack's provider: the default settings keep the plain id, others carry theirs so they never collide. */
export function providerId(base: string, waiter: WaiterSettings): string {
  const isDefault = waiter.totalTimeout.toSeconds() === DEFAULT_TIMEOUT.toSeconds()
    && waiter.queryInterval.toSeconds() === DEFAULT_POLL_INTERVAL.toSeconds();
  return isDefault ? base : `${base}-${waiter.totalTimeout.toSeconds()}s-${waiter.queryInterval.toSeconds()}s`;
}

export interface HandlerProviderProps {
  /** Folder of the prebuilt handler bundle under assets/, e.g. `lambda/association/index`. */
  readonly bundle: string;
  /** Construct the handlers serve, for descriptions (e.g. `PackageAssociation`). */
  readonly servedBy: string;
  /** What the handlers' role is for. */
  readonly roleDescription: string;
  readonly waiter: WaiterSettings;
}

/**
 * A `Provider` with one `onEvent` and one `isComplete` function from a prebuilt bundle (esbuild, at
 * build time, shipped in the npm package under assets/), their role, and one log group for all of it.
 * Subclasses add the role's permissions.
 */
export abstract class HandlerProvider extends Construct {
  /** Token for the custom resources' `ServiceToken`. */
  public readonly serviceToken: string;

  /** The role both handlers run with. */
  protected readonly role: iam.Role;

  private readonly retentions = new Set<logs.RetentionDays>();

  protected constructor(scope: Construct, id: string, props: HandlerProviderProps) {
    super(scope, id);

    // Without a retention the handlers' logs would be kept, and billed, forever.
    const logGroup = new logs.LogGroup(this, 'Logs', { removalPolicy: RemovalPolicy.DESTROY });
    // The longest retention the constructs served ask for, decided at synth when all of them have asked.
    // A retention is a property of the log group, updated in place: unlike a second provider, it never
    // changes a custom resource's ServiceToken, which CloudFormation refuses to modify.
    (logGroup.node.defaultChild as logs.CfnLogGroup).retentionInDays = Token.asNumber(Lazy.any({
      produce: () => {
        const asked = this.retentions.size > 0 ? [...this.retentions] : [DEFAULT_LOG_RETENTION];
        const longest = Math.max(...asked);
        return longest === logs.RetentionDays.INFINITE ? undefined : longest;
      },
    }));

    this.role = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: props.roleDescription,
    });
    logGroup.grantWrite(this.role);

    const code = lambda.Code.fromAsset(path.join(__dirname, '..', '..', 'assets', props.bundle));
    const handler = (name: string, entry: string) => new lambda.Function(this, name, {
      description: `${props.servedBy} ${entry} handler`,
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

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: handler('OnEvent', 'onEvent'),
      isCompleteHandler: handler('IsComplete', 'isComplete'),
      totalTimeout: props.waiter.totalTimeout,
      queryInterval: props.waiter.queryInterval,
      logGroup,
      // The waiter's own default log group keeps logs for two years; ours keeps them as long as the handlers'.
      waiterStateMachineLogOptions: { destination: logGroup },
    });
    this.serviceToken = provider.serviceToken;
  }

  /** Keeps the handlers' logs at least this long: the log group keeps the longest retention asked for. */
  public keepLogsFor(retention: logs.RetentionDays): void {
    this.retentions.add(retention);
  }
}
