import { randomUUID } from 'crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { StackArtifact, TemplateResource } from './assembly';
import { publishAssets } from './assets';
import { createBucket, deleteBucket, generatedBucketName } from './bucket-resource';
import { references, resolve, ResolveContext } from './intrinsics';
import { LambdaHost } from './lambda-host';
import { CustomResourceEvent, ProviderError, ProviderHandlers, runProvider } from './provider-framework';
import { s3ClientFor } from './s3';
import { ScaledClock } from './scaled-clock';

/**
 * A local stand-in for CloudFormation: deploys, updates and destroys one stack of a cloud assembly.
 * Custom resources backed by a CDK `Provider` run their real handler bundles; S3 buckets are made and
 * deleted in the environment's S3 (AWS_ENDPOINT_URL_S3), into which file assets are published first, as
 * `cdk deploy` does; every other resource is taken as created at once (the emulator already holds the
 * domains they would make).
 */

export type ResourceStatus =
  | 'CREATE_IN_PROGRESS' | 'CREATE_COMPLETE' | 'CREATE_FAILED'
  | 'UPDATE_IN_PROGRESS' | 'UPDATE_COMPLETE' | 'UPDATE_FAILED'
  | 'DELETE_IN_PROGRESS' | 'DELETE_COMPLETE' | 'DELETE_FAILED' | 'DELETE_SKIPPED';

export interface ResourceEvent {
  readonly logicalId: string;
  readonly resourceType: string;
  readonly status: ResourceStatus;
  readonly physicalId?: string;
  readonly reason?: string;
  /** False for the resources taken as created at once. */
  readonly custom: boolean;
}

export interface LocalDeployOptions {
  /**
   * Environment of every Lambda function: region, dummy credentials, AWS_ENDPOINT_URL_OPENSEARCH, and
   * NODE_EXTRA_CA_CERTS when the functions call an HTTPS endpoint with a local certificate.
   */
  readonly environment: Record<string, string>;
  /**
   * `DomainEndpoint` of a domain (an `AWS::OpenSearchService::Domain`) by its name, e.g. the emulator's
   * endpoint for it; by default a made-up `search-<name>-local.<region>.es.amazonaws.com`.
   */
  readonly domainEndpoint?: (domainName: string) => string;
  /** Overrides the provider's query interval (on `clock`), to poll more often than the template says. */
  readonly queryIntervalMs?: number;
  /** Overrides the provider's total timeout (on `clock`). */
  readonly totalTimeoutMs?: number;
  /**
   * The clock the functions and the provider framework run on (default real time): a faster one
   * shortens every wait (handler pauses, SDK backoff, poll intervals, timeouts) by its scale. Give
   * the emulator the same clock, so both agree on "now".
   */
  readonly clock?: ScaledClock;
  /** Called for every resource status change, as a stack's event stream. */
  readonly onEvent?: (event: ResourceEvent) => void;
}

/** A failed deployment, after rollback; `reasons` holds each failed resource's reason by logical id. */
export class DeploymentError extends Error {
  constructor(message: string, public readonly reasons: Record<string, string>) {
    super(message);
  }
}

interface DeployedResource {
  readonly type: string;
  readonly properties: Record<string, any>;
  readonly physicalId: string;
  readonly data: Record<string, string>;
  readonly dependsOn: string[];
  readonly deletionPolicy?: string;
  /** The template it was deployed with: a resource the new template dropped is deleted through that one's provider. */
  readonly artifact: StackArtifact;
}

const ACCOUNT = '123456789012';

/** CloudFormation's reason when an update changes a custom resource's ServiceToken. */
const SERVICE_TOKEN_CHANGED = 'Modifying service token is not allowed.';

export class LocalStackDeployment {
  private readonly host: LambdaHost;
  private readonly region: string;
  private resources = new Map<string, DeployedResource>();
  private artifact?: StackArtifact;
  private readonly stackId: string;

  constructor(private readonly stackName: string, private readonly options: LocalDeployOptions) {
    this.host = new LambdaHost(options.environment, options.clock);
    this.region = options.environment.AWS_REGION ?? 'us-east-1';
    this.stackId = `arn:aws:cloudformation:${this.region}:${ACCOUNT}:stack/${stackName}/${randomUUID()}`;
  }

  /** The stack's outputs, resolved against what is deployed. */
  public get outputs(): Record<string, string> {
    if (!this.artifact) return {};
    const context = this.context(this.artifact);
    return Object.fromEntries(Object.entries(this.artifact.template.Outputs ?? {})
      .map(([name, output]) => [name, String(resolve(output.Value, context))]));
  }

  /** Physical id of a deployed resource. */
  public physicalId(logicalId: string): string | undefined {
    return this.resources.get(logicalId)?.physicalId;
  }

  /**
   * Creates the stack, or updates it to this template: new resources are created, changed ones updated,
   * and only once all succeeded are removed resources and replaced physical ids deleted. A failure rolls
   * the change back and throws a DeploymentError.
   */
  public async deploy(artifact: StackArtifact): Promise<Record<string, string>> {
    if (this.options.environment.AWS_ENDPOINT_URL_S3) await publishAssets(artifact.assetManifests, this.options.environment, ACCOUNT);
    const before = new Map(this.resources);
    const previousArtifact = this.artifact;
    this.artifact = artifact;
    const created: string[] = [];
    const updated: string[] = [];
    const replaced: Array<[string, DeployedResource]> = [];
    const reasons: Record<string, string> = {};

    await this.inDependencyOrder(Object.keys(artifact.template.Resources), (id) => this.dependenciesOf(artifact, id), async (logicalId) => {
      if (Object.keys(reasons).length > 0) return false; // CloudFormation starts nothing new after a failure
      const resource = artifact.template.Resources[logicalId];
      const properties = resolve(resource.Properties ?? {}, this.context(artifact));
      const old = this.resources.get(logicalId);
      if (old && JSON.stringify(old.properties) === JSON.stringify(properties) && old.type === resource.Type) return true;
      try {
        const next = await this.apply(artifact, logicalId, properties, old);
        this.resources.set(logicalId, next);
        if (!old) {
          created.push(logicalId);
        } else {
          updated.push(logicalId);
          if (old.physicalId !== next.physicalId) replaced.push([logicalId, old]);
        }
        return true;
      } catch (error) {
        reasons[logicalId] = (error as Error).message;
        if (error instanceof ProviderError && !old) {
          // CloudFormation records the failed resource with the physical id the provider reported.
          this.resources.set(logicalId, this.record(artifact, logicalId, properties, error.physicalResourceId, {}));
          created.push(logicalId);
        }
        return false;
      }
    });

    if (Object.keys(reasons).length > 0) {
      await this.rollBack({ before, previousArtifact, created, updated });
      const summary = Object.entries(reasons).map(([id, reason]) => `${id}: ${reason}`).join('; ');
      throw new DeploymentError(`${this.stackName} failed and was rolled back: ${summary}`, reasons);
    }

    // Cleanup phase: old physical ids of replaced resources and the resources the template dropped,
    // dependents first, as CloudFormation does once everything else succeeded.
    const dropped = [...before.keys()].filter((id) => !(id in artifact.template.Resources));
    const cleanup = new Map([...replaced, ...dropped.map((id): [string, DeployedResource] => [id, before.get(id)!])]);
    await this.deleteInReverseOrder([...cleanup.keys()], cleanup);
    return this.outputs;
  }

  /** Deletes every resource, dependents first. */
  public async destroy(): Promise<void> {
    await this.deleteInReverseOrder([...this.resources.keys()], this.resources);
    this.resources = new Map();
    this.artifact = undefined;
  }

  /**
   * Sends one more request for a deployed custom resource through its provider, as CloudFormation may
   * (a Create delivered twice, an Update or Delete of something already gone). The recorded physical
   * id and properties are used unless overridden; the deployment's own record is left as it is.
   * Resolves to the provider's result, or rejects with its failure.
   */
  public async resend(
    logicalId: string, requestType: CustomResourceEvent['RequestType'],
    overrides: { readonly physicalId?: string; readonly properties?: Record<string, any> } = {},
  ): Promise<{ PhysicalResourceId: string; Data: Record<string, string> }> {
    const deployed = this.resources.get(logicalId);
    const resource = this.artifact?.template.Resources[logicalId];
    const handlers = this.artifact && resource && this.providerOf(this.artifact, resource);
    if (!deployed || !handlers) throw new Error(`${logicalId} is not a deployed custom resource of ${this.stackName}`);
    const old = { ...deployed, physicalId: overrides.physicalId ?? deployed.physicalId };
    const event = this.event(requestType, logicalId, { Type: deployed.type }, overrides.properties ?? deployed.properties, old);
    return runProvider(this.host, handlers, event);
  }

  /** Stops the local Lambda processes. */
  public async close(): Promise<void> {
    await this.host.close();
  }

  private async apply(
    artifact: StackArtifact, logicalId: string, properties: Record<string, any>, old?: DeployedResource,
  ): Promise<DeployedResource> {
    const resource = artifact.template.Resources[logicalId];
    const handlers = this.providerOf(artifact, resource);
    const action = old ? 'UPDATE' : 'CREATE';
    this.emit({ logicalId, resourceType: resource.Type, status: `${action}_IN_PROGRESS`, custom: !!handlers });
    if (!handlers) {
      const physicalId = old?.physicalId ?? this.simulatedPhysicalId(logicalId, resource, properties);
      if (resource.Type === 'AWS::S3::Bucket' && !old) await this.withS3((s3) => createBucket(s3, physicalId, properties));
      const next = this.record(artifact, logicalId, properties, physicalId, {});
      this.emit({ logicalId, resourceType: resource.Type, status: `${action}_COMPLETE`, physicalId: next.physicalId, custom: false });
      return next;
    }
    if (old && String(old.properties.ServiceToken) !== String(properties.ServiceToken)) {
      // CloudFormation never moves a custom resource to another provider; it fails the update without a request.
      this.emit({ logicalId, resourceType: resource.Type, status: 'UPDATE_FAILED', reason: SERVICE_TOKEN_CHANGED, custom: true });
      throw new Error(SERVICE_TOKEN_CHANGED);
    }
    try {
      const result = await runProvider(this.host, handlers, this.event(old ? 'Update' : 'Create', logicalId, resource, properties, old));
      this.emit({ logicalId, resourceType: resource.Type, status: `${action}_COMPLETE`, physicalId: result.PhysicalResourceId, custom: true });
      return this.record(artifact, logicalId, properties, result.PhysicalResourceId, result.Data);
    } catch (error) {
      this.emit({ logicalId, resourceType: resource.Type, status: `${action}_FAILED`, reason: (error as Error).message, custom: true });
      throw error;
    }
  }

  private async rollBack(change: {
    before: Map<string, DeployedResource>; previousArtifact?: StackArtifact; created: string[]; updated: string[];
  }): Promise<void> {
    const { before, previousArtifact, created, updated } = change;
    // Changed resources go back to their old properties, then what this deployment added is deleted.
    for (const logicalId of updated) {
      const current = this.resources.get(logicalId)!;
      const old = before.get(logicalId)!;
      const handlers = previousArtifact && this.providerOf(previousArtifact, previousArtifact.template.Resources[logicalId]);
      if (handlers) {
        const event = this.event('Update', logicalId, { Type: old.type }, old.properties, current);
        await runProvider(this.host, handlers, event).catch(() => undefined);
      }
      this.resources.set(logicalId, old);
      if (current.physicalId !== old.physicalId) await this.deleteOne(logicalId, current).catch(() => undefined);
    }
    const added = new Map(created.map((id) => [id, this.resources.get(id)!]));
    await this.deleteInReverseOrder(created, added);
    for (const id of created) this.resources.delete(id);
    this.artifact = previousArtifact;
  }

  private async deleteInReverseOrder(logicalIds: string[], from: Map<string, DeployedResource>): Promise<void> {
    const dependents = (id: string) => logicalIds.filter((other) => from.get(other)?.dependsOn.includes(id));
    const failures: string[] = [];
    await this.inDependencyOrder(logicalIds, dependents, async (logicalId) => {
      try {
        const resource = from.get(logicalId)!;
        await this.deleteOne(logicalId, resource);
        // A replaced resource's old physical id goes; the record of its replacement stays.
        if (this.resources.get(logicalId) === resource) this.resources.delete(logicalId);
      } catch (error) {
        failures.push(`${logicalId}: ${(error as Error).message}`);
      }
      return true;
    });
    if (failures.length > 0) throw new DeploymentError(`${this.stackName} delete failed: ${failures.join('; ')}`, {});
  }

  private async deleteOne(logicalId: string, resource: DeployedResource): Promise<void> {
    // CloudFormation sends Delete to the service token the resource was deployed with; the provider's
    // functions are the current ones while the template still has it.
    const artifact = this.artifact?.template.Resources[logicalId] ? this.artifact : resource.artifact;
    const handlers = this.providerOf(artifact, artifact.template.Resources[logicalId] ?? { Type: resource.type });
    const custom = !!handlers;
    if (resource.deletionPolicy === 'Retain') {
      this.emit({ logicalId, resourceType: resource.type, status: 'DELETE_SKIPPED', physicalId: resource.physicalId, custom });
      return;
    }
    this.emit({ logicalId, resourceType: resource.type, status: 'DELETE_IN_PROGRESS', physicalId: resource.physicalId, custom });
    if (handlers) {
      try {
        await runProvider(this.host, handlers, this.event('Delete', logicalId, { Type: resource.type }, resource.properties, resource));
      } catch (error) {
        this.emit({ logicalId, resourceType: resource.type, status: 'DELETE_FAILED', reason: (error as Error).message, custom });
        throw error;
      }
    }
    if (resource.type === 'AWS::S3::Bucket') {
      try {
        await this.withS3((s3) => deleteBucket(s3, resource.physicalId));
      } catch (error) {
        this.emit({ logicalId, resourceType: resource.type, status: 'DELETE_FAILED', reason: (error as Error).message, custom });
        throw error;
      }
    }
    this.emit({ logicalId, resourceType: resource.type, status: 'DELETE_COMPLETE', physicalId: resource.physicalId, custom });
  }

  /** Runs `work` for each id once everything it waits on has finished; `work` answers whether it succeeded. */
  private async inDependencyOrder(ids: string[], waitsOn: (id: string) => string[], work: (id: string) => Promise<boolean>): Promise<void> {
    const started = new Map<string, Promise<boolean>>();
    const run = (id: string): Promise<boolean> => {
      if (!started.has(id)) {
        started.set(id, Promise.all(waitsOn(id).filter((other) => ids.includes(other)).map(run))
          .then((results) => (results.every(Boolean) ? work(id) : false)));
      }
      return started.get(id)!;
    };
    await Promise.all(ids.map(run));
  }

  private dependenciesOf(artifact: StackArtifact, logicalId: string): string[] {
    const resource = artifact.template.Resources[logicalId];
    const explicit = [resource.DependsOn ?? []].flat();
    const implicit = [...references(resource.Properties ?? {})];
    return [...new Set([...explicit, ...implicit])].filter((id) => id in artifact.template.Resources);
  }

  private record(
    artifact: StackArtifact, logicalId: string, properties: Record<string, any>, physicalId: string, data: Record<string, string>,
  ): DeployedResource {
    const resource = artifact.template.Resources[logicalId];
    return {
      type: resource.Type,
      properties,
      physicalId,
      data,
      dependsOn: this.dependenciesOf(artifact, logicalId),
      deletionPolicy: resource.DeletionPolicy,
      artifact,
    };
  }

  private event(requestType: CustomResourceEvent['RequestType'], logicalId: string, resource: { Type: string }, properties: Record<string, any>, old?: DeployedResource): CustomResourceEvent {
    const common = {
      LogicalResourceId: logicalId,
      ResourceType: resource.Type,
      // The template's properties, ServiceToken included.
      ResourceProperties: properties as CustomResourceEvent['ResourceProperties'],
      RequestId: randomUUID(),
      StackId: this.stackId,
      ServiceToken: String(properties.ServiceToken),
      ResponseURL: 'http://127.0.0.1/local-deploy-response',
    };
    switch (requestType) {
      case 'Create': return { ...common, RequestType: 'Create' };
      case 'Update': return { ...common, RequestType: 'Update', PhysicalResourceId: old!.physicalId, OldResourceProperties: old!.properties as CustomResourceEvent['ResourceProperties'] };
      case 'Delete': return { ...common, RequestType: 'Delete', PhysicalResourceId: old!.physicalId };
    }
  }

  /** The handlers behind a custom resource whose ServiceToken is a CDK Provider's framework function. */
  private providerOf(artifact: StackArtifact, resource: TemplateResource): ProviderHandlers | undefined {
    const isCustom = resource.Type.startsWith('Custom::') || resource.Type === 'AWS::CloudFormation::CustomResource';
    if (!isCustom) return undefined;
    const resources = artifact.template.Resources;
    const token = resource.Properties?.ServiceToken;
    const frameworkId: string | undefined = token?.['Fn::GetAtt']?.[0];
    const variables = frameworkId ? resources[frameworkId]?.Properties?.Environment?.Variables : undefined;
    if (!variables?.USER_ON_EVENT_FUNCTION_ARN) {
      throw new Error(`${resource.Type}: local deploy runs custom resources served by a CDK Provider only`);
    }
    const handlerFunction = (variable: any) => {
      const functionId: string = variable['Fn::GetAtt'][0];
      const properties = resources[functionId].Properties!;
      return {
        functionId,
        codeDir: artifact.functionCode[functionId],
        handler: properties.Handler,
        timeoutMs: (properties.Timeout ?? 3) * 1000,
      };
    };
    const waiter = JSON.stringify(resources[variables.WAITER_STATE_MACHINE_ARN?.Ref]?.Properties?.DefinitionString ?? '');
    const interval = Number(/IntervalSeconds\\":(\d+)/.exec(waiter)?.[1] ?? 5);
    const attempts = Number(/MaxAttempts\\":(\d+)/.exec(waiter)?.[1] ?? 360);
    return {
      onEvent: handlerFunction(variables.USER_ON_EVENT_FUNCTION_ARN),
      isComplete: variables.USER_IS_COMPLETE_FUNCTION_ARN ? handlerFunction(variables.USER_IS_COMPLETE_FUNCTION_ARN) : undefined,
      queryIntervalMs: this.options.queryIntervalMs ?? interval * 1000,
      totalTimeoutMs: this.options.totalTimeoutMs ?? interval * attempts * 1000,
    };
  }

  private simulatedPhysicalId(logicalId: string, resource: TemplateResource, properties: Record<string, any>): string {
    if (resource.Type === 'AWS::OpenSearchService::Domain') {
      return properties.DomainName ?? logicalId.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 28);
    }
    if (resource.Type === 'AWS::S3::Bucket') return properties.BucketName ?? generatedBucketName(this.stackName, logicalId);
    return `${this.stackName}-${logicalId}`;
  }

  /** Runs `work` with an S3 client for the environment's S3, if it names one (else there is nothing to do). */
  private async withS3(work: (s3: S3Client) => Promise<void>): Promise<void> {
    const s3 = s3ClientFor(this.options.environment);
    if (!s3) return;
    try {
      await work(s3);
    } finally {
      s3.destroy();
    }
  }

  private pseudoParameters(): Record<string, string> {
    return {
      'AWS::Region': this.region,
      'AWS::AccountId': ACCOUNT,
      'AWS::Partition': 'aws',
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackName': this.stackName,
      'AWS::StackId': this.stackId,
    };
  }

  private context(artifact: StackArtifact): ResolveContext {
    const pseudo = this.pseudoParameters();
    const deployed = (logicalId: string) => {
      const resource = this.resources.get(logicalId);
      if (!resource) throw new Error(`${logicalId} is referenced before it was deployed`);
      return resource;
    };
    return {
      ref: (logicalId) => pseudo[logicalId] ?? deployed(logicalId).physicalId,
      getAtt: (logicalId, attribute) => {
        const resource = deployed(logicalId);
        if (attribute in resource.data) return resource.data[attribute];
        if (this.providerOf(artifact, artifact.template.Resources[logicalId] ?? { Type: resource.type })) {
          throw new Error(`${logicalId} returned no attribute ${attribute}`);
        }
        if (resource.type === 'AWS::OpenSearchService::Domain') return this.domainAttribute(resource.physicalId, attribute);
        if (resource.type === 'AWS::S3::Bucket' && attribute === 'Arn') return `arn:aws:s3:::${resource.physicalId}`;
        const service = resource.type.split('::')[1]?.toLowerCase();
        return attribute === 'Arn' ? `arn:aws:${service}:${this.region}:${ACCOUNT}:${resource.physicalId}` : `${resource.physicalId}.${attribute}`;
      },
    };
  }

  /** A domain's attributes; its physical id is its name. */
  private domainAttribute(domainName: string, attribute: string): string {
    switch (attribute) {
      case 'Arn':
      case 'DomainArn':
        return `arn:aws:es:${this.region}:${ACCOUNT}:domain/${domainName}`;
      case 'DomainEndpoint':
        return this.options.domainEndpoint?.(domainName) ?? `search-${domainName}-local.${this.region}.es.amazonaws.com`;
      default:
        return `${domainName}.${attribute}`;
    }
  }

  private emit(event: ResourceEvent): void {
    this.options.onEvent?.(event);
  }
}
