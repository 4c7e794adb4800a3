/** The emulated Region's domains: seeding, DescribeDomain, configuration changes, packages in use by indexes. */
import { ServiceError } from '../errors';
import { checkDomainName } from '../validation';
import type { StateOptions } from './options';

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

export interface DomainRecord {
  readonly name: string;
  readonly engineVersion?: string;
  changeInProgressUntil: number;
  /** Packages an index on the domain uses, with the index names: DissociatePackage refuses them. */
  readonly usedByIndexes: Map<string, Set<string>>;
}

/** The domains of one emulated Region. */
export class Domains {
  private readonly records = new Map<string, DomainRecord>();

  constructor(private readonly options: StateOptions) {}

  /** Adds a domain (the emulator cannot create domains through the API). */
  public add(name: string, seed: DomainSeed = {}): void {
    checkDomainName(name);
    if (this.records.has(name)) {
      throw new Error(`Domain ${name} already exists`);
    }
    this.records.set(name, { name, engineVersion: seed.engineVersion, changeInProgressUntil: 0, usedByIndexes: new Map() });
  }

  /** Records that an index on the domain uses the package, so DissociatePackage refuses it. */
  public markPackageInUse(domain: DomainRecord, packageId: string, indexName: string): void {
    const indexes = domain.usedByIndexes.get(packageId) ?? new Set<string>();
    indexes.add(indexName);
    domain.usedByIndexes.set(packageId, indexes);
  }

  /** The index no longer uses the package (deleted or reindexed). */
  public markPackageUnused(domainName: string, packageId: string, indexName: string): void {
    const indexes = this.require(domainName).usedByIndexes.get(packageId);
    indexes?.delete(indexName);
    if (indexes?.size === 0) this.require(domainName).usedByIndexes.delete(packageId);
  }

  /** DescribeDomain: the domain's status, processing while a configuration change is being applied. */
  public describe(domainName: string): DomainStatus {
    const domain = this.require(domainName);
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

  /** Removes a domain (its associations are the caller's to remove). */
  public remove(name: string): void {
    this.records.delete(name);
  }

  /** Marks a domain as applying a configuration change for `durationMs` (0 clears it). */
  public setChangeInProgress(domainName: string, durationMs: number): void {
    this.require(domainName).changeInProgressUntil = this.options.clock() + durationMs;
  }

  /** Names of all domains. */
  public names(): string[] {
    return [...this.records.keys()];
  }

  public require(name: string): DomainRecord {
    const domain = this.records.get(name);
    if (!domain) {
      throw new ServiceError('ResourceNotFoundException', `Domain not found: ${name}`);
    }
    return domain;
  }
}
