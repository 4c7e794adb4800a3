import { writeFileSync } from 'fs';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { CustomPackage, PackageProvider, PackageSource } from '../../../src';
import { buildStack } from '../stacks';
import { makeTempDir, removeTempDir } from '../temp-dirs';

/**
 * Our custom resources' properties as the constructs synthesize them, so the handler gets the events
 * CloudFormation would send. The bench replaces what names the trial's domain, package and buckets.
 */
export interface OurResourceProperties {
  /** A PackageAssociation's. */
  readonly association: Record<string, unknown>;
  /** A CustomPackage's, from a file asset. */
  readonly package: Record<string, unknown>;
}

type Template = { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };

export function synthesizeOurProperties(pollInterval: Duration): OurResourceProperties {
  const app = new App();
  const stack = buildStack(app, 'construct', { associations: 1, domains: 1 }, { pollInterval, timeout: Duration.minutes(30) });
  const association = propertiesOf(app.synth().getStackByName(stack.stackName).template as Template, 'Custom::OpenSearchPackageAssociation');

  const outdir = makeTempDir('peer-package');
  try {
    const file = path.join(outdir, 'synonyms.txt');
    writeFileSync(file, 'ice cream, gelato\n');
    const packageApp = new App({ outdir: path.join(outdir, 'cdk.out') });
    const packageStack = new Stack(packageApp, 'BenchPeerPackage', { env: { account: '123456789012', region: 'us-east-1' } });
    PackageProvider.configure(packageStack, { pollInterval });
    const pkg = new CustomPackage(packageStack, 'Synonyms', { source: PackageSource.fromAsset(file), packageName: 'bench-synonyms', timeout: Duration.minutes(30) });
    pkg.associateWith(opensearch.Domain.fromDomainAttributes(packageStack, 'Domain', {
      domainArn: 'arn:aws:es:us-east-1:123456789012:domain/bench-domain',
      domainEndpoint: 'https://search-bench-domain.us-east-1.es.amazonaws.com',
    }), { timeout: Duration.minutes(30) });
    return { association, package: propertiesOf(packageApp.synth().getStackByName(packageStack.stackName).template as Template, 'Custom::OpenSearchPackage') };
  } finally {
    removeTempDir(outdir);
  }
}

function propertiesOf(template: Template, type: string): Record<string, unknown> {
  const found = Object.values(template.Resources).filter((r) => r.Type === type);
  if (found.length !== 1) throw new Error(`expected one ${type} in the synthesized template, found ${found.length}`);
  const { ServiceToken: _token, ...properties } = found[0].Properties;
  return properties;
}
