import type { ResourceEvent } from '../local/deploy';

/**
 * Shows a local deployment the way the CloudFormation console does: one row per custom resource with
 * its status and how long it has been in it. On a terminal the table is redrawn in place; elsewhere
 * (CI logs, pipes) each status change is printed once.
 */
export class ProgressDisplay {
  private readonly rows = new Map<string, { type: string; status: string; since: number; reason?: string }>();
  private readonly live = Boolean(process.stdout.isTTY);
  private drawnLines = 0;
  private timer?: NodeJS.Timeout;
  private simulated = 0;

  /** Starts a new table under `title` (one per stack operation). */
  public start(title: string): void {
    this.rows.clear();
    this.drawnLines = 0;
    this.simulated = 0;
    console.log(`\n${title}`);
    if (this.live) this.timer = setInterval(() => this.draw(), 250);
  }

  public readonly onEvent = (event: ResourceEvent): void => {
    if (!event.custom) {
      if (event.status.endsWith('_COMPLETE')) this.simulated++;
      return;
    }
    this.rows.set(event.logicalId, { type: event.resourceType, status: event.status, since: Date.now(), reason: event.reason });
    if (this.live) this.draw();
    else console.log(`  ${event.logicalId.padEnd(34)} ${event.status}${event.reason ? `  ${event.reason}` : ''}`);
  };

  public stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.live) this.draw();
    if (this.simulated > 0) {
      const what = this.simulated === 1 ? '1 other resource is' : `${this.simulated} other resources (IAM roles, Lambda functions, the domain...) are`;
      console.log(`  (${what} taken as done locally)`);
    }
  }

  private draw(): void {
    const lines = [...this.rows].map(([id, row]) => {
      const seconds = ((Date.now() - row.since) / 1000).toFixed(1).padStart(5);
      const reason = row.reason ? `  ${row.reason}` : '';
      return `  ${id.padEnd(34)} ${row.type.padEnd(38)} ${row.status.padEnd(20)} ${seconds}s${reason}`;
    });
    if (this.drawnLines > 0) process.stdout.write(`\x1b[${this.drawnLines}A`);
    for (const line of lines) process.stdout.write(`\x1b[2K${line}\n`);
    this.drawnLines = lines.length;
  }
}
