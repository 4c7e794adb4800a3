import { ChildProcess, fork } from 'child_process';
import * as path from 'path';
import { ScaledClock } from './scaled-clock';

/**
 * Runs Lambda handler bundles the way the Lambda service does for our purposes: each function gets
 * Node.js processes of its own ("containers") with its own environment (region, credentials, endpoint).
 * A container loads the bundle once and serves one invocation at a time; an invocation that finds every
 * container of its function busy starts another, as Lambda scales out. The AWS SDK is resolved from this
 * project's node_modules, the way the Lambda runtime provides it to bundles that leave `@aws-sdk/*` out.
 * The functions run on `clock` (real time by default): their Date and timers, and their timeout.
 */
export class LambdaHost {
  private readonly idle = new Map<string, ChildProcess[]>();
  private readonly all = new Set<ChildProcess>();
  private closed = false;

  constructor(private readonly environment: Record<string, string>, public readonly clock: ScaledClock = ScaledClock.REAL) {}

  /** Invokes `handler` (e.g. `index.onEvent`) from the bundle in `codeDir` in an idle container of the function; `timeoutMs` on the host's clock. */
  public async invoke(functionId: string, codeDir: string, handler: string, event: unknown, timeoutMs: number): Promise<any> {
    // A deployment still running after its host was closed (a test that timed out) must not start processes nobody stops.
    if (this.closed) throw new Error(`the Lambda host is closed: ${functionId} was not invoked`);
    const container = this.idle.get(functionId)?.pop() ?? this.start(functionId);
    try {
      const result = await this.send(container, { codeDir, handler, event }, timeoutMs);
      this.idle.set(functionId, [...(this.idle.get(functionId) ?? []), container]);
      return result;
    } catch (error) {
      // A container that failed to answer is not reused; handler errors keep it (see send()).
      if ((error as { containerLost?: boolean }).containerLost) container.kill();
      else this.idle.set(functionId, [...(this.idle.get(functionId) ?? []), container]);
      throw error;
    }
  }

  /** Stops every container. */
  public async close(): Promise<void> {
    this.closed = true;
    const exits = [...this.all].map((child) => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill();
    }));
    this.idle.clear();
    this.all.clear();
    await Promise.all(exits);
  }

  private send(container: ChildProcess, request: object, timeoutMs: number): Promise<any> {
    return new Promise((resolve, reject) => {
      const lost = (message: string) => Object.assign(new Error(message), { containerLost: true });
      const finish = () => {
        clearTimeout(timer);
        container.off('message', onMessage);
        container.off('exit', onExit);
      };
      const onMessage = ({ result, error }: { result?: unknown; error?: { name: string; message: string } }) => {
        finish();
        if (error) reject(Object.assign(new Error(error.message), { name: error.name }));
        else resolve(result);
      };
      const onExit = () => { finish(); reject(lost('the function process exited')); };
      const timer = setTimeout(() => { finish(); reject(lost(`Task timed out after ${timeoutMs / 1000} seconds`)); }, this.clock.toReal(timeoutMs));
      container.on('message', onMessage);
      container.once('exit', onExit);
      container.send(request);
    });
  }

  private start(functionId: string): ChildProcess {
    const { scale, origin } = this.clock;
    const child = fork(path.join(__dirname, 'lambda-worker.js'), scale === 1 ? [] : [`--time-scale=${scale},${origin}`], {
      // Not the parent's flags: under ts-node they would make every container boot ts-node first.
      execArgv: [],
      env: {
        PATH: process.env.PATH ?? '',
        NODE_PATH: path.join(__dirname, '..', '..', 'node_modules'),
        AWS_LAMBDA_FUNCTION_NAME: functionId,
        ...this.environment,
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    // Handler logs are the function's CloudWatch logs: kept, not printed, unless asked for.
    const echo = process.env.LOCAL_DEPLOY_LAMBDA_LOGS ? (chunk: Buffer) => process.stderr.write(chunk) : () => undefined;
    child.stdout?.on('data', echo);
    child.stderr?.on('data', echo);
    child.once('exit', () => {
      this.all.delete(child);
      const idle = this.idle.get(functionId);
      if (idle?.includes(child)) this.idle.set(functionId, idle.filter((other) => other !== child));
    });
    this.all.add(child);
    return child;
  }
}
