/**
 * Coalesces loads per key. A call while a load runs does not start a second one at once, but it
 * may need data newer than that load fetched (e.g. a refresh right after a delete), so it gets
 * one more load after the running one; any further calls meanwhile share that same rerun.
 */
export function singleFlight(): (key: string, work: () => Promise<void>) => Promise<void> {
  const running = new Map<string, Promise<void>>();
  const rerun = new Map<string, Promise<void>>();
  const start = (key: string, work: () => Promise<void>): Promise<void> => {
    const p = work().finally(() => running.delete(key));
    running.set(key, p);
    return p;
  };
  return (key, work) => {
    const current = running.get(key);
    if (!current) return start(key, work);
    let next = rerun.get(key);
    if (!next) {
      const again = () => {
        rerun.delete(key);
        return start(key, work);
      };
      next = current.then(again, again);
      rerun.set(key, next);
    }
    return next;
  };
}
