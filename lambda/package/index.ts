/**
 * User handlers of the Provider behind `Custom::OpenSearchPackage` and `Custom::OpenSearchPackageLookup`
 * (one provider serves both, so look-ups add no functions).
 */
import { lookUpPackage } from './lookup';
import { createPackage, deletePackage, PackageCompleteResponse, updatePackage, waitForDeletion, waitForPackage } from './package-resource';
import { PACKAGE_LOOKUP_RESOURCE_TYPE } from '../../src/handler-contract/rules';
import type { IsCompleteRequest, OnEventRequest, OnEventResponse } from '../shared/events';
import { complete, runStep, stepFor } from '../shared/step';

export type { PackageCompleteResponse } from './package-resource';

export async function onEvent(event: OnEventRequest): Promise<OnEventResponse> {
  return runStep('onEvent', event, () => event.ResourceType === PACKAGE_LOOKUP_RESOURCE_TYPE
    ? lookUpPackage(event)
    : stepFor(event, { Create: createPackage, Update: updatePackage, Delete: deletePackage }));
}

export async function isComplete(event: IsCompleteRequest): Promise<PackageCompleteResponse> {
  return runStep('isComplete', event, async () => {
    if (event.ResourceType === PACKAGE_LOOKUP_RESOURCE_TYPE) {
      // onEvent did the look-up; the framework keeps the Data it returned.
      return complete({ physicalResourceId: event.PhysicalResourceId, outcome: 'complete' });
    }
    return event.RequestType === 'Delete' ? waitForDeletion(event) : waitForPackage(event);
  });
}
