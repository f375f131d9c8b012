/**
 * A one-line progress bar on stderr for long work in a terminal; silent when stderr is not a TTY,
 * so piped and --json output stay clean.
 */
export class ProgressBar {
  readonly #enabled: boolean;
  #last = 0;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.#enabled = Boolean(stream.isTTY);
  }

  update(fraction: number, label: string): void {
    if (!this.#enabled) return;
    const now = Date.now();
    if (now - this.#last < 80 && fraction < 1) return;
    this.#last = now;
    const width = 24;
    const done = Math.round(Math.max(0, Math.min(1, fraction)) * width);
    const columns = this.stream.columns ?? 80;
    const line = `[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${Math.round(fraction * 100)}% ${label}`;
    this.stream.write(`\r${line.slice(0, columns - 1).padEnd(columns - 1)}`);
  }

  done(): void {
    if (this.#enabled) this.stream.write(`\r${' '.repeat((this.stream.columns ?? 80) - 1)}\r`);
  }
}
