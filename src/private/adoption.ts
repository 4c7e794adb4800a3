import { RemovalPolicy } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type { PackageProperties } from '../handler-contract/contract';

/** What CustomPackage's adoption needs from its props. */
export interface AdoptionProps {
  readonly adoptExisting?: boolean;
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The properties that tell the handler to adopt, and whether the user explicitly asked to destroy an
 * adopted package. Absent without `adoptExisting`, so the templates of other stacks do not change.
 * The resource's own DeletionPolicy stays as for a created package: the handler decides, because only
 * it knows whether Create adopted or created.
 */
export function adoptionProperties(props: AdoptionProps): Pick<PackageProperties, 'AdoptExisting' | 'DeleteAdopted'> {
  if (!props.adoptExisting) return {};
  return {
    AdoptExisting: 'true',
    DeleteAdopted: props.removalPolicy === RemovalPolicy.DESTROY ? 'true' : undefined,
  };
}

/**
 * Adoption tells whether the newest version already holds the file from its commit message, so the
 * commit message must be the library's (the asset hash or the object version), which names the file.
 */
export function validateAdoption(scope: IConstruct, commitMessage: string | undefined): void {
  if (commitMessage !== undefined) {
    throw new Error(`${scope.node.path}: commitMessage can't be set with adoptExisting: adoption reads the newest version's `
      + 'commit message to tell whether it already holds the file, so the library writes one that names the file (the asset hash)');
  }
}
