/**
 * Readers of custom resource `ResourceProperties`. CloudFormation passes every value as a string, and
 * may render an unset optional value as an empty string, so '' counts as absent. A failure names the
 * field, which CloudFormation shows as the failure reason.
 */
import { echo } from './bounded-text';
import { PROPERTY_MAX_LENGTHS, PROPERTY_MIN_LENGTHS } from '../../src/handler-contract/rules';

export type RawProperties = Record<string, unknown> | undefined;

export function optionalString(raw: RawProperties, field: string): string | undefined {
  const value = raw?.[field];
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new Error(`Invalid ${echo(field)}: expected a string, got ${typeof value}`);
  }
  const max = PROPERTY_MAX_LENGTHS[field];
  if (max !== undefined && value.length > max) {
    throw new Error(`Invalid ${field}: at most ${max} characters allowed, got ${value.length} ("${echo(value, 32)}")`);
  }
  const min = PROPERTY_MIN_LENGTHS[field];
  if (min !== undefined && value.length < min) {
    throw new Error(`Invalid ${field}: at least ${min} characters required, got ${value.length} ("${echo(value, 32)}")`);
  }
  return value;
}

export function requiredString(raw: RawProperties, field: string): string {
  const value = optionalString(raw, field);
  if (value === undefined) {
    throw new Error(`Missing required property ${echo(field)}`);
  }
  return value;
}
