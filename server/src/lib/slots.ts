import { AppError } from './errors.js';

/**
 * A bound on how many runs of one kind of heavy work (a workbook import) a server takes on at
 * once. Past the bound the caller is answered at once, with the refusal `busy` makes (a 503 with
 * Retry-After), rather than queued behind work that may take minutes.
 */
export class Slots {
  #used = 0;
  constructor(
    readonly max: number,
    private readonly busy: () => AppError,
  ) {}

  get inUse() {
    return this.#used;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#used >= this.max) throw this.busy();
    this.#used++;
    try {
      return await work();
    } finally {
      this.#used--;
    }
  }
}
