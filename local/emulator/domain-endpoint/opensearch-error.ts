/**
 * An error as the OpenSearch REST API answers it:
 * `{"error":{"root_cause":[{"type":...,"reason":...}],"type":...,"reason":...},"status":...}`.
 */
export class OpenSearchError extends Error {
  constructor(public readonly status: number, public readonly type: string, public readonly reason: string) {
    super(reason);
    this.name = type;
  }

  /** The response body. */
  public toJSON(): Record<string, unknown> {
    const cause = { type: this.type, reason: this.reason };
    return { error: { root_cause: [cause], ...cause }, status: this.status };
  }
}
