/**
 * An in-process emulator of the Amazon OpenSearch Service package API, for tests and demos, with the
 * index template API of each domain's own endpoint (HTTPS, SigV4) next to it.
 *
 * ```ts
 * const emu = await startEmulator({ associateDelayMs: 300, domainEndpoints: true });
 * emu.addDomain('my-domain', { engineVersion: 'OpenSearch_2.19' });
 * emu.addPackage({ packageId: 'F123456789', packageName: 'synonyms' });
 * const client = new OpenSearchClient(emu.clientConfig());
 * emu.domainEndpoint('my-domain'); // 127.0.0.1:<port>/my-domain, for https://<endpoint>/_index_template/...
 * ...
 * await emu.stop();
 * ```
 *
 * S3 (path-style HTTP, its own port) holds the files packages are made from: CreatePackage/UpdatePackage
 * copy their source from it and fail COPY_FAILED on a missing or SSE-KMS object, as the service does.
 *
 * The domain endpoints (HTTPS) are served only when asked for with `domainEndpoints: true`: their
 * certificate is made with the `openssl` CLI, which the package API alone does not need.
 */
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { DomainPackageDetails, PackageDetails, PackageSource } from './api/model';
import { PackageFiles } from './api/package-files';
import { Paginator } from './api/pagination';
import { readPluginDescriptor } from './api/plugin-descriptor';
import { AssociationSeed, DomainSeed, EmulatorState, PackageSeed, PackageTiming, RefusalWording } from './api/state';
import { listenDomainEndpoint } from './domain-endpoint/domain-endpoint';
import { IndexTemplates } from './domain-endpoint/index-templates';
import { FaultInjector } from './faults/faults';
import { CalledOperation, CallLog, CallRecord } from './http/call-log';
import { Certificate, createCertificate } from './http/certificate';
import { DUMMY_CREDENTIALS } from './http/credentials';
import { boundPort, close } from './http/http';
import { listen } from './http/server';
import { listenS3 } from './s3/server';
import { CopyFailureWording, ServiceCopy } from './s3/service-copy';
import { S3_OPERATIONS, S3Store } from './s3/store';

export type { CalledOperation, CallRecord } from './http/call-log';
export { DUMMY_CREDENTIALS } from './http/credentials';
export { analysisFileSettings } from './domain-endpoint/index-templates';
export type { IndexTemplateOperation } from './domain-endpoint/index-templates';
export { CHANGE_IN_PROGRESS_MESSAGE, ERROR_STATUS } from './api/errors';
export type { ErrorCode } from './api/errors';
export { FaultInjector } from './faults/faults';
export type { FaultTarget, OutcomeFault, PackageProcessingFault, PendingFault, RequestFault } from './faults/faults';
export type { ReplyFault, ReplyFaultKind } from './faults/reply-faults';
export type { S3Fault } from './faults/s3-faults';
export * from './api/model';
export type { AssociationSeed, DomainSeed, DomainStatus, PackageSeed, PackageTiming, PackageVersionSeed, RefusalWording } from './api/state';
export { DEFAULT_REFUSAL_WORDING } from './api/state';
export type { PackageType } from './api/validation';
export type { CopyFailureWording } from './s3/service-copy';
export { COPY_FAILURE } from './s3/service-copy';
export type { S3Operation } from './s3/store';
export { S3_OPERATIONS } from './s3/store';
export type { BucketSettings, Encryption, StoredObject } from './s3/store';
export { S3Error, S3Store } from './s3/store';

/** A package to seed, with the file of its newest version if the domains should read it. */
export interface EmulatorPackageSeed extends PackageSeed {
  /**
   * The file of the package's newest version. The domain endpoint builds the analyzers of an index template
   * from it, and refuses the template when OpenSearch could not (see domain-endpoint/dictionary-rules.ts).
   */
  readonly content?: string | Uint8Array;
}

/** Settings of one emulator; every field is optional. */
export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  readonly port?: number;
  /**
   * Whether to serve the domains' REST API (index templates) over HTTPS, for {@link Emulator.domainEndpoint}
   * (default false). Its throwaway certificate is made with the system's `openssl` CLI at start; nothing
   * else in the emulator needs openssl.
   */
  readonly domainEndpoints?: boolean;
  /** TCP port of the domains' HTTPS endpoint on 127.0.0.1 (with `domainEndpoints`); 0 (the default) picks a free one. */
  readonly domainEndpointPort?: number;
  /** TCP port of the emulated S3 on 127.0.0.1; 0 (the default) picks a free one. */
  readonly s3Port?: number;
  /** Messages of a package copy that fails (SSE-KMS or missing object); AWS documents none. */
  readonly copyFailureWording?: CopyFailureWording;
  /** How long an association stays ASSOCIATING (default 200 ms). */
  readonly associateDelayMs?: number;
  /** How long a dissociation stays DISSOCIATING before the association disappears (default 200 ms). */
  readonly dissociateDelayMs?: number;
  /** How long a created/updated package stays COPYING (default 50 ms). */
  readonly packageCopyDelayMs?: number;
  /** How long a created/updated package then stays VALIDATING (default 100 ms). */
  readonly packageValidateDelayMs?: number;
  /** How long a deleted package stays visible as DELETING before it is gone (default 0: gone at the next read). */
  readonly packageDeleteDelayMs?: number;
  /** Page size when the client sends no MaxResults (default 100). */
  readonly defaultPageSize?: number;
  /** Largest page ever returned, whatever MaxResults asks for (default 100); set it low to force pagination. */
  readonly listPageCap?: number;
  /** Custom packages per Region (default 25, the documented quota). */
  readonly maxPackagesPerRegion?: number;
  /** Packages per domain (default 20, the documented quota). */
  readonly maxPackagesPerDomain?: number;
  /** Account id reported as PackageOwner of created packages (default 123456789012). */
  readonly accountId?: string;
  /** Region the emulator claims to be; only used in {@link Emulator.clientConfig} and {@link Emulator.env}. */
  readonly region?: string;
  /** Millisecond clock (default Date.now); inject one to control time without sleeping. */
  readonly clock?: () => number;
  /** Called after every request with its call record. */
  readonly onCall?: (call: CallRecord) => void;
}

/** The HTTPS server of the domain endpoints and its certificate. */
interface DomainEndpoints {
  readonly server: HttpsServer;
  readonly certificate: Certificate;
}

const NO_DOMAIN_ENDPOINTS = 'this emulator serves no domain endpoints: start it with startEmulator({ domainEndpoints: true })';

/** The emulated S3: its server, its buckets and objects, and the service's copies of package files. */
interface S3Parts {
  readonly server: HttpServer;
  readonly store: S3Store;
  /** S3's own call log: the package API's stays as it was, so its tests see only package calls. */
  readonly calls: CallLog;
}

/** A running emulator. Create it with {@link startEmulator}; stop it with {@link Emulator.stop}. */
export class Emulator {
  /** Base URL for SDK clients and `--endpoint-url`, e.g. `http://127.0.0.1:54321`. */
  public readonly endpoint: string;
  /** Base URL of the emulated S3 (path-style), e.g. `http://127.0.0.1:54322`, for `AWS_ENDPOINT_URL_S3`. */
  public readonly s3Endpoint: string;
  /** The emulated S3's buckets and objects, to seed and inspect them directly. */
  public readonly s3: S3Store;
  /** The TCP port the emulator listens on. */
  public readonly port: number;
  /** Region to configure clients with. */
  public readonly region: string;
  /** Fault injection for this emulator's scenarios. */
  public readonly faults: FaultInjector;
  /** Whether the domains' HTTPS endpoints are served (the `domainEndpoints` option). */
  public readonly servesDomainEndpoints: boolean;
  private stopping?: Promise<void>;

  /** @internal use {@link startEmulator} */
  constructor(
    private readonly server: HttpServer,
    private readonly domains: DomainEndpoints | undefined,
    private readonly state: EmulatorState,
    private readonly templates: IndexTemplates,
    private readonly log: CallLog,
    faults: FaultInjector,
    region: string,
    private readonly s3Parts: S3Parts,
    private readonly files: PackageFiles,
  ) {
    this.port = boundPort(server);
    this.endpoint = `http://127.0.0.1:${this.port}`;
    this.s3Endpoint = `http://127.0.0.1:${boundPort(s3Parts.server)}`;
    this.s3 = s3Parts.store;
    this.region = region;
    this.faults = faults;
    this.servesDomainEndpoints = domains !== undefined;
  }

  /**
   * PEM file of the domain endpoints' self-signed certificate: what an HTTPS client must trust.
   * Throws unless the emulator was started with `domainEndpoints: true`.
   */
  public get caCertificateFile(): string {
    return this.requireDomainEndpoints().certificate.certFile;
  }

  /** Every request so far to the package API and the domain endpoints, oldest first (a copy); S3's are in {@link s3Calls}. */
  public get calls(): CallRecord[] {
    return this.log.list();
  }

  /** Every request so far to the emulated S3, oldest first (a copy). */
  public get s3Calls(): CallRecord[] {
    return this.s3Parts.calls.list();
  }

  /** Requests so far to one operation, S3's included (a copy). */
  public callsTo(operation: CalledOperation): CallRecord[] {
    return this.logOf(operation).list(operation);
  }

  /** Number of requests to `operation` (S3's included), or to the package API and domain endpoints in total when omitted. */
  public countCalls(operation?: CalledOperation): number {
    return operation === undefined ? this.log.count() : this.logOf(operation).count(operation);
  }

  /** Number of requests per operation name. */
  public callCounts(): Record<string, number> {
    return this.log.countsByOperation();
  }

  /** Number of requests per S3 operation name. */
  public s3CallCounts(): Record<string, number> {
    return this.s3Parts.calls.countsByOperation();
  }

  /** Forgets the call logs, S3's included (faults and state are kept). */
  public clearCalls(): void {
    this.log.clear();
    this.s3Parts.calls.clear();
  }

  /** Adds a domain packages can be associated with. */
  public addDomain(name: string, seed?: DomainSeed): this {
    this.state.addDomain(name, seed);
    return this;
  }

  /** Removes a domain, its associations and its index templates, as if it had been deleted out of band. */
  public removeDomain(name: string): this {
    this.state.removeDomain(name);
    this.templates.dropDomain(name);
    return this;
  }

  /**
   * The endpoint of a domain's REST API, shaped like CloudFormation's `DomainEndpoint` (no scheme):
   * `127.0.0.1:<port>/<domain name>`. Requests to `https://<endpoint>/_index_template/<name>` must be
   * signed (SigV4, service `es`, {@link DUMMY_CREDENTIALS}) and trust {@link caCertificateFile}.
   * Throws unless the emulator was started with `domainEndpoints: true`.
   */
  public domainEndpoint(domainName: string): string {
    return `127.0.0.1:${boundPort(this.requireDomainEndpoints().server)}/${encodeURIComponent(domainName)}`;
  }

  /** A domain's index template as it was put (a copy), or undefined. */
  public indexTemplate(domainName: string, templateName: string): Record<string, unknown> | undefined {
    return this.templates.find(domainName, templateName);
  }

  /** Names of a domain's index templates. */
  public indexTemplateNames(domainName: string): string[] {
    return this.templates.names(domainName);
  }

  /**
   * Makes the domain apply a configuration change for `durationMs` (Infinity until cleared with 0):
   * DescribeDomain shows it processing, and AssociatePackage/DissociatePackage answer the "A
   * change/update is in progress" ValidationException meanwhile.
   */
  public setChangeInProgress(domainName: string, durationMs: number): this {
    this.state.setChangeInProgress(domainName, durationMs);
    return this;
  }

  /** Adds a package directly (AVAILABLE at v1 by default), with the file of its newest version if given. Returns its details. */
  public addPackage(seed: EmulatorPackageSeed): PackageDetails {
    const { content, ...packageSeed } = seed;
    const details = this.state.addPackage(packageSeed);
    if (content !== undefined && details.AvailablePackageVersion) {
      this.files.set(details.PackageID, details.AvailablePackageVersion, content);
    }
    return details;
  }

  /** Records the file of one package version, which the domains read once that version is ACTIVE on them. */
  public setPackageFile(packageId: string, version: string, content: string | Uint8Array): this {
    this.files.set(packageId, version, content);
    return this;
  }

  /** Records that an index on the domain uses the package: DissociatePackage answers ConflictException until it is unused. */
  public markPackageInUse(domainName: string, packageId: string, indexName = 'products'): this {
    this.state.markPackageInUse(domainName, packageId, indexName);
    return this;
  }

  /** The index no longer uses the package (deleted or reindexed). */
  public markPackageUnused(domainName: string, packageId: string, indexName = 'products'): this {
    this.state.markPackageUnused(domainName, packageId, indexName);
    return this;
  }

  /**
   * Sets the messages of refusals whose wording AWS does not document (the others keep their defaults),
   * so a test can prove that a handler does not depend on them.
   */
  public setRefusalWording(wording: Partial<RefusalWording>): this {
    this.state.setRefusalWording(wording);
    return this;
  }

  /** Overrides association/dissociation delays for one package (e.g. a "slow" package). */
  public setPackageTiming(packageId: string, timing: PackageTiming): this {
    this.state.setPackageTiming(packageId, timing);
    return this;
  }

  /** Adds an association in any status (ACTIVE by default). Returns its details. */
  public addAssociation(seed: AssociationSeed): DomainPackageDetails {
    return this.state.addAssociation(seed);
  }

  /** Adds `count` dictionaries ACTIVE on the domain, for pagination scenarios. Returns their ids. */
  public addFillerPackages(domainName: string, count: number, namePrefix?: string): string[] {
    return this.state.addFillerPackages(domainName, count, namePrefix);
  }

  /** Current state of a package on a domain (as ListPackagesForDomain shows it), or undefined. */
  public association(domainName: string, packageId: string): DomainPackageDetails | undefined {
    return this.state.association(domainName, packageId);
  }

  /** Current details of a package (as DescribePackages shows it), or undefined. */
  public packageDetails(packageId: string): PackageDetails | undefined {
    return this.state.package(packageId);
  }

  /** The S3 location recorded by the last CreatePackage/UpdatePackage of a package, or undefined. */
  public packageSource(packageId: string): PackageSource | undefined {
    return this.state.packageSource(packageId);
  }

  /** The file the service copied for a package version (from its S3 source), or undefined. */
  public packageFile(packageId: string, version: string): Buffer | undefined {
    return this.files.get(packageId, version);
  }

  /** Configuration for `new S3Client(...)`: the emulated S3's endpoint, region and dummy credentials. */
  public s3ClientConfig(): { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } } {
    return { endpoint: this.s3Endpoint, region: this.region, credentials: { ...DUMMY_CREDENTIALS } };
  }

  /** Everything associated with a domain (unpaginated). */
  public packagesForDomain(domainName: string): DomainPackageDetails[] {
    return this.state.packagesForDomain(domainName);
  }

  /** Configuration for `new OpenSearchClient(...)`: endpoint, region and dummy credentials. */
  public clientConfig(): { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } } {
    return { endpoint: this.endpoint, region: this.region, credentials: { ...DUMMY_CREDENTIALS } };
  }

  /**
   * Environment variables that point an SDK or the AWS CLI in another process at this emulator and, when
   * it serves domain endpoints, make Node.js trust their certificate (NODE_EXTRA_CA_CERTS).
   */
  public env(): Record<string, string> {
    return {
      ...(this.domains ? { NODE_EXTRA_CA_CERTS: this.domains.certificate.certFile } : {}),
      AWS_ENDPOINT_URL_OPENSEARCH: this.endpoint,
      AWS_ENDPOINT_URL_S3: this.s3Endpoint,
      AWS_REGION: this.region,
      AWS_DEFAULT_REGION: this.region,
      AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
    };
  }

  /**
   * Stops the servers, drops open connections and deletes the certificate, even if a server fails to
   * close (that failure is then thrown). Calling it again returns the first call's promise.
   */
  public stop(): Promise<void> {
    this.stopping ??= shutDown([this.server, this.s3Parts.server, ...(this.domains ? [this.domains.server] : [])], this.domains?.certificate);
    return this.stopping;
  }

  private logOf(operation: CalledOperation): CallLog {
    return (S3_OPERATIONS as readonly string[]).includes(operation) ? this.s3Parts.calls : this.log;
  }

  private requireDomainEndpoints(): DomainEndpoints {
    if (!this.domains) {
      throw new Error(NO_DOMAIN_ENDPOINTS);
    }
    return this.domains;
  }
}

/** Closes every server, then deletes the certificate whatever happened; throws the first close failure. */
async function shutDown(servers: Array<HttpServer | HttpsServer>, certificate?: Certificate): Promise<void> {
  try {
    const results = await Promise.allSettled(servers.map(close));
    const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) {
      throw failure.reason;
    }
  } finally {
    certificate?.remove();
  }
}

/** Starts an emulator on 127.0.0.1 and resolves once it accepts requests. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const faults = new FaultInjector();
  const calls = new CallLog();
  const s3Store = new S3Store();
  const s3Calls = new CallLog();
  // The file of each package version: what the service copied from S3, or what a test seeded.
  const files = new PackageFiles();
  const serviceCopy = new ServiceCopy(s3Store, (packageId, version, content) => files.set(packageId, version, content), options.copyFailureWording);
  const state = new EmulatorState({
    associateDelayMs: options.associateDelayMs ?? 200,
    dissociateDelayMs: options.dissociateDelayMs ?? 200,
    copyDelayMs: options.packageCopyDelayMs ?? 50,
    validateDelayMs: options.packageValidateDelayMs ?? 100,
    maxPackagesPerRegion: options.maxPackagesPerRegion ?? 25,
    maxPackagesPerDomain: options.maxPackagesPerDomain ?? 20,
    accountId: options.accountId ?? '123456789012',
    region: options.region ?? 'us-east-1',
    deleteDelayMs: options.packageDeleteDelayMs ?? 0,
    clock: options.clock ?? Date.now,
    copySource: (packageId, version, source) => serviceCopy.copy(packageId, version, source),
    readPluginProperties: (packageId, version) => {
      const file = files.get(packageId, version);
      return file && readPluginDescriptor(file);
    },
  }, faults);
  const paginator = new Paginator({ defaultPageSize: options.defaultPageSize ?? 100, pageCap: options.listPageCap ?? 100 });
  const region = options.region ?? 'us-east-1';
  // A domain can read the files of the packages that are ACTIVE on it, at their reference paths.
  const active = (domainName: string) => state.packagesForDomain(domainName)
    .filter((p) => p.DomainPackageStatus === 'ACTIVE' && p.ReferencePath !== undefined);
  const templates = new IndexTemplates((domainName) => new Set(active(domainName).map((p) => p.ReferencePath!)), (domainName, referencePath) => {
    const pkg = active(domainName).find((p) => p.ReferencePath === referencePath);
    return pkg?.PackageVersion === undefined ? undefined : files.get(pkg.PackageID, pkg.PackageVersion);
  });
  const server = await listen({ state, paginator, faults, calls, onCall: options.onCall }, options.port ?? 0);
  let s3Server: HttpServer;
  try {
    s3Server = await listenS3({ store: s3Store, calls: s3Calls, faults: faults.s3, onCall: options.onCall }, options.s3Port ?? 0);
  } catch (err) {
    await shutDown([server]).catch(() => undefined);
    throw err;
  }
  let domains: DomainEndpoints | undefined;
  if (options.domainEndpoints) {
    let certificate: Certificate | undefined;
    try {
      certificate = await createCertificate();
      const domainServer = await listenDomainEndpoint({
        state,
        templates,
        calls,
        signingKey: { service: 'es', region, ...DUMMY_CREDENTIALS },
        onCall: options.onCall,
      }, certificate, options.domainEndpointPort ?? 0);
      domains = { server: domainServer, certificate };
    } catch (err) {
      await shutDown([server, s3Server], certificate).catch(() => undefined);
      throw err;
    }
  }
  return new Emulator(server, domains, state, templates, calls, faults, region, { server: s3Server, store: s3Store, calls: s3Calls }, files);
}
