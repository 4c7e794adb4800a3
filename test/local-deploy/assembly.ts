import { readFileSync } from 'fs';
import * as path from 'path';

/**
 * Reads a synthesized cloud assembly the way `cdk deploy` would: the stack's template, and for each
 * Lambda function the folder its code asset was staged in.
 */

export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
  readonly DependsOn?: string | string[];
  readonly DeletionPolicy?: string;
}

export interface StackTemplate {
  readonly Resources: Record<string, TemplateResource>;
  readonly Outputs?: Record<string, { Value: unknown; Description?: string }>;
}

/** A file or directory asset of the stack and where `cdk deploy` publishes it. */
export interface FileAsset {
  /** Absolute path of the staged file or folder in the cloud assembly. */
  readonly path: string;
  /** `file` (uploaded as is) or `zip` (a folder cdk-assets zips). */
  readonly packaging: string;
  /** Bucket and key, possibly with `${AWS::AccountId}`-style placeholders. */
  readonly destinations: ReadonlyArray<{ readonly bucketName: string; readonly objectKey: string }>;
}

export interface StackArtifact {
  readonly stackName: string;
  readonly template: StackTemplate;
  /** Folder of the code asset of each Lambda function, by logical id. */
  readonly functionCode: Record<string, string>;
  /** The stack's file assets, from its asset manifest. */
  readonly fileAssets: readonly FileAsset[];
}

export function readStack(assemblyDir: string, stackName: string): StackArtifact {
  const manifest = readJson(path.join(assemblyDir, 'manifest.json'));
  const stack = manifest.artifacts?.[stackName];
  if (stack?.type !== 'aws:cloudformation:stack') {
    throw new Error(`no stack named ${stackName} in the cloud assembly at ${assemblyDir}`);
  }
  const template: StackTemplate = readJson(path.join(assemblyDir, stack.properties.templateFile));

  // The asset manifest maps each staged folder to the S3 key the template's Lambda code points at.
  const folderByObjectKey = new Map<string, string>();
  const fileAssets: FileAsset[] = [];
  for (const dependency of stack.dependencies ?? []) {
    const artifact = manifest.artifacts[dependency];
    if (artifact?.type !== 'cdk:asset-manifest') continue;
    const assets = readJson(path.join(assemblyDir, artifact.properties.file));
    for (const asset of Object.values<any>(assets.files ?? {})) {
      const destinations = Object.values<any>(asset.destinations);
      for (const destination of destinations) {
        folderByObjectKey.set(destination.objectKey, path.join(assemblyDir, asset.source.path));
      }
      fileAssets.push({
        path: path.join(assemblyDir, asset.source.path),
        packaging: asset.source.packaging ?? 'file',
        destinations: destinations.map((d) => ({ bucketName: d.bucketName, objectKey: d.objectKey })),
      });
    }
  }

  const functionCode: Record<string, string> = {};
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const key = resource.Type === 'AWS::Lambda::Function' ? resource.Properties?.Code?.S3Key : undefined;
    const folder = typeof key === 'string' ? folderByObjectKey.get(key) : undefined;
    if (folder) functionCode[logicalId] = folder;
  }
  return { stackName, template, functionCode, fileAssets };
}

function readJson(file: string): any {
  return JSON.parse(readFileSync(file, 'utf-8'));
}
