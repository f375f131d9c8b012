import type { CallOptions, Transport } from '../contract/api.js';
import { runsHere } from '../contract/operation-names.js';
import type { OperationName } from '../contract/operations.js';

/** A transport that can be started early and closed (HostClient). */
export interface HostTransport extends Transport {
  start?(): void;
  close(): Promise<void>;
}

/**
 * The command line's transport with `--computer`: every operation goes to the other computer's host,
 * except those that run on this computer whatever computer is named (HERE_OPERATION_LIST: bringing
 * files here, the fleet, the computers list, this computer's dialogs). Those go to a host of this
 * computer, started only when one is asked for, so `--computer X volumes` starts nothing here.
 */
export class ComputerTransport implements HostTransport {
  #local: HostTransport | undefined;

  constructor(
    private readonly remote: HostTransport,
    private readonly makeLocal: () => HostTransport,
  ) {}

  start(): void {
    this.remote.start?.();
  }

  call(op: OperationName, input: unknown, options: CallOptions<unknown> = {}): Promise<unknown> {
    if (runsHere(op)) return (this.#local ??= this.makeLocal()).call(op, input, options);
    return this.remote.call(op, input, options);
  }

  async close(): Promise<void> {
    await Promise.all([this.remote.close(), this.#local?.close()]);
  }
}

/**
 * `--json` output with the computer named, in the same shape as locally: an object gains a
 * `computer` field, and each object of a list does, so a script reading `name` or `id` reads them
 * as before and one gathering several computers' output can tell them apart.
 */
export function nameComputer(json: unknown, computer: string): unknown {
  const named = (v: unknown): unknown => (v && typeof v === 'object' && !Array.isArray(v) ? { computer, ...(v as object) } : v);
  return Array.isArray(json) ? json.map(named) : named(json);
}
