/**
 * What the emulator was asked and what it answered, so tests can assert on API usage
 * (calls per association, retries after a fault, pagination depth) rather than only on results.
 */
import type { OperationName } from '../api/model';
import type { IndexTemplateOperation } from '../domain-endpoint/index-templates';
import type { S3Operation } from '../s3/store';

/** A package API operation, an index template operation of a domain endpoint, an S3 operation, or `Unknown`. */
export type CalledOperation = OperationName | IndexTemplateOperation | S3Operation | 'Unknown';

/** One request as the emulator saw it (package API and domain endpoints alike). */
export interface CallRecord {
  /** Operation name, or `Unknown` for an unroutable request. */
  readonly operation: CalledOperation;
  readonly method: string;
  readonly path: string;
  /** Decoded path parameters (DomainName, PackageID; DomainName, TemplateName on a domain endpoint). */
  readonly pathParams: Readonly<Record<string, string>>;
  /** Query string parameters (maxResults, nextToken). */
  readonly query: Readonly<Record<string, string>>;
  /** Parsed JSON body, if any. */
  readonly body?: unknown;
  readonly status: number;
  /** `x-amzn-ErrorType` of an error response; on a domain endpoint OpenSearch's error `type`, or AccessDeniedException. */
  readonly errorType?: string;
  readonly errorMessage?: string;
  /** Body of a successful answer, e.g. what a ListPackagesForDomain page showed. */
  readonly response?: unknown;
  /** Whether the error came from an injected fault rather than from the emulated rules. */
  readonly injected: boolean;
  /** When the request arrived (epoch milliseconds). */
  readonly time: number;
  readonly durationMs: number;
}

/** Append-only call log with per-operation counts. */
export class CallLog {
  private readonly records: CallRecord[] = [];

  /** Appends a record (used by the server). */
  public record(call: CallRecord): void {
    this.records.push(call);
  }

  /** A copy of the calls so far, oldest first, optionally of one operation. */
  public list(operation?: string): CallRecord[] {
    return operation === undefined ? [...this.records] : this.records.filter(r => r.operation === operation);
  }

  /** How many calls were made to `operation`, or in total when omitted. */
  public count(operation?: string): number {
    return this.list(operation).length;
  }

  /** Number of calls per operation name. */
  public countsByOperation(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of this.records) {
      counts[r.operation] = (counts[r.operation] ?? 0) + 1;
    }
    return counts;
  }

  /** Forgets every call. */
  public clear(): void {
    this.records.length = 0;
  }
}
