/** What the association handler's tests build: properties, events, listings, package details, service errors. */
import {
  AssociatePackageCommand,
  ConflictException,
  DescribeDomainCommand,
  DescribePackagesCommand,
  DissociatePackageCommand,
  ListPackagesForDomainCommand,
  ValidationException,
} from '@aws-sdk/client-opensearch';
import type { DomainPackageDetails, DomainPackageStatus, DomainStatus, PackageDetails, PackageStatus } from '@aws-sdk/client-opensearch';
import { refusalGrace } from '../../../lambda/shared/pause';
import { eventBuilders, mockOpenSearchAndLogs, Properties, SERVICE_TOKEN } from '../handler-test-support';

export const DOMAIN = 'search-domain';
export const PACKAGE = 'F123456789';
export const PHYSICAL_ID = `opensearch-package-association:${DOMAIN}:${PACKAGE}`;
export const IN_PROGRESS = 'A change/update is in progress. Please wait for it to complete before requesting another change.';

export const properties = (overrides: Properties = {}): Properties => ({
  ServiceToken: SERVICE_TOKEN,
  DomainName: DOMAIN,
  PackageId: PACKAGE,
  ...overrides,
});

export const { createEvent, updateEvent, deleteEvent, completeRequest } = eventBuilders({
  resourceType: 'Custom::OpenSearchPackageAssociation', logicalId: 'Association', physicalId: PHYSICAL_ID, properties,
});

export function listed(status: DomainPackageStatus, overrides: Partial<DomainPackageDetails> = {}): DomainPackageDetails {
  return {
    DomainName: DOMAIN,
    PackageID: PACKAGE,
    PackageName: 'synonyms',
    PackageType: 'TXT-DICTIONARY',
    PackageVersion: 'v1',
    ReferencePath: `analyzers/${PACKAGE}`,
    DomainPackageStatus: status,
    ...overrides,
  };
}

export const listing = (...details: DomainPackageDetails[]) => ({ DomainPackageDetailsList: details });

/** Another package on the same domain, e.g. one still ASSOCIATING. */
export const other = (status: DomainPackageStatus) => listed(status, { PackageID: 'F222222222', PackageName: 'stopwords' });

export function pkg(status: PackageStatus, overrides: Partial<PackageDetails> = {}): PackageDetails {
  return { PackageID: PACKAGE, PackageName: 'synonyms', PackageType: 'TXT-DICTIONARY', PackageStatus: status, AvailablePackageVersion: 'v1', ...overrides };
}

export const described = (...details: PackageDetails[]) => ({ PackageDetailsList: details });

export function domainStatus(overrides: Partial<DomainStatus> = {}): DomainStatus {
  return {
    DomainId: `111111111111/${DOMAIN}`,
    DomainName: DOMAIN,
    ARN: `arn:aws:es:eu-west-1:111111111111:domain/${DOMAIN}`,
    ClusterConfig: {},
    Processing: false,
    UpgradeProcessing: false,
    DomainProcessingStatus: 'Active',
    ...overrides,
  };
}

export const $metadata = {};
export const conflict = (message = 'Another operation is in progress for this package.') => new ConflictException({ message, $metadata });
export const inProgress = () => new ValidationException({ message: IN_PROGRESS, $metadata });
export const alreadyInDesiredState = () => new ConflictException({ message: 'Package is already in desired state.', $metadata });
export const IN_USE_CAUSE = 'an index may still use this package: delete or reindex it, or keep the association with removalPolicy RETAIN';

/**
 * Mocks the service for an association test file (call it once at the top), with defaults each test
 * may override: the package AVAILABLE at v1, an idle domain, nothing associated; no pause before a
 * second look at a refused request.
 */
export function mockAssociationService() {
  const { opensearch, logs } = mockOpenSearchAndLogs();
  beforeEach(() => {
    refusalGrace.delaysMs = [0, 0];
    opensearch.on(DescribePackagesCommand).resolves(described(pkg('AVAILABLE')));
    opensearch.on(DescribeDomainCommand).resolves({ DomainStatus: domainStatus() });
    opensearch.on(ListPackagesForDomainCommand).resolves(listing());
  });
  return {
    opensearch,
    logs,
    logLines: logs.lines,
    /** The domain applying a configuration change, as DescribeDomain shows it. */
    processingDomain: () => opensearch.on(DescribeDomainCommand).resolves({ DomainStatus: domainStatus({ Processing: true, DomainProcessingStatus: 'Modifying' }) }),
    associateInputs: () => opensearch.commandCalls(AssociatePackageCommand).map((call) => call.args[0].input),
    dissociateInputs: () => opensearch.commandCalls(DissociatePackageCommand).map((call) => call.args[0].input),
    listCalls: () => opensearch.commandCalls(ListPackagesForDomainCommand),
  };
}
