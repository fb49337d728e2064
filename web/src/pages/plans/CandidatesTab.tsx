/**
 * 报名与资格审核: the candidates of a plan with their automatic eligibility check (the matched
 * route, or what failed on each route) and the student situation they were judged and charged on
 * (CERT-10), manual decisions with a reason, withdrawal with a reason before scoring (CERT-11),
 * one-by-one registration and the Excel roster import (all rows checked first; any error imports
 * nothing; people already registered refused or, on request, skipped).
 */
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Checkbox,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Segmented,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Tooltip,
} from 'antd';
import {
  CheckCircleTwoTone,
  CloseCircleTwoTone,
  DownloadOutlined,
  FileExcelOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { api, type CandidateBody, type Registration, type RegistrationStatus, type RosterResult } from '../../api';
import { useI18n } from '../../i18n';
import { useOpened } from '../../components/useOpened';
import { ErrorAlert, RuleTag } from '../../components/ApiErrorView';
import { ReasonModal } from '../../components/ReasonModal';
import { applyFieldErrors } from '../../components/formErrors';
import { RegStatusTag, STUDENT_TYPES, studentTypeLabel, TITLES, titleLabel } from './labels';
import type { PlanCtx } from './planContext';
import { SituationLine } from './SituationView';
import { useSubmit } from '../../components/useSubmit';
import {
  GRADUATION_YEAR_MIN,
  ID_NUMBER_MAX_LENGTH,
  MAJOR_MAX_LENGTH,
  PERSON_NAME_MAX_LENGTH,
  PHONE_MAX_LENGTH,
  RESIDENT_ID_PATTERN,
  YEARS_IN_OCCUPATION_MAX,
  YEAR_MAX,
} from '../../../../contract/limits.js';
import { IdNumber } from '../../components/IdNumber';
import { WorkbookImportModal } from '../../components/WorkbookImportModal';

type Filter = 'all' | RegistrationStatus;

/** The eligibility check of one candidate, shown in the expanded row. */
function EligibilityDetail({ r }: { r: Registration }) {
  const { t } = useI18n();
  const e = r.eligibility;
  return (
    <div className="elig-detail" data-testid={`elig-${r.id}`}>
      {e?.cap && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 8 }}
          title={
            <span>
              <RuleTag rule="CERT-2" />
              {e.cap}
            </span>
          }
          description={t('reg.capHint')}
        />
      )}
      {e?.eligible && e.route && (
        <div>
          <CheckCircleTwoTone twoToneColor="#52c41a" /> {t('reg.matchedRoute')}：<b>{e.route}</b>
        </div>
      )}
      {e && !e.eligible && e.checks.length > 0 && (
        <div>
          <div className="muted" style={{ marginBottom: 4 }}>
            {t('reg.noRoute')}
          </div>
          <ul className="route-checks">
            {e.checks.map((c, i) => (
              <li key={i}>
                <CloseCircleTwoTone twoToneColor="#ff4d4f" /> <b>{c.route}</b>
                {c.failed.length > 0 && <span className="err-text">：{c.failed.join('；')}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="muted" style={{ marginTop: 6 }}>
        {r.status === 'withdrawn'
          ? t('regStatus.withdrawn')
          : r.decision === 'manual'
            ? t('reg.manualDecision')
            : t('reg.autoDecision')}
        ：{r.decisionReason ?? '—'}
      </div>
      <div style={{ marginTop: 6 }}>
        <SituationLine r={r} />
      </div>
    </div>
  );
}

interface RegisterValues extends Omit<CandidateBody, 'titleSince'> {
  titleSince?: Dayjs;
}

function RegisterModal({ open, ctx, onClose }: { open: boolean; ctx: PlanCtx; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<RegisterValues>();
  const { busy, error, run } = useSubmit(open, () => form.resetFields());
  const studentType = Form.useWatch('studentType', form);
  const idType = Form.useWatch('idType', form);
  const title = Form.useWatch('title', form);
  const finish = async (v: RegisterValues) => {
    await run(
      async () => {
        const r = await api.register(ctx.plan.id, {
          ...v,
          name: v.name.trim(),
          idNumber: v.idNumber.trim().toUpperCase(),
          phone: v.phone?.trim() || null,
          studentType: v.studentType ?? null,
          inSchool: !!v.studentType && !!v.inSchool,
          major: v.major?.trim() || null,
          graduationYear: v.graduationYear ?? null,
          title: v.title ?? null,
          titleSince: v.titleSince ? v.titleSince.format('YYYY-MM-DD') : null,
        });
        message.success(
          t('reg.done', { name: r.name, status: t(`regStatus.${r.status as RegistrationStatus}`), fee: r.fee }),
        );
        for (const note of r.identityNotes ?? []) message.warning(note);
        if (r.situationNote) message.warning(r.situationNote, 8);
        onClose();
        await ctx.reload();
      },
      (e) =>
        applyFieldErrors(form, e, [
          'name',
          'idType',
          'idNumber',
          'phone',
          'studentType',
          'major',
          'graduationYear',
          'yearsInOccupation',
          'title',
          'titleSince',
        ]),
    );
  };
  return (
    <Modal
      open={open}
      title={t('reg.new')}
      width={680}
      okText={t('reg.submit')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: busy, 'data-testid': 'reg-save' } as never}
      destroyOnHidden
    >
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('reg.newHint')} />
      <ErrorAlert error={error} testId="reg-error" />
      <Form
        form={form}
        layout="vertical"
        name="register"
        onFinish={finish}
        initialValues={{
          idType: 'resident_id',
          // 非学生 until a student type is chosen: a worker is never registered as in school (CERT-10)
          inSchool: false,
          workingInOccupation: true,
          yearsInOccupation: 0,
          outstandingGraduate: false,
          graduationYear: new Date().getFullYear(),
        }}
      >
        <div className="form-grid">
          <Form.Item
            name="name"
            label={t('reg.name')}
            rules={[{ required: true, whitespace: true, message: t('reg.nameRequired') }]}
          >
            <Input maxLength={PERSON_NAME_MAX_LENGTH} />
          </Form.Item>
          <Form.Item name="idType" label={t('reg.idType')}>
            <Select
              options={(['resident_id', 'passport', 'hk_macao', 'taiwan'] as const).map((v) => ({
                value: v,
                label: t(`idType.${v}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="idNumber"
            label={t('reg.idNumber')}
            rules={[
              { required: true, whitespace: true, message: t('reg.idRequired') },
              ...(idType === 'resident_id'
                ? [{ pattern: new RegExp(RESIDENT_ID_PATTERN), message: t('reg.idRule') }]
                : []),
            ]}
          >
            <Input maxLength={ID_NUMBER_MAX_LENGTH} className="mono" />
          </Form.Item>
          <Form.Item name="phone" label={t('reg.phone')}>
            <Input maxLength={PHONE_MAX_LENGTH} />
          </Form.Item>
          <Form.Item name="studentType" label={t('reg.studentType')} extra={t('reg.studentTypeHint')}>
            <Select
              allowClear
              options={STUDENT_TYPES.map((s) => ({ value: s, label: studentTypeLabel(t, s) }))}
              placeholder={t('reg.notStudent')}
              onChange={(v) => form.setFieldValue('inSchool', !!v)}
              data-testid="reg-student-type"
            />
          </Form.Item>
          <Form.Item name="major" label={t('reg.major')}>
            <Input maxLength={MAJOR_MAX_LENGTH} />
          </Form.Item>
          <Form.Item name="graduationYear" label={t('reg.graduationYear')}>
            <InputNumber min={GRADUATION_YEAR_MIN} max={YEAR_MAX} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="inSchool"
            label={t('reg.inSchool')}
            valuePropName="checked"
            extra={studentType ? t('reg.inSchoolHint') : t('reg.inSchoolNeedsType')}
          >
            <Switch disabled={!studentType} data-testid="reg-in-school" />
          </Form.Item>
          <Form.Item name="workingInOccupation" label={t('reg.working')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="yearsInOccupation" label={t('reg.years')}>
            <InputNumber
              min={0}
              max={YEARS_IN_OCCUPATION_MAX}
              precision={0}
              style={{ width: '100%' }}
              addonAfter={t('unit.years')}
            />
          </Form.Item>
          <Form.Item name="title" label={t('reg.title')}>
            <Select
              allowClear
              options={TITLES.map((s) => ({ value: s, label: titleLabel(t, s) }))}
              placeholder={t('common.none')}
            />
          </Form.Item>
          {title && (
            <Form.Item
              name="titleSince"
              label={t('reg.titleSince')}
              rules={[{ required: true, message: t('reg.titleSinceRequired') }]}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          )}
          {studentType === 'secondary_vocational' && (
            <Form.Item
              name="outstandingGraduate"
              label={t('reg.outstanding')}
              valuePropName="checked"
              extra={t('reg.outstandingHint')}
            >
              <Switch />
            </Form.Item>
          )}
        </div>
      </Form>
    </Modal>
  );
}

/**
 * 导入名单: the workbook import dialog of every import, with the roster's own option (skip people
 * already registered) and its result by status, the notes and the rows skipped.
 */
function ImportModal({ open, ctx, onClose }: { open: boolean; ctx: PlanCtx; onClose: () => void }) {
  const { t } = useI18n();
  const [skipRegistered, setSkipRegistered] = useState(false);
  useOpened(open, () => setSkipRegistered(false));
  return (
    <WorkbookImportModal<RosterResult>
      open={open}
      title={t('import.title')}
      step1={t('import.step1')}
      templateLabel={t('import.template')}
      step2={t('import.step2')}
      hint={t('import.formats')}
      downloadTemplate={api.rosterTemplate}
      start={(file) => api.importRoster(ctx.plan.id, file, { skipRegistered })}
      doneText={(n) => t('import.done', { n })}
      onClose={onClose}
      onDone={ctx.reload}
      extra={
        <Checkbox
          checked={skipRegistered}
          onChange={(e) => setSkipRegistered(e.target.checked)}
          style={{ marginTop: 12 }}
          data-testid="import-skip-registered"
        >
          {t('import.skipRegistered')}
        </Checkbox>
      }
      renderResult={(result) => (
        <Alert
          type="success"
          showIcon
          style={{ marginTop: 12 }}
          data-testid="import-result"
          title={t('import.result', { n: result.imported })}
          description={
            <>
              <Space size={12} wrap>
                <Tag color="green">
                  {t('regStatus.eligible')} {result.eligible}
                </Tag>
                <Tag color="gold">
                  {t('regStatus.pending')} {result.pending}
                </Tag>
                <Tag color="red">
                  {t('regStatus.ineligible')} {result.ineligible}
                </Tag>
              </Space>
              {!!result.notes?.length && (
                <ul style={{ margin: '8px 0 0', paddingLeft: 20 }} data-testid="import-notes">
                  {result.notes.map((n, i) => (
                    <li key={i}>
                      <b>{n.field}</b> {n.message}
                    </li>
                  ))}
                </ul>
              )}
              {!!result.skipped?.length && (
                <div style={{ marginTop: 8 }} data-testid="import-skipped">
                  {t('import.skipped', { n: result.skipped.length })}
                  <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
                    {result.skipped.map((n, i) => (
                      <li key={i}>
                        <b>{n.field}</b> {n.message}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            </>
          }
        />
      )}
    />
  );
}

export function CandidatesTab({ ctx }: { ctx: PlanCtx }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { plan } = ctx;
  const [filter, setFilter] = useState<Filter>('all');
  const [q, setQ] = useState('');
  const [registering, setRegistering] = useState(false);
  const [importing, setImporting] = useState(false);
  const [deciding, setDeciding] = useState<Registration | null>(null);
  const [withdrawing, setWithdrawing] = useState<Registration | null>(null);
  const [choice, setChoice] = useState(true);
  const open = plan.status === 'published' && ctx.may.manage;
  const regs = plan.registrations;
  const count = (s: Filter) => (s === 'all' ? regs.length : regs.filter((r) => r.status === s).length);
  const rows = regs.filter(
    (r) =>
      (filter === 'all' || r.status === filter) && (!q || r.name.includes(q.trim()) || r.idNumber.includes(q.trim())),
  );
  const seats = new Map<number, string[]>();
  for (const s of ctx.sessions)
    for (const room of s.rooms)
      for (const c of room.candidates)
        seats.set(c.registrationId, [...(seats.get(c.registrationId) ?? []), c.ticketNo]);

  const ticket = async (r: Registration) => {
    try {
      await api.ticket(r.id);
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <div data-testid="tab-candidates">
      {plan.status === 'draft' && <Alert type="warning" showIcon className="plan-alert" title={t('reg.draftHint')} />}
      <div className="page-toolbar">
        <Segmented<Filter>
          value={filter}
          onChange={setFilter}
          data-testid="reg-filter"
          options={(['all', 'eligible', 'pending', 'ineligible', 'withdrawn'] as Filter[]).map((s) => ({
            value: s,
            label: `${s === 'all' ? t('common.all') : t(`regStatus.${s}`)} ${count(s)}`,
          }))}
        />
        <Input.Search allowClear placeholder={t('reg.searchPlaceholder')} style={{ width: 220 }} onSearch={setQ} />
        <span className="spacer" />
        {open && (
          <>
            <Button icon={<UserAddOutlined />} onClick={() => setRegistering(true)} data-testid="reg-new">
              {t('reg.new')}
            </Button>
            <Button
              type="primary"
              icon={<FileExcelOutlined />}
              onClick={() => setImporting(true)}
              data-testid="reg-import"
            >
              {t('import.title')}
            </Button>
          </>
        )}
      </div>
      <Table<Registration>
        data-testid="reg-table"
        rowKey="id"
        size="small"
        dataSource={rows}
        pagination={rows.length > 50 ? { pageSize: 50, showTotal: (n: number) => t('common.total', { n }) } : false}
        scroll={{ x: 1000 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reg.empty')} /> }}
        expandable={{
          expandedRowRender: (r) => <EligibilityDetail r={r} />,
          rowExpandable: () => true,
        }}
        columns={[
          {
            title: t('reg.no'),
            dataIndex: 'id',
            width: 70,
            render: (v: number) => <span className="mono muted">#{v}</span>,
          },
          { title: t('reg.name'), dataIndex: 'name', width: 100, render: (v: string) => <b>{v}</b> },
          {
            title: t('reg.idNumber'),
            dataIndex: 'idNumber',
            width: 210,
            render: (v: string, r) => <IdNumber masked={v} kind="registrations" id={r.id} />,
          },
          {
            title: t('reg.eligibility'),
            dataIndex: 'status',
            width: 100,
            render: (v: Registration['status']) => <RegStatusTag status={v} />,
          },
          {
            title: t('reg.reason'),
            dataIndex: 'decisionReason',
            ellipsis: { showTitle: false },
            render: (v: string | null, r) => (
              <Tooltip title={v} placement="topLeft">
                <span>
                  {r.decision === 'manual' && r.status !== 'withdrawn' && <Tag color="purple">{t('reg.manual')}</Tag>}
                  {v ?? '—'}
                </span>
              </Tooltip>
            ),
          },
          {
            title: t('reg.fee'),
            dataIndex: 'fee',
            width: 80,
            render: (v: number) => (v ? `¥${v}` : <span className="muted">{t('plan.free')}</span>),
          },
          {
            title: t('reg.ticket'),
            key: 'ticket',
            width: 170,
            render: (_: unknown, r) =>
              r.status !== 'eligible' ? (
                <span className="muted">—</span>
              ) : (
                <Space size={4}>
                  {seats.get(r.id)?.length ? (
                    <span className="mono small">{seats.get(r.id)![0]}</span>
                  ) : (
                    <span className="muted small">{t('reg.noSeat')}</span>
                  )}
                  {ctx.may.tickets && (
                    <Button
                      size="small"
                      type="link"
                      icon={<DownloadOutlined />}
                      onClick={() => void ticket(r)}
                      data-testid={`ticket-${r.id}`}
                      title={t('reg.ticketDownload')}
                    />
                  )}
                </Space>
              ),
          },
          ...(open
            ? [
                {
                  title: t('common.actions'),
                  key: 'act',
                  width: 140,
                  fixed: 'right' as const,
                  render: (_: unknown, r: Registration) => {
                    if (r.status === 'withdrawn') return <span className="muted">—</span>;
                    const scored = Object.values(r.scores).some((s) => s);
                    return (
                      <Space size={0}>
                        {r.status === 'pending' ? (
                          <Button
                            size="small"
                            type="primary"
                            ghost
                            onClick={() => {
                              setChoice(true);
                              setDeciding(r);
                            }}
                            data-testid={`decide-${r.id}`}
                          >
                            {t('reg.review')}
                          </Button>
                        ) : (
                          <Button
                            size="small"
                            type="link"
                            onClick={() => {
                              setChoice(r.status !== 'eligible');
                              setDeciding(r);
                            }}
                            data-testid={`decide-${r.id}`}
                          >
                            {t('reg.reReview')}
                          </Button>
                        )}
                        <Tooltip title={scored ? t('reg.withdrawScored') : undefined}>
                          <Button
                            size="small"
                            type="link"
                            danger
                            disabled={scored}
                            onClick={() => setWithdrawing(r)}
                            data-testid={`withdraw-${r.id}`}
                          >
                            {t('reg.withdraw')}
                          </Button>
                        </Tooltip>
                      </Space>
                    );
                  },
                },
              ]
            : []),
        ]}
      />
      <RegisterModal open={registering} ctx={ctx} onClose={() => setRegistering(false)} />
      <ImportModal open={importing} ctx={ctx} onClose={() => setImporting(false)} />
      <ReasonModal
        open={deciding !== null}
        title={deciding ? t('reg.reviewTitle', { name: deciding.name }) : ''}
        okText={t('common.ok')}
        danger={!choice}
        extra={
          deciding && (
            <div style={{ marginBottom: 12 }}>
              <EligibilityDetail r={deciding} />
              <div style={{ marginTop: 12 }}>
                <Radio.Group
                  value={choice}
                  onChange={(e) => setChoice(e.target.value)}
                  optionType="button"
                  buttonStyle="solid"
                  data-testid="decide-choice"
                  options={[
                    { value: true, label: t('reg.approve') },
                    { value: false, label: t('reg.refuse') },
                  ]}
                />
              </div>
            </div>
          )
        }
        onSubmit={async (v) => {
          await api.decide(deciding!.id, choice, v.reason);
          message.success(
            choice ? t('reg.approved', { name: deciding!.name }) : t('reg.refused', { name: deciding!.name }),
          );
          await ctx.reload();
        }}
        onClose={() => setDeciding(null)}
      />
      <ReasonModal
        open={withdrawing !== null}
        title={withdrawing ? t('reg.withdrawTitle', { name: withdrawing.name }) : ''}
        okText={t('reg.withdraw')}
        danger
        extra={<Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('reg.withdrawHint')} />}
        onSubmit={async (v) => {
          await api.withdraw(withdrawing!.id, v.reason);
          message.success(t('reg.withdrawn', { name: withdrawing!.name }));
          await ctx.reload();
        }}
        onClose={() => setWithdrawing(null)}
      />
    </div>
  );
}
