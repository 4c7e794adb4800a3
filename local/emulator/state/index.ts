/**
 * The emulated Region: domains, packages and package-domain associations, and the rules the
 * service applies to them.
 *
 * Asynchronous work (package copy/validation, association, dissociation) is modelled as a
 * transition with an end time. Nothing runs in the background: every read first "settles" the
 * transitions whose end time has passed. So there are no timers to leak, and a status only
 * changes when somebody looks, exactly as a poller would see it.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { CHANGE_IN_PROGRESS_MESSAGE, ServiceError, validationError } from './errors';
import type { FaultInjector, PackageFailure } from './faults';
import {
  DomainPackageDetails, DomainPackageStatus, epochSeconds, ErrorDetails, PackageDetails, PackageSource, PackageStatus,
  PackageVersionHistory,
} from './model';
import { applyPackageScope, PackageScopeRequest } from './package-scope';
import {
  AssociationConfiguration, AssociationRequestFields, engineRefusal, PackageView, PluginPackageFields, prerequisiteRefusal,
  PrerequisiteView, requirementRefusal,
} from './plugins';
import { checkDomainName, checkPackageId, checkPackageName, PackageType } from './validation';

/** Timing, limits and identity of one emulated Region. */
export interface StateOptions {
  readonly associateDelayMs: number;
  readonly dissociateDelayMs: number;
  readonly copyDelayMs: number;
  readonly validateDelayMs: number;
  readonly maxPackagesPerRegion: number;
  readonly maxPackagesPerDomain: number;
  readonly accountId: string;
  /** Region the domains' ARNs name (DescribeDomain). */
  readonly region: string;
  /** How long a deleted package stays visible as DELETING before it is gone. */
  readonly deleteDelayMs: number;
  readonly clock: () => number;
  /** Copies a version's S3 source as the service does; returns why the copy fails (COPY_FAILED), if it does. */
  readonly copySource?: (packageId: string, version: string, source: PackageSource | undefined) => ErrorDetails | undefined;
}

/**
 * Messages of the refusals AWS documents without documenting their wording. Tests set their own
 * (see `Emulator.setRefusalWording`) to prove that no handler depends on a message.
 */
export interface RefusalWording {
  /** ConflictException of DissociatePackage while an index on the domain uses the package. */
  readonly packageInUse: string;
  /** ConflictException of AssociatePackage/DissociatePackage while another package operation runs on the domain. */
  readonly domainBusy: string;
  /** ValidationException while the domain applies a configuration change. */
  readonly changeInProgress: string;
}

export const DEFAULT_REFUSAL_WORDING: RefusalWording = {
  packageInUse: 'Package is in use by one or more indices on the domain. Remove the indices before dissociating the package.',
  domainBusy: 'Another package operation is in progress on this domain. Please wait for it to complete.',
  changeInProgress: CHANGE_IN_PROGRESS_MESSAGE,
};

/** DescribeDomain's DomainStatus, the members the emulator models (the model requires ClusterConfig). */
export interface DomainStatus {
  DomainId: string;
  DomainName: string;
  ARN: string;
  Created: boolean;
  Deleted: boolean;
  Processing: boolean;
  UpgradeProcessing: boolean;
  EngineVersion?: string;
  ClusterConfig: Record<string, never>;
  DomainProcessingStatus: 'Active' | 'Modifying';
  ChangeProgressDetails?: { ChangeId: string; ConfigChangeStatus: 'ApplyingChanges'; Message: string };
}

/** Options of {@link EmulatorState.addDomain}. */
export interface DomainSeed {
  /** Engine version, e.g. `OpenSearch_2.19` (informational). */
  readonly engineVersion?: string;
}

/** One version of a seeded package. */
export interface PackageVersionSeed {
  /** Version label; defaults to `v<n>`. */
  readonly version?: string;
  readonly commitMessage?: string;
}

/** A package to seed directly, skipping COPYING/VALIDATING. */
export interface PackageSeed {
  /** Defaults to a generated id (`F` + 9 digits for dictionaries, `pkg-<hex>` otherwise). */
  readonly packageId?: string;
  readonly packageName: string;
  /** Defaults to TXT-DICTIONARY. */
  readonly packageType?: PackageType;
  readonly description?: string;
  readonly engineVersion?: string;
  /** PackageOwner; defaults to `AWS` for G-packages and the emulator's account id otherwise. */
  readonly owner?: string;
  /** How many versions (v1..vN) or the versions themselves, oldest first. Defaults to 1. */
  readonly versions?: number | readonly PackageVersionSeed[];
  /** Defaults to AVAILABLE. */
  readonly status?: 'AVAILABLE' | 'VALIDATION_FAILED' | 'COPY_FAILED';
  readonly errorDetails?: ErrorDetails;
  /** Overrides the emulator's association delay for this package (a "slow" package). */
  readonly associateDelayMs?: number;
  /** Overrides the emulator's dissociation delay for this package. */
  readonly dissociateDelayMs?: number;
  readonly source?: PackageSource;
  /** PackageConfiguration, encryption and vending of a plugin. */
  readonly plugin?: PluginPackageFields;
}

/** An association to seed in any status. */
export interface AssociationSeed {
  readonly domainName: string;
  readonly packageId: string;
  /** Defaults to ACTIVE. */
  readonly status?: DomainPackageStatus;
  /** Defaults to the package's newest version. */
  readonly packageVersion?: string;
  readonly errorDetails?: ErrorDetails;
  /** For ASSOCIATING/DISSOCIATING: milliseconds until the transition ends (default: the configured delay). */
  readonly completesInMs?: number;
}

/** Per-package timing overrides. */
export interface PackageTiming {
  readonly associateDelayMs?: number;
  readonly dissociateDelayMs?: number;
}

/** A filter of DescribePackages, already shape-checked. */
export interface PackageFilter {
  readonly name: 'PackageID' | 'PackageName' | 'PackageStatus' | 'PackageType' | 'EngineVersion' | 'PackageOwner';
  readonly values: readonly string[];
}

/** Input of CreatePackage, already shape-checked. */
export interface CreatePackageInput {
  readonly packageName: string;
  readonly packageType: PackageType;
  readonly source: PackageSource;
  readonly description?: string;
  readonly engineVersion?: string;
  readonly plugin?: PluginPackageFields;
}

/** Input of UpdatePackage, already shape-checked. */
export interface UpdatePackageInput {
  readonly packageId: string;
  readonly source: PackageSource;
  readonly description?: string;
  readonly commitMessage?: string;
  /** Vending is CreatePackage only; configuration and encryption may change. */
  readonly plugin?: Omit<PluginPackageFields, 'vending'>;
}

/** One entry of AssociatePackages. */
export interface BatchAssociationInput extends AssociationRequestFields {
  readonly packageId: string;
}

interface DomainRecord {
  readonly name: string;
  readonly engineVersion?: string;
  changeInProgressUntil: number;
  /** Packages an index on the domain uses, with the index names: DissociatePackage refuses them. */
  readonly usedByIndexes: Map<string, Set<string>>;
}

interface VersionRecord {
  readonly version: string;
  readonly commitMessage?: string;
  readonly createdAt: number;
}

/** A creation or update being copied from S3 and validated. */
interface Processing {
  readonly copiedAt: number;
  readonly validatedAt: number;
  readonly version: VersionRecord;
  readonly failure?: PackageFailure;
}

interface PackageRecord {
  readonly id: string;
  readonly name: string;
  readonly type: PackageType;
  readonly owner: string;
  readonly engineVersion?: string;
  readonly createdAt: number;
  description?: string;
  source?: PackageSource;
  lastUpdatedAt: number;
  /** Committed versions, oldest first; the last one is AvailablePackageVersion. */
  readonly versions: VersionRecord[];
  /** Status once no processing is under way. */
  settledStatus: 'AVAILABLE' | 'VALIDATION_FAILED' | 'COPY_FAILED' | 'DELETE_FAILED';
  /** Set by DeletePackage: DELETING until then, gone (or DELETE_FAILED) after. */
  deletion?: { readonly endsAt: number; readonly failure?: ErrorDetails };
  errorDetails?: ErrorDetails;
  processing?: Processing;
  timing: PackageTiming;
  plugin: PluginPackageFields;
  /** AllowListedUserList, set by UpdatePackageScope (package-scope.ts); absent until the first one. */
  users?: string[];
}

/** An association or dissociation under way. */
interface Transition {
  readonly kind: 'associate' | 'dissociate';
  readonly endsAt: number;
  readonly failure?: ErrorDetails;
}

interface AssociationRecord {
  readonly domainName: string;
  readonly packageId: string;
  status: DomainPackageStatus;
  version?: string;
  lastUpdated: number;
  errorDetails?: ErrorDetails;
  transition?: Transition;
  prerequisites?: readonly string[];
  configuration?: AssociationConfiguration;
}

/** Domains, packages and associations of one emulated Region. */
export class EmulatorState {
  private readonly domains = new Map<string, DomainRecord>();
  // Maps keep insertion order, which gives every listing a stable order across pages.
  private readonly packages = new Map<string, PackageRecord>();
  private readonly associations = new Map<string, AssociationRecord>();
  private wording: RefusalWording = DEFAULT_REFUSAL_WORDING;

  constructor(private readonly options: StateOptions, private readonly faults: FaultInjector) {}

  // ---------------------------------------------------------------- seeding

  /** Adds a domain (the emulator cannot create domains through the API). */
  public addDomain(name: string, seed: DomainSeed = {}): void {
    checkDomainName(name);
    if (this.domains.has(name)) {
      throw new Error(`Domain ${name} already exists`);
    }
    this.domains.set(name, { name, engineVersion: seed.engineVersion, changeInProgressUntil: 0, usedByIndexes: new Map() });
  }

  /** Overrides some refusal messages (the others keep their defaults). */
  public setRefusalWording(wording: Partial<RefusalWording>): void {
    this.wording = { ...DEFAULT_REFUSAL_WORDING, ...wording };
  }

  /** Records that an index on the domain uses the package, so DissociatePackage refuses it. */
  public markPackageInUse(domainName: string, packageId: string, indexName: string): void {
    const domain = this.requireDomain(domainName);
    this.requirePackage(packageId);
    const indexes = domain.usedByIndexes.get(packageId) ?? new Set<string>();
    indexes.add(indexName);
    domain.usedByIndexes.set(packageId, indexes);
  }

  /** The index no longer uses the package (deleted or reindexed). */
  public markPackageUnused(domainName: string, packageId: string, indexName: string): void {
    const indexes = this.requireDomain(domainName).usedByIndexes.get(packageId);
    indexes?.delete(indexName);
    if (indexes?.size === 0) this.requireDomain(domainName).usedByIndexes.delete(packageId);
  }

  /** DescribeDomain: the domain's status, processing while a configuration change is being applied. */
  public describeDomain(domainName: string): DomainStatus {
    const domain = this.requireDomain(domainName);
    const processing = this.options.clock() < domain.changeInProgressUntil;
    return {
      DomainId: `${this.options.accountId}/${domain.name}`,
      DomainName: domain.name,
      ARN: `arn:aws:es:${this.options.region}:${this.options.accountId}:domain/${domain.name}`,
      Created: true,
      Deleted: false,
      Processing: processing,
      UpgradeProcessing: false,
      EngineVersion: domain.engineVersion,
      ClusterConfig: {},
      DomainProcessingStatus: processing ? 'Modifying' : 'Active',
      ChangeProgressDetails: processing
        ? { ChangeId: '00000000-0000-4000-8000-000000000000', ConfigChangeStatus: 'ApplyingChanges', Message: 'Applying a configuration change' }
        : undefined,
    };
  }

  /** Removes a domain and its associations (as if it had been deleted outside the stack). */
  public removeDomain(name: string): void {
    this.domains.delete(name);
    for (const [key, a] of this.associations) {
      if (a.domainName === name) {
        this.associations.delete(key);
      }
    }
  }

  /** Marks a domain as applying a configuration change for `durationMs` (0 clears it). */
  public setChangeInProgress(domainName: string, durationMs: number): void {
    this.requireDomain(domainName).changeInProgressUntil = this.options.clock() + durationMs;
  }

  /** Adds a package, by default AVAILABLE at version v1. Returns its details. */
  public addPackage(seed: PackageSeed): PackageDetails {
    const type = seed.packageType ?? 'TXT-DICTIONARY';
    const id = seed.packageId ?? this.newPackageId(type);
    checkPackageId(id);
    checkPackageName(seed.packageName);
    if (this.packages.has(id)) {
      throw new Error(`Package ${id} already exists`);
    }
    const owner = seed.owner ?? (id.startsWith('G') ? 'AWS' : this.options.accountId);
    // Names are unique per owner: a seeded AWS-owned package may share its name with one of the account's.
    if ([...this.packages.values()].some(p => p.name === seed.packageName && p.owner === owner)) {
      throw new Error(`A package named ${seed.packageName} already exists`);
    }
    const now = this.options.clock();
    const versionSeeds = typeof seed.versions === 'number' || seed.versions === undefined
      ? Array.from({ length: seed.versions ?? 1 }, () => ({}) as PackageVersionSeed)
      : seed.versions;
    const record: PackageRecord = {
      id,
      name: seed.packageName,
      type,
      owner,
      engineVersion: seed.engineVersion,
      createdAt: now,
      lastUpdatedAt: now,
      description: seed.description,
      source: seed.source,
      versions: versionSeeds.map((v, i) => ({ version: v.version ?? `v${i + 1}`, commitMessage: v.commitMessage, createdAt: now })),
      settledStatus: seed.status ?? 'AVAILABLE',
      errorDetails: seed.errorDetails,
      timing: { associateDelayMs: seed.associateDelayMs, dissociateDelayMs: seed.dissociateDelayMs },
      plugin: seed.plugin ?? {},
    };
    this.packages.set(id, record);
    return this.packageDetails(record);
  }

  /** Overrides the association/dissociation delays of one package. */
  public setPackageTiming(packageId: string, timing: PackageTiming): void {
    const pkg = this.requirePackage(packageId);
    pkg.timing = { ...pkg.timing, ...timing };
  }

  /** Adds an association in any status, bypassing the API's rules. Returns its details. */
  public addAssociation(seed: AssociationSeed): DomainPackageDetails {
    this.settle();
    this.requireDomain(seed.domainName);
    const pkg = this.requirePackage(seed.packageId);
    const now = this.options.clock();
    const status = seed.status ?? 'ACTIVE';
    const record: AssociationRecord = {
      domainName: seed.domainName,
      packageId: pkg.id,
      status,
      version: seed.packageVersion ?? latestVersion(pkg)?.version,
      lastUpdated: now,
      errorDetails: seed.errorDetails,
    };
    if (status === 'ASSOCIATING') {
      record.transition = { kind: 'associate', endsAt: now + (seed.completesInMs ?? this.associateDelay(pkg)) };
    } else if (status === 'DISSOCIATING') {
      record.transition = { kind: 'dissociate', endsAt: now + (seed.completesInMs ?? this.dissociateDelay(pkg)) };
    }
    this.associations.set(associationKey(seed.domainName, pkg.id), record);
    return this.domainPackageDetails(record, pkg);
  }

  /** Adds `count` AVAILABLE dictionaries, each ACTIVE on the domain. Returns their ids. */
  public addFillerPackages(domainName: string, count: number, namePrefix = 'filler'): string[] {
    this.requireDomain(domainName);
    const ids: string[] = [];
    let n = 1;
    while (ids.length < count) {
      const name = `${namePrefix}-${n++}`;
      if (this.findPackageByName(name)) {
        continue;
      }
      const pkg = this.addPackage({ packageName: name });
      this.addAssociation({ domainName, packageId: pkg.PackageID });
      ids.push(pkg.PackageID);
    }
    return ids;
  }

  // ---------------------------------------------------------------- snapshots

  /** The association of a package with a domain as ListPackagesForDomain would show it, or undefined. */
  public association(domainName: string, packageId: string): DomainPackageDetails | undefined {
    this.settle();
    const a = this.associations.get(associationKey(domainName, packageId));
    const pkg = this.packages.get(packageId);
    return a && pkg ? this.domainPackageDetails(a, pkg) : undefined;
  }

  /** A package as DescribePackages would show it, or undefined. */
  public package(packageId: string): PackageDetails | undefined {
    this.settle();
    const pkg = this.packages.get(packageId);
    return pkg && this.packageDetails(pkg);
  }

  /** The S3 location a package was last created or updated from (CreatePackage does not read it). */
  public packageSource(packageId: string): PackageSource | undefined {
    const source = this.packages.get(packageId)?.source;
    return source && { ...source };
  }

  /** Names of all domains. */
  public domainNames(): string[] {
    return [...this.domains.keys()];
  }

  // ---------------------------------------------------------------- operations

  /** AssociatePackage: starts (or re-starts, for a newer version) an association. */
  public associate(domainName: string, packageId: string, request: AssociationRequestFields = {}): DomainPackageDetails {
    this.settle();
    const domain = this.requireDomain(domainName);
    const pkg = this.requirePackage(packageId);
    this.requireIdleDomain(domain);
    const version = this.requireAssociable(domain, pkg, request.prerequisites ?? [], []);
    const key = associationKey(domainName, packageId);
    const existing = this.associations.get(key);
    // Message as the service sends it when nothing would change.
    if (existing?.status === 'ACTIVE' && existing.version === version.version) {
      throw new ServiceError('ConflictException', 'Package is already in desired state');
    }
    // The model lists no LimitExceededException for AssociatePackage; a request over the quota is invalid (see README).
    if (!existing && this.countOnDomain(domainName) >= this.options.maxPackagesPerDomain) {
      throw validationError(`Domain ${domainName} already has the maximum of ${this.options.maxPackagesPerDomain} packages associated.`);
    }
    const now = this.options.clock();
    const record: AssociationRecord = existing ?? { domainName, packageId, status: 'ASSOCIATING', lastUpdated: now };
    record.status = 'ASSOCIATING';
    record.version = version.version;
    record.lastUpdated = now;
    record.errorDetails = undefined;
    record.transition = {
      kind: 'associate',
      endsAt: now + this.associateDelay(pkg),
      failure: this.faults.takeAssociationFailure(domainName, packageId),
    };
    record.prerequisites = request.prerequisites;
    record.configuration = request.configuration;
    this.associations.set(key, record);
    this.startBlueGreenFor(domain, pkg, record.transition.endsAt);
    return this.domainPackageDetails(record, pkg);
  }

  /**
   * AssociatePackages: the packages go to the domain in one change, prerequisites "before or
   * simultaneously" (PackageDetailsForAssociation in the API model). The batch ends when its slowest
   * package does.
   */
  public associateBatch(domainName: string, entries: readonly BatchAssociationInput[]): DomainPackageDetails[] {
    this.settle();
    const domain = this.requireDomain(domainName);
    const pkgs = entries.map(e => this.requirePackage(e.packageId));
    this.requireIdleDomain(domain);
    const batchIds = entries.map(e => e.packageId);
    const versions = entries.map((e, i) => this.requireAssociable(domain, pkgs[i], e.prerequisites ?? [], batchIds));
    const batchViews = entries.map((e, i) => ({ pkg: packageView(pkgs[i]), prerequisites: e.prerequisites ?? [] }));
    for (const pkg of pkgs) {
      const associated = [...this.associations.values()]
        .filter(a => a.domainName === domainName && a.status === 'ACTIVE' && a.prerequisites?.includes(pkg.id))
        .map(a => packageView(this.requirePackage(a.packageId)));
      const refusal = requirementRefusal(packageView(pkg), batchViews, associated);
      if (refusal) throw refusal;
    }
    const fresh = entries.filter(e => !this.associations.has(associationKey(domainName, e.packageId))).length;
    if (this.countOnDomain(domainName) + fresh > this.options.maxPackagesPerDomain) {
      throw validationError(`Domain ${domainName} would have more than the maximum of ${this.options.maxPackagesPerDomain} packages associated.`);
    }
    const now = this.options.clock();
    const endsAt = now + Math.max(...pkgs.map(pkg => this.associateDelay(pkg)));
    return entries.map((e, i) => {
      const key = associationKey(domainName, e.packageId);
      const record: AssociationRecord = this.associations.get(key) ?? { domainName, packageId: e.packageId, status: 'ASSOCIATING', lastUpdated: now };
      Object.assign(record, {
        status: 'ASSOCIATING',
        version: versions[i].version,
        lastUpdated: now,
        errorDetails: undefined,
        transition: { kind: 'associate', endsAt, failure: this.faults.takeAssociationFailure(domainName, e.packageId) },
        prerequisites: e.prerequisites,
        configuration: e.configuration,
      });
      this.associations.set(key, record);
      this.startBlueGreenFor(domain, pkgs[i], endsAt);
      return this.domainPackageDetails(record, pkgs[i]);
    });
  }

  /** DissociatePackages: every package leaves the domain in one change. */
  public dissociateBatch(domainName: string, packageIds: readonly string[]): DomainPackageDetails[] {
    this.settle();
    const domain = this.requireDomain(domainName);
    const pkgs = packageIds.map(id => this.requirePackage(id));
    this.requireIdleDomain(domain);
    for (const pkg of pkgs) this.requireDissociable(domain, pkg);
    const endsAt = this.options.clock() + Math.max(...pkgs.map(pkg => this.dissociateDelay(pkg)));
    return pkgs.map(pkg => this.startDissociation(domain, pkg, endsAt));
  }

  /** DissociatePackage: starts removing a package from a domain. */
  public dissociate(domainName: string, packageId: string): DomainPackageDetails {
    this.settle();
    const domain = this.requireDomain(domainName);
    const pkg = this.requirePackage(packageId);
    this.requireIdleDomain(domain);
    this.requireDissociable(domain, pkg);
    return this.startDissociation(domain, pkg, this.options.clock() + this.dissociateDelay(pkg));
  }

  private requireDissociable(domain: DomainRecord, pkg: PackageRecord): AssociationRecord {
    const record = this.associations.get(associationKey(domain.name, pkg.id));
    if (!record) {
      throw validationError('Package is not associated to this domain');
    }
    // "The package can't be in use with any OpenSearch index for the dissociation to succeed" (API_DissociatePackage.html).
    if (domain.usedByIndexes.has(pkg.id)) {
      throw new ServiceError('ConflictException', this.wording.packageInUse);
    }
    return record;
  }

  /**
   * Starts a dissociation. Dissociating a plugin "also removes any related configuration or license
   * packages" (custom plugins page): the associations naming it as prerequisite leave with it.
   */
  private startDissociation(domain: DomainRecord, pkg: PackageRecord, endsAt: number): DomainPackageDetails {
    const record = this.requireDissociable(domain, pkg);
    const leaving = [record];
    if (pkg.type === 'ZIP-PLUGIN') {
      leaving.push(...[...this.associations.values()].filter(a => a.domainName === domain.name && a.prerequisites?.includes(pkg.id)));
    }
    const now = this.options.clock();
    for (const a of leaving) {
      a.status = 'DISSOCIATING';
      a.lastUpdated = now;
      a.errorDetails = undefined;
      a.transition = { kind: 'dissociate', endsAt, failure: this.faults.takeDissociationFailure(domain.name, a.packageId) };
    }
    this.startBlueGreenFor(domain, pkg, endsAt);
    return this.domainPackageDetails(record, pkg);
  }

  /**
   * Installing or uninstalling a plugin is a blue/green deployment (custom plugins page): the domain
   * shows a configuration change until it ends, and refuses other changes meanwhile. Dictionaries,
   * licenses and configurations don't (the docs say so only of plugins).
   */
  private startBlueGreenFor(domain: DomainRecord, pkg: PackageRecord, endsAt: number): void {
    if (pkg.type === 'ZIP-PLUGIN') domain.changeInProgressUntil = Math.max(domain.changeInProgressUntil, endsAt);
  }

  /** The version a package would be associated at, once the package and its prerequisites allow it. */
  private requireAssociable(domain: DomainRecord, pkg: PackageRecord, prerequisites: readonly string[], batch: readonly string[]): VersionRecord {
    const status = this.packageStatus(pkg);
    const version = latestVersion(pkg);
    if (status !== 'AVAILABLE' || !version) {
      throw validationError(`Package ${pkg.id} is not in AVAILABLE state (current state: ${status}).`);
    }
    const views: PrerequisiteView[] = prerequisites.map(id => {
      const prerequisite = this.packages.get(id);
      return {
        id,
        pkg: prerequisite && packageView(prerequisite),
        status: batch.includes(id) ? 'BATCH' : this.associations.get(associationKey(domain.name, id))?.status,
      };
    });
    const refusal = engineRefusal(domain.name, domain.engineVersion, packageView(pkg)) ?? prerequisiteRefusal(domain.name, packageView(pkg), views);
    if (refusal) throw refusal;
    return version;
  }

  /** ListPackagesForDomain, unpaginated. */
  public packagesForDomain(domainName: string): DomainPackageDetails[] {
    this.settle();
    this.requireDomain(domainName);
    return this.associationDetails(a => a.domainName === domainName);
  }

  /** ListDomainsForPackage, unpaginated. */
  public domainsForPackage(packageId: string): DomainPackageDetails[] {
    this.settle();
    this.requirePackage(packageId);
    return this.associationDetails(a => a.packageId === packageId);
  }

  /** DescribePackages, unpaginated: filters are ANDed, the values of one filter ORed. */
  public describePackages(filters: readonly PackageFilter[]): PackageDetails[] {
    this.settle();
    const all = [...this.packages.values()].map(p => this.packageDetails(p));
    const found = all.filter(details => filters.every(f => {
      const actual = details[f.name];
      return actual !== undefined && f.values.some(v => globMatch(v, actual));
    }));
    // The reference lists ResourceNotFoundException without saying when; the emulator answers it for
    // a PackageID filter naming no package (without wildcards), and an empty list otherwise (see README).
    const byId = filters.find(f => f.name === 'PackageID' && f.values.every(v => !/[*?]/.test(v)));
    if (found.length === 0 && byId) {
      throw new ServiceError('ResourceNotFoundException', `Package not found: ${byId.values.join(', ')}`);
    }
    return found;
  }

  /** GetPackageVersionHistory, unpaginated, newest first. */
  public versionHistory(packageId: string): PackageVersionHistory[] {
    this.settle();
    const pkg = this.requirePackage(packageId);
    return [...pkg.versions].reverse().map(v => ({
      PackageVersion: v.version,
      CommitMessage: v.commitMessage,
      CreatedAt: epochSeconds(v.createdAt),
    }));
  }

  /** CreatePackage: records the package and starts copying/validating version v1. */
  public createPackage(input: CreatePackageInput): PackageDetails {
    this.settle();
    if (this.findPackageByName(input.packageName)) {
      throw new ServiceError('ResourceAlreadyExistsException', `Package with name ${input.packageName} already exists.`);
    }
    if (this.packages.size >= this.options.maxPackagesPerRegion) {
      throw new ServiceError('LimitExceededException',
        `You have reached the limit of ${this.options.maxPackagesPerRegion} packages in this Region.`);
    }
    const id = this.newPackageId(input.packageType);
    const now = this.options.clock();
    const record: PackageRecord = {
      id,
      name: input.packageName,
      type: input.packageType,
      owner: this.options.accountId,
      engineVersion: input.engineVersion,
      createdAt: now,
      lastUpdatedAt: now,
      description: input.description,
      source: input.source,
      versions: [],
      settledStatus: 'AVAILABLE',
      timing: {},
      plugin: input.plugin ?? {},
    };
    this.startProcessing(record, undefined);
    this.packages.set(id, record);
    return this.packageDetails(record);
  }

  /** UpdatePackage: starts copying/validating the next version. */
  public updatePackage(input: UpdatePackageInput): PackageDetails {
    this.settle();
    const pkg = this.requirePackage(input.packageId);
    const status = this.packageStatus(pkg);
    if (pkg.processing) {
      throw validationError(`Package ${pkg.id} is being processed (current state: ${status}). Please wait for it to complete.`);
    }
    pkg.source = input.source;
    if (input.description !== undefined) {
      pkg.description = input.description;
    }
    pkg.plugin = { ...pkg.plugin, ...withoutUndefined(input.plugin ?? {}) };
    this.startProcessing(pkg, input.commitMessage);
    return this.packageDetails(pkg);
  }

  /** DeletePackage: refused while the package is associated with any domain. */
  public deletePackage(packageId: string): PackageDetails {
    this.settle();
    const pkg = this.requirePackage(packageId);
    const domains = [...this.associations.values()].filter(a => a.packageId === packageId).map(a => a.domainName);
    if (domains.length > 0) {
      throw new ServiceError('ConflictException',
        `Package ${packageId} is associated with domain(s) ${domains.join(', ')}. Dissociate it before deleting it.`);
    }
    if (pkg.deletion) {
      throw new ServiceError('ConflictException', `Package ${packageId} is being deleted.`);
    }
    // The service deletes asynchronously: DELETING for a while, then gone (or DELETE_FAILED under a fault).
    pkg.deletion = { endsAt: this.options.clock() + this.options.deleteDelayMs, failure: this.faults.takeDeletionFailure(packageId) };
    this.settle();
    return { ...this.packageDetails(pkg), PackageStatus: 'DELETING' };
  }

  /** UpdatePackageScope: the rules are in package-scope.ts. */
  public updatePackageScope(request: PackageScopeRequest): { PackageID: string; Operation: string; PackageUserList: string[] } {
    this.settle();
    const pkg = this.requirePackage(request.packageId);
    const users = applyPackageScope({
      id: pkg.id,
      owner: pkg.owner,
      status: this.packageStatus(pkg),
      vendingEnabled: pkg.plugin.vending?.VendingEnabled === true,
      users: pkg.users ?? [],
    }, request, this.options.accountId);
    pkg.users = users;
    return { PackageID: pkg.id, Operation: request.operation, PackageUserList: [...users] };
  }

  // ---------------------------------------------------------------- internals

  /** Applies every transition whose end time has passed. */
  private settle(): void {
    const now = this.options.clock();
    for (const pkg of this.packages.values()) {
      settlePackage(pkg, now);
      if (pkg.deletion && now >= pkg.deletion.endsAt) {
        if (pkg.deletion.failure) {
          pkg.settledStatus = 'DELETE_FAILED';
          pkg.errorDetails = pkg.deletion.failure;
          pkg.deletion = undefined;
        } else {
          this.packages.delete(pkg.id);
        }
      }
    }
    for (const [key, a] of this.associations) {
      const t = a.transition;
      if (!t || now < t.endsAt) {
        continue;
      }
      a.transition = undefined;
      a.lastUpdated = t.endsAt;
      if (t.kind === 'associate') {
        a.status = t.failure ? 'ASSOCIATION_FAILED' : 'ACTIVE';
        a.errorDetails = t.failure;
      } else if (t.failure) {
        a.status = 'DISSOCIATION_FAILED';
        a.errorDetails = t.failure;
      } else {
        this.associations.delete(key);
      }
    }
  }

  private startProcessing(pkg: PackageRecord, commitMessage: string | undefined): void {
    const now = this.options.clock();
    const copiedAt = now + this.options.copyDelayMs;
    pkg.lastUpdatedAt = now;
    pkg.errorDetails = undefined;
    // A version that fails is never committed, so a retry reuses its label.
    const version = `v${pkg.versions.length + 1}`;
    const copyFailure = this.options.copySource?.(pkg.id, version, pkg.source);
    pkg.processing = {
      copiedAt,
      validatedAt: copiedAt + this.options.validateDelayMs,
      version: { version, commitMessage, createdAt: now },
      failure: copyFailure ? { stage: 'COPY', details: copyFailure } : this.faults.takePackageFailure(pkg.id, pkg.name),
    };
  }

  private packageStatus(pkg: PackageRecord): PackageStatus {
    if (pkg.deletion) {
      return 'DELETING';
    }
    if (!pkg.processing) {
      return pkg.settledStatus;
    }
    return this.options.clock() < pkg.processing.copiedAt ? 'COPYING' : 'VALIDATING';
  }

  /** Only one association/dissociation at a time per domain, and none during a configuration change. */
  private requireIdleDomain(domain: DomainRecord): void {
    if (this.options.clock() < domain.changeInProgressUntil) {
      throw validationError(this.wording.changeInProgress);
    }
    const busy = [...this.associations.values()].some(a => a.domainName === domain.name && a.transition);
    if (busy) {
      throw new ServiceError('ConflictException', this.wording.domainBusy);
    }
  }

  private requireDomain(name: string): DomainRecord {
    const domain = this.domains.get(name);
    if (!domain) {
      throw new ServiceError('ResourceNotFoundException', `Domain not found: ${name}`);
    }
    return domain;
  }

  private requirePackage(id: string): PackageRecord {
    const pkg = this.packages.get(id);
    if (!pkg) {
      throw new ServiceError('ResourceNotFoundException', `Package not found: ${id}`);
    }
    return pkg;
  }

  private findPackageByName(name: string): PackageRecord | undefined {
    return [...this.packages.values()].find(p => p.name === name);
  }

  private countOnDomain(domainName: string): number {
    return [...this.associations.values()].filter(a => a.domainName === domainName).length;
  }

  private associateDelay(pkg: PackageRecord): number {
    return pkg.timing.associateDelayMs ?? this.options.associateDelayMs;
  }

  private dissociateDelay(pkg: PackageRecord): number {
    return pkg.timing.dissociateDelayMs ?? this.options.dissociateDelayMs;
  }

  /** F + 9 digits for dictionaries (like real ids), pkg-<hex> for the newer package types. */
  private newPackageId(type: PackageType): string {
    for (;;) {
      const id = type === 'TXT-DICTIONARY' ? `F${randomInt(100_000_000, 1_000_000_000)}` : `pkg-${randomBytes(10).toString('hex')}`;
      if (!this.packages.has(id)) {
        return id;
      }
    }
  }

  private associationDetails(predicate: (a: AssociationRecord) => boolean): DomainPackageDetails[] {
    const result: DomainPackageDetails[] = [];
    for (const a of this.associations.values()) {
      const pkg = this.packages.get(a.packageId);
      if (pkg && predicate(a)) {
        result.push(this.domainPackageDetails(a, pkg));
      }
    }
    return result;
  }

  private domainPackageDetails(a: AssociationRecord, pkg: PackageRecord): DomainPackageDetails {
    return {
      PackageID: pkg.id,
      PackageName: pkg.name,
      PackageType: pkg.type,
      LastUpdated: epochSeconds(a.lastUpdated),
      DomainName: a.domainName,
      DomainPackageStatus: a.status,
      PackageVersion: a.version,
      // Dictionaries are mounted under analyzers/<id>; that path goes into synonyms_path & co.
      ReferencePath: pkg.type === 'TXT-DICTIONARY' ? `analyzers/${pkg.id}` : undefined,
      ErrorDetails: a.errorDetails && { ...a.errorDetails },
      PrerequisitePackageIDList: a.prerequisites && [...a.prerequisites],
      AssociationConfiguration: a.configuration,
    };
  }

  private packageDetails(pkg: PackageRecord): PackageDetails {
    return {
      PackageID: pkg.id,
      PackageName: pkg.name,
      PackageType: pkg.type,
      PackageDescription: pkg.description,
      PackageStatus: this.packageStatus(pkg),
      CreatedAt: epochSeconds(pkg.createdAt),
      LastUpdatedAt: epochSeconds(pkg.lastUpdatedAt),
      AvailablePackageVersion: latestVersion(pkg)?.version,
      ErrorDetails: pkg.errorDetails && { ...pkg.errorDetails },
      EngineVersion: pkg.engineVersion,
      PackageOwner: pkg.owner,
      AvailablePackageConfiguration: pkg.plugin.configuration,
      PackageEncryptionOptions: pkg.plugin.encryption,
      PackageVendingOptions: pkg.plugin.vending,
      AllowListedUserList: pkg.users && [...pkg.users],
    };
  }
}

/** Ends a package's processing if its end time has passed. */
function settlePackage(pkg: PackageRecord, now: number): void {
  const p = pkg.processing;
  if (!p) {
    return;
  }
  // A copy failure ends the processing early: validation never starts.
  const endsAt = p.failure?.stage === 'COPY' ? p.copiedAt : p.validatedAt;
  if (now < endsAt) {
    return;
  }
  pkg.processing = undefined;
  pkg.lastUpdatedAt = endsAt;
  if (p.failure) {
    pkg.settledStatus = p.failure.stage === 'COPY' ? 'COPY_FAILED' : 'VALIDATION_FAILED';
    pkg.errorDetails = p.failure.details;
  } else {
    pkg.versions.push(p.version);
    pkg.settledStatus = 'AVAILABLE';
    pkg.errorDetails = undefined;
  }
}

function packageView(pkg: PackageRecord): PackageView {
  return { id: pkg.id, type: pkg.type, engineVersion: pkg.engineVersion, configuration: pkg.plugin.configuration };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function latestVersion(pkg: PackageRecord): VersionRecord | undefined {
  return pkg.versions[pkg.versions.length - 1];
}

function associationKey(domainName: string, packageId: string): string {
  return `${domainName}/${packageId}`;
}

/** Filter values may use `*` (any run of characters) and `?` (one character), which the Value pattern allows. */
function globMatch(pattern: string, value: string): boolean {
  if (!/[*?]/.test(pattern)) {
    return pattern === value;
  }
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(value);
}
