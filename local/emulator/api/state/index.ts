/**
 * The emulated Region: domains, packages and package-domain associations, and the rules the
 * service applies to them. Each resource has its module (domains.ts, packages.ts,
 * associations.ts); EmulatorState composes them and settles before every read.
 *
 * Asynchronous work (package copy/validation, association, dissociation) is modelled as a
 * transition with an end time. Nothing runs in the background: every read first "settles" the
 * transitions whose end time has passed. So there are no timers to leak, and a status only
 * changes when somebody looks, exactly as a poller would see it.
 */
import type { FaultInjector } from '../../faults/faults';
import type { DomainPackageDetails, PackageDetails, PackageSource, PackageVersionHistory } from '../model';
import type { PackageScopeRequest } from '../package-scope';
import type { AssociationRequestFields } from '../plugins';
import { Associations, AssociationSeed, BatchAssociationInput, RefusalWording } from './associations';
import { Domains, DomainSeed, DomainStatus } from './domains';
import type { StateOptions } from './options';
import { CreatePackageInput, PackageFilter, Packages, PackageSeed, PackageTiming, UpdatePackageInput } from './packages';

export type { StateOptions } from './options';
export type { DomainSeed, DomainStatus } from './domains';
export type { CreatePackageInput, PackageFilter, PackageSeed, PackageTiming, PackageVersionSeed, UpdatePackageInput } from './packages';
export type { AssociationSeed, BatchAssociationInput, RefusalWording } from './associations';
export { DEFAULT_REFUSAL_WORDING } from './associations';

/** Domains, packages and associations of one emulated Region. */
export class EmulatorState {
  private readonly domains: Domains;
  private readonly packages: Packages;
  private readonly associations: Associations;

  constructor(private readonly options: StateOptions, faults: FaultInjector) {
    this.domains = new Domains(options);
    this.packages = new Packages(options, faults);
    this.associations = new Associations(options, faults, this.domains, this.packages);
  }

  // ---------------------------------------------------------------- seeding

  /** Adds a domain (the emulator cannot create domains through the API). */
  public addDomain(name: string, seed: DomainSeed = {}): void {
    this.domains.add(name, seed);
  }

  /** Overrides some refusal messages (the others keep their defaults). */
  public setRefusalWording(wording: Partial<RefusalWording>): void {
    this.associations.setRefusalWording(wording);
  }

  /** Records that an index on the domain uses the package, so DissociatePackage refuses it. */
  public markPackageInUse(domainName: string, packageId: string, indexName: string): void {
    const domain = this.domains.require(domainName);
    this.packages.require(packageId);
    this.domains.markPackageInUse(domain, packageId, indexName);
  }

  /** The index no longer uses the package (deleted or reindexed). */
  public markPackageUnused(domainName: string, packageId: string, indexName: string): void {
    this.domains.markPackageUnused(domainName, packageId, indexName);
  }

  /** DescribeDomain: the domain's status, processing while a configuration change is being applied. */
  public describeDomain(domainName: string): DomainStatus {
    return this.domains.describe(domainName);
  }

  /** Removes a domain and its associations (as if it had been deleted outside the stack). */
  public removeDomain(name: string): void {
    this.domains.remove(name);
    this.associations.removeDomain(name);
  }

  /** Marks a domain as applying a configuration change for `durationMs` (0 clears it). */
  public setChangeInProgress(domainName: string, durationMs: number): void {
    this.domains.setChangeInProgress(domainName, durationMs);
  }

  /** Adds a package, by default AVAILABLE at version v1. Returns its details. */
  public addPackage(seed: PackageSeed): PackageDetails {
    return this.packages.add(seed);
  }

  /** Overrides the association/dissociation delays of one package. */
  public setPackageTiming(packageId: string, timing: PackageTiming): void {
    this.packages.setTiming(packageId, timing);
  }

  /** Adds an association in any status, bypassing the API's rules. Returns its details. */
  public addAssociation(seed: AssociationSeed): DomainPackageDetails {
    this.settle();
    return this.associations.add(seed);
  }

  /** Adds `count` AVAILABLE dictionaries, each ACTIVE on the domain. Returns their ids. */
  public addFillerPackages(domainName: string, count: number, namePrefix = 'filler'): string[] {
    this.domains.require(domainName);
    const ids: string[] = [];
    let n = 1;
    while (ids.length < count) {
      const name = `${namePrefix}-${n++}`;
      if (this.packages.findByName(name)) {
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
    return this.associations.get(domainName, packageId);
  }

  /** A package as DescribePackages would show it, or undefined. */
  public package(packageId: string): PackageDetails | undefined {
    this.settle();
    const pkg = this.packages.get(packageId);
    return pkg && this.packages.details(pkg);
  }

  /** The S3 location a package was last created or updated from (CreatePackage does not read it). */
  public packageSource(packageId: string): PackageSource | undefined {
    return this.packages.source(packageId);
  }

  /** Names of all domains. */
  public domainNames(): string[] {
    return this.domains.names();
  }

  // ---------------------------------------------------------------- operations

  /** AssociatePackage: starts (or re-starts, for a newer version) an association. */
  public associate(domainName: string, packageId: string, request: AssociationRequestFields = {}): DomainPackageDetails {
    this.settle();
    return this.associations.associate(domainName, packageId, request);
  }

  /** AssociatePackages: see Associations.associateBatch. */
  public associateBatch(domainName: string, entries: readonly BatchAssociationInput[]): DomainPackageDetails[] {
    this.settle();
    return this.associations.associateBatch(domainName, entries);
  }

  /** DissociatePackages: every package leaves the domain in one change. */
  public dissociateBatch(domainName: string, packageIds: readonly string[]): DomainPackageDetails[] {
    this.settle();
    return this.associations.dissociateBatch(domainName, packageIds);
  }

  /** DissociatePackage: starts removing a package from a domain. */
  public dissociate(domainName: string, packageId: string): DomainPackageDetails {
    this.settle();
    return this.associations.dissociate(domainName, packageId);
  }

  /** ListPackagesForDomain, unpaginated. */
  public packagesForDomain(domainName: string): DomainPackageDetails[] {
    this.settle();
    return this.associations.packagesForDomain(domainName);
  }

  /** ListDomainsForPackage, unpaginated. */
  public domainsForPackage(packageId: string): DomainPackageDetails[] {
    this.settle();
    return this.associations.domainsForPackage(packageId);
  }

  /** DescribePackages, unpaginated: filters are ANDed, the values of one filter ORed. */
  public describePackages(filters: readonly PackageFilter[]): PackageDetails[] {
    this.settle();
    return this.packages.describe(filters);
  }

  /** GetPackageVersionHistory, unpaginated, newest first. */
  public versionHistory(packageId: string): PackageVersionHistory[] {
    this.settle();
    return this.packages.versionHistory(packageId);
  }

  /** CreatePackage: records the package and starts copying/validating version v1. */
  public createPackage(input: CreatePackageInput): PackageDetails {
    this.settle();
    return this.packages.create(input);
  }

  /** UpdatePackage: starts copying/validating the next version. */
  public updatePackage(input: UpdatePackageInput): PackageDetails {
    this.settle();
    return this.packages.update(input);
  }

  /** DeletePackage: refused while the package is associated with any domain. */
  public deletePackage(packageId: string): PackageDetails {
    this.settle();
    const pkg = this.packages.startDeletion(packageId, this.associations.domainsOf(packageId));
    this.settle();
    return { ...this.packages.details(pkg), PackageStatus: 'DELETING' };
  }

  /** UpdatePackageScope: the rules are in package-scope.ts. */
  public updatePackageScope(request: PackageScopeRequest): { PackageID: string; Operation: string; PackageUserList: string[] } {
    this.settle();
    return this.packages.updateScope(request);
  }

  /** Applies every transition whose end time has passed. */
  private settle(): void {
    const now = this.options.clock();
    this.packages.settle(now);
    this.associations.settle(now);
  }
}
