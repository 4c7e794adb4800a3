import * as path from 'path';
import { CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

/** The custom resource's properties, as ./handler.ts reads them. */
export interface IndexTemplateResourceProperties {
  /** The domain's endpoint without scheme, e.g. `search-products-abc123.us-east-1.es.amazonaws.com`. */
  readonly DomainEndpoint: string;
  readonly TemplateName: string;
  /** The template body as a JSON string, so numbers and booleans reach the domain as they were written. */
  readonly TemplateBody: string;
}

export interface IndexTemplateProps {
  /** The domain the template is put on. */
  readonly domain: opensearch.IDomain;

  /** Name of the composable index template (`PUT _index_template/<templateName>`). */
  readonly templateName: string;

  /**
   * The template body: `index_patterns`, `template.settings`, `template.mappings`, `priority`...
   * It may hold tokens, such as a `PackageAssociation`'s `referencePath` in a filter's `synonyms_path`.
   */
  readonly template: Record<string, any>;
}

/**
 * A composable index template on an OpenSearch Service domain, put through the domain's REST API by a
 * small custom resource: Create `PUT _index_template/<name>?create=true`, Update `PUT`s it again in place,
 * Delete `DELETE`s it.
 *
 * The template must be new: if the domain already holds a template of that name, the deployment fails with
 * OpenSearch's `index template [<name>] already exists` and leaves it alone, rather than taking it over and
 * deleting it with the stack. A rename (new name or domain on Update) is a create as well. One catch: a
 * rollback that undoes a rename CloudFormation had already applied creates the old name again while it still
 * exists, and fails the same way; delete the old template by hand and continue the rollback, which puts it back.
 *
 * The handler signs its requests with {@link handlerRole} (SigV4, service `es`), which may call
 * `es:ESHttpPut` and `es:ESHttpDelete` on `<domainArn>/_index_template/<templateName>` and nothing else.
 * The domain's access policy must let the role in as well; with fine-grained access control, also map
 * the role to an OpenSearch role that may manage index templates.
 * Because the role knows only the current name, renaming the template on AWS leaves the old one behind:
 * CloudFormation's delete of the old name is refused. Remove it by hand, or grant `_index_template/*`.
 *
 * Whatever the body reads from a package (`synonyms_path: association.referencePath`) makes the
 * template wait for the association; the domain refuses a template whose dictionary it does not have yet.
 */
export class IndexTemplate extends Construct {
  /** The template's name on the domain. */
  public readonly templateName: string;

  /** The role the handler signs its requests with (for a fine-grained access control role mapping). */
  public readonly handlerRole: iam.IRole;

  constructor(scope: Construct, id: string, props: IndexTemplateProps) {
    super(scope, id);
    this.templateName = props.templateName;

    // Without a retention the logs would be kept, and billed, forever.
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // An own role instead of the default one, whose managed policy may write to any log group.
    const role = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Puts and deletes the index template ${props.templateName}`,
    });
    this.handlerRole = role;
    logGroup.grantWrite(role);
    // Not domain.grantPathWrite(): it would add es:ESHttpPost and es:ESHttpPatch, which the handler never sends.
    role.addToPolicy(new iam.PolicyStatement({
      actions: ['es:ESHttpPut', 'es:ESHttpDelete'],
      resources: [`${props.domain.domainArn}/_index_template/${props.templateName}`],
    }));

    const onEvent = new lambda.Function(this, 'OnEvent', {
      description: `Puts the index template ${props.templateName} on an OpenSearch Service domain`,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      // Built by `npx projen bundle` from ./handler.ts, with the AWS SDK left to the Lambda runtime.
      code: lambda.Code.fromAsset(path.join(__dirname, '../../assets/examples/index-template/handler')),
      handler: 'index.handler',
      timeout: Duration.minutes(1),
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
    });

    const provider = new cr.Provider(this, 'Provider', { onEventHandler: onEvent, logGroup });

    const properties: IndexTemplateResourceProperties = {
      DomainEndpoint: props.domain.domainEndpoint,
      TemplateName: props.templateName,
      TemplateBody: Stack.of(this).toJsonString(props.template),
    };
    new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::OpenSearchIndexTemplate',
      properties,
    });
  }
}
