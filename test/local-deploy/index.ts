export { readStack } from './assembly';
export type { StackArtifact } from './assembly';
export { DeploymentError, LocalStackDeployment } from './stack-deployer';
export type { LocalDeployOptions, ResourceEvent, ResourceStatus } from './stack-deployer';
export { CREATE_FAILED_MARKER } from './provider-framework';
