import { useEffect, useState } from 'react';
import { Form, Input, Radio, Select } from 'antd';
import { api, type Staff } from '../api';
import { useI18n } from '../i18n';
import { REASON_MAX_LENGTH } from '../../../contract/limits.js';

/**
 * Picks an active expert (评价专家) from the registry in the caller's scope. Disqualified
 * experts are not offered (INST-8); the server refuses them anyway.
 */
export function ExpertSelect({
  value,
  onChange,
  id,
  avoidInstitutionId,
}: {
  value?: number;
  onChange?: (v: number | undefined) => void;
  id?: string;
  avoidInstitutionId?: number;
}) {
  const { t } = useI18n();
  const [list, setList] = useState<Staff[]>([]);
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    let alive = true;
    api
      .staff({ kind: 'expert', status: 'active', pageSize: 200 })
      .then(
        (r) => alive && setList(r.items),
        () => undefined,
      )
      .finally(() => alive && setLoading(false));
    return () => {
      alive = false;
    };
  }, []);
  // experts of the applying institution itself go last: a reviewer should be independent
  const sorted = [...list].sort(
    (a, b) => Number(a.institutionId === avoidInstitutionId) - Number(b.institutionId === avoidInstitutionId),
  );
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

/**
 * An expert's review opinion (专家评审意见): who reviewed, agree or disagree, and a comment — the
 * same fields for a filing application and for an evaluation specification.
 */
export function ExpertOpinionFields({
  avoidInstitutionId,
  commentPlaceholder,
}: {
  avoidInstitutionId?: number;
  commentPlaceholder?: string;
}) {
  const { t } = useI18n();
  return (
    <>
      <Form.Item
        name="expertId"
        label={t('expert.label')}
        rules={[{ required: true, message: t('expert.pick') }]}
        extra={t('expert.hint')}
      >
        <ExpertSelect avoidInstitutionId={avoidInstitutionId} />
      </Form.Item>
      <Form.Item name="opinion" label={t('opinion.label')} rules={[{ required: true }]}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={[
            { value: 'agree', label: t('opinion.agree') },
            { value: 'disagree', label: t('opinion.disagree') },
          ]}
        />
      </Form.Item>
      <Form.Item name="comment" label={t('opinion.comment')}>
        <Input.TextArea rows={3} maxLength={REASON_MAX_LENGTH} showCount placeholder={commentPlaceholder} />
      </Form.Item>
    </>
  );
}
