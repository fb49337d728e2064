/**
 * 取证途径 — the pathways other than the exam, each ending in a certificate issued by this
 * institution: 1+X 直接认定 (CERT-3), 过程化考核 (CERT-4), 竞赛取证 (CERT-5), 企校合作 (CERT-6).
 * Each tab has its form and the records of that pathway with the evidence and certificate number.
 */
import { useEffect, useState, type ReactNode } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Tooltip,
} from 'antd';
import {
  DeleteOutlined,
  EditOutlined,
  PlusOutlined,
  SafetyCertificateOutlined,
  SendOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import {
  api,
  type AwardRule,
  type Competition,
  type CompetitionTier,
  type PathwayIssued,
  type PathwayRecord,
  type TierCap,
} from '../../api';
import { useMe } from '../../auth/AuthContext';
import { formatDateTime, useI18n, type Translate } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { OccupationSelect } from '../../components/OccupationSelect';
import { ErrorAlert } from '../../components/ApiErrorView';
import { applyFieldErrors } from '../../components/formErrors';
import { levelText } from '../institutions/InstitutionStatus';
import '../plans/plans.css';
import { useSubmit } from '../../components/useSubmit';
import { IDENTITY_FIELDS, IdentityFields, identity, identityDefaults, IssuedAlert, RuleHint } from './PathwayParts';
import { RecognitionTab } from './RecognitionTab';
import { EnterpriseTab, type CooperationSide } from './EnterpriseTab';
import { capText, competitionColumns } from './CompetitionParts';
import {
  COMPETITION_NAME_MAX_LENGTH,
  COMPETITION_NAME_MIN_LENGTH,
  COMPETITION_PARTICIPANTS_MAX,
  COURSE_NAME_MAX_LENGTH,
  SCORE_MAX,
  SCORE_MIN,
} from '../../../../contract/limits.js';

type TabKey = 'recognition' | 'process' | 'competition' | 'enterprise';
const TIERS: CompetitionTier[] = ['national', 'province', 'city_first', 'city', 'school'];

function evidenceText(r: PathwayRecord, t: Translate): ReactNode {
  const e = r.evidence as Record<string, unknown>;
  switch (r.pathway) {
    case 'recognition':
      return [e.oneplusx, t(`xLevel.${String(e.xLevel) as 'junior'}`), e.number, e.organisation]
        .filter(Boolean)
        .join(' · ');
    case 'process': {
      const courses = (e.courses as { name: string; score: number }[] | undefined) ?? [];
      const skill = e.skillAssessment as { score: number } | undefined;
      return `${courses.map((c) => `${c.name} ${c.score}`).join('、')}；${t('pathway.skill')} ${skill?.score ?? '—'}`;
    }
    case 'competition':
      return (
        t('pathway.competitionEvidence', {
          name: String(e.competition ?? ''),
          rank: String(e.rank ?? ''),
          n: String(e.participants ?? ''),
        }) + (e.secondaryVocationalCap ? t('competition.cappedNote') : '')
      );
    case 'enterprise': {
      // each part of the standard with its score, and the pass mark it was judged against
      const scores = Array.isArray(e.scores)
        ? (e.scores as { name: string; score: number }[]).map((x) => `${x.name} ${x.score}`).join('、')
        : `${t('part.theory')} ${e.theory ?? '—'}、${t('part.practical')} ${e.practical ?? '—'}`;
      return t('pathway.enterpriseEvidence', {
        school: String(e.schoolName ?? ''),
        agreement: String(e.agreement ?? ''),
        scores,
        passMark: String(e.passMark ?? '—'),
      });
    }
    default:
      return JSON.stringify(e);
  }
}

function RecordsTable({ records, pathway, loading }: { records: PathwayRecord[]; pathway: TabKey; loading: boolean }) {
  const { t, lang } = useI18n();
  const rows = records.filter((r) => r.pathway === pathway);
  return (
    <Card size="small" className="plan-card" title={t('pathway.records', { n: rows.length })}>
      <Table<PathwayRecord>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={rows}
        pagination={rows.length > 20 ? { pageSize: 20 } : false}
        data-testid={`records-${pathway}`}
        columns={[
          { title: t('pathway.at'), dataIndex: 'createdAt', width: 160, render: (v: string) => formatDateTime(v) },
          { title: t('reg.name'), dataIndex: 'name', width: 90 },
          { title: t('plan.occupation'), dataIndex: 'occupationName', width: 150 },
          { title: t('plan.level'), dataIndex: 'level', width: 120, render: (v: number) => levelText(v, lang) },
          {
            title: t('pathway.evidence'),
            key: 'evidence',
            render: (_: unknown, r) => <span className="small">{evidenceText(r, t)}</span>,
          },
          {
            title: t('cert.number'),
            dataIndex: 'certificateNumber',
            width: 210,
            render: (v: string | null) => (v ? <span className="mono">{v}</span> : '—'),
          },
        ]}
      />
    </Card>
  );
}

function ProcessTab({ onIssued }: { onIssued: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const { busy, error, run } = useSubmit();
  const [issued, setIssued] = useState<PathwayIssued | null>(null);
  const finish = async (v: Record<string, unknown>) => {
    setIssued(null);
    await run(
      async () => {
        // scores only: the server decides pass or fail by the standard's pass mark (CERT-4)
        const courses = (v.courses as { name: string; score: number }[]).map((c) => ({
          name: c.name.trim(),
          score: c.score,
        }));
        const skill = v.skill as { score: number };
        const r = await api.processBased({
          ...identity(v as never),
          occupationId: v.occupationId as number,
          courses,
          skillAssessment: { score: skill.score },
        });
        setIssued(r);
        form.resetFields();
        onIssued();
      },
      (e) => applyFieldErrors(form, e, IDENTITY_FIELDS),
    );
  };
  return (
    <Card size="small" className="plan-card" title={t('pathway.processTitle')}>
      <RuleHint rule="CERT-4">{t('pathway.processHint')}</RuleHint>
      <IssuedAlert r={issued} />
      <ErrorAlert error={error} testId="process-error" />
      <Form
        form={form}
        layout="vertical"
        name="process"
        onFinish={finish}
        initialValues={{
          ...identityDefaults(),
          courses: [{ name: '', score: undefined }],
          skill: { score: undefined },
        }}
      >
        <IdentityFields />
        <Form.Item
          name="occupationId"
          label={t('plan.occupation')}
          rules={[{ required: true, message: t('filing.occupationRequired') }]}
        >
          <OccupationSelect style={{ width: 320 }} />
        </Form.Item>
        <div className="section-title">{t('pathway.courses')}</div>
        <Form.List name="courses">
          {(fields, { add, remove }) => (
            <div>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                  <Form.Item
                    name={[f.name, 'name']}
                    rules={[{ required: true, whitespace: true, message: t('pathway.courseRequired') }]}
                  >
                    <Input
                      maxLength={COURSE_NAME_MAX_LENGTH}
                      placeholder={t('pathway.courseName')}
                      style={{ width: 260 }}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'score']} rules={[{ required: true, message: t('score.required') }]}>
                    <InputNumber
                      min={SCORE_MIN}
                      max={SCORE_MAX}
                      precision={1}
                      placeholder={t('score.score')}
                      style={{ width: 110 }}
                    />
                  </Form.Item>
                  {fields.length > 1 && (
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      onClick={() => remove(f.name)}
                      aria-label={t('common.delete')}
                    />
                  )}
                </Space>
              ))}
              <Button
                type="dashed"
                size="small"
                icon={<PlusOutlined />}
                onClick={() => add({ name: '' })}
                style={{ marginBottom: 12 }}
              >
                {t('pathway.addCourse')}
              </Button>
            </div>
          )}
        </Form.List>
        <div className="section-title">{t('pathway.skill')}</div>
        <Space align="baseline">
          <Form.Item name={['skill', 'score']} rules={[{ required: true, message: t('score.required') }]}>
            <InputNumber
              min={SCORE_MIN}
              max={SCORE_MAX}
              precision={1}
              placeholder={t('score.score')}
              style={{ width: 110 }}
            />
          </Form.Item>
        </Space>
        <div>
          <Button
            type="primary"
            htmlType="submit"
            loading={busy}
            icon={<SafetyCertificateOutlined />}
            data-testid="process-submit"
          >
            {t('pathway.issue')}
          </Button>
        </div>
      </Form>
    </Card>
  );
}

/** A rule as the form edits it: a kind (rank cut-off or share), its number and the level. */
type RuleRow = { kind: 'rank' | 'percent'; value: number; level: number };
const toRuleRows = (rules: AwardRule[]): RuleRow[] =>
  rules.map((r) =>
    r.maxRank !== undefined
      ? { kind: 'rank', value: r.maxRank, level: r.level }
      : { kind: 'percent', value: r.topPercent ?? 0, level: r.level },
  );

/** CERT-5: proposes (or revises) a competition with its contest date and award rules, within the tier's cap. */
function CompetitionModal({
  open,
  editing,
  caps,
  onClose,
  onSaved,
}: {
  open: boolean;
  editing: Competition | null;
  caps: TierCap[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm();
  const { busy, error, run } = useSubmit(open, () => form.resetFields());
  const tier = Form.useWatch('tier', form) as CompetitionTier | undefined;
  const cap = caps.find((c) => c.tier === tier);
  const finish = async (v: Record<string, unknown>) => {
    await run(async () => {
      const rules = (v.rules as RuleRow[]).map((r): AwardRule =>
        r.kind === 'rank' ? { maxRank: r.value, level: r.level } : { topPercent: r.value, level: r.level },
      );
      const body = {
        name: String(v.name).trim(),
        tier: v.tier as CompetitionTier,
        contestDate: (v.contestDate as Dayjs).format('YYYY-MM-DD'),
        occupationId: v.occupationId as number,
        participants: v.participants as number,
        rules,
      };
      if (editing) await api.reviseCompetition(editing.id, body);
      else await api.createCompetition(body);
      onSaved();
      onClose();
    });
  };
  return (
    <Modal
      open={open}
      title={editing ? t('competition.editTitle', { name: editing.name }) : t('pathway.newCompetition')}
      width={680}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: busy, 'data-testid': 'competition-save' } as never}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      <Form
        form={form}
        layout="vertical"
        name="competition"
        onFinish={finish}
        initialValues={
          editing
            ? {
                name: editing.name,
                tier: editing.tier,
                contestDate: editing.contestDate ? dayjs(editing.contestDate) : undefined,
                participants: editing.participants,
                occupationId: editing.occupationId,
                rules: toRuleRows(editing.rules),
              }
            : { tier: 'school', participants: 100, rules: [{ kind: 'percent', value: 30, level: 4 }] }
        }
      >
        <Form.Item
          name="name"
          label={t('pathway.competitionName')}
          rules={[{ required: true, whitespace: true, min: COMPETITION_NAME_MIN_LENGTH }]}
        >
          <Input maxLength={COMPETITION_NAME_MAX_LENGTH} />
        </Form.Item>
        <div className="form-grid">
          <Form.Item name="tier" label={t('pathway.tier')} rules={[{ required: true }]}>
            <Select options={TIERS.map((x) => ({ value: x, label: t(`tier.${x}`) }))} />
          </Form.Item>
          <Form.Item
            name="contestDate"
            label={t('competition.contestDate')}
            rules={[{ required: true, message: t('competition.contestDateRequired') }]}
            extra={t('competition.contestDateHint')}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="participants" label={t('pathway.participants')} rules={[{ required: true }]}>
            <InputNumber min={1} max={COMPETITION_PARTICIPANTS_MAX} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </div>
        <Form.Item
          name="occupationId"
          label={t('plan.occupation')}
          rules={[{ required: true, message: t('filing.occupationRequired') }]}
        >
          <OccupationSelect style={{ width: 320 }} />
        </Form.Item>
        <div className="section-title">{t('pathway.awardRules')}</div>
        {cap && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 8 }}
            data-testid="competition-cap-hint"
            title={t('competition.capHint', { tier: t(`tier.${cap.tier}`), cap: capText(cap, t, lang) })}
          />
        )}
        <Form.List name="rules">
          {(fields, { add, remove }) => (
            <div>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                  <Form.Item name={[f.name, 'kind']}>
                    <Select
                      style={{ width: 120 }}
                      options={[
                        { value: 'rank', label: t('pathway.byRank') },
                        { value: 'percent', label: t('pathway.byPercent') },
                      ]}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'value']} rules={[{ required: true }]}>
                    <InputNumber min={1} max={COMPETITION_PARTICIPANTS_MAX} precision={0} style={{ width: 110 }} />
                  </Form.Item>
                  <span>→</span>
                  <Form.Item name={[f.name, 'level']} rules={[{ required: true }]}>
                    <Select
                      style={{ width: 150 }}
                      options={[5, 4, 3, 2, 1].map((l) => ({ value: l, label: levelText(l, lang) }))}
                    />
                  </Form.Item>
                  {fields.length > 1 && (
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      onClick={() => remove(f.name)}
                      aria-label={t('common.delete')}
                    />
                  )}
                </Space>
              ))}
              <Button
                type="dashed"
                size="small"
                icon={<PlusOutlined />}
                onClick={() => add({ kind: 'rank', value: 10, level: 3 })}
              >
                {t('pathway.addRule')}
              </Button>
            </div>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

function AwardModal({
  competition,
  onClose,
  onIssued,
}: {
  competition: Competition | null;
  onClose: () => void;
  onIssued: (r: PathwayIssued) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const { busy, error, run } = useSubmit(competition !== null, () => form.resetFields());
  const finish = async (v: Record<string, unknown>) => {
    await run(
      async () => {
        const r = await api.award(competition!.id, {
          ...identity(v as never),
          rank: v.rank as number,
          outstandingGraduate: !!v.outstandingGraduate,
        });
        onIssued(r);
        onClose();
      },
      (e) => applyFieldErrors(form, e, IDENTITY_FIELDS),
    );
  };
  return (
    <Modal
      open={competition !== null}
      title={competition ? t('pathway.awardTitle', { name: competition.name }) : ''}
      width={680}
      okText={t('pathway.issue')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: busy, 'data-testid': 'award-ok' } as never}
      destroyOnHidden
    >
      <RuleHint rule="CERT-5">{t('pathway.awardHint')}</RuleHint>
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" name="award" onFinish={finish} initialValues={identityDefaults()}>
        <IdentityFields />
        <div className="form-grid">
          <Form.Item name="rank" label={t('pathway.rank')} rules={[{ required: true }]}>
            <InputNumber
              min={1}
              max={competition?.participants ?? COMPETITION_PARTICIPANTS_MAX}
              precision={0}
              style={{ width: 160 }}
              addonAfter={`/ ${competition?.participants ?? ''}`}
            />
          </Form.Item>
          <Form.Item
            name="outstandingGraduate"
            label={t('reg.outstanding')}
            valuePropName="checked"
            extra={t('competition.outstandingHint')}
          >
            <Switch />
          </Form.Item>
        </div>
      </Form>
    </Modal>
  );
}

function CompetitionTab({ onIssued }: { onIssued: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useLoad(() => api.competitions(), []);
  const caps = useLoad(() => api.competitionCaps(), []);
  const [editing, setEditing] = useState<Competition | null | 'new'>(null);
  const [awarding, setAwarding] = useState<Competition | null>(null);
  const [issued, setIssued] = useState<PathwayIssued | null>(null);
  const [submitError, setSubmitError] = useState<unknown>(null);
  const submit = async (c: Competition) => {
    setSubmitError(null);
    try {
      await api.submitCompetition(c.id);
      message.success(t('competition.submitted'));
    } catch (e) {
      setSubmitError(e);
    }
    void reload();
  };
  return (
    <Card
      size="small"
      className="plan-card"
      title={t('pathway.competitionTitle')}
      extra={
        <Button
          type="primary"
          size="small"
          icon={<PlusOutlined />}
          onClick={() => setEditing('new')}
          data-testid="competition-new"
        >
          {t('pathway.newCompetition')}
        </Button>
      }
    >
      <RuleHint rule="CERT-5">{t('pathway.competitionHint')}</RuleHint>
      <IssuedAlert r={issued} />
      <ErrorAlert error={submitError} testId="competition-error" />
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Table<Competition>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={data ?? []}
        pagination={false}
        scroll={{ x: 1340 }}
        data-testid="competition-table"
        columns={[
          { title: t('pathway.competitionName'), dataIndex: 'name', width: 180 },
          ...competitionColumns(t, { tier: 90, occupation: 110 }),
          {
            title: t('competition.places'),
            key: 'places',
            width: 90,
            render: (_: unknown, r) => `${r.awarded}/${r.places}`,
          },
          {
            title: t('common.actions'),
            key: 'act',
            width: 270,
            fixed: 'right',
            render: (_: unknown, r) => (
              <Space size={0}>
                {(r.status === 'proposed' || r.status === 'rejected') && (
                  <>
                    <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(r)}>
                      {t('competition.revise')}
                    </Button>
                    <Button
                      size="small"
                      type="link"
                      icon={<SendOutlined />}
                      onClick={() => void submit(r)}
                      data-testid="competition-submit"
                    >
                      {t('competition.submit')}
                    </Button>
                  </>
                )}
                <Tooltip title={r.status === 'approved' ? undefined : t('competition.awardLocked')}>
                  <Button
                    size="small"
                    type="link"
                    icon={<TrophyOutlined />}
                    onClick={() => setAwarding(r)}
                    data-testid="competition-award"
                  >
                    {t('pathway.award')}
                  </Button>
                </Tooltip>
              </Space>
            ),
          },
        ]}
      />
      <CompetitionModal
        // a fresh form for each competition edited (the form keeps the values of the last one otherwise)
        key={editing === 'new' ? 'new' : editing ? `edit-${editing.id}` : 'closed'}
        open={editing !== null}
        editing={editing === 'new' ? null : editing}
        caps={caps.data ?? []}
        onClose={() => setEditing(null)}
        onSaved={() => void reload()}
      />
      <AwardModal
        competition={awarding}
        onClose={() => setAwarding(null)}
        onIssued={(r) => {
          setIssued(r);
          onIssued();
          void reload();
        }}
      />
    </Card>
  );
}

export default function PathwaysPage() {
  const me = useMe();
  const { t } = useI18n();
  const [tab, setTab] = useState<TabKey>('recognition');
  const records = useLoad(() => api.pathwayRecords(), []);
  const [side, setSide] = useState<CooperationSide | null>(null);
  useEffect(() => {
    if (me.scope.institutionId)
      api.institution(me.scope.institutionId).then(
        (i) => {
          const s = i.kind === 'enterprise' ? 'enterprise' : i.kind === 'college' ? 'school' : 'other';
          setSide(s);
          // an enterprise certifies by cooperation with schools: its tab comes first
          if (s === 'enterprise') setTab('enterprise');
        },
        () => setSide(null),
      );
  }, [me.scope.institutionId]);
  const refresh = () => void records.reload();
  const count = (p: TabKey) => (records.data ?? []).filter((r) => r.pathway === p).length;
  const label = (p: TabKey, text: string) => (
    <span>
      {text} {count(p) > 0 && <Tag style={{ marginInlineStart: 4 }}>{count(p)}</Tag>}
    </span>
  );
  return (
    <div>
      <PageHeader title={t('pathway.title')} />
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('pathway.intro')} />
      {records.error ? <LoadError error={records.error} onRetry={records.reload} /> : null}
      <Card size="small" className="plan-tabs-card">
        <Tabs
          activeKey={tab}
          onChange={(k) => setTab(k as TabKey)}
          items={[
            {
              key: 'recognition',
              label: label('recognition', t('pathway.tab.recognition')),
              children: <RecognitionTab onIssued={refresh} />,
            },
            {
              key: 'process',
              label: label('process', t('pathway.tab.process')),
              children: <ProcessTab onIssued={refresh} />,
            },
            {
              key: 'competition',
              label: label('competition', t('pathway.tab.competition')),
              children: <CompetitionTab onIssued={refresh} />,
            },
            {
              key: 'enterprise',
              label: label('enterprise', t('pathway.tab.enterprise')),
              children: <EnterpriseTab onIssued={refresh} side={side} />,
            },
          ].map((x) => ({
            ...x,
            children: (
              <>
                {x.children}
                <RecordsTable records={records.data ?? []} pathway={x.key as TabKey} loading={records.loading} />
              </>
            ),
          }))}
        />
      </Card>
    </div>
  );
}
