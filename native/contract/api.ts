import type { Lang } from './errors.js';
import type { InputOf, OperationName, ProgressOf, ResultOf } from './operations.js';
// The names only: the CLI builds its API without loading zod and the schemas (see operation-names.ts).
import { OPERATION_NAME_LIST } from './operation-names.js';

/** Per-call options every transport supports. */
export interface CallOptions<P> {
  onProgress?: (event: P) => void;
  signal?: AbortSignal;
  /** Language of error messages for this call (the app can switch language while it runs). */
  lang?: Lang;
  /**
   * The computer the call goes to (an SSH target from the computers list); absent for this computer.
   * Operations that always run here (HERE_OPERATION_LIST) ignore it.
   */
  computer?: string;
}

/** The typed API every front end uses: one method per operation. */
export type ShadowDeskApi = {
  [N in OperationName]: (input: InputOf<N>, options?: CallOptions<ProgressOf<N>>) => Promise<ResultOf<N>>;
};

/** Carries an operation's name, input and options to wherever it runs. */
export interface Transport {
  call(op: OperationName, input: unknown, options: CallOptions<unknown>): Promise<unknown>;
}

// RemoteError lives in its own module so HostClient (and the CLI's entry point) can use it without
// loading the operations table and zod; it is re-exported here for everyone else.
export { RemoteError } from './remote-error.js';

/** Builds the typed API over a transport: the same object for the CLI, the server and the app. */
export function createApi(transport: Transport): ShadowDeskApi {
  const api: Record<string, unknown> = {};
  for (const name of OPERATION_NAME_LIST) {
    api[name] = (input: unknown, options: CallOptions<unknown> = {}) => transport.call(name, input, options);
  }
  return api as ShadowDeskApi;
}
