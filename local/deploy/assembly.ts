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

export interface StackArtifact {
  readonly stackName: string;
  readonly template: StackTemplate;
  /** Folder of the code asset of each Lambda function, by logical id. */
  readonly functionCode: Record<string, string>;
  /** The stack's asset manifests (`<stack>.assets.json`): what `cdk deploy` publishes before deploying it. */
  readonly assetManifests: readonly string[];
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
  const assetManifests: string[] = [];
  for (const dependency of stack.dependencies ?? []) {
    const artifact = manifest.artifacts[dependency];
    if (artifact?.type !== 'cdk:asset-manifest') continue;
    assetManifests.push(path.join(assemblyDir, artifact.properties.file));
    const assets = readJson(path.join(assemblyDir, artifact.properties.file));
    for (const asset of Object.values<any>(assets.files ?? {})) {
      for (const destination of Object.values<any>(asset.destinations)) {
        folderByObjectKey.set(destination.objectKey, path.join(assemblyDir, asset.source.path));
      }
    }
  }

  const functionCode: Record<string, string> = {};
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const key = resource.Type === 'AWS::Lambda::Function' ? resource.Properties?.Code?.S3Key : undefined;
    const folder = typeof key === 'string' ? folderByObjectKey.get(key) : undefined;
    if (folder) functionCode[logicalId] = folder;
  }
  return { stackName, template, functionCode, assetManifests };
}

function readJson(file: string): any {
  return JSON.parse(readFileSync(file, 'utf-8'));
}
