import type { ComputerPool } from './computer-pool.js';

/**
 * The pool, loaded on its first use: a host that never reaches another computer (every `shadowdesk
 * volumes`, the window on this computer) does not load the ssh client's code at start-up.
 */
export function lazyComputerPool(load: () => Promise<ComputerPool>): ComputerPool {
  let loading: Promise<ComputerPool> | undefined;
  let pool: ComputerPool | undefined;
  const get = (): Promise<ComputerPool> => (loading ??= load().then((p) => (pool = p)));
  return {
    call: async (target, op, input, options) => (await get()).call(target, op, input, options),
    session: async (target, work, options) => (await get()).session(target, work, options),
    isOpen: (target) => pool?.isOpen(target) ?? false,
    close: async (target) => pool?.close(target),
    closeAll: async () => pool?.closeAll(),
  };
}
