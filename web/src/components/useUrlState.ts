import { useCallback, useMemo, useRef, type Dispatch, type SetStateAction } from 'react';
import { useSearchParams } from 'react-router-dom';
import { readUrlState, writeUrlState, type UrlSchema } from './urlState';

/**
 * `useState` for a list's filters, search, sort and page, kept in the address: a refresh or a
 * shared link shows the same list, and Back returns to the list as it was before the change
 * (each change is a history entry). Drop-in for `useState<Filter>({ page: 1, pageSize: 20 })`:
 *
 *   const [filter, setFilter] = useUrlState({ page: 1, pageSize: 20 } as Filter, FILTER_SCHEMA);
 */
export function useUrlState<T extends object>(defaults: T, schema: UrlSchema<T>): [T, Dispatch<SetStateAction<T>>] {
  const [params, setParams] = useSearchParams();
  // defaults and schema are written inline by callers: compare by content, not identity
  const defaultsKey = JSON.stringify(defaults);
  const schemaKey = JSON.stringify(schema);
  const key = params.toString();
  const value = useMemo(
    () => readUrlState(new URLSearchParams(key), JSON.parse(defaultsKey) as T, JSON.parse(schemaKey) as UrlSchema<T>),
    [key, defaultsKey, schemaKey],
  );
  // two updates in one event build on each other, not on the same stale address
  const latest = useRef(value);
  latest.current = value;
  const setValue = useCallback<Dispatch<SetStateAction<T>>>(
    (next) => {
      const v = typeof next === 'function' ? (next as (p: T) => T)(latest.current) : next;
      latest.current = v;
      setParams((current) =>
        writeUrlState(v, JSON.parse(defaultsKey) as T, JSON.parse(schemaKey) as UrlSchema<T>, current),
      );
    },
    [setParams, defaultsKey, schemaKey],
  );
  return [value, setValue];
}

/** The sort of a server-sorted column for antd's Table (`sortOrder`). */
export function columnSortOrder(
  f: { sort?: string; order?: string },
  key: string,
  fallback?: { sort: string; order: 'asc' | 'desc' },
): 'ascend' | 'descend' | null {
  const sort = f.sort ?? fallback?.sort;
  const order = f.order ?? fallback?.order;
  if (sort !== key) return null;
  return order === 'asc' ? 'ascend' : 'descend';
}
