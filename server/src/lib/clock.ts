/** The platform's clock. Tests move it to prove idle and absolute session timeouts. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export class TestClock implements Clock {
  #t: number;
  constructor(start = Date.now()) {
    this.#t = start;
  }
  now() {
    return new Date(this.#t);
  }
  /** Moves the clock to an instant (an ISO timestamp with its offset, or a Date). */
  set(instant: string | Date) {
    const t = new Date(instant).getTime();
    if (Number.isNaN(t)) throw new Error(`not an instant: ${String(instant)}`);
    this.#t = t;
  }
  advanceMinutes(m: number) {
    this.#t += m * 60_000;
  }
}
