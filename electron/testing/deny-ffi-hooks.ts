/**
 * Module resolution hooks (node:module register) that make any attempt to load koffi, the FFI
 * layer or the in-process VSS client fail loudly. main-graph.test.ts imports the main process's
 * modules under them to prove the Electron main process never loads koffi.
 */
interface ResolveContext {
  parentURL?: string;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<{ url: string }>;

const FORBIDDEN = [/(^|\/)koffi(\/|$)/, /\/native\/ffi\//, /\/native\/vss\/vss-client\.js$/, /\/native\/host\/handlers\.js$/];

export async function resolve(specifier: string, context: ResolveContext, next: NextResolve): Promise<{ url: string }> {
  const result = await next(specifier, context);
  if (FORBIDDEN.some((re) => re.test(specifier) || re.test(result.url))) {
    throw new Error(`FORBIDDEN LOAD: ${specifier} (from ${context.parentURL ?? '?'})`);
  }
  return result;
}
