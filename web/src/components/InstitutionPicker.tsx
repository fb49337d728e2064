import { useEffect, useRef, useState } from 'react';
import { Select } from 'antd';
import { api } from '../api';
import { useMe } from '../auth/AuthContext';
import { canOpen } from '../access';
import { useI18n } from '../i18n';

interface Option {
  value: number;
  label: string;
  region: string;
}

/** Picks an institution by name, searching the server as the person types. */
export function InstitutionPicker({
  value,
  onChange,
  placeholder,
  style,
}: {
  value?: number;
  onChange?: (v: number | undefined) => void;
  placeholder?: string;
  style?: React.CSSProperties;
}) {
  const { t } = useI18n();
  const me = useMe();
  // the system administrator creates institution accounts but may not read /institutions:
  // it picks from the public catalog of filed institutions instead
  const fromCatalog = !canOpen(me.role, 'institutions');
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
        const opts = fromCatalog
          ? (await api.catalog({ q: q.trim() || undefined, pageSize: 50 })).items.map((i) => ({
              value: i.id,
              label: i.name,
              region: i.region,
            }))
          : (await api.institutions({ q: q.trim() || undefined, pageSize: 50 })).items.map((i) => ({
              value: i.id,
              label: i.name,
              region: i.regionName,
            }));
        if (n === seq.current) setOptions(opts);
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
      placeholder={placeholder ?? t('inst.searchPlaceholder')}
      style={style}
      showSearch={{ filterOption: false, onSearch: search }}
      optionRender={(o) => (
        <span>
          {o.data.label} <span style={{ color: '#8c8c8c', fontSize: 12 }}>{o.data.region}</span>
        </span>
      )}
    />
  );
}
