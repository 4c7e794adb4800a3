import * as path from 'path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
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

/** Settings of one provider: its waiter and how long its logs are kept. */
export interface ProviderSettings {
  /** How long the framework keeps calling isComplete before it fails the resource. */
  readonly totalTimeout: Duration;
  /** How long the framework waits between two isComplete calls. */
  readonly queryInterval: Duration;
  /** How long the handlers' and the waiter's logs are kept. */
  readonly logRetention: logs.RetentionDays;
}

/** The settings every construct gets unless it asks for others. */
export const DEFAULT_PROVIDER_SETTINGS: ProviderSettings = {
  totalTimeout: DEFAULT_TIMEOUT,
  queryInterval: DEFAULT_POLL_INTERVAL,
  logRetention: DEFAULT_LOG_RETENTION,
};

/** Id of a stack's provider: the default settings keep the plain id, others carry theirs so they never collide. */
export function providerId(base: string, settings: ProviderSettings): string {
  let id = base;
  if (settings.totalTimeout.toSeconds() !== DEFAULT_TIMEOUT.toSeconds()
    || settings.queryInterval.toSeconds() !== DEFAULT_POLL_INTERVAL.toSeconds()) {
    id += `-${settings.totalTimeout.toSeconds()}s-${settings.queryInterval.toSeconds()}s`;
  }
  if (settings.logRetention !== DEFAULT_LOG_RETENTION) {
    id += `-logs${settings.logRetention}d`;
  }
  return id;
}

export interface HandlerProviderProps {
  /** Folder of the prebuilt handler bundle under assets/, e.g. `lambda/association/index`. */
  readonly bundle: string;
  /** Construct the handlers serve, for descriptions (e.g. `PackageAssociation`). */
  readonly servedBy: string;
  /** What the handlers' role is for. */
  readonly roleDescription: string;
  readonly settings: ProviderSettings;
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

  protected constructor(scope: Construct, id: string, props: HandlerProviderProps) {
    super(scope, id);

    // Without a retention the handlers' logs would be kept, and billed, forever.
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.settings.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });

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
      totalTimeout: props.settings.totalTimeout,
      queryInterval: props.settings.queryInterval,
      logGroup,
      // The waiter's own default log group keeps logs for two years; ours keeps them as long as the handlers'.
      waiterStateMachineLogOptions: { destination: logGroup },
    });
    this.serviceToken = provider.serviceToken;
  }
}
