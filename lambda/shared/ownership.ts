/**
 * A handler acts only on what its own resource owns. CloudFormation never sends an event whose
 * physical id disagrees with the resource's properties, but anything allowed to invoke the
 * functions could, and the package actions stand on `*` in IAM: these checks are the last line
 * of defence against acting as a confused deputy. A mismatch fails, naming both, before any change.
 */
import { echo } from './errors';

/** Which properties of the event the physical id was compared with. */
export type PropertiesRole = 'properties' | 'old properties';

/** Fails unless the association's physical id names the pair its properties name. */
export function assertOwnsAssociation(
  action: string,
  physicalId: string,
  owned: { readonly domainName: string; readonly packageId: string },
  properties: Record<string, unknown> | undefined,
  role: PropertiesRole,
): void {
  const domainName = properties?.DomainName;
  const packageId = properties?.PackageId;
  if (domainName === owned.domainName && packageId === owned.packageId) {
    return;
  }
  throw new Error(`Refusing to ${action}: physical id ${echo(physicalId)} names package ${echo(owned.packageId)} on domain `
    + `${echo(owned.domainName)}, but the resource's ${role} name package ${echo(packageId)} on domain ${echo(domainName)}; `
    + 'nothing was changed');
}

/**
 * Fails unless the package the physical id names carries the name the resource was created with.
 * Package names are unique in a Region and fixed for a package's life, so the name ties the id to
 * the resource.
 */
export function assertOwnsPackage(
  action: string,
  packageId: string,
  currentName: string | undefined,
  properties: Record<string, unknown> | undefined,
  role: PropertiesRole,
): void {
  const expectedName = properties?.PackageName;
  if (currentName !== undefined && currentName === expectedName) {
    return;
  }
  throw new Error(`Refusing to ${action} package ${echo(packageId)}: its name is ${echo(currentName ?? 'unknown')}, but the `
    + `resource's ${role} name ${echo(expectedName)}; nothing was changed`);
}
