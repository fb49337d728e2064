import { useEffect, useState } from 'react';
import { Select } from 'antd';
import { api, type Staff } from '../api';
import { useI18n } from '../i18n';

/**
 * Picks an active expert (评价专家) from the registry in the caller's scope. Disqualified
 * experts are not offered (INST-8); the server refuses them anyway.
 */
export function ExpertSelect({ value, onChange, id, avoidInstitutionId }: { value?: number; onChange?: (v: number | undefined) => void; id?: string; avoidInstitutionId?: number }) {
  const { t } = useI18n();
  const [list, setList] = useState<Staff[]>([]);
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    let alive = true;
    api
      .staff({ kind: 'expert', status: 'active', pageSize: 200 })
      .then((r) => alive && setList(r.items), () => undefined)
      .finally(() => alive && setLoading(false));
    return () => {
      alive = false;
    };
  }, []);
  // experts of the applying institution itself go last: a reviewer should be independent
  const sorted = [...list].sort((a, b) => Number(a.institutionId === avoidInstitutionId) - Number(b.institutionId === avoidInstitutionId));
  const options = sorted.map((s) => ({
    value: s.id,
    label: s.name,
    sub: [s.institutionName, s.qualification].filter(Boolean).join(' · '),
    own: s.institutionId !== null && s.institutionId === avoidInstitutionId,
    search: `${s.name} ${s.institutionName ?? ''} ${s.qualification ?? ''}`,
  }));
  return (
    <Select<number, (typeof options)[number]>
      id={id}
      value={value}
      onChange={(v) => onChange?.(v)}
      loading={loading}
      options={options}
      placeholder={t('expert.pick')}
      showSearch={{ optionFilterProp: 'search' }}
      notFoundContent={loading ? t('common.loading') : t('expert.none')}
      optionRender={(o) => (
        <span>
          {o.data.label} <span className="muted">{o.data.sub}</span>
          {o.data.own && <span className="warn-text"> · {t('expert.ownInstitution')}</span>}
        </span>
      )}
      data-testid="expert-select"
    />
  );
}
