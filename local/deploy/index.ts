export { readStack } from './assembly';
export type { StackArtifact } from './assembly';
export { bootstrapEnvironment, fileAssetsBucketName } from './bootstrap';
export type { BootstrapOptions } from './bootstrap';
export { ScaledClock } from './scaled-clock';
export { DeploymentError, LocalStackDeployment } from './stack-deployer';
export type { LocalDeployOptions, ResourceEvent, ResourceStatus } from './stack-deployer';
export { CREATE_FAILED_MARKER } from './provider-framework';
