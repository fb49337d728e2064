import { useEffect, useRef, useState } from 'react';
import { Select } from 'antd';
import { api } from '../api';
import { useI18n } from '../i18n';

interface Option {
  value: number;
  label: string;
  region: string;
}

/** Picks an institution by name, searching the server as the person types. */
export function InstitutionPicker({ value, onChange }: { value?: number; onChange?: (v: number | undefined) => void }) {
  const { t } = useI18n();
  const [options, setOptions] = useState<Option[]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const seq = useRef(0);

  const search = (q: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      const n = ++seq.current;
      setLoading(true);
      try {
        const r = await api.institutions({ q: q.trim() || undefined, pageSize: 50 });
        if (n === seq.current) setOptions(r.items.map((i) => ({ value: i.id, label: i.name, region: i.regionName })));
      } catch {
        if (n === seq.current) setOptions([]);
      } finally {
        if (n === seq.current) setLoading(false);
      }
    }, 250);
  };
  useEffect(() => {
    search('');
    return () => clearTimeout(timer.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <Select<number, Option>
      value={value}
      onChange={(v) => onChange?.(v)}
      options={options}
      loading={loading}
      allowClear
      placeholder={t('inst.searchPlaceholder')}
      showSearch={{ filterOption: false, onSearch: search }}
      optionRender={(o) => (
        <span>
          {o.data.label} <span style={{ color: '#8c8c8c', fontSize: 12 }}>{o.data.region}</span>
        </span>
      )}
    />
  );
}
