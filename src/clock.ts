/** Injected time source, so tests can expire tokens and move `update_time` without sleeping. */
export interface Clock {
  now(): number; // epoch milliseconds
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to; handy in tests. */
export function fixedClock(
  start: number | string | Date,
): Clock & { advance(ms: number): void; set(t: number | string | Date): void } {
  let t = new Date(start).getTime();
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
    set(v) {
      t = new Date(v).getTime();
    },
  };
}
