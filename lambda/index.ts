/**
 * Entry points of the one provider behind every resource of the library in a stack. Both dispatch on
 * the resource type to the handlers of that resource, so a new resource type adds no functions.
 */
import * as association from './association';
import * as packages from './package';
import * as pluginInstallation from './plugin-installation';
import { echo } from './shared/errors';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from './shared/events';
import { waitDeadline, logStep } from './shared/step';
import type { StepLog } from './shared/step';
import type { WaiterState } from '../src/handler-contract/contract';
import { ASSOCIATION_BATCH_RESOURCE_TYPE, ASSOCIATION_RESOURCE_TYPE, PACKAGE_LOOKUP_RESOURCE_TYPE, PACKAGE_RESOURCE_TYPE } from '../src/handler-contract/rules';
import type { HandlerEntry } from '../src/handler-contract/rules';

interface ResourceHandlers {
  onEvent(event: OnEventRequest): Promise<OnEventResponse>;
  isComplete(event: IsCompleteRequest): Promise<IsCompleteResponse<object>>;
}

const HANDLERS: Record<string, ResourceHandlers> = {
  [ASSOCIATION_RESOURCE_TYPE]: association,
  [ASSOCIATION_BATCH_RESOURCE_TYPE]: pluginInstallation,
  [PACKAGE_RESOURCE_TYPE]: packages,
  [PACKAGE_LOOKUP_RESOURCE_TYPE]: packages,
};

export async function onEvent(event: OnEventRequest): Promise<OnEventResponse & WaiterState> {
  const handlers = handlersFor('onEvent', event);
  // Read before acting: a resource whose deadline can't be known must not start anything.
  const deadline = waitDeadline(event, Date.now());
  const response = await handlers.onEvent(event);
  return { ...response, ...deadline };
}

export async function isComplete(event: IsCompleteRequest): Promise<IsCompleteResponse<object>> {
  return handlersFor('isComplete', event).isComplete(event);
}

// The provider names these exports as its functions' handlers: renaming one breaks the compile.
({ onEvent, isComplete }) satisfies Record<HandlerEntry, unknown>;

/**
 * The handlers of the event's resource type. Anything that is not an event of ours (no object, an
 * unknown type) is refused with a log line before any call; its values are echoed without ever throwing.
 */
function handlersFor(handler: StepLog['handler'], event: OnEventRequest): ResourceHandlers {
  const fields: Partial<OnEventRequest> = typeof event === 'object' && event !== null ? event : {};
  const resourceType = fields.ResourceType;
  const handlers = typeof resourceType === 'string' && Object.prototype.hasOwnProperty.call(HANDLERS, resourceType)
    ? HANDLERS[resourceType] : undefined;
  if (handlers) return handlers;
  const error = typeof event === 'object' && event !== null
    ? `Unsupported ResourceType ${echo(resourceType, 100)}: this provider serves ${Object.keys(HANDLERS).join(', ')}`
    : `Unsupported event ${echo(event, 32)}: expected a CloudFormation custom resource event`;
  logStep({ handler, requestType: echo(fields.RequestType, 32), outcome: 'failed', error });
  throw new Error(error);
}
