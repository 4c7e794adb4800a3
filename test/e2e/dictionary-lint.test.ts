import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { startScenario, synthesize } from './harness';
import { IndexTemplate } from '../../examples/index-template/index-template';
import { DeploymentError } from '../../local/deploy';
import { CustomPackage, DictionaryFormat, PackageAssociation, PackageSource } from '../../src';

/**
 * One typo in a synonyms file, caught twice: by the lint at `cdk synth` when the package names its format, and
 * without it only when the domain builds the index template's analyzer from the ACTIVE package, minutes into
 * a deployment, with OpenSearch's reason and no file name.
 */

const DOMAIN = 'products';
const PACKAGE = 'F222222222';
// Line 3 has two "=>": OpenSearch refuses the whole file.
const TYPO = '# product synonyms\nlaptop, notebook\nphone => mobile => cell phone\ntv, television\n';
const FIXED = TYPO.replace('phone => mobile => cell phone', 'phone => mobile, cell phone');

let dir: string;
beforeAll(() => { dir = mkdtempSync(path.join(tmpdir(), 'dictionary-lint-e2e-')); });
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

test('with a dictionaryFormat, cdk synth stops at the line, naming the file and the rule', () => {
  const file = path.join(dir, 'synonyms.txt');
  writeFileSync(file, TYPO);

  expect(() => synthesize((stack) => new CustomPackage(stack, 'Synonyms', {
    source: PackageSource.fromAsset(file, { dictionaryFormat: DictionaryFormat.SOLR_SYNONYMS }),
  }))).toThrow(`E2E/Synonyms: ${file}:3: more than two sides around "=>" in a rule`);

  writeFileSync(file, FIXED);
  const artifact = synthesize((stack) => new CustomPackage(stack, 'Synonyms', {
    source: PackageSource.fromAsset(file, { dictionaryFormat: DictionaryFormat.SOLR_SYNONYMS }),
  }));
  expect(Object.values(artifact.template.Resources).filter((r) => r.Type === 'Custom::OpenSearchPackage')).toHaveLength(1);
});

test('without it, the deployment gets as far as the index template, which the domain refuses', async () => {
  const scenario = await startScenario({ domainEndpoints: true });
  const { emulator, deployment } = scenario;
  emulator.addDomain(DOMAIN, { engineVersion: 'OpenSearch_2.19' });
  // The package the file became: the service copied and validated it (it does not parse synonyms).
  emulator.addPackage({ packageId: PACKAGE, packageName: 'product-synonyms', content: TYPO });
  const artifact = synthesize((stack) => {
    const domain = new opensearch.Domain(stack, 'Domain', { domainName: DOMAIN, version: opensearch.EngineVersion.OPENSEARCH_2_19 });
    const association = new PackageAssociation(stack, 'Synonyms', { domain, packageId: PACKAGE });
    new IndexTemplate(stack, 'Template', {
      domain,
      templateName: 'products',
      template: {
        index_patterns: ['products*'],
        template: { settings: { analysis: { filter: { product_synonyms: { type: 'synonym_graph', synonyms_path: association.referencePath } } } } },
      },
    }).node.addDependency(association);
  });

  const error = await deployment.deploy(artifact).then(() => undefined, (err: unknown) => err);

  expect(error).toBeInstanceOf(DeploymentError);
  expect(Object.values((error as DeploymentError).reasons)).toEqual(['PUT _index_template/products failed (400): failed to build synonyms: '
    + 'Invalid synonym rule at line 3: more than one explicit mapping specified on the same line']);
  // The association had become ACTIVE first: the mistake cost a whole association, then its rollback.
  expect(emulator.callsTo('AssociatePackage').map((call) => call.status)).toEqual([200]);
  expect(emulator.callsTo('PutIndexTemplate').map((call) => call.status)).toEqual([400]);
  expect(emulator.indexTemplateNames(DOMAIN)).toEqual([]);
  expect(emulator.association(DOMAIN, PACKAGE)).toBeUndefined();

  // The corrected file, the one the lint passes, deploys the same stack.
  emulator.setPackageFile(PACKAGE, 'v1', FIXED);
  await deployment.deploy(artifact);
  expect(emulator.indexTemplateNames(DOMAIN)).toEqual(['products']);
});
