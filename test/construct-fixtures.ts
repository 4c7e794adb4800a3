import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { CustomPackage, CustomPackageProps, PackageSource, PackageType } from '../src';

/**
 * What the construct tests share: a stack in a fixed account and Region, domains imported by ARN
 * so the template names them literally, and a plugin package.
 */

export const TEST_ACCOUNT = '123456789012';
export const TEST_REGION = 'us-east-1';

/** A fresh app with one stack, `TestStack`, in the test account and Region. */
export function newStack(): Stack {
  return new Stack(new App(), 'TestStack', { env: { account: TEST_ACCOUNT, region: TEST_REGION } });
}

/** A domain of that name, imported by ARN and endpoint. */
export function importDomain(stack: Stack, name = 'my-domain'): opensearch.IDomain {
  return opensearch.Domain.fromDomainAttributes(stack, `Domain-${name}`, {
    domainArn: `arn:aws:es:${TEST_REGION}:${TEST_ACCOUNT}:domain/${name}`,
    domainEndpoint: `https://search-${name}-abc123.${TEST_REGION}.es.amazonaws.com`,
  });
}

/** A stand-in plugin file (synth reads no plugin's content). */
export const PLUGIN_FILE = path.join(__dirname, 'fixtures', 'plugin', 'plugin.zip');

/** A ZIP-PLUGIN package for OpenSearch 2.19 from the stand-in file, with `props` on top. */
export function pluginPackage(stack: Stack, props: Partial<CustomPackageProps> = {}, id = 'Plugin'): CustomPackage {
  return new CustomPackage(stack, id, {
    source: PackageSource.fromAsset(PLUGIN_FILE),
    packageType: PackageType.ZIP_PLUGIN,
    engineVersion: opensearch.EngineVersion.OPENSEARCH_2_19,
    ...props,
  });
}
