import type { ErrorData } from '../../../native/contract/errors';

/**
 * Data fetched through the contract, with its loading state and last error kept next to it, so
 * every view can show loading, empty and error states the same way, and keep showing the old data
 * while a refresh runs.
 */
export interface Loadable<T> {
  status: 'idle' | 'loading' | 'ready' | 'error';
  data: T | null;
  error: ErrorData | null;
}

/** Nothing asked for yet. */
export function idle<T>(): Loadable<T> {
  return { status: 'idle', data: null, error: null };
}

/** A load started: old data stays visible. */
export function loading<T>(prev: Loadable<T>): Loadable<T> {
  return { status: 'loading', data: prev.data, error: null };
}

/** A load succeeded. */
export function ready<T>(data: T): Loadable<T> {
  return { status: 'ready', data, error: null };
}

/** A load failed: old data stays visible next to the error. */
export function failed<T>(prev: Loadable<T>, error: ErrorData): Loadable<T> {
  return { status: 'error', data: prev.data, error };
}
