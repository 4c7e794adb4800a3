/**
 * The emulated Region's package-domain associations: ASSOCIATING/DISSOCIATING transitions,
 * prerequisites, the per-domain quota and one package operation per domain at a time.
 */
import type { FaultInjector } from '../../faults/faults';
import { CHANGE_IN_PROGRESS_MESSAGE, ServiceError, validationError } from '../errors';
import { AssociationConfiguration, DomainPackageDetails, DomainPackageStatus, epochSeconds, ErrorDetails } from '../model';
import {
  AssociationRequestFields, engineRefusal, prerequisiteRefusal, PrerequisiteView, requirementRefusal,
} from '../plugins';
import type { DomainRecord, Domains } from './domains';
import type { StateOptions } from './options';
import { latestVersion, PackageRecord, Packages, packageView, VersionRecord } from './packages';

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

/** One entry of AssociatePackages. */
export interface BatchAssociationInput extends AssociationRequestFields {
  readonly packageId: string;
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

/** The associations of one emulated Region. Callers settle (see EmulatorState) before they read. */
export class Associations {
  // Maps keep insertion order, which gives every listing a stable order across pages.
  private readonly records = new Map<string, AssociationRecord>();
  private wording: RefusalWording = DEFAULT_REFUSAL_WORDING;

  constructor(
    private readonly options: StateOptions,
    private readonly faults: FaultInjector,
    private readonly domains: Domains,
    private readonly packages: Packages,
  ) {}

  /** Overrides some refusal messages (the others keep their defaults). */
  public setRefusalWording(wording: Partial<RefusalWording>): void {
    this.wording = { ...DEFAULT_REFUSAL_WORDING, ...wording };
  }

  /** Adds an association in any status, bypassing the API's rules. Returns its details. */
  public add(seed: AssociationSeed): DomainPackageDetails {
    this.domains.require(seed.domainName);
    const pkg = this.packages.require(seed.packageId);
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
      record.transition = { kind: 'associate', endsAt: now + (seed.completesInMs ?? this.packages.associateDelay(pkg)) };
    } else if (status === 'DISSOCIATING') {
      record.transition = { kind: 'dissociate', endsAt: now + (seed.completesInMs ?? this.packages.dissociateDelay(pkg)) };
    }
    this.records.set(associationKey(seed.domainName, pkg.id), record);
    return domainPackageDetails(record, pkg);
  }

  /** The association of a package with a domain as ListPackagesForDomain would show it, or undefined. */
  public get(domainName: string, packageId: string): DomainPackageDetails | undefined {
    const a = this.records.get(associationKey(domainName, packageId));
    const pkg = this.packages.get(packageId);
    return a && pkg ? domainPackageDetails(a, pkg) : undefined;
  }

  /** The domains a package is associated with, in any status. */
  public domainsOf(packageId: string): string[] {
    return [...this.records.values()].filter(a => a.packageId === packageId).map(a => a.domainName);
  }

  /** Removes the associations of a removed domain. */
  public removeDomain(name: string): void {
    for (const [key, a] of this.records) {
      if (a.domainName === name) {
        this.records.delete(key);
      }
    }
  }

  /** AssociatePackage: starts (or re-starts, for a newer version) an association. */
  public associate(domainName: string, packageId: string, request: AssociationRequestFields = {}): DomainPackageDetails {
    const domain = this.domains.require(domainName);
    const pkg = this.packages.require(packageId);
    this.requireIdleDomain(domain);
    const version = this.requireAssociable(domain, pkg, request.prerequisites ?? [], []);
    const key = associationKey(domainName, packageId);
    const existing = this.records.get(key);
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
      endsAt: now + this.packages.associateDelay(pkg),
      failure: this.faults.takeAssociationFailure(domainName, packageId),
    };
    record.prerequisites = request.prerequisites;
    record.configuration = request.configuration;
    this.records.set(key, record);
    startBlueGreenFor(domain, pkg, record.transition.endsAt);
    return domainPackageDetails(record, pkg);
  }

  /**
   * AssociatePackages: the packages go to the domain in one change, prerequisites "before or
   * simultaneously" (PackageDetailsForAssociation in the API model). The batch ends when its slowest
   * package does.
   */
  public associateBatch(domainName: string, entries: readonly BatchAssociationInput[]): DomainPackageDetails[] {
    const domain = this.domains.require(domainName);
    const pkgs = entries.map(e => this.packages.require(e.packageId));
    this.requireIdleDomain(domain);
    const batchIds = entries.map(e => e.packageId);
    const versions = entries.map((e, i) => this.requireAssociable(domain, pkgs[i], e.prerequisites ?? [], batchIds));
    // Our choice (README): an entry already ACTIVE at the version it would get is refused as the single
    // call refuses it, so a batch never changes an installed package's prerequisites or configuration.
    const settled = entries.find((e, i) => {
      const existing = this.records.get(associationKey(domainName, e.packageId));
      return existing?.status === 'ACTIVE' && existing.version === versions[i].version;
    });
    if (settled) {
      throw new ServiceError('ConflictException', `Package ${settled.packageId} is already in desired state`);
    }
    const batchViews = entries.map((e, i) => ({ pkg: packageView(pkgs[i]), prerequisites: e.prerequisites ?? [] }));
    for (const pkg of pkgs) {
      const associated = [...this.records.values()]
        .filter(a => a.domainName === domainName && a.status === 'ACTIVE' && a.prerequisites?.includes(pkg.id))
        .map(a => packageView(this.packages.require(a.packageId)));
      const refusal = requirementRefusal(packageView(pkg), batchViews, associated);
      if (refusal) throw refusal;
    }
    const fresh = entries.filter(e => !this.records.has(associationKey(domainName, e.packageId))).length;
    if (this.countOnDomain(domainName) + fresh > this.options.maxPackagesPerDomain) {
      throw validationError(`Domain ${domainName} would have more than the maximum of ${this.options.maxPackagesPerDomain} packages associated.`);
    }
    const now = this.options.clock();
    const endsAt = now + Math.max(...pkgs.map(pkg => this.packages.associateDelay(pkg)));
    return entries.map((e, i) => {
      const key = associationKey(domainName, e.packageId);
      const record: AssociationRecord = this.records.get(key) ?? { domainName, packageId: e.packageId, status: 'ASSOCIATING', lastUpdated: now };
      Object.assign(record, {
        status: 'ASSOCIATING',
        version: versions[i].version,
        lastUpdated: now,
        errorDetails: undefined,
        transition: { kind: 'associate', endsAt, failure: this.faults.takeAssociationFailure(domainName, e.packageId) },
        prerequisites: e.prerequisites,
        configuration: e.configuration,
      });
      this.records.set(key, record);
      startBlueGreenFor(domain, pkgs[i], endsAt);
      return domainPackageDetails(record, pkgs[i]);
    });
  }

  /** DissociatePackages: every package leaves the domain in one change. */
  public dissociateBatch(domainName: string, packageIds: readonly string[]): DomainPackageDetails[] {
    const domain = this.domains.require(domainName);
    const pkgs = packageIds.map(id => this.packages.require(id));
    this.requireIdleDomain(domain);
    for (const pkg of pkgs) this.requireDissociable(domain, pkg);
    const endsAt = this.options.clock() + Math.max(...pkgs.map(pkg => this.packages.dissociateDelay(pkg)));
    return pkgs.map(pkg => this.startDissociation(domain, pkg, endsAt));
  }

  /** DissociatePackage: starts removing a package from a domain. */
  public dissociate(domainName: string, packageId: string): DomainPackageDetails {
    const domain = this.domains.require(domainName);
    const pkg = this.packages.require(packageId);
    this.requireIdleDomain(domain);
    this.requireDissociable(domain, pkg);
    return this.startDissociation(domain, pkg, this.options.clock() + this.packages.dissociateDelay(pkg));
  }

  /** ListPackagesForDomain, unpaginated. */
  public packagesForDomain(domainName: string): DomainPackageDetails[] {
    this.domains.require(domainName);
    return this.details(a => a.domainName === domainName);
  }

  /** ListDomainsForPackage, unpaginated. */
  public domainsForPackage(packageId: string): DomainPackageDetails[] {
    this.packages.require(packageId);
    return this.details(a => a.packageId === packageId);
  }

  /** Ends the associations and dissociations whose end time has passed. */
  public settle(now: number): void {
    for (const [key, a] of this.records) {
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
        this.records.delete(key);
      }
    }
  }

  private requireDissociable(domain: DomainRecord, pkg: PackageRecord): AssociationRecord {
    const record = this.records.get(associationKey(domain.name, pkg.id));
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
      leaving.push(...[...this.records.values()].filter(a => a.domainName === domain.name && a.prerequisites?.includes(pkg.id)));
    }
    const now = this.options.clock();
    for (const a of leaving) {
      a.status = 'DISSOCIATING';
      a.lastUpdated = now;
      a.errorDetails = undefined;
      a.transition = { kind: 'dissociate', endsAt, failure: this.faults.takeDissociationFailure(domain.name, a.packageId) };
    }
    startBlueGreenFor(domain, pkg, endsAt);
    return domainPackageDetails(record, pkg);
  }

  /** The version a package would be associated at, once the package and its prerequisites allow it. */
  private requireAssociable(domain: DomainRecord, pkg: PackageRecord, prerequisites: readonly string[], batch: readonly string[]): VersionRecord {
    const status = this.packages.status(pkg);
    const version = latestVersion(pkg);
    if (status !== 'AVAILABLE' || !version) {
      throw validationError(`Package ${pkg.id} is not in AVAILABLE state (current state: ${status}).`);
    }
    const views: PrerequisiteView[] = prerequisites.map(id => {
      const prerequisite = this.packages.get(id);
      return {
        id,
        pkg: prerequisite && packageView(prerequisite),
        status: batch.includes(id) ? 'BATCH' : this.records.get(associationKey(domain.name, id))?.status,
      };
    });
    const refusal = engineRefusal(domain.name, domain.engineVersion, packageView(pkg)) ?? prerequisiteRefusal(domain.name, packageView(pkg), views);
    if (refusal) throw refusal;
    return version;
  }

  /** Only one association/dissociation at a time per domain, and none during a configuration change. */
  private requireIdleDomain(domain: DomainRecord): void {
    if (this.options.clock() < domain.changeInProgressUntil) {
      throw validationError(this.wording.changeInProgress);
    }
    const busy = [...this.records.values()].some(a => a.domainName === domain.name && a.transition);
    if (busy) {
      throw new ServiceError('ConflictException', this.wording.domainBusy);
    }
  }

  private countOnDomain(domainName: string): number {
    return [...this.records.values()].filter(a => a.domainName === domainName).length;
  }

  private details(predicate: (a: AssociationRecord) => boolean): DomainPackageDetails[] {
    const result: DomainPackageDetails[] = [];
    for (const a of this.records.values()) {
      const pkg = this.packages.get(a.packageId);
      if (pkg && predicate(a)) {
        result.push(domainPackageDetails(a, pkg));
      }
    }
    return result;
  }
}

/**
 * Installing or uninstalling a plugin is a blue/green deployment (custom plugins page): the domain
 * shows a configuration change until it ends, and refuses other changes meanwhile. Dictionaries,
 * licenses and configurations don't (the docs say so only of plugins).
 */
function startBlueGreenFor(domain: DomainRecord, pkg: PackageRecord, endsAt: number): void {
  if (pkg.type === 'ZIP-PLUGIN') domain.changeInProgressUntil = Math.max(domain.changeInProgressUntil, endsAt);
}

function domainPackageDetails(a: AssociationRecord, pkg: PackageRecord): DomainPackageDetails {
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

function associationKey(domainName: string, packageId: string): string {
  return `${domainName}/${packageId}`;
}
