/**
 * The package API's operations: their HTTP bindings and how each turns a request into a state call and a
 * response body. Method, URI template, query names and member names are copied from the
 * operation schemas of @aws-sdk/client-opensearch (e.g. `AssociatePackage$` has
 * `["POST", "/2021-01-01/packages/associate/{PackageID}/{DomainName}", 200]`).
 */
import { ServiceError, validationError } from './errors';
import type { OperationName } from './model';
import { checkPackageScopeRequest } from './package-scope';
import type { Paginator } from './pagination';
import { associationRequestFields, pluginPackageFields } from './plugins';
import type { EmulatorState, PackageFilter } from './state';
import {
  checkAssociationConfiguration, checkPluginOptions,
  checkDomainName, checkEngineVersion, checkMaxResults, checkOptionalString, checkPackageId, checkPackageName,
  checkPackageSource, checkPackageType,
} from './validation';

/** A parsed request, as handed to an operation. */
export interface OperationRequest {
  /** Decoded URI labels, named as in the URI template. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  /** JSON body (an empty object when there is none). */
  readonly body: Readonly<Record<string, unknown>>;
}

/** What an operation needs to do its work. */
export interface OperationContext {
  readonly state: EmulatorState;
  readonly paginator: Paginator;
}

type Handler = (request: OperationRequest, context: OperationContext) => unknown;

/** One operation's HTTP binding. */
export interface Route {
  readonly operation: OperationName;
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly template: string;
  readonly handle: Handler;
}

/** A request matched to a route. */
export interface RouteMatch {
  readonly route: Route;
  /** Raw (still percent-encoded) URI labels. */
  readonly rawParams: Record<string, string>;
}

const FILTER_NAMES: readonly PackageFilter['name'][] = ['PackageID', 'PackageName', 'PackageStatus', 'PackageType', 'EngineVersion', 'PackageOwner'];
// https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_DescribePackagesFilter.html
const FILTER_VALUE_PATTERN = /^[0-9a-zA-Z*._\\/?-]+$/;

/** Every operation the emulator serves. */
export const ROUTES: readonly Route[] = [
  {
    operation: 'AssociatePackage',
    method: 'POST',
    template: '/2021-01-01/packages/associate/{PackageID}/{DomainName}',
    // The body may carry PrerequisitePackageIDList/AssociationConfiguration (plugins): see plugins.ts.
    handle: ({ params, body }, { state }) => {
      const domainName = checkDomainName(params.DomainName);
      const packageId = checkPackageId(params.PackageID);
      checkAssociationConfiguration(body);
      return { DomainPackageDetails: state.associate(domainName, packageId, associationRequestFields(body)) };
    },
  },
  {
    operation: 'DissociatePackage',
    method: 'POST',
    template: '/2021-01-01/packages/dissociate/{PackageID}/{DomainName}',
    handle: ({ params }, { state }) => ({
      DomainPackageDetails: state.dissociate(checkDomainName(params.DomainName), checkPackageId(params.PackageID)),
    }),
  },
  {
    operation: 'ListPackagesForDomain',
    method: 'GET',
    template: '/2021-01-01/domain/{DomainName}/packages',
    handle: ({ params, query }, { state, paginator }) => {
      const domainName = checkDomainName(params.DomainName);
      const maxResults = checkMaxResults(query.maxResults);
      const page = paginator.page(`ListPackagesForDomain/${domainName}`, state.packagesForDomain(domainName), maxResults, query.nextToken);
      return { DomainPackageDetailsList: page.items, NextToken: page.nextToken };
    },
  },
  {
    operation: 'DescribePackages',
    method: 'POST',
    template: '/2021-01-01/packages/describe',
    handle: ({ body }, { state, paginator }) => {
      const filters = parseFilters(body.Filters);
      const maxResults = checkMaxResults(body.MaxResults);
      const nextToken = checkOptionalString(body.NextToken, 'nextToken', 10_000);
      const page = paginator.page(`DescribePackages/${JSON.stringify(filters)}`, state.describePackages(filters), maxResults, nextToken);
      return { PackageDetailsList: page.items, NextToken: page.nextToken };
    },
  },
  {
    operation: 'GetPackageVersionHistory',
    method: 'GET',
    template: '/2021-01-01/packages/{PackageID}/history',
    handle: ({ params, query }, { state, paginator }) => {
      const packageId = checkPackageId(params.PackageID);
      const maxResults = checkMaxResults(query.maxResults);
      const page = paginator.page(`GetPackageVersionHistory/${packageId}`, state.versionHistory(packageId), maxResults, query.nextToken);
      return { PackageID: packageId, PackageVersionHistoryList: page.items, NextToken: page.nextToken };
    },
  },
  {
    operation: 'CreatePackage',
    method: 'POST',
    template: '/2021-01-01/packages',
    handle: ({ body }, { state }) => {
      const packageType = checkPackageType(body.PackageType);
      const engineVersion = checkEngineVersion(body.EngineVersion);
      // "This can only be specified for package type ZIP-PLUGIN" (API_CreatePackage.html).
      if (engineVersion !== undefined && packageType !== 'ZIP-PLUGIN') {
        throw validationError('EngineVersion can only be specified for package type ZIP-PLUGIN.');
      }
      checkPluginOptions(body);
      return {
        PackageDetails: state.createPackage({
          packageName: checkPackageName(body.PackageName),
          packageType,
          source: checkPackageSource(body.PackageSource),
          description: checkOptionalString(body.PackageDescription, 'packageDescription', 1024),
          engineVersion,
          plugin: pluginPackageFields(body),
        }),
      };
    },
  },
  {
    operation: 'UpdatePackage',
    method: 'POST',
    template: '/2021-01-01/packages/update',
    handle: ({ body }, { state }) => {
      checkPluginOptions(body);
      return {
        PackageDetails: state.updatePackage({
          packageId: checkPackageId(body.PackageID),
          source: checkPackageSource(body.PackageSource),
          description: checkOptionalString(body.PackageDescription, 'packageDescription', 1024),
          commitMessage: checkOptionalString(body.CommitMessage, 'commitMessage', 160),
          // UpdatePackage has no PackageVendingOptions in the model.
          plugin: { configuration: pluginPackageFields(body).configuration, encryption: pluginPackageFields(body).encryption },
        }),
      };
    },
  },
  {
    operation: 'DeletePackage',
    method: 'DELETE',
    template: '/2021-01-01/packages/{PackageID}',
    handle: ({ params }, { state }) => ({ PackageDetails: state.deletePackage(checkPackageId(params.PackageID)) }),
  },
  {
    operation: 'ListDomainsForPackage',
    method: 'GET',
    template: '/2021-01-01/packages/{PackageID}/domains',
    handle: ({ params, query }, { state, paginator }) => {
      const packageId = checkPackageId(params.PackageID);
      const maxResults = checkMaxResults(query.maxResults);
      const page = paginator.page(`ListDomainsForPackage/${packageId}`, state.domainsForPackage(packageId), maxResults, query.nextToken);
      return { DomainPackageDetailsList: page.items, NextToken: page.nextToken };
    },
  },
  {
    operation: 'DescribeDomain',
    method: 'GET',
    template: '/2021-01-01/opensearch/domain/{DomainName}',
    handle: ({ params }, { state }) => ({ DomainStatus: state.describeDomain(checkDomainName(params.DomainName)) }),
  },
  {
    operation: 'AssociatePackages',
    method: 'POST',
    template: '/2021-01-01/packages/associateMultiple',
    handle: ({ body }, { state }) => {
      const domainName = checkDomainName(body.DomainName);
      const entries = checkPackageList(body.PackageList).map((raw, i) => {
        const entry = (raw ?? {}) as Record<string, unknown>;
        checkAssociationConfiguration(entry, `packageList.${i + 1}.member.`);
        return { packageId: checkPackageId(entry.PackageID, `packageList.${i + 1}.member.packageID`), ...associationRequestFields(entry) };
      });
      return { DomainPackageDetailsList: state.associateBatch(domainName, entries) };
    },
  },
  {
    operation: 'DissociatePackages',
    method: 'POST',
    template: '/2021-01-01/packages/dissociateMultiple',
    handle: ({ body }, { state }) => {
      const domainName = checkDomainName(body.DomainName);
      const ids = checkPackageList(body.PackageList).map((id, i) => checkPackageId(id, `packageList.${i + 1}.member`));
      return { DomainPackageDetailsList: state.dissociateBatch(domainName, ids) };
    },
  },
  {
    operation: 'UpdatePackageScope',
    method: 'POST',
    template: '/2021-01-01/packages/updateScope',
    handle: ({ body }, { state }) => state.updatePackageScope(checkPackageScopeRequest(body)),
  },
];

/** PackageList of the batch operations: required; the model sets no size limit, so an empty one is the only refusal. */
function checkPackageList(value: unknown): unknown[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw validationError("1 validation error detected: Value at 'packageList' failed to satisfy constraint: Member must not be null and must be a non-empty list");
  }
  return value;
}

interface CompiledRoute {
  readonly route: Route;
  readonly pattern: RegExp;
  readonly labels: readonly string[];
}

// Each {Label} matches one path segment. An empty one still selects the operation, whose label check
// then answers ValidationException (the model's length constraint), not UnknownOperationException.
const COMPILED: readonly CompiledRoute[] = ROUTES.map(route => {
  const labels: string[] = [];
  const source = route.template.split('/').map(segment => {
    const label = /^\{(\w+)\}$/.exec(segment);
    if (label) {
      labels.push(label[1]);
      return '([^/]*)';
    }
    return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }).join('/');
  return { route, pattern: new RegExp(`^${source}$`), labels };
});

/** Finds the operation for a method and path, or undefined (an unknown operation). */
export function matchRoute(method: string, path: string): RouteMatch | undefined {
  for (const { route, pattern, labels } of COMPILED) {
    const m = route.method === method ? pattern.exec(path) : null;
    if (m) {
      const rawParams: Record<string, string> = {};
      labels.forEach((label, i) => { rawParams[label] = m[i + 1]; });
      return { route, rawParams };
    }
  }
  return undefined;
}

function parseFilters(value: unknown): PackageFilter[] {
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value)) {
    throw validationError("1 validation error detected: Value at 'filters' failed to satisfy constraint: Member must be a list");
  }
  return value.map((raw: unknown, i): PackageFilter => {
    const filter = (raw ?? {}) as Record<string, unknown>;
    const name = filter.Name;
    if (typeof name !== 'string' || !(FILTER_NAMES as readonly string[]).includes(name)) {
      throw validationError(`1 validation error detected: Value '${String(name)}' at 'filters.${i + 1}.member.name' failed to satisfy constraint: Member must satisfy enum value set: [${FILTER_NAMES.join(', ')}]`);
    }
    const values = filter.Value;
    if (!Array.isArray(values) || values.length === 0) {
      throw validationError(`1 validation error detected: Value at 'filters.${i + 1}.member.value' failed to satisfy constraint: Member must have length greater than or equal to 1`);
    }
    for (const [j, v] of values.entries()) {
      if (typeof v !== 'string' || !FILTER_VALUE_PATTERN.test(v)) {
        throw validationError(`1 validation error detected: Value '${String(v)}' at 'filters.${i + 1}.member.value.${j + 1}.member' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9a-zA-Z\\*\\.\\_\\\\\\/\\?-]+$`);
      }
    }
    return { name: name as PackageFilter['name'], values: values as string[] };
  });
}

/** The error for a request that matches no operation. */
export function unknownOperation(method: string, path: string): ServiceError {
  return new ServiceError('UnknownOperationException', `Unknown operation ${method} ${path}`);
}
