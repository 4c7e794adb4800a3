/**
 * Readers of custom resource `ResourceProperties`. CloudFormation passes every value as a string, and
 * may render an unset optional value as an empty string, so '' counts as absent. A failure names the
 * field, which CloudFormation shows as the failure reason.
 */

export type RawProperties = Record<string, unknown> | undefined;

export function optionalString(raw: RawProperties, field: string): string | undefined {
  const value = raw?.[field];
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new Error(`Invalid ${field}: expected a string, got ${typeof value}`);
  }
  return value;
}

export function requiredString(raw: RawProperties, field: string): string {
  const value = optionalString(raw, field);
  if (value === undefined) {
    throw new Error(`Missing required property ${field}`);
  }
  return value;
}
