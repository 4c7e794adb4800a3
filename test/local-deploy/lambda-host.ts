import { ChildProcess, fork } from 'child_process';
import * as path from 'path';

/**
 * Runs Lambda handler bundles the way the Lambda service does for our purposes: each function gets its
 * own warm Node.js process with its own environment (region, credentials, endpoint), loads the bundle once
 * and serves invocations one at a time. The AWS SDK is resolved from this project's node_modules, the
 * way the Lambda runtime provides it to bundles that leave `@aws-sdk/*` out.
 */
export class LambdaHost {
  private readonly processes = new Map<string, ChildProcess>();
  private readonly pending = new Map<number, { functionId: string; resolve: (value: any) => void; reject: (error: Error) => void }>();
  private nextId = 0;

  constructor(private readonly environment: Record<string, string>) {}

  /** Invokes `handler` (e.g. `index.onEvent`) from the bundle in `codeDir`, in the function's process. */
  public invoke(functionId: string, codeDir: string, handler: string, event: unknown, timeoutMs: number): Promise<any> {
    const child = this.processFor(functionId);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`Task timed out after ${timeoutMs / 1000} seconds`));
      }, timeoutMs);
      this.pending.set(id, {
        functionId,
        resolve: (value) => { clearTimeout(timer); resolve(value); },
        reject: (error) => { clearTimeout(timer); reject(error); },
      });
      child.send({ id, codeDir, handler, event });
    });
  }

  /** Stops every function process. */
  public async close(): Promise<void> {
    const exits = [...this.processes.values()].map((child) => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill();
    }));
    this.processes.clear();
    await Promise.all(exits);
  }

  private processFor(functionId: string): ChildProcess {
    const existing = this.processes.get(functionId);
    if (existing) return existing;
    const projectModules = path.join(__dirname, '..', '..', 'node_modules');
    const child = fork(path.join(__dirname, 'lambda-worker.js'), [], {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_PATH: projectModules,
        AWS_LAMBDA_FUNCTION_NAME: functionId,
        ...this.environment,
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    // Handler logs are the function's CloudWatch logs: kept, not printed, unless asked for.
    const echo = process.env.LOCAL_DEPLOY_LAMBDA_LOGS ? (chunk: Buffer) => process.stderr.write(chunk) : () => undefined;
    child.stdout?.on('data', echo);
    child.stderr?.on('data', echo);
    child.on('message', ({ id, result, error }: { id: number; result?: unknown; error?: { name: string; message: string } }) => {
      const waiter = this.pending.get(id);
      if (!waiter) return;
      this.pending.delete(id);
      if (error) waiter.reject(Object.assign(new Error(error.message), { name: error.name }));
      else waiter.resolve(result);
    });
    child.on('exit', () => {
      this.processes.delete(functionId);
      for (const [id, waiter] of this.pending) {
        if (waiter.functionId !== functionId) continue;
        this.pending.delete(id);
        waiter.reject(new Error(`function ${functionId} exited`));
      }
    });
    this.processes.set(functionId, child);
    return child;
  }
}
