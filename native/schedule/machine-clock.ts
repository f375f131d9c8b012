import { simExtras } from '../ffi/sim-extras.js';
import type { ScheduleStore } from './schedule-store.js';

const FT_UNIX_EPOCH = 116444736000000000n;

/** A JavaScript time as a FILETIME (100 ns ticks since 1601), what the stand-in's clock takes. */
export function fileTimeOf(ms: number): bigint {
  return BigInt(Math.round(ms)) * 10000n + FT_UNIX_EPOCH;
}

/**
 * The machine's own clock, which schedules run by. On Windows it is the real clock. On the simulated
 * machine it can run ahead: `schedule tick --until` moves it forward (it never goes back), running
 * what falls due on the way, and afterwards it keeps ticking from there at real speed, so copies made
 * later are still newer than the ones the tick made. The offset lives in the machine's schedule store.
 */
export interface MachineClock {
  readonly simulated: boolean;
  now(): Date;
  /**
   * Runs `work` with the machine's VSS clock at `at` (the simulated machine stamps new copies with
   * it), or at the machine's now when `at` is omitted. On Windows the work runs as is.
   */
  during<T>(work: () => T, at?: Date): T;
  /** Moves the simulated clock forward to `to` (never back). */
  advanceTo(to: Date): void;
}

/** Windows' clock: the real one. */
export const REAL_CLOCK: MachineClock = {
  simulated: false,
  now: () => new Date(),
  during: (work) => work(),
  advanceTo: () => {
    throw new Error('Only the simulated machine has a clock ShadowDesk can move');
  },
};

/** The simulated machine's clock, kept in its schedule store. */
export function simulatedClock(store: ScheduleStore): MachineClock {
  const offset = (): number => store.read().clockOffsetMs ?? 0;
  const now = (): Date => new Date(Date.now() + offset());
  return {
    simulated: true,
    now,
    during<T>(work: () => T, at?: Date): T {
      const sim = simExtras();
      const when = at ?? (offset() !== 0 ? now() : undefined);
      if (!sim || !when) return work();
      sim.setClock(fileTimeOf(when.getTime()));
      try {
        return work();
      } finally {
        sim.setClock(0n);
      }
    },
    advanceTo(to: Date): void {
      store.update((state) => {
        const current = Date.now() + (state.clockOffsetMs ?? 0);
        if (to.getTime() > current) state.clockOffsetMs = to.getTime() - Date.now();
      });
    },
  };
}
