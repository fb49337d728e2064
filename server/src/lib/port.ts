/**
 * A port: functions a lower module needs and a higher module supplies when it loads, so module
 * imports stay one-way (the lower module declares the shape, the higher one fills it in).
 */
export interface Port<T extends object> {
  provide(impl: T): void;
  /** the supplied functions; throws when the supplying module was never loaded */
  get(): T;
}

export function port<T extends object>(what: string): Port<T> {
  let impl: T | null = null;
  return {
    provide(i) {
      impl = i;
    },
    get() {
      if (!impl) throw new Error(`${what}: the module that supplies it is not loaded`);
      return impl;
    },
  };
}
