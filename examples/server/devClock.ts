/**
 * The development clock: real time plus an offset that `POST /dev/clock` sets, so the deemed path
 * (days later) can be tried at once. In production the server uses the real clock only.
 *
 * @since 0.1.0
 */

/** A settable clock. @since 0.1.0 */
export interface DevClock {
  readonly now: () => number
  /** From now on, `now()` answers `instant` plus the real time elapsed since this call. */
  readonly set: (instant: number) => void
}

/**
 * A clock over `real` (Date.now by default) with a settable offset.
 * @example const clock = makeDevClock(() => 1_000); clock.set(5_000); clock.now() // => 5_000
 * @since 0.1.0
 */
export const makeDevClock = (real: () => number = Date.now): DevClock => {
  let offset = 0
  return { now: () => real() + offset, set: (instant) => { offset = instant - real() } }
}
