import koffi, { type TypeObject } from 'koffi';
import { slotOf, type InterfaceName } from './abi/vss-abi.js';
import { check } from './hresult.js';
import { SIGNATURES, type BoundInterface, type MethodOf } from './signatures.js';
import './structs.js';

/** A native pointer as koffi 3 represents it. */
export type Ptr = bigint;

const fnCache = new Map<string, (...args: unknown[]) => unknown>();
const protoCache = new Map<string, TypeObject>();
let liveComPtrs = 0;

/** COM pointers the bindings hold right now; the leak tests assert it returns to zero. */
export function liveComPointerCount(): number {
  return liveComPtrs;
}

function protoFor(iface: string, method: string, signature: string): TypeObject {
  const key = `${iface}::${method}`;
  let proto = protoCache.get(key);
  if (!proto) {
    const open = signature.indexOf('(');
    const ret = signature.slice(0, open).trim();
    const params = signature.slice(open + 1, -1).trim();
    proto = koffi.proto(`${ret} __stdcall ${iface}_${method}(void *self${params ? `, ${params}` : ''})`);
    protoCache.set(key, proto);
  }
  return proto;
}

function signatureOf(iface: BoundInterface, method: string): { owner: string; signature: string } {
  const own = (SIGNATURES[iface] as Record<string, string>)[method];
  if (own) return { owner: iface, signature: own };
  const base = (SIGNATURES.IUnknown as Record<string, string>)[method];
  if (base) return { owner: 'IUnknown', signature: base };
  throw new Error(`No signature bound for ${iface}::${method}`);
}

/**
 * One owned COM interface pointer. Every pointer the bindings receive is wrapped at once and
 * released exactly once: a second release throws (it would be a double free), and a call after
 * release throws instead of jumping through a dangling vtable.
 */
export class ComPtr<I extends BoundInterface = BoundInterface> {
  readonly iface: I;
  #ptr: Ptr | null;

  constructor(iface: I, ptr: Ptr) {
    if (!ptr) throw new Error(`Null ${iface} pointer`);
    this.iface = iface;
    this.#ptr = ptr;
    liveComPtrs++;
  }

  /** The raw pointer, for passing this interface to another call. */
  get ptr(): Ptr {
    if (this.#ptr === null) throw new Error(`${this.iface} used after release`);
    return this.#ptr;
  }

  get released(): boolean {
    return this.#ptr === null;
  }

  /** Calls `method` through the vtable and returns its raw result (an HRESULT for most methods). */
  invoke(method: MethodOf<I> | 'AddRef' | 'Release' | 'QueryInterface', ...args: unknown[]): number {
    const self = this.ptr;
    const owner = signatureOf(this.iface, method);
    const slot = slotOf((owner.owner === 'IUnknown' ? 'IUnknown' : this.iface) as InterfaceName, method);
    const vtbl = koffi.decode(self, 'void *') as Ptr;
    const key = `${vtbl}:${slot}:${owner.owner}::${method}`;
    let fn = fnCache.get(key);
    if (!fn) {
      const fnPtr = koffi.decode(vtbl, 8 * slot, 'void *') as Ptr;
      fn = koffi.decode(fnPtr, protoFor(owner.owner, method, owner.signature)) as (...a: unknown[]) => unknown;
      fnCache.set(key, fn);
    }
    return fn(self, ...args) as number;
  }

  /** Calls `method` and throws a VssError naming `operation` when it fails; returns S_OK/S_FALSE. */
  call(method: MethodOf<I>, operation: string, ...args: unknown[]): number {
    return check(this.invoke(method, ...args), operation);
  }

  /** Releases the pointer; the only way a ComPtr gives its reference back. */
  release(): void {
    this.invoke('Release');
    this.#ptr = null;
    liveComPtrs--;
  }
}

/**
 * Owns the COM pointers of one operation and releases them all, newest first, whatever path the
 * operation leaves by. This is how "released exactly once, on every path" is kept by construction.
 */
export class ComScope {
  readonly #owned: ComPtr[] = [];

  /** Wraps a fresh out-pointer and takes ownership of it. */
  adopt<I extends BoundInterface>(iface: I, ptr: Ptr | null | undefined): ComPtr<I> {
    if (!ptr) throw new Error(`Expected a ${iface} pointer, got NULL`);
    const com = new ComPtr(iface, ptr);
    this.#owned.push(com);
    return com;
  }

  /** Releases `com` now (e.g. an async op finished) instead of at the end of the scope. */
  releaseNow(com: ComPtr): void {
    const i = this.#owned.indexOf(com);
    if (i >= 0) this.#owned.splice(i, 1);
    com.release();
  }

  /** Releases everything still owned; errors from Release never mask the operation's own error. */
  dispose(): void {
    while (this.#owned.length > 0) {
      const com = this.#owned.pop()!;
      if (!com.released) com.release();
    }
  }
}

/** Runs `fn` with a fresh scope and disposes it afterwards, on success and on throw. */
export function withComScope<T>(fn: (scope: ComScope) => T): T {
  const scope = new ComScope();
  try {
    return fn(scope);
  } finally {
    scope.dispose();
  }
}
