import type { z } from 'zod';

/**
 * One operation of the contract: its input schema, and (as phantom types, which exist only for the
 * compiler) its result and progress event. Every transport (host pipe, Electron IPC, the headless
 * server, the CLI) is generated from the same table, so an operation cannot exist in one and not the
 * others.
 */
export interface OperationDef<I extends z.ZodType, R, P> {
  readonly input: I;
  /** True when the operation changes the machine: callers confirm it first and the host audits it. */
  readonly destructive: boolean;
  /** Phantom: the result type. */
  readonly _result?: R;
  /** Phantom: the progress event type (`never` when the operation reports none). */
  readonly _progress?: P;
}

/** Declares an operation; `R` and `P` are given as type arguments. */
export function op<R, P = never>() {
  return <I extends z.ZodType>(input: I, options: { destructive?: boolean } = {}): OperationDef<I, R, P> => ({
    input,
    destructive: options.destructive ?? false,
  });
}
