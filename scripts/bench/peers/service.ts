import {
  AssociatePackageCommand, CreatePackageCommand, DescribePackagesCommand, DomainPackageDetails,
  ListPackagesForDomainCommand, OpenSearchClient, PackageDetails,
} from '@aws-sdk/client-opensearch';
import { VirtualClock } from './virtual-clock';

/**
 * What a waiting strategy works with: the virtual clock and the emulated service. Every call goes over
 * HTTP to the emulator and is charged to the virtual clock for as long as it really took.
 */
export class ServiceContext {
  /** Checks that found the resource not ready where the strategy, as published, would have failed. */
  public misses = 0;

  constructor(public readonly clock: VirtualClock, private readonly client: OpenSearchClient,
    /** Called with each package a strategy creates, so the bench can give it the trial's association time. */
    private readonly onPackageCreated: (packageId: string) => void) {}

  public associate(domainName: string, packageId: string): Promise<unknown> {
    return this.clock.real(() => this.client.send(new AssociatePackageCommand({ DomainName: domainName, PackageID: packageId })));
  }

  /** ListPackagesForDomain, every page, and the one entry for the package (undefined if not listed). */
  public async findAssociation(domainName: string, packageId: string): Promise<DomainPackageDetails | undefined> {
    let nextToken: string | undefined;
    do {
      const page = await this.clock.real(() => this.client.send(new ListPackagesForDomainCommand({ DomainName: domainName, NextToken: nextToken })));
      const found = page.DomainPackageDetailsList?.find((p) => p.PackageID === packageId);
      if (found) return found;
      nextToken = page.NextToken;
    } while (nextToken);
    return undefined;
  }

  public async createPackage(packageName: string, bucket: string, key: string): Promise<string> {
    const created = await this.clock.real(() => this.client.send(new CreatePackageCommand({
      PackageName: packageName, PackageType: 'TXT-DICTIONARY', PackageSource: { S3BucketName: bucket, S3Key: key },
    })));
    const packageId = created.PackageDetails!.PackageID!;
    this.packageCreated(packageId);
    return packageId;
  }

  /** Tells the bench a strategy created this package (directly or through a handler). */
  public packageCreated(packageId: string): void {
    this.onPackageCreated(packageId);
  }

  public async describePackage(packageId: string): Promise<PackageDetails | undefined> {
    const answer = await this.clock.real(() => this.client.send(new DescribePackagesCommand({ Filters: [{ Name: 'PackageID', Value: [packageId] }] })));
    return answer.PackageDetailsList?.[0];
  }
}

/** Where a file waits in S3 before any strategy turns it into a package. */
export interface FileSource {
  readonly bucket: string;
  readonly key: string;
  readonly packageName: string;
  /** An empty bucket for strategies that stage the file first (ours); the others ignore it. */
  readonly stagingBucket: string;
}

/** One waiting strategy: how it takes an association, and a file, to ACTIVE. */
export interface WaitingStrategy {
  readonly key: string;
  readonly label: string;
  /** Where its delays and intervals come from. */
  readonly source: string;
  /** From the request to the moment the strategy reports the association done. */
  associate(service: ServiceContext, domainName: string, packageId: string): Promise<void>;
  /** From a file already in S3 to the moment the strategy reports the package ACTIVE on the domain. */
  fileToActive(service: ServiceContext, file: FileSource, domainName: string): Promise<void>;
}

/** Thrown where a strategy, as published, gives up (the deployment fails). */
export class StrategyFailed extends Error {}

/** AssociatePackage as the peers send it: a refusal ends the strategy, as none of them retries it. */
export async function associateOrFail(service: ServiceContext, domainName: string, packageId: string): Promise<void> {
  try {
    await service.associate(domainName, packageId);
  } catch (error) {
    throw new StrategyFailed(`AssociatePackage refused: ${(error as Error).message}`);
  }
}
