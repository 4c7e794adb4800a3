import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ProductSearchStack } from '../examples/app';

/** Asset hashes change with every handler build; the snapshot is about the template's shape. */
function withoutAssetHashes(template: unknown): unknown {
  return JSON.parse(JSON.stringify(template).replace(/[0-9a-f]{64}(\.zip)?/g, (_hash, zip) => `<asset-hash>${zip ?? ''}`));
}

test('the example stack synthesizes to the reviewed template', () => {
  const stack = new ProductSearchStack(new App(), 'ProductSearch');
  expect(withoutAssetHashes(Template.fromStack(stack).toJSON())).toMatchSnapshot();
});
