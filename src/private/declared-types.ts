import { IConstruct } from 'constructs';

/**
 * The package type each CustomPackage declared at synth, so associations and plugin installations can
 * check what they are given (a CustomPackage's `packageType` attribute is a deploy-time token).
 */
const declared = new WeakMap<IConstruct, string>();

export function declarePackageType(pkg: IConstruct, packageType: string): void {
  declared.set(pkg, packageType);
}

/** The type `pkg` declared, or undefined for imported packages and ids. */
export function declaredPackageType(pkg: IConstruct | undefined): string | undefined {
  return pkg ? declared.get(pkg) : undefined;
}
