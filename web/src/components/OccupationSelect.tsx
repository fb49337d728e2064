import { useEffect, useState } from 'react';
import { Select } from 'antd';
import type { Occupation } from '../../../contract/api.js';
import { api } from '../api';
import { useI18n } from '../i18n';

let cache: Promise<Occupation[]> | null = null;
/** The occupation catalogue (a few dozen entries), loaded once per session. */
export function loadOccupations(): Promise<Occupation[]> {
  cache ??= api.occupations({ pageSize: 200 }).then(
    (r) => r.items.filter((o) => o.active),
    (e) => {
      cache = null;
      throw e;
    },
  );
  return cache;
}

export function useOccupations(): Occupation[] {
  const [list, setList] = useState<Occupation[]>([]);
  useEffect(() => {
    let alive = true;
    loadOccupations().then(
      (l) => alive && setList(l),
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, []);
  return list;
}

type Props = {
  style?: React.CSSProperties;
  placeholder?: string;
  allowClear?: boolean;
  disabled?: boolean;
  id?: string;
  'data-testid'?: string;
  exclude?: number[];
} & (
  | { mode?: undefined; value?: number; onChange?: (v: number | undefined) => void }
  | { mode: 'multiple'; value?: number[]; onChange?: (v: number[]) => void }
);

/** Picks occupations by code or name (职业编码 4-04-05-01 计算机程序设计员). */
export function OccupationSelect(props: Props) {
  const { t } = useI18n();
  const list = useOccupations();
  const exclude = new Set(props.exclude ?? []);
  const options = list
    .filter(
      (o) => !exclude.has(o.id) || (Array.isArray(props.value) ? props.value.includes(o.id) : props.value === o.id),
    )
    .map((o) => ({ value: o.id, label: o.name, code: o.code, search: `${o.code} ${o.name}` }));
  return (
    <Select<number | number[], (typeof options)[number]>
      id={props.id}
      mode={props.mode}
      value={props.value}
      onChange={(v) => (props.onChange as ((x: unknown) => void) | undefined)?.(v ?? (props.mode ? [] : undefined))}
      options={options}
      allowClear={props.allowClear ?? true}
      disabled={props.disabled}
      placeholder={props.placeholder ?? t('occ.pick')}
      showSearch={{ optionFilterProp: 'search' }}
      optionRender={(o) => (
        <span>
          {o.data.label} <span className="muted mono">{o.data.code}</span>
        </span>
      )}
      style={{ minWidth: 200, ...props.style }}
      data-testid={props['data-testid']}
      maxTagCount="responsive"
    />
  );
}
