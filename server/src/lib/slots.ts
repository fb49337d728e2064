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

  /** Takes a slot for work that outlives the call (a job): the returned function gives it back, once. */
  acquire(): () => void {
    if (this.#used >= this.max) throw this.busy();
    this.#used++;
    let held = true;
    return () => {
      if (held) this.#used--;
      held = false;
    };
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

/** Seconds a client is asked to wait when the server is already running as many imports as it allows. */
export const IMPORT_RETRY_AFTER_SECONDS = 10;

const importSlotsOf = new WeakMap<object, Slots>();

/**
 * The workbook imports (rosters, trainee lists, online study records) one server runs at once (IMPORT_MAX_CONCURRENT):
 * one bound shared by every import route of the server whose config this is. Each import holds a
 * workbook, a worker thread and a long transaction; past the bound, 503 IMPORTS_BUSY.
 */
export function importSlots(config: { imports: { maxConcurrent: number } }): Slots {
  let slots = importSlotsOf.get(config);
  if (!slots) {
    const max = config.imports.maxConcurrent;
    slots = new Slots(
      max,
      () =>
        new AppError(
          'IMPORTS_BUSY',
          `本服务器已有 ${max} 个名单正在导入（同时导入的上限），请 ${IMPORT_RETRY_AFTER_SECONDS} 秒后重试`,
          { retryAfter: IMPORT_RETRY_AFTER_SECONDS },
        ),
    );
    importSlotsOf.set(config, slots);
  }
  return slots;
}

/**
 * Takes one of the server's import slots for `start`, which hands `release` on to the job it
 * starts (given back when the job ends); given back at once if `start` throws. The slot is taken
 * before the upload is read, so an import past the bound is refused before its file is received.
 */
export async function withImportSlot<T>(
  config: { imports: { maxConcurrent: number } },
  start: (release: () => void) => Promise<T>,
): Promise<T> {
  const release = importSlots(config).acquire();
  try {
    return await start(release);
  } catch (e) {
    release();
    throw e;
  }
}
