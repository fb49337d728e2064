/**
 * 职业技能标准 — per occupation and level: exam parts, pass mark, durations, staffing ratios and
 * the eligibility routes (申报条件, each a set of conditions that must all hold). Everyone signed
 * in reads them; the province HRSS edits them (a level 2/1 standard keeps its review panel, and
 * minimum examiner and panel numbers stay odd — CERT-2).
 */
import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  Tag,
} from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { api, type Condition, type ConditionType, type Part, type Standard, type StandardInput } from '../../api';
import { useMe } from '../../auth/AuthContext';
import { can } from '../../access';
import { formatNumber, useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useOccupations } from '../../components/OccupationSelect';
import { ErrorAlert, RuleTag } from '../../components/ApiErrorView';
import { levelText } from '../institutions/InstitutionStatus';
import { conditionText, partLabel, STUDENT_TYPES, studentTypeLabel, TITLES, titleLabel } from '../plans/labels';
import '../plans/plans.css';
import { useSubmit } from '../../components/useSubmit';
import {
  CONDITION_AGE_MAX,
  CONDITION_YEARS_MAX,
  EXAMINER_RATIO_MAX,
  EXAM_MINUTES_MAX,
  EXAM_MINUTES_MIN,
  INVIGILATOR_RATIO_MAX,
  MIN_EXAMINERS_MAX,
  MIN_INVIGILATORS_MAX,
  MIN_PANEL_MAX,
  PASS_MARK_MAX,
  PASS_MARK_MIN,
  PRACTICAL_MINUTES_MAX,
  ROUTE_LABEL_MAX_LENGTH,
  ROUTE_LABEL_MIN_LENGTH,
  STANDARD_EDITION_MAX_LENGTH,
  STANDARD_EDITION_MIN_LENGTH,
} from '../../../../contract/limits.js';

const CONDITION_TYPES: ConditionType[] = [
  'age_min',
  'working_in_occupation',
  'years_in_occupation',
  'prior_level',
  'graduate',
  'professional_title',
];

/** A new condition of a type, with sensible defaults. */
function blank(type: ConditionType): Condition {
  switch (type) {
    case 'age_min':
      return { type, years: 16 };
    case 'working_in_occupation':
      return { type };
    case 'years_in_occupation':
      return { type, years: 5 };
    case 'prior_level':
      return { type, level: 5, years: 3 };
    case 'graduate':
      return { type, studentTypes: ['junior_college'], graduationYearStudents: true };
    case 'professional_title':
      return { type, title: 'junior', years: 1 };
  }
}

/** Keeps only the fields of the condition's type (the server accepts no others). */
function clean(c: Condition): Condition {
  const b = blank(c.type) as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { type: c.type };
  for (const k of Object.keys(b)) if (k !== 'type') out[k] = (c as unknown as Record<string, unknown>)[k] ?? b[k];
  return out as unknown as Condition;
}

function ConditionEditor({
  routeName,
  fieldName,
  remove,
}: {
  routeName: number;
  fieldName: number;
  remove: () => void;
}) {
  const { t, lang } = useI18n();
  const base = ['eligibility', routeName, 'all', fieldName];
  return (
    <Form.Item noStyle shouldUpdate>
      {(form) => {
        const c = form.getFieldValue(base) as Condition | undefined;
        const type = c?.type;
        return (
          <div className="cond-row" data-testid="cond-row">
            <Select<ConditionType>
              value={type}
              style={{ width: 190 }}
              options={CONDITION_TYPES.map((x) => ({ value: x, label: t(`cond.type.${x}`) }))}
              onChange={(v) => form.setFieldValue(base, blank(v))}
            />
            {type === 'prior_level' && (
              <Form.Item name={[fieldName, 'level']} noStyle>
                <Select
                  style={{ width: 130 }}
                  options={[5, 4, 3, 2].map((l) => ({
                    value: l,
                    label: t('cond.levelAtLeast', { level: levelText(l, lang, true) }),
                  }))}
                />
              </Form.Item>
            )}
            {type === 'professional_title' && (
              <Form.Item name={[fieldName, 'title']} noStyle>
                <Select style={{ width: 120 }} options={TITLES.map((x) => ({ value: x, label: titleLabel(t, x) }))} />
              </Form.Item>
            )}
            {(type === 'age_min' ||
              type === 'years_in_occupation' ||
              type === 'prior_level' ||
              type === 'professional_title') && (
              <Form.Item name={[fieldName, 'years']} noStyle rules={[{ required: true }]}>
                <InputNumber
                  min={0}
                  max={type === 'age_min' ? CONDITION_AGE_MAX : CONDITION_YEARS_MAX}
                  precision={0}
                  style={{ width: 110 }}
                  addonAfter={type === 'age_min' ? t('unit.age') : t('unit.years')}
                />
              </Form.Item>
            )}
            {type === 'graduate' && (
              <>
                <Form.Item
                  name={[fieldName, 'studentTypes']}
                  noStyle
                  rules={[{ required: true, type: 'array', min: 1 }]}
                >
                  <Select
                    mode="multiple"
                    style={{ minWidth: 260 }}
                    options={STUDENT_TYPES.map((x) => ({ value: x, label: studentTypeLabel(t, x) }))}
                  />
                </Form.Item>
                <Form.Item name={[fieldName, 'graduationYearStudents']} noStyle valuePropName="checked">
                  <Switch checkedChildren={t('cond.withYearStudents')} unCheckedChildren={t('cond.graduatesOnly')} />
                </Form.Item>
              </>
            )}
            <span className="cond-preview muted">{c && conditionText(clean(c), t, lang)}</span>
            <Button
              type="text"
              danger
              size="small"
              icon={<DeleteOutlined />}
              onClick={remove}
              aria-label={t('common.delete')}
            />
          </div>
        );
      }}
    </Form.Item>
  );
}

function StandardDrawer({
  std,
  onClose,
  onSaved,
}: {
  std: Standard | null;
  onClose: () => void;
  onSaved: (s: Standard) => void;
}) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<StandardInput & { panel: boolean }>();
  const { busy, error, setError, run } = useSubmit();
  useEffect(() => {
    if (!std) return;
    form.setFieldsValue({
      edition: std.edition,
      passMark: std.passMark,
      minutes: std.minutes,
      staffing: std.staffing,
      eligibility: std.eligibility,
      panel: std.parts.includes('panel'),
    });
    setError(null);
  }, [std, form]);
  const high = !!std && std.level <= 2;
  const finish = async () => {
    if (!std) return;
    // all values, including each condition's type (kept in the store, not in a registered field)
    const v = form.getFieldsValue(true) as StandardInput & { panel: boolean };
    await run(async () => {
      const parts: Part[] = ['theory', 'practical', ...(v.panel || high ? (['panel'] as Part[]) : [])];
      const body: StandardInput = {
        edition: v.edition.trim(),
        parts,
        passMark: v.passMark,
        minutes: v.minutes,
        staffing: v.staffing,
        eligibility: v.eligibility.map((r) => ({ label: r.label.trim(), all: r.all.map(clean) })),
      };
      onSaved(await api.putStandard(std.occupationId, std.level, body));
    });
  };
  const odd = (_: unknown, v: number) =>
    v % 2 === 1 ? Promise.resolve() : Promise.reject(new Error(t('std.oddRequired')));
  return (
    <Drawer
      open={std !== null}
      width={900}
      onClose={onClose}
      destroyOnHidden
      title={std ? t('std.editTitle', { occupation: std.occupationName ?? '', level: levelText(std.level, lang) }) : ''}
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="std-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <ErrorAlert error={error} testId="std-error" />
      <Form form={form} layout="vertical" name="standard" onFinish={finish} requiredMark={false}>
        <div className="section-title" style={{ marginTop: 0 }}>
          {t('std.exam')}
        </div>
        <div className="form-row">
          <Form.Item
            name="edition"
            label={t('std.edition')}
            rules={[{ required: true, min: STANDARD_EDITION_MIN_LENGTH, max: STANDARD_EDITION_MAX_LENGTH }]}
            style={{ width: 140 }}
          >
            <Input />
          </Form.Item>
          <Form.Item label={t('std.parts')}>
            <Space>
              <Checkbox checked disabled>
                {partLabel(t, 'theory')}
              </Checkbox>
              <Checkbox checked disabled>
                {partLabel(t, 'practical')}
              </Checkbox>
              <Form.Item name="panel" valuePropName="checked" noStyle>
                <Checkbox disabled={high}>{partLabel(t, 'panel')}</Checkbox>
              </Form.Item>
            </Space>
          </Form.Item>
          <Form.Item name="passMark" label={t('std.passMark')} rules={[{ required: true }]} style={{ width: 120 }}>
            <InputNumber min={PASS_MARK_MIN} max={PASS_MARK_MAX} precision={0} addonAfter={t('unit.points')} />
          </Form.Item>
        </div>
        <div className="form-row">
          {(['theory', 'practical', 'panel'] as Part[]).map((p) => (
            <Form.Item
              key={p}
              name={['minutes', p]}
              label={t('std.minutesOf', { part: partLabel(t, p) })}
              rules={[{ required: true }]}
              style={{ width: 180 }}
            >
              <InputNumber
                min={EXAM_MINUTES_MIN}
                max={p === 'practical' ? PRACTICAL_MINUTES_MAX : EXAM_MINUTES_MAX}
                precision={0}
                addonAfter={t('unit.minutes')}
              />
            </Form.Item>
          ))}
        </div>
        <div className="section-title">{t('std.staffing')}</div>
        <div className="form-row">
          <Form.Item
            name={['staffing', 'invigilatorRatio']}
            label={t('std.invigilatorRatio')}
            rules={[{ required: true }]}
            style={{ width: 160 }}
          >
            <InputNumber min={1} max={INVIGILATOR_RATIO_MAX} precision={0} addonBefore="1 :" />
          </Form.Item>
          <Form.Item
            name={['staffing', 'minInvigilators']}
            label={t('std.minInvigilators')}
            rules={[{ required: true }]}
            style={{ width: 150 }}
          >
            <InputNumber min={1} max={MIN_INVIGILATORS_MAX} precision={0} />
          </Form.Item>
          <Form.Item
            name={['staffing', 'examinerRatio']}
            label={t('std.examinerRatio')}
            rules={[{ required: true }]}
            style={{ width: 160 }}
          >
            <InputNumber min={1} max={EXAMINER_RATIO_MAX} precision={0} addonBefore="1 :" />
          </Form.Item>
          <Form.Item
            name={['staffing', 'minExaminers']}
            label={t('std.minExaminers')}
            rules={[{ required: true }, { validator: odd }]}
            style={{ width: 150 }}
          >
            <InputNumber min={1} max={MIN_EXAMINERS_MAX} precision={0} />
          </Form.Item>
          <Form.Item
            name={['staffing', 'minPanel']}
            label={t('std.minPanel')}
            rules={[{ required: true }, { validator: odd }]}
            style={{ width: 150 }}
          >
            <InputNumber min={1} max={MIN_PANEL_MAX} precision={0} />
          </Form.Item>
        </div>
        <div className="section-title">{t('std.eligibility')}</div>
        <Alert type="info" showIcon style={{ marginBottom: 8 }} title={t('std.eligibilityHint')} />
        <Form.List
          name="eligibility"
          rules={[
            { validator: async (_, v) => (v?.length ? undefined : Promise.reject(new Error(t('std.routeRequired')))) },
          ]}
        >
          {(routes, { add, remove }, { errors }) => (
            <div>
              {routes.map((r, i) => (
                <Card
                  key={r.key}
                  size="small"
                  className="route-card"
                  data-testid={`route-${i}`}
                  title={
                    <Space>
                      <Tag color="blue">{t('std.route', { n: i + 1 })}</Tag>
                      <Form.Item
                        name={[r.name, 'label']}
                        noStyle
                        rules={[{ required: true, min: ROUTE_LABEL_MIN_LENGTH, message: t('std.routeLabelRequired') }]}
                      >
                        <Input
                          maxLength={ROUTE_LABEL_MAX_LENGTH}
                          style={{ width: 460 }}
                          placeholder={t('std.routeLabelPlaceholder')}
                        />
                      </Form.Item>
                    </Space>
                  }
                  extra={
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      onClick={() => remove(r.name)}
                      aria-label={t('common.delete')}
                    />
                  }
                >
                  <Form.List
                    name={[r.name, 'all']}
                    rules={[
                      {
                        validator: async (_, v) =>
                          v?.length ? undefined : Promise.reject(new Error(t('std.conditionRequired'))),
                      },
                    ]}
                  >
                    {(conds, c, { errors: ce }) => (
                      <div>
                        {conds.map((f) => (
                          <ConditionEditor
                            key={f.key}
                            routeName={r.name}
                            fieldName={f.name}
                            remove={() => c.remove(f.name)}
                          />
                        ))}
                        <Button
                          type="dashed"
                          size="small"
                          icon={<PlusOutlined />}
                          onClick={() => c.add(blank('years_in_occupation'))}
                        >
                          {t('std.addCondition')}
                        </Button>
                        <Form.ErrorList errors={ce} />
                      </div>
                    )}
                  </Form.List>
                </Card>
              ))}
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                onClick={() => add({ label: '', all: [blank('years_in_occupation')] })}
              >
                {t('std.addRoute')}
              </Button>
              <Form.ErrorList errors={errors} />
            </div>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}

export default function StandardsPage() {
  const me = useMe();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const occupations = useOccupations();
  const [occupationId, setOccupationId] = useState<number | undefined>();
  const [editing, setEditing] = useState<Standard | null>(null);
  const editor = can(me.role, 'standard.edit');
  useEffect(() => {
    if (occupationId === undefined && occupations.length) setOccupationId(occupations[0].id);
  }, [occupations, occupationId]);
  const { data, error, loading, reload } = useLoad(
    () => (occupationId ? api.standards(occupationId) : Promise.resolve([] as Standard[])),
    [occupationId],
  );
  const occ = occupations.find((o) => o.id === occupationId);

  return (
    <div>
      <PageHeader title={t('std.pageTitle')} />
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title={
          <span>
            <RuleTag rule="CERT-2" />
            {editor ? t('std.editorHint') : t('std.readerHint')}
          </span>
        }
      />
      <Card size="small">
        <div className="page-toolbar">
          <span>{t('plan.occupation')}</span>
          <Select
            showSearch={{ optionFilterProp: 'search' }}
            style={{ width: 320 }}
            value={occupationId}
            onChange={setOccupationId}
            data-testid="std-occupation"
            options={occupations.map((o) => ({
              value: o.id,
              label: `${o.name}（${o.code}）`,
              search: `${o.code} ${o.name}`,
            }))}
          />
          {occ && (
            <span className="muted">
              {t('occ.edition')} {occ.edition}
            </span>
          )}
          <span className="spacer" />
          <span className="muted">{t('common.total', { n: formatNumber(data?.length ?? 0) })}</span>
        </div>
        {error ? <LoadError error={error} onRetry={reload} /> : null}
        <Table<Standard>
          data-testid="std-table"
          rowKey="id"
          size="small"
          loading={loading}
          dataSource={data ?? []}
          pagination={false}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('std.none')} /> }}
          columns={[
            {
              title: t('plan.level'),
              dataIndex: 'level',
              width: 120,
              render: (v: number) => <b>{levelText(v, lang)}</b>,
            },
            { title: t('std.edition'), dataIndex: 'edition', width: 90 },
            {
              title: t('std.parts'),
              dataIndex: 'parts',
              width: 200,
              render: (v: Part[], r) =>
                v.map((p) => (
                  <Tag key={p}>
                    {partLabel(t, p)} {r.minutes[p]}′
                  </Tag>
                )),
            },
            { title: t('std.passMark'), dataIndex: 'passMark', width: 70, align: 'center' },
            {
              title: t('std.staffing'),
              key: 'staffing',
              width: 230,
              render: (_: unknown, r) => (
                <div className="small">
                  <div>{t('std.staffInv', { r: r.staffing.invigilatorRatio, min: r.staffing.minInvigilators })}</div>
                  <div>{t('std.staffEx', { r: r.staffing.examinerRatio, min: r.staffing.minExaminers })}</div>
                  {r.parts.includes('panel') && <div>{t('std.staffPanel', { min: r.staffing.minPanel })}</div>}
                </div>
              ),
            },
            {
              title: t('std.eligibility'),
              dataIndex: 'eligibility',
              render: (v: Standard['eligibility']) => (
                <ol className="route-list small">
                  {v.map((r, i) => (
                    <li key={i}>
                      <b>{r.label}</b>
                      <div className="muted">{r.all.map((c) => conditionText(c, t, lang)).join(' + ')}</div>
                    </li>
                  ))}
                </ol>
              ),
            },
            ...(editor
              ? [
                  {
                    title: t('common.actions'),
                    key: 'act',
                    width: 80,
                    render: (_: unknown, r: Standard) => (
                      <Button
                        size="small"
                        type="link"
                        icon={<EditOutlined />}
                        onClick={() => setEditing(r)}
                        data-testid={`std-edit-${r.level}`}
                      >
                        {t('common.edit')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {editor && (
        <StandardDrawer
          std={editing}
          onClose={() => setEditing(null)}
          onSaved={(s) => {
            setEditing(null);
            message.success(t('std.saved', { level: levelText(s.level, lang) }));
            void reload();
          }}
        />
      )}
    </div>
  );
}
