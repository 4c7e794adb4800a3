/** One line per handler step, as JSON so CloudWatch Logs Insights can filter on the fields. */
export interface StepLog {
  readonly handler: 'onEvent' | 'isComplete';
  readonly requestType: string;
  readonly domainName?: string;
  readonly packageId?: string;
  /** Name of the package, for the package handler's steps. */
  readonly packageName?: string;
  readonly physicalResourceId?: string;
  /** What the step did or found, e.g. `requested`, `busy`, `complete`, `failed`. */
  readonly outcome: string;
  /** The association's DomainPackageStatus or the package's PackageStatus, when the step read it. */
  readonly status?: string;
  /** Why the step failed; on a step that did not fail, what went wrong without failing it (a staged copy left behind). */
  readonly error?: string;
  /** The package file's staged copy (`s3://bucket/key`) the step made, or removed once the service had it. */
  readonly stagedFile?: string;
  /** What the step asked of UpdatePackageScope: `shared`, `unshared`, `unchanged`, `not-shared`. */
  readonly sharing?: string;
  /** API calls the step made. */
  readonly apiCalls?: number;
  /** HTTP attempts behind those calls, the SDK's retries of throttling and 5xx answers included. */
  readonly attempts?: number;
}

/** Callers pass a StepLog, never the event itself, whose ResponseURL is a presigned URL. */
export function logStep(entry: StepLog): void {
  console.log(JSON.stringify(entry));
}
