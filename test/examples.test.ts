import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ProductSearchStack } from '../examples/app';

/** Asset hashes change with every handler build; the snapshot is about the template's shape. */
function withoutAssetHashes(template: unknown): unknown {
  return JSON.parse(JSON.stringify(template).replace(/[0-9a-f]{64}(\.zip)?/g, (_hash, zip) => `<asset-hash>${zip ?? ''}`));
}

function exampleTemplate(): Template {
  return Template.fromStack(new ProductSearchStack(new App(), 'ProductSearch'));
}

test('the example stack synthesizes to the reviewed template', () => {
  expect(withoutAssetHashes(exampleTemplate().toJSON())).toMatchSnapshot();
});

describe('the index template of the example', () => {
  const template = exampleTemplate();
  const [associationId] = Object.keys(template.findResources('Custom::OpenSearchPackageAssociation'));
  const [domainId] = Object.keys(template.findResources('AWS::OpenSearchService::Domain'));
  const [indexTemplateId, indexTemplate] = Object.entries(template.findResources('Custom::OpenSearchIndexTemplate'))[0] ?? [];

  test('is put on the domain endpoint, after the association, with the association\'s reference path', () => {
    expect(indexTemplateId).toBeDefined();
    expect(indexTemplate.DependsOn).toContain(associationId);
    expect(indexTemplate.Properties.DomainEndpoint).toEqual({ 'Fn::GetAtt': [domainId, 'DomainEndpoint'] });
    expect(indexTemplate.Properties.TemplateName).toBe('products');
    const body = JSON.stringify(indexTemplate.Properties.TemplateBody);
    expect(body).toContain(JSON.stringify({ 'Fn::GetAtt': [associationId, 'ReferencePath'] }));
    expect(body).toContain('synonym_graph');
  });

  test('its handler may put and delete exactly this template, nothing else on the domain', () => {
    const esStatements = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
      .filter((statement) => [statement.Action].flat().some((action: string) => action.startsWith('es:ESHttp')));
    expect(esStatements).toEqual([{
      Action: ['es:ESHttpPut', 'es:ESHttpDelete'],
      Effect: 'Allow',
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [domainId, 'Arn'] }, '/_index_template/products']] },
    }]);
  });

  test('its functions log to a group that keeps logs for one month', () => {
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: { Description: Match.stringLikeRegexp('index template products|ProductsTemplate') },
    });
    expect(Object.keys(functions)).toHaveLength(2); // the handler and the Provider framework's onEvent
    for (const fn of Object.values(functions)) {
      const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref;
      expect(template.toJSON().Resources[logGroupId].Properties.RetentionInDays).toBe(30);
    }
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler', Runtime: 'nodejs22.x', Architectures: ['arm64'],
    });
  });
});
