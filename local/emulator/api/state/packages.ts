/**
 * The emulated Region's packages: seeding, versions, processing (COPYING -> VALIDATING ->
 * AVAILABLE or a failure), DescribePackages, UpdatePackageScope and deletion.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { FaultInjector, PackageFailure } from '../../faults/faults';
import { ServiceError, validationError } from '../errors';
import {
  epochSeconds, ErrorDetails, PackageConfiguration, PackageDetails, PackageSource, PackageStatus, PackageVersionHistory,
  PluginPackageFields, PluginProperties,
} from '../model';
import { applyPackageScope, PackageScopeRequest } from '../package-scope';
import type { PackageView } from '../plugins';
import { checkPackageId, checkPackageName, PackageType } from '../validation';
import type { StateOptions } from './options';

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
  /** What the service read from the plugin's descriptor, for every seeded version (ZIP-PLUGIN only). */
  readonly pluginProperties?: PluginProperties;
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

export interface VersionRecord {
  readonly version: string;
  readonly commitMessage?: string;
  readonly createdAt: number;
  /** The plugin configuration this version was made with (PackageVersionHistory.PackageConfiguration). */
  readonly configuration?: PackageConfiguration;
  /** What the service read from a plugin's descriptor (PluginProperties), set when the version is AVAILABLE. */
  readonly pluginProperties?: PluginProperties;
}

/** A creation or update being copied from S3 and validated. */
interface Processing {
  readonly copiedAt: number;
  readonly validatedAt: number;
  readonly version: VersionRecord;
  readonly failure?: PackageFailure;
}

export interface PackageRecord {
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

/** The packages of one emulated Region. Callers settle (see EmulatorState) before they read. */
export class Packages {
  // Maps keep insertion order, which gives every listing a stable order across pages.
  private readonly records = new Map<string, PackageRecord>();

  constructor(private readonly options: StateOptions, private readonly faults: FaultInjector) {}

  /** Adds a package, by default AVAILABLE at version v1. Returns its details. */
  public add(seed: PackageSeed): PackageDetails {
    const type = seed.packageType ?? 'TXT-DICTIONARY';
    const id = seed.packageId ?? this.newPackageId(type);
    checkPackageId(id);
    checkPackageName(seed.packageName);
    if (this.records.has(id)) {
      throw new Error(`Package ${id} already exists`);
    }
    const owner = seed.owner ?? (id.startsWith('G') ? 'AWS' : this.options.accountId);
    // Names are unique per owner: a seeded AWS-owned package may share its name with one of the account's.
    if ([...this.records.values()].some(p => p.name === seed.packageName && p.owner === owner)) {
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
      versions: versionSeeds.map((v, i) => ({
        version: v.version ?? `v${i + 1}`,
        commitMessage: v.commitMessage,
        createdAt: now,
        configuration: seed.plugin?.configuration,
        pluginProperties: type === 'ZIP-PLUGIN' ? seed.pluginProperties : undefined,
      })),
      settledStatus: seed.status ?? 'AVAILABLE',
      errorDetails: seed.errorDetails,
      timing: { associateDelayMs: seed.associateDelayMs, dissociateDelayMs: seed.dissociateDelayMs },
      plugin: seed.plugin ?? {},
    };
    this.records.set(id, record);
    return this.details(record);
  }

  /** Overrides the association/dissociation delays of one package. */
  public setTiming(packageId: string, timing: PackageTiming): void {
    const pkg = this.require(packageId);
    pkg.timing = { ...pkg.timing, ...timing };
  }

  /** The S3 location a package was last created or updated from (CreatePackage does not read it). */
  public source(packageId: string): PackageSource | undefined {
    const source = this.records.get(packageId)?.source;
    return source && { ...source };
  }

  /** DescribePackages, unpaginated: filters are ANDed, the values of one filter ORed. */
  public describe(filters: readonly PackageFilter[]): PackageDetails[] {
    const all = [...this.records.values()].map(p => this.details(p));
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
    const pkg = this.require(packageId);
    return [...pkg.versions].reverse().map(v => ({
      PackageVersion: v.version,
      CommitMessage: v.commitMessage,
      CreatedAt: epochSeconds(v.createdAt),
      PluginProperties: v.pluginProperties && { ...v.pluginProperties },
      PackageConfiguration: v.configuration && { ...v.configuration },
    }));
  }

  /** CreatePackage: records the package and starts copying/validating version v1. */
  public create(input: CreatePackageInput): PackageDetails {
    if (this.findByName(input.packageName)) {
      throw new ServiceError('ResourceAlreadyExistsException', `Package with name ${input.packageName} already exists.`);
    }
    // The quota is on custom packages: AWS-owned packages (owner AWS) are not the account's.
    const custom = [...this.records.values()].filter(p => p.owner === this.options.accountId).length;
    if (custom >= this.options.maxPackagesPerRegion) {
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
      plugin: { ...input.plugin, configuration: undefined },
    };
    this.startProcessing(record, undefined, input.plugin?.configuration);
    this.records.set(id, record);
    return this.details(record);
  }

  /** UpdatePackage: starts copying/validating the next version. */
  public update(input: UpdatePackageInput): PackageDetails {
    const pkg = this.require(input.packageId);
    this.requireOwned(pkg, 'update');
    const status = this.status(pkg);
    if (pkg.deletion) {
      throw validationError(`Package ${pkg.id} is being deleted (current state: ${status}): it can't be updated.`);
    }
    if (pkg.processing) {
      throw validationError(`Package ${pkg.id} is being processed (current state: ${status}). Please wait for it to complete.`);
    }
    pkg.source = input.source;
    if (input.description !== undefined) {
      pkg.description = input.description;
    }
    // The configuration belongs to the new version: AvailablePackageConfiguration shows it once that version is AVAILABLE.
    const { configuration, ...rest } = input.plugin ?? {};
    pkg.plugin = { ...pkg.plugin, ...withoutUndefined(rest) };
    this.startProcessing(pkg, input.commitMessage, configuration ?? pkg.plugin.configuration);
    return this.details(pkg);
  }

  /**
   * DeletePackage: refused while the package is associated with any domain (`associatedDomains`).
   * Starts the deletion; the caller settles and reads the package back.
   */
  public startDeletion(packageId: string, associatedDomains: readonly string[]): PackageRecord {
    const pkg = this.require(packageId);
    this.requireOwned(pkg, 'delete');
    if (associatedDomains.length > 0) {
      throw new ServiceError('ConflictException',
        `Package ${packageId} is associated with domain(s) ${associatedDomains.join(', ')}. Dissociate it before deleting it.`);
    }
    if (pkg.deletion) {
      throw new ServiceError('ConflictException', `Package ${packageId} is being deleted.`);
    }
    if (pkg.processing) {
      throw new ServiceError('ConflictException', `Package ${packageId} is being processed (current state: ${this.status(pkg)}). Please wait for it to complete.`);
    }
    // The service deletes asynchronously: DELETING for a while, then gone (or DELETE_FAILED under a fault).
    pkg.deletion = { endsAt: this.options.clock() + this.options.deleteDelayMs, failure: this.faults.takeDeletionFailure(packageId) };
    return pkg;
  }

  /** UpdatePackageScope: the rules are in package-scope.ts. */
  public updateScope(request: PackageScopeRequest): { PackageID: string; Operation: string; PackageUserList: string[] } {
    const pkg = this.require(request.packageId);
    const users = applyPackageScope({
      id: pkg.id,
      owner: pkg.owner,
      status: this.status(pkg),
      vendingEnabled: pkg.plugin.vending?.VendingEnabled === true,
      users: pkg.users ?? [],
    }, request, this.options.accountId);
    pkg.users = users;
    return { PackageID: pkg.id, Operation: request.operation, PackageUserList: [...users] };
  }

  /** Ends the processing and deletions whose end time has passed. */
  public settle(now: number): void {
    for (const pkg of this.records.values()) {
      settlePackage(pkg, now, this.options.readPluginProperties);
      if (pkg.deletion && now >= pkg.deletion.endsAt) {
        if (pkg.deletion.failure) {
          pkg.settledStatus = 'DELETE_FAILED';
          pkg.errorDetails = pkg.deletion.failure;
          pkg.deletion = undefined;
        } else {
          this.records.delete(pkg.id);
        }
      }
    }
  }

  public status(pkg: PackageRecord): PackageStatus {
    if (pkg.deletion) {
      return 'DELETING';
    }
    if (!pkg.processing) {
      return pkg.settledStatus;
    }
    return this.options.clock() < pkg.processing.copiedAt ? 'COPYING' : 'VALIDATING';
  }

  public get(id: string): PackageRecord | undefined {
    return this.records.get(id);
  }

  public require(id: string): PackageRecord {
    const pkg = this.records.get(id);
    if (!pkg) {
      throw new ServiceError('ResourceNotFoundException', `Package not found: ${id}`);
    }
    return pkg;
  }

  public findByName(name: string): PackageRecord | undefined {
    return [...this.records.values()].find(p => p.name === name);
  }

  public associateDelay(pkg: PackageRecord): number {
    return pkg.timing.associateDelayMs ?? this.options.associateDelayMs;
  }

  public dissociateDelay(pkg: PackageRecord): number {
    return pkg.timing.dissociateDelayMs ?? this.options.dissociateDelayMs;
  }

  public details(pkg: PackageRecord): PackageDetails {
    return {
      PackageID: pkg.id,
      PackageName: pkg.name,
      PackageType: pkg.type,
      PackageDescription: pkg.description,
      PackageStatus: this.status(pkg),
      CreatedAt: epochSeconds(pkg.createdAt),
      LastUpdatedAt: epochSeconds(pkg.lastUpdatedAt),
      AvailablePackageVersion: latestVersion(pkg)?.version,
      ErrorDetails: pkg.errorDetails && { ...pkg.errorDetails },
      EngineVersion: pkg.engineVersion,
      PackageOwner: pkg.owner,
      AvailablePluginProperties: latestVersion(pkg)?.pluginProperties,
      AvailablePackageConfiguration: pkg.plugin.configuration,
      PackageEncryptionOptions: pkg.plugin.encryption,
      PackageVendingOptions: pkg.plugin.vending,
      AllowListedUserList: pkg.users && [...pkg.users],
    };
  }

  /** Only the owner may update or delete a package ("PackageOwner": the one allowed to create and update it, API model). */
  private requireOwned(pkg: PackageRecord, action: 'update' | 'delete'): void {
    if (pkg.owner !== this.options.accountId) {
      throw new ServiceError('AccessDeniedException', `Package ${pkg.id} is owned by ${pkg.owner}: only its owner can ${action} it.`);
    }
  }

  private startProcessing(pkg: PackageRecord, commitMessage: string | undefined, configuration: PackageConfiguration | undefined): void {
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
      version: { version, commitMessage, createdAt: now, configuration },
      failure: copyFailure ? { stage: 'COPY', details: copyFailure } : this.faults.takePackageFailure(pkg.id, pkg.name),
    };
  }

  /** F + 9 digits for dictionaries (like real ids), pkg-<hex> for the newer package types. */
  private newPackageId(type: PackageType): string {
    for (;;) {
      const id = type === 'TXT-DICTIONARY' ? `F${randomInt(100_000_000, 1_000_000_000)}` : `pkg-${randomBytes(10).toString('hex')}`;
      if (!this.records.has(id)) {
        return id;
      }
    }
  }
}

/** Ends a package's processing if its end time has passed. */
function settlePackage(pkg: PackageRecord, now: number, readPluginProperties: StateOptions['readPluginProperties']): void {
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
    // Validation reads a plugin's descriptor: what it found is the version's PluginProperties.
    const pluginProperties = pkg.type === 'ZIP-PLUGIN' ? readPluginProperties?.(pkg.id, p.version.version) : undefined;
    pkg.versions.push({ ...p.version, pluginProperties });
    pkg.plugin = { ...pkg.plugin, configuration: p.version.configuration };
    pkg.settledStatus = 'AVAILABLE';
    pkg.errorDetails = undefined;
  }
}

export function packageView(pkg: PackageRecord): PackageView {
  return { id: pkg.id, type: pkg.type, engineVersion: pkg.engineVersion, configuration: pkg.plugin.configuration };
}

export function latestVersion(pkg: PackageRecord): VersionRecord | undefined {
  return pkg.versions[pkg.versions.length - 1];
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Filter values may use `*` (any run of characters) and `?` (one character), which the Value pattern allows. */
function globMatch(pattern: string, value: string): boolean {
  if (!/[*?]/.test(pattern)) {
    return pattern === value;
  }
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(value);
}
