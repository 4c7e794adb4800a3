/**
 * Input constraints from the API reference, reported the way AWS front ends report them:
 * "1 validation error detected: Value 'x' at 'domainName' failed to satisfy constraint: ...".
 * Field names are the lowerCamel member names, as in the real messages.
 *
 * This is the emulator's own copy of the service's rules, independent of the library's
 * (src/handler-contract/rules.ts) on purpose: the emulator stands in for the service, so a mistake in the
 * library's rules must meet the service's refusal here, not be copied into it.
 */
import { validationError } from './errors';

// https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_AssociatePackage.html
const DOMAIN_NAME_PATTERN = /^[a-z][a-z0-9-]+$/;
// PackageID: ^([FG][0-9]+)$ (dictionaries, AWS plugins) or ^(pkg-[a-f0-9]+)$ (custom plugins),
// https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_UpdatePackage.html
const PACKAGE_ID_PATTERN = /^([FG][0-9]+)$|^(pkg-[a-f0-9]+)$/;
// https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_CreatePackage.html
const PACKAGE_NAME_PATTERN = /^[a-z][a-z0-9-]+$/;
const ENGINE_VERSION_PATTERN = /^Elasticsearch_[0-9]{1}\.[0-9]{1,2}$|^OpenSearch_[0-9]{1,2}\.[0-9]{1,2}$/;

/** Package types the API knows (enum PackageType in the SDK). */
export const PACKAGE_TYPES = ['TXT-DICTIONARY', 'ZIP-PLUGIN', 'PACKAGE-LICENSE', 'PACKAGE-CONFIG'] as const;
/** One of {@link PACKAGE_TYPES}. */
export type PackageType = typeof PACKAGE_TYPES[number];

/** The largest MaxResults any of these operations accepts ("Valid Range: Maximum value of 100"). */
export const MAX_RESULTS_LIMIT = 100;

function constraintError(field: string, value: unknown, constraint: string) {
  return validationError(`1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: ${constraint}`);
}

/** DomainName: 3-28 characters matching [a-z][a-z0-9\-]+. */
export function checkDomainName(value: unknown, field = 'domainName'): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw constraintError(field, value, 'Member must not be null');
  }
  if (value.length < 3 || value.length > 28) {
    throw constraintError(field, value, 'Member must have length between 3 and 28');
  }
  if (!DOMAIN_NAME_PATTERN.test(value)) {
    throw constraintError(field, value, 'Member must satisfy regular expression pattern: [a-z][a-z0-9\\-]+');
  }
  return value;
}

/** PackageID: F/G followed by digits, or pkg- followed by lowercase hex. */
export function checkPackageId(value: unknown, field = 'packageID'): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw constraintError(field, value, 'Member must not be null');
  }
  if (!PACKAGE_ID_PATTERN.test(value)) {
    throw constraintError(field, value, 'Member must satisfy regular expression pattern: ^([FG][0-9]+)$|^(pkg-[a-f0-9]+)$');
  }
  return value;
}

/** PackageName: 3-256 characters matching [a-z][a-z0-9\-]+. */
export function checkPackageName(value: unknown, field = 'packageName'): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw constraintError(field, value, 'Member must not be null');
  }
  if (value.length < 3 || value.length > 256) {
    throw constraintError(field, value, 'Member must have length between 3 and 256');
  }
  if (!PACKAGE_NAME_PATTERN.test(value)) {
    throw constraintError(field, value, 'Member must satisfy regular expression pattern: [a-z][a-z0-9\\-]+');
  }
  return value;
}

/** PackageType: one of the enum values. */
export function checkPackageType(value: unknown, field = 'packageType'): PackageType {
  if (typeof value !== 'string' || !(PACKAGE_TYPES as readonly string[]).includes(value)) {
    throw constraintError(field, value, `Member must satisfy enum value set: [${PACKAGE_TYPES.join(', ')}]`);
  }
  return value as PackageType;
}

/** EngineVersion: Elasticsearch_X.Y or OpenSearch_X.Y (optional). */
export function checkEngineVersion(value: unknown, field = 'engineVersion'): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string' || !ENGINE_VERSION_PATTERN.test(value)) {
    throw constraintError(field, value, 'Member must satisfy regular expression pattern: ^Elasticsearch_[0-9]{1}\\.[0-9]{1,2}$|^OpenSearch_[0-9]{1,2}\\.[0-9]{1,2}$');
  }
  return value;
}

/** An optional string with a maximum length (descriptions, commit messages). */
export function checkOptionalString(value: unknown, field: string, maxLength: number): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw constraintError(field, value, 'Member must be a string');
  }
  if (value.length > maxLength) {
    throw constraintError(field, value, `Member must have length less than or equal to ${maxLength}`);
  }
  return value;
}

/**
 * MaxResults: an integer up to 100. Query parameters arrive as strings, body members as numbers.
 * The reference gives only a maximum; we also refuse values below 1, which no client sends.
 */
export function checkMaxResults(value: unknown, field = 'maxResults'): number | undefined {
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw constraintError(field, value, 'Member must be an integer');
  }
  if (n > MAX_RESULTS_LIMIT) {
    throw constraintError(field, value, `Member must have value less than or equal to ${MAX_RESULTS_LIMIT}`);
  }
  if (n < 1) {
    throw constraintError(field, value, 'Member must have value greater than or equal to 1');
  }
  return n;
}

/** PackageSource: both S3BucketName and S3Key are needed to copy the object. */
export function checkPackageSource(value: unknown, field = 'packageSource'): { S3BucketName: string; S3Key: string } {
  if (typeof value !== 'object' || value === null) {
    throw constraintError(field, value, 'Member must not be null');
  }
  const source = value as Record<string, unknown>;
  if (typeof source.S3BucketName !== 'string' || source.S3BucketName.length === 0) {
    throw constraintError(`${field}.s3BucketName`, source.S3BucketName, 'Member must not be null');
  }
  // Shapes S3BucketName (min 3, max 63) and S3Key (min 1, max 1024) of the service model.
  checkLength(source.S3BucketName, `${field}.s3BucketName`, 3, 63);
  if (typeof source.S3Key !== 'string' || source.S3Key.length === 0) {
    throw constraintError(`${field}.s3Key`, source.S3Key, 'Member must not be null');
  }
  checkLength(source.S3Key, `${field}.s3Key`, 1, 1024);
  return { S3BucketName: source.S3BucketName, S3Key: source.S3Key };
}

function checkLength(value: string, field: string, min: number, max: number): void {
  if (value.length < min) {
    throw constraintError(field, value, `Member must have length greater than or equal to ${min}`);
  }
  if (value.length > max) {
    throw constraintError(field, value, `Member must have length less than or equal to ${max}`);
  }
}

/** Enum RequirementLevel of the service model. */
const REQUIREMENT_LEVELS = ['REQUIRED', 'OPTIONAL', 'NONE'];

/** A string member's constraints, as the service model states them (lengths, and the pattern as written there). */
interface StringRule {
  readonly type: 'string';
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: { readonly regex: RegExp; readonly source: string };
}

// Shape LicenseFilepath: at most 256 characters, a relative path without `..`.
const LICENSE_FILEPATH: StringRule = {
  type: 'string',
  max: 256,
  pattern: {
    regex: /^(?!.*\/\.{2,})(?!.*\.\.)[a-zA-Z0-9_.-]+(?:\/[a-zA-Z0-9_.-]+)*$/,
    source: '^(?!.*\\/\\.{2,})(?!.*\\.\\.)[a-zA-Z0-9_.-]+(?:\\/[a-zA-Z0-9_.-]+)*$',
  },
};
// Shape KmsKeyId: 1-500 characters (its pattern `.*` accepts any string).
const KMS_KEY_ID: StringRule = { type: 'string', min: 1, max: 500 };
// Shape RoleArn: 20-2048 characters, an IAM role ARN of one of the listed partitions.
const ROLE_ARN: StringRule = {
  type: 'string',
  min: 20,
  max: 2048,
  pattern: {
    regex: /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b):iam::[0-9]+:role\/.*$/,
    source: 'arn:(aws|aws\\-cn|aws\\-us\\-gov|aws\\-iso|aws\\-iso\\-b):iam::[0-9]+:role\\/.*',
  },
};

type MemberRule = 'boolean' | 'string' | readonly string[] | StringRule;

function checkMember(value: unknown, field: string, rule: MemberRule): void {
  if (Array.isArray(rule)) {
    if (!rule.includes(value as string)) throw constraintError(field, value, `Member must satisfy enum value set: [${rule.join(', ')}]`);
    return;
  }
  const type = typeof rule === 'string' ? rule : (rule as StringRule).type;
  if (typeof value !== type) throw constraintError(field, value, `Member must be a ${type}`);
  if (typeof rule !== 'object') return;
  const text = value as string;
  const { min, max, pattern } = rule as StringRule;
  checkLength(text, field, min ?? 0, max ?? Number.MAX_SAFE_INTEGER);
  if (pattern && !pattern.regex.test(text)) {
    throw constraintError(field, value, `Member must satisfy regular expression pattern: ${pattern.source}`);
  }
}

/** An optional structure: its required members present, with the right type, and within their constraints. */
function checkStructure(value: unknown, field: string, members: Record<string, MemberRule>, required: readonly string[]): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null) {
    throw constraintError(field, value, 'Member must be a structure');
  }
  const record = value as Record<string, unknown>;
  for (const [name, rule] of Object.entries(members)) {
    const member = `${field}.${name[0].toLowerCase()}${name.slice(1)}`;
    const v = record[name];
    if (v === undefined) {
      if (required.includes(name)) throw constraintError(member, v, 'Member must not be null');
      continue;
    }
    checkMember(v, member, rule);
  }
}

/**
 * The plugin fields of CreatePackage/UpdatePackage: PackageConfiguration (LicenseRequirement and
 * ConfigurationRequirement required, enum RequirementLevel, LicenseFilepath), PackageEncryptionOptions
 * (EncryptionEnabled required, KmsKeyIdentifier), PackageVendingOptions (VendingEnabled required,
 * CreatePackage only).
 */
export function checkPluginOptions(body: Readonly<Record<string, unknown>>): void {
  checkStructure(body.PackageConfiguration, 'packageConfiguration', {
    LicenseRequirement: REQUIREMENT_LEVELS,
    LicenseFilepath: LICENSE_FILEPATH,
    ConfigurationRequirement: REQUIREMENT_LEVELS,
    RequiresRestartForConfigurationUpdate: 'boolean',
  }, ['LicenseRequirement', 'ConfigurationRequirement']);
  checkStructure(body.PackageEncryptionOptions, 'packageEncryptionOptions', { KmsKeyIdentifier: KMS_KEY_ID, EncryptionEnabled: 'boolean' }, ['EncryptionEnabled']);
  checkStructure(body.PackageVendingOptions, 'packageVendingOptions', { VendingEnabled: 'boolean' }, ['VendingEnabled']);
}

/**
 * The association fields of AssociatePackage, or of one AssociatePackages entry (`prefix` is then
 * `packageList.N.member.`): KeyStoreAccessOption needs KeyStoreAccessEnabled, and its role is an IAM role ARN.
 */
export function checkAssociationConfiguration(body: Readonly<Record<string, unknown>>, prefix = ''): void {
  const config = body.AssociationConfiguration;
  checkStructure(config, `${prefix}associationConfiguration`, {}, []);
  const keyStore = (config as Record<string, unknown> | undefined)?.KeyStoreAccessOption;
  checkStructure(keyStore, `${prefix}associationConfiguration.keyStoreAccessOption`, { KeyAccessRoleArn: ROLE_ARN, KeyStoreAccessEnabled: 'boolean' }, ['KeyStoreAccessEnabled']);
  if (body.PrerequisitePackageIDList !== undefined) {
    if (!Array.isArray(body.PrerequisitePackageIDList)) {
      throw constraintError(`${prefix}prerequisitePackageIDList`, body.PrerequisitePackageIDList, 'Member must be a list');
    }
    body.PrerequisitePackageIDList.forEach((id, i) => checkPackageId(id, `${prefix}prerequisitePackageIDList.${i + 1}.member`));
  }
}
