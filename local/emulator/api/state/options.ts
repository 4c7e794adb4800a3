import type { ErrorDetails, PackageSource, PluginProperties } from '../model';

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
  /** What a plugin version's descriptor says (PluginProperties), read once the version validates; undefined when unreadable. */
  readonly readPluginProperties?: (packageId: string, version: string) => PluginProperties | undefined;
}
