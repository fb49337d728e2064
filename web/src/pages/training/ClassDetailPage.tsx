/**
 * A class (开班申请 → 培训班): what was applied for, the opening checks as they stand, the workflow's
 * history with the reasons of a return, and — once approved (TRAIN-1) — its trainees, added by form
 * or by the Excel roster (template, row-and-column errors, nothing half-imported). The provider
 * revises, submits, withdraws or cancels; the HRSS of the place approves or returns.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  App,
  Button,
  Card,
  Descriptions,
  Empty,
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
  Timeline,
} from 'antd';
import { CheckOutlined, RollbackOutlined, SendOutlined, UploadOutlined, UserAddOutlined } from '@ant-design/icons';
import { api, type ClassDetail, type Trainee, type TraineeBody } from '../../api';
import { useMe } from '../../auth/AuthContext';
import { can } from '../../access';
import { formatDateTime, useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/ApiErrorView';
import { WorkbookImportModal } from '../../components/WorkbookImportModal';
import { ReasonModal } from '../../components/ReasonModal';
import { OccupationSelect } from '../../components/OccupationSelect';
import { useSubmit } from '../../components/useSubmit';
import { applyFieldErrors } from '../../components/formErrors';
import { STUDENT_TYPES, studentTypeLabel } from '../plans/labels';
import {
  GRADUATION_YEAR_MIN,
  MAJOR_MAX_LENGTH,
  PERSON_NAME_MAX_LENGTH,
  RESIDENT_ID_LENGTH,
  RESIDENT_ID_PATTERN,
  YEAR_MAX,
} from '../../../../contract/limits.js';
import { POST_GROUPS, TARGET_GROUP_KEYS, type TargetGroup } from '../../../../contract/training.js';
import { ClassFormDrawer } from './ClassForm';
import { ClassHoursTab } from './ClassHoursTab';
import {
  ClassChecksList,
  ClassStatusTag,
  groupLabel,
  levelShort,
  modeLabel,
  routeLabel,
  RuleHint,
  typeLabel,
} from './TrainingParts';
import { SurveyTab } from './SurveyTab';
import { ExportButton } from '../../components/ExportButton';
import '../plans/plans.css';
import './training.css';

const TRAINEE_FIELDS = ['name', 'idNumber', 'targetGroup', 'postOccupationId', 'employmentIntention', 'major'];

/** 登记学员: identity, target group (TRAIN-7), post (TRAIN-5), in-school and major (TRAIN-6), intention to work. */
function TraineeModal({
  open,
  cls,
  onClose,
  onAdded,
}: {
  open: boolean;
  cls: ClassDetail;
  onClose: () => void;
  onAdded: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { busy, error, run } = useSubmit(open, () => form.resetFields());
  const group = Form.useWatch('targetGroup', form) as TargetGroup | undefined;
  const inSchool = Form.useWatch('inSchool', form) as boolean | undefined;
  return (
    <Modal
      open={open}
      title={t('training.addTrainee')}
      width={720}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('training.enrol')}
      okButtonProps={{ loading: busy, 'data-testid': 'trainee-save' } as never}
      destroyOnHidden
    >
      <RuleHint rule="TRAIN-7">{cls.subsidised ? t('training.traineeHint') : t('training.traineeHintFree')}</RuleHint>
      <ErrorAlert error={error} />
      <Form
        form={form}
        layout="vertical"
        name="trainee"
        initialValues={{ employmentIntention: true, inSchool: false }}
        onFinish={async (v: TraineeBody & { studentType?: string }) => {
          const ok = await run(
            async () => {
              const r = await api.addTrainee(cls.id, {
                name: String(v.name).trim(),
                idNumber: String(v.idNumber).trim().toUpperCase(),
                targetGroup: v.targetGroup,
                postOccupationId: v.postOccupationId ?? null,
                employmentIntention: !!v.employmentIntention,
                inSchool: !!v.inSchool,
                ...(v.inSchool
                  ? {
                      studentType: (v.studentType as TraineeBody['studentType']) ?? null,
                      major: v.major?.trim() || null,
                      graduationYear: v.graduationYear ?? null,
                    }
                  : {}),
              });
              message.success(t('training.enrolled1', { name: r.name }));
              if (r.situationNote) message.info(r.situationNote);
            },
            (e) => applyFieldErrors(form, e, TRAINEE_FIELDS) && false,
          );
          if (ok) {
            onAdded();
            onClose();
          }
        }}
      >
        <div className="form-grid">
          <Form.Item name="name" label={t('reg.name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={PERSON_NAME_MAX_LENGTH} data-testid="trainee-name" />
          </Form.Item>
          <Form.Item
            name="idNumber"
            label={t('reg.idNumber')}
            rules={[{ required: true }, { pattern: new RegExp(RESIDENT_ID_PATTERN), message: t('reg.idRule') }]}
          >
            <Input maxLength={RESIDENT_ID_LENGTH} className="mono" data-testid="trainee-id" />
          </Form.Item>
          <Form.Item name="targetGroup" label={t('training.targetGroup')} rules={[{ required: true }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              data-testid="trainee-group"
              options={TARGET_GROUP_KEYS.map((k) => ({ value: k, label: groupLabel(t, k) }))}
            />
          </Form.Item>
          {group && POST_GROUPS.includes(group) && (
            <Form.Item
              name="postOccupationId"
              label={group === 'job_transfer' ? t('training.oldPost') : t('training.post')}
              rules={[{ required: true }]}
              extra={t('training.postHint')}
            >
              <OccupationSelect data-testid="trainee-post" />
            </Form.Item>
          )}
          <Form.Item name="employmentIntention" label={t('training.intention')} valuePropName="checked">
            <Switch data-testid="trainee-intention" />
          </Form.Item>
          <Form.Item name="inSchool" label={t('training.inSchool')} valuePropName="checked">
            <Switch data-testid="trainee-inschool" />
          </Form.Item>
          {inSchool && (
            <>
              <Form.Item name="studentType" label={t('reg.studentType')}>
                <Select allowClear options={STUDENT_TYPES.map((s) => ({ value: s, label: studentTypeLabel(t, s) }))} />
              </Form.Item>
              <Form.Item name="major" label={t('training.major')} rules={[{ required: true, whitespace: true }]}>
                <Input maxLength={MAJOR_MAX_LENGTH} data-testid="trainee-major" />
              </Form.Item>
              <Form.Item name="graduationYear" label={t('reg.graduationYear')}>
                <InputNumber min={GRADUATION_YEAR_MIN} max={YEAR_MAX} style={{ width: '100%' }} />
              </Form.Item>
            </>
          )}
        </div>
      </Form>
    </Modal>
  );
}

/** 导入学员名单: the template, a file, and on refusal the list of row/column errors (nothing imported). */
function ImportModal({
  open,
  cls,
  onClose,
  onDone,
}: {
  open: boolean;
  cls: ClassDetail;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  return (
    <WorkbookImportModal
      open={open}
      title={t('training.importTitle')}
      step1={t('training.importStep1')}
      templateLabel={t('training.template')}
      step2={t('training.importStep2')}
      downloadTemplate={api.traineeTemplate}
      start={(file) => api.importTrainees(cls.id, file)}
      doneText={(n) => t('import.done', { n })}
      onClose={onClose}
      onDone={onDone}
    />
  );
}

export default function ClassDetailPage() {
  const { id } = useParams();
  const classId = Number(id);
  const me = useMe();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { data: c, error, loading, reload } = useLoad(() => api.trainingClass(classId), [classId]);
  const trainees = useLoad(() => api.trainees(classId), [classId]);
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const [reasonFor, setReasonFor] = useState<'approve' | 'return' | 'withdraw' | 'cancel' | null>(null);
  const [leaving, setLeaving] = useState<Trainee | null>(null);
  const { busy, error: stepError, run } = useSubmit();
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (!c) return <Card loading={loading} />;
  const own = can(me.role, 'training.trainee.manage') && me.scope.institutionId === c.institutionId;
  const enrols = own && c.status === 'approved';
  const mayExport = can(me.role, 'training.export');
  // the opening checks matter while the application is open; a decided class shows its history
  const reviewing = ['draft', 'submitted', 'returned'].includes(c.status);
  const refresh = async () => {
    await reload();
    await trainees.reload();
  };
  const submit = () =>
    run(async () => {
      await api.trainingClassStep(c.id, { step: 'submit' });
      message.success(t('training.submitted'));
      await refresh();
    });
  return (
    <div>
      <PageHeader
        title={
          <span>
            {c.title} <ClassStatusTag status={c.status} />
          </span>
        }
        extra={
          <Space wrap>
            {c.steps.includes('update') && <Button onClick={() => setEditing(true)}>{t('common.edit')}</Button>}
            {c.steps.includes('submit') && (
              <Button
                type="primary"
                icon={<SendOutlined />}
                loading={busy}
                onClick={() => void submit()}
                data-testid="detail-submit"
              >
                {t('training.submit')}
              </Button>
            )}
            {c.steps.includes('withdraw') && (
              <Button onClick={() => setReasonFor('withdraw')}>{t('training.withdraw')}</Button>
            )}
            {c.steps.includes('cancel') && (
              <Button danger onClick={() => setReasonFor('cancel')}>
                {t('training.cancel')}
              </Button>
            )}
            {c.mayDecide && (
              <>
                <Button
                  type="primary"
                  icon={<CheckOutlined />}
                  onClick={() => setReasonFor('approve')}
                  data-testid="detail-approve"
                >
                  {t('training.approve')}
                </Button>
                <Button
                  danger
                  icon={<RollbackOutlined />}
                  onClick={() => setReasonFor('return')}
                  data-testid="detail-return"
                >
                  {t('training.return')}
                </Button>
              </>
            )}
            {own && c.status === 'approved' && c.subsidised && can(me.role, 'subsidy.claim') && (
              <Link to={`/subsidies/new-training?class=${c.id}`} data-testid="class-claim">
                <Button>{t('sub.tc.fromClass')}</Button>
              </Link>
            )}
          </Space>
        }
      />
      <ErrorAlert error={stepError} />
      {c.status === 'returned' && c.decisionReason && (
        <div className="warn-box" style={{ marginBottom: 12 }} data-testid="return-reason">
          {t('training.returnedBecause', { reason: c.decisionReason, by: c.decidedByName ?? '' })}
        </div>
      )}
      <Card size="small" className="plan-card" data-testid="class-detail">
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t('training.provider')}>{c.providerName}</Descriptions.Item>
          <Descriptions.Item label={t('training.occupation')}>
            {c.occupationName}
            {'\u00a0'}
            <span className="muted mono">{c.occupationCode}</span>
            {c.level ? `\u00a0${levelShort(c.level, lang)}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('training.leadsToLabel')}>{routeLabel(t, c.certificateRoute)}</Descriptions.Item>
          <Descriptions.Item label={t('training.classType')}>
            {typeLabel(t, c.classType)} {c.subsidised ? <Tag color="gold">{t('training.subsidisedTag')}</Tag> : null}
          </Descriptions.Item>
          <Descriptions.Item label={t('training.mode')}>{modeLabel(t, c.mode)}</Descriptions.Item>
          <Descriptions.Item label={t('training.dates')}>
            {c.startDate} ~ {c.endDate}
          </Descriptions.Item>
          <Descriptions.Item label={t('training.hours')}>
            {t('training.hoursText', {
              theory: c.theoryHours,
              practical: c.practicalHours,
              minutes: c.minutesPerHour,
            })}
          </Descriptions.Item>
          <Descriptions.Item label={t('training.capacity')}>
            {t('training.capacityText', {
              enrolled: c.enrolled,
              capacity: c.capacity,
              teachers: c.teachers,
              stations: c.workstations,
            })}
          </Descriptions.Item>
          <Descriptions.Item label={t('training.site')}>
            {c.regionName} · {c.site}
          </Descriptions.Item>
          <Descriptions.Item label={t('training.majors')}>
            {c.majors.length ? c.majors.join('、') : '—'}
          </Descriptions.Item>
          {c.decidedAt && (
            <Descriptions.Item label={t('training.decided')}>
              {c.decidedByName} {formatDateTime(c.decidedAt)}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <div className={reviewing ? 'training-two-col' : ''} style={reviewing ? undefined : { marginTop: 16 }}>
        {reviewing && (
          <Card size="small" className="plan-card" title={t('training.checksTitle')}>
            <ClassChecksList checks={c.checks} />
          </Card>
        )}
        <Card size="small" className="plan-card" title={t('training.history')}>
          <Timeline
            className="dense-timeline"
            data-testid="class-events"
            items={c.events.map((e, i) => ({
              key: i,
              color: e.step === 'return' ? 'orange' : e.step === 'approve' ? 'green' : 'blue',
              content: (
                <div>
                  <b>{t(`training.step.${e.step}` as never)}</b>{' '}
                  <span className="muted small">{formatDateTime(e.at)}</span> {e.actorName}
                  {e.reason && <div className="small">{e.reason}</div>}
                </div>
              ),
            }))}
          />
        </Card>
      </div>
      <Tabs
        style={{ marginTop: 8 }}
        data-testid="class-tabs"
        items={[
          {
            key: 'trainees',
            label: t('training.tabOverview'),
            children: (
              <Card
                size="small"
                className="plan-card"
                title={t('training.traineesTitle', {
                  n: trainees.data?.filter((x) => x.status === 'enrolled').length ?? 0,
                })}
                extra={
                  enrols || mayExport ? (
                    <Space wrap>
                      {mayExport ? (
                        <ExportButton
                          onExport={() => api.exportTrainees(c.id)}
                          testId="trainee-export"
                          label={t('training.exportTrainees')}
                        />
                      ) : null}
                      {enrols ? (
                        <>
                          <Button icon={<UserAddOutlined />} onClick={() => setAdding(true)} data-testid="trainee-add">
                            {t('training.addTrainee')}
                          </Button>
                          <Button
                            icon={<UploadOutlined />}
                            onClick={() => setImporting(true)}
                            data-testid="trainee-import"
                          >
                            {t('training.importTrainees')}
                          </Button>
                        </>
                      ) : null}
                    </Space>
                  ) : null
                }
              >
                {!enrols && c.status !== 'approved' && (
                  <RuleHint rule="TRAIN-1">{t('training.notApprovedYet')}</RuleHint>
                )}
                {trainees.error ? <LoadError error={trainees.error} onRetry={trainees.reload} /> : null}
                <Table<Trainee>
                  size="small"
                  rowKey="id"
                  loading={trainees.loading}
                  dataSource={trainees.data ?? []}
                  scroll={{ x: 1000 }}
                  data-testid="trainee-table"
                  pagination={(trainees.data?.length ?? 0) > 20 ? { pageSize: 20 } : false}
                  locale={{
                    emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('training.noTrainees')} />,
                  }}
                  columns={[
                    { title: t('reg.name'), dataIndex: 'name', width: 90 },
                    {
                      title: t('reg.idNumber'),
                      dataIndex: 'idNumberMasked',
                      width: 170,
                      render: (v: string) => <span className="mono">{v}</span>,
                    },
                    {
                      title: t('training.targetGroup'),
                      dataIndex: 'targetGroup',
                      width: 150,
                      render: (v: string) => groupLabel(t, v),
                    },
                    { title: t('training.department'), dataIndex: 'department', width: 150 },
                    {
                      title: t('training.post'),
                      key: 'post',
                      width: 120,
                      render: (_: unknown, r) => (r.postOccupation ? r.postOccupation.name : '—'),
                    },
                    {
                      title: t('training.inSchool'),
                      key: 'school',
                      width: 180,
                      render: (_: unknown, r) => (r.inSchool ? `${r.schoolName ?? ''} ${r.major ?? ''}` : '—'),
                    },
                    {
                      title: t('training.evaluation'),
                      key: 'evaluation',
                      width: 200,
                      render: (_: unknown, r) =>
                        r.evaluationCertificateNo ? (
                          <Tag color="green" data-testid="trainee-evaluated">
                            {t('training.evaluatedBy', { no: r.evaluationCertificateNo })}
                          </Tag>
                        ) : r.assessedOn ? (
                          t('training.assessedOn', { date: r.assessedOn })
                        ) : (
                          '—'
                        ),
                    },
                    {
                      title: t('common.status'),
                      key: 'status',
                      width: 110,
                      render: (_: unknown, r) =>
                        r.status === 'enrolled' ? (
                          <Tag color="green">{t(`training.source.${r.source}` as never)}</Tag>
                        ) : (
                          <Tag>{t('training.withdrawnTrainee')}</Tag>
                        ),
                    },
                    ...(own
                      ? [
                          {
                            title: t('common.actions'),
                            key: 'act',
                            width: 90,
                            render: (_: unknown, r: Trainee) =>
                              r.status === 'enrolled' ? (
                                <Button type="link" size="small" danger onClick={() => setLeaving(r)}>
                                  {t('training.withdrawTrainee')}
                                </Button>
                              ) : null,
                          },
                        ]
                      : []),
                  ]}
                />
              </Card>
            ),
          },
          {
            key: 'hours',
            label: <span data-testid="tab-hours">{t('training.tabHours')}</span>,
            children: <ClassHoursTab cls={c} />,
          },
          ...(c.status === 'approved'
            ? [
                {
                  key: 'survey',
                  label: <span data-testid="tab-survey">{t('survey.tab')}</span>,
                  children: <SurveyTab cls={c} />,
                },
              ]
            : []),
        ]}
        tabBarExtraContent={
          mayExport && c.status === 'approved' ? (
            <ExportButton
              onExport={() => api.exportAttendance(c.id)}
              testId="attendance-export"
              label={t('training.exportAttendance')}
            />
          ) : null
        }
      />
      <ClassFormDrawer open={editing} editing={c} onClose={() => setEditing(false)} onSaved={() => void refresh()} />
      <TraineeModal open={adding} cls={c} onClose={() => setAdding(false)} onAdded={() => void refresh()} />
      <ImportModal open={importing} cls={c} onClose={() => setImporting(false)} onDone={() => void refresh()} />
      <ReasonModal
        open={reasonFor !== null}
        optional={reasonFor === 'approve' || reasonFor === 'withdraw'}
        danger={reasonFor === 'return' || reasonFor === 'cancel'}
        title={reasonFor ? `${t(`training.${reasonFor}` as never)} · ${c.title}` : ''}
        okText={reasonFor ? t(`training.${reasonFor}` as never) : undefined}
        onSubmit={async (v) => {
          if (reasonFor === 'approve' || reasonFor === 'return')
            await api.decideTrainingClass(c.id, { decision: reasonFor, reason: v.reason || null });
          else await api.trainingClassStep(c.id, { step: reasonFor!, reason: v.reason || null });
          await refresh();
        }}
        onClose={() => setReasonFor(null)}
      />
      <ReasonModal
        open={leaving !== null}
        danger
        title={leaving ? `${t('training.withdrawTrainee')} · ${leaving.name}` : ''}
        onSubmit={async (v) => {
          await api.withdrawTrainee(leaving!.id, v.reason);
          await refresh();
        }}
        onClose={() => setLeaving(null)}
      />
    </div>
  );
}
