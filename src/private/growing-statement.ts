import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * A statement of a principal's policy whose resources grow as constructs ask for them, each once. It
 * joins the policy with its first resource: a statement without resources is an invalid policy.
 */
export class GrowingStatement {
  private statement?: iam.PolicyStatement;
  private readonly resources = new Set<string>();

  constructor(private readonly principal: iam.IPrincipal, private readonly actions: string[]) {}

  /** Adds a resource (an ARN) to the statement, unless it has it already. */
  public add(arn: string): void {
    if (this.resources.has(arn)) return;
    this.resources.add(arn);
    if (!this.statement) {
      this.statement = new iam.PolicyStatement({ actions: this.actions });
      this.principal.addToPrincipalPolicy(this.statement);
    }
    this.statement.addResources(arn);
  }
}
