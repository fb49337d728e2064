/**
 * 课时与考勤 of an approved class (TRAIN-1): the schedule of class hours, the attendance grid
 * (present, absent, written leave, make-up before the final assessment: TRAIN-10), the recording of
 * each class hour (theory in full, practical ≥ 15 continuous minutes: TRAIN-4), the online study
 * records (anomalies make a record invalid: TRAIN-11), the on-site spot checks of the HRSS of the
 * place, and each trainee's compliant hours — all computed by the server from the records.
 */
import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Upload,
} from 'antd';
import { DownloadOutlined, InboxOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import {
  api,
  followJob,
  type AttendanceBody,
  type ClassDetail,
  type ClassHours,
  type Job,
  type OnlineImportResult,
  type TraineeHours,
  type TrainingSession,
} from '../../api';
import { useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { ErrorAlert } from '../../components/ApiErrorView';
import { JobProgress } from '../../components/JobProgress';
import { FormModal } from '../../components/FormModal';
import { useSubmit } from '../../components/useSubmit';
import { RuleHint } from './TrainingParts';
import { CLOCK_PATTERN, type AttendanceStatus } from '../../../../contract/training-hours.js';
import { SESSIONS_PER_REQUEST_MAX } from '../../../../contract/limits.js';

const DAY = 'YYYY-MM-DD';
const STATUS_MARK: Record<AttendanceStatus, { mark: string; color: string }> = {
  present: { mark: '✓', color: 'green' },
  absent: { mark: '✗', color: 'red' },
  leave: { mark: '假', color: 'orange' },
  makeup: { mark: '补', color: 'blue' },
};

/** 安排课时: a day, a start, kind and delivery, and how many consecutive class hours. */
function SessionModal({
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
    <FormModal
      open={open}
      title={t('hours.addSessions')}
      testId="session-save"
      name="session"
      intro={<RuleHint rule="TRAIN-1">{t('hours.sessionHint', { minutes: cls.minutesPerHour })}</RuleHint>}
      initialValues={{
        heldOn: dayjs(cls.startDate),
        startsAt: '08:00',
        kind: 'theory',
        delivery: 'offline',
        count: 1,
      }}
      submit={(v: {
        heldOn: Dayjs;
        startsAt: string;
        kind: 'theory' | 'practical';
        delivery: 'offline' | 'online';
        count: number;
        topic?: string;
      }) =>
        api.addSessions(cls.id, {
          heldOn: v.heldOn.format(DAY),
          startsAt: v.startsAt,
          kind: v.kind,
          delivery: v.delivery,
          count: v.count,
          topic: v.topic?.trim() || null,
        })
      }
      onDone={() => onDone()}
      onClose={onClose}
    >
      <div className="form-grid">
        <Form.Item name="heldOn" label={t('hours.day')} rules={[{ required: true }]}>
          <DatePicker
            style={{ width: '100%' }}
            disabledDate={(d) => d.isBefore(dayjs(cls.startDate), 'day') || d.isAfter(dayjs(cls.endDate), 'day')}
            data-testid="session-day"
          />
        </Form.Item>
        <Form.Item
          name="startsAt"
          label={t('hours.startsAt')}
          rules={[{ required: true }, { pattern: new RegExp(CLOCK_PATTERN), message: 'HH:MM' }]}
        >
          <Input placeholder="08:00" data-testid="session-start" />
        </Form.Item>
        <Form.Item name="kind" label={t('hours.kind')}>
          <Radio.Group
            options={[
              { value: 'theory', label: t('hours.kind.theory') },
              { value: 'practical', label: t('hours.kind.practical') },
            ]}
          />
        </Form.Item>
        <Form.Item name="delivery" label={t('hours.delivery')}>
          <Radio.Group
            options={[
              { value: 'offline', label: t('hours.delivery.offline') },
              { value: 'online', label: t('hours.delivery.online'), disabled: cls.mode !== 'online' },
            ]}
          />
        </Form.Item>
        <Form.Item name="count" label={t('hours.count')}>
          <InputNumber min={1} max={SESSIONS_PER_REQUEST_MAX} style={{ width: '100%' }} data-testid="session-count" />
        </Form.Item>
        <Form.Item name="topic" label={t('hours.topic')}>
          <Input maxLength={200} />
        </Form.Item>
      </div>
    </FormModal>
  );
}

interface Mark {
  status: AttendanceStatus | undefined;
  leaveNote: string;
  makeupOn: string;
}

/** 考勤: one line per trainee with the mark, the written leave request and the make-up day. */
function AttendanceModal({
  session,
  trainees,
  onClose,
  onDone,
}: {
  session: TrainingSession | null;
  trainees: TraineeHours[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [marks, setMarks] = useState<Record<number, Mark>>({});
  const { busy, error, run } = useSubmit(session !== null, () =>
    setMarks(
      Object.fromEntries(
        trainees.map((x) => {
          const a = session?.attendance.find((y) => y.traineeId === x.traineeId);
          return [
            x.traineeId,
            { status: a?.status ?? 'present', leaveNote: a?.leaveNote ?? '', makeupOn: a?.makeupOn ?? '' },
          ];
        }),
      ),
    ),
  );
  const set = (id: number, patch: Partial<Mark>) => setMarks((m) => ({ ...m, [id]: { ...m[id], ...patch } }));
  const save = async () => {
    const entries: AttendanceBody['entries'] = trainees
      .filter((x) => marks[x.traineeId]?.status)
      .map((x) => {
        const m = marks[x.traineeId];
        return {
          traineeId: x.traineeId,
          status: m.status!,
          leaveNote: m.status === 'leave' || m.status === 'makeup' ? m.leaveNote.trim() || null : null,
          makeupOn: m.status === 'makeup' ? m.makeupOn || null : null,
        };
      });
    const ok = await run(() => api.recordAttendance(session!.id, { entries }));
    if (ok) {
      onDone();
      onClose();
    }
  };
  return (
    <Modal
      open={session !== null}
      width={860}
      title={
        session ? t('hours.attendanceTitle', { seq: session.seq, day: session.heldOn, time: session.startsAt }) : ''
      }
      onCancel={onClose}
      onOk={() => void save()}
      okButtonProps={{ loading: busy, disabled: !trainees.length, 'data-testid': 'attendance-save' } as never}
      destroyOnHidden
    >
      <RuleHint rule="TRAIN-10">{t('hours.attendanceHint')}</RuleHint>
      <ErrorAlert error={error} />
      <Table<TraineeHours>
        size="small"
        rowKey="traineeId"
        pagination={false}
        dataSource={trainees}
        data-testid="attendance-table"
        columns={[
          { title: t('reg.name'), dataIndex: 'name', width: 100 },
          {
            title: t('hours.mark'),
            key: 'status',
            width: 150,
            render: (_: unknown, r) => (
              <Select
                size="small"
                style={{ width: 140 }}
                value={marks[r.traineeId]?.status}
                onChange={(v) => set(r.traineeId, { status: v })}
                data-testid={`attendance-status-${r.traineeId}`}
                options={(['present', 'absent', 'leave', 'makeup'] as const).map((s) => ({
                  value: s,
                  label: t(`hours.status.${s}`),
                }))}
              />
            ),
          },
          {
            title: t('hours.leaveNote'),
            key: 'leave',
            render: (_: unknown, r) =>
              marks[r.traineeId]?.status === 'leave' || marks[r.traineeId]?.status === 'makeup' ? (
                <Input
                  size="small"
                  maxLength={500}
                  value={marks[r.traineeId]?.leaveNote}
                  placeholder={t('hours.leaveNotePlaceholder')}
                  onChange={(e) => set(r.traineeId, { leaveNote: e.target.value })}
                />
              ) : null,
          },
          {
            title: t('hours.makeupOn'),
            key: 'makeup',
            width: 150,
            render: (_: unknown, r) =>
              marks[r.traineeId]?.status === 'makeup' ? (
                <DatePicker
                  size="small"
                  value={marks[r.traineeId]?.makeupOn ? dayjs(marks[r.traineeId].makeupOn) : null}
                  onChange={(d) => set(r.traineeId, { makeupOn: d ? d.format(DAY) : '' })}
                />
              ) : null,
          },
        ]}
      />
    </Modal>
  );
}

/** 课时录像: the file, its start and length, and its continuous segments (one line each, "HH:MM 分钟"). */
function RecordingModal({
  session,
  onClose,
  onDone,
}: {
  session: TrainingSession | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const { busy, error, run } = useSubmit(session !== null, () => form.resetFields());
  const r = session?.recording;
  return (
    <Modal
      open={session !== null}
      title={
        session ? t('hours.recordingTitle', { seq: session.seq, day: session.heldOn, time: session.startsAt }) : ''
      }
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: busy, 'data-testid': 'recording-save' } as never}
      destroyOnHidden
    >
      <RuleHint rule="TRAIN-4">{t('hours.recordingHint')}</RuleHint>
      <ErrorAlert error={error} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          fileName: r?.fileName ?? '',
          startsAt: r?.startsAt ?? session?.startsAt,
          durationMinutes: r?.durationMinutes ?? session?.minutes,
          segments: r && r.segments.length > 1 ? r.segments.map((g) => `${g.startsAt} ${g.minutes}`).join('\n') : '',
        }}
        onFinish={async (v: { fileName: string; startsAt: string; durationMinutes: number; segments?: string }) => {
          const lines = (v.segments ?? '')
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean);
          const segments = lines.map((l) => {
            const [startsAt, minutes] = l.split(/[\s,，]+/);
            return { startsAt, minutes: Number(minutes) };
          });
          const ok = await run(() =>
            api.putRecording(session!.id, {
              fileName: v.fileName.trim(),
              startsAt: v.startsAt,
              durationMinutes: v.durationMinutes,
              ...(segments.length ? { segments } : {}),
            }),
          );
          if (ok) {
            onDone();
            onClose();
          }
        }}
      >
        <Form.Item name="fileName" label={t('hours.fileName')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={200} data-testid="recording-file" />
        </Form.Item>
        <Space>
          <Form.Item
            name="startsAt"
            label={t('hours.recordingStart')}
            rules={[{ required: true }, { pattern: new RegExp(CLOCK_PATTERN), message: 'HH:MM' }]}
          >
            <Input style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="durationMinutes" label={t('hours.duration')} rules={[{ required: true }]}>
            <InputNumber min={1} max={1440} />
          </Form.Item>
        </Space>
        <Form.Item name="segments" label={t('hours.segments')} extra={t('hours.segmentsHint')}>
          <Input.TextArea rows={3} placeholder={'09:30 14\n09:50 14'} data-testid="recording-segments" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 实地抽查: the day and who was found present. */
function SpotCheckModal({
  open,
  cls,
  trainees,
  onClose,
  onDone,
}: {
  open: boolean;
  cls: ClassDetail;
  trainees: TraineeHours[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const { busy, error, run } = useSubmit(open, () => form.resetFields());
  return (
    <Modal
      open={open}
      title={t('hours.spotCheck')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: busy, 'data-testid': 'spot-save' } as never}
      destroyOnHidden
    >
      <RuleHint rule="TRAIN-10">{t('hours.spotHint')}</RuleHint>
      <ErrorAlert error={error} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ checkedOn: dayjs(), present: trainees.map((x) => x.traineeId) }}
        onFinish={async (v: { checkedOn: Dayjs; present: number[]; note?: string }) => {
          const ok = await run(() =>
            api.addSpotCheck(cls.id, {
              checkedOn: v.checkedOn.format(DAY),
              presentTraineeIds: v.present ?? [],
              note: v.note?.trim() || null,
            }),
          );
          if (ok) {
            onDone();
            onClose();
          }
        }}
      >
        <Form.Item name="checkedOn" label={t('hours.checkedOn')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="present" label={t('hours.presentPeople')}>
          <Checkbox.Group
            data-testid="spot-present"
            options={trainees.map((x) => ({ value: x.traineeId, label: x.name }))}
          />
        </Form.Item>
        <Form.Item name="note" label={t('common.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 导入线上学习记录: the template, a file, and on refusal the list of row/column errors (nothing imported). */
function OnlineImportModal({
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
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<OnlineImportResult | null>(null);
  // the import runs as a tracked job (issue 17): its progress is shown until the result is in
  const [job, setJob] = useState<Job | null>(null);
  const { busy, error, run } = useSubmit(open, () => {
    setFile(null);
    setResult(null);
    setJob(null);
  });
  return (
    <Modal
      open={open}
      title={t('hours.importOnline')}
      onCancel={onClose}
      footer={
        <Space>
          <Button onClick={onClose}>{t('common.close')}</Button>
          <Button
            type="primary"
            disabled={!file}
            loading={busy}
            onClick={() =>
              void run(async () => {
                setJob(null);
                const end = await followJob(await api.importOnlineRecords(cls.id, file!), setJob);
                setJob(null);
                setResult(end.result as OnlineImportResult);
                onDone();
              })
            }
            data-testid="online-import-submit"
          >
            {t('import.submit')}
          </Button>
        </Space>
      }
      destroyOnHidden
    >
      <RuleHint rule="TRAIN-11">{t('hours.onlineHint')}</RuleHint>
      <Button
        icon={<DownloadOutlined />}
        onClick={async () => message.success(t('import.templateSaved', { name: await api.onlineRecordTemplate() }))}
        style={{ marginBottom: 12 }}
      >
        {t('hours.onlineTemplate')}
      </Button>
      <Upload.Dragger
        accept=".xlsx"
        maxCount={1}
        beforeUpload={(f) => {
          setFile(f);
          setResult(null);
          return false;
        }}
        onRemove={() => setFile(null)}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('import.drop')}</p>
      </Upload.Dragger>
      {busy && job && <JobProgress job={job} testId="online-import-progress" />}
      <ErrorAlert error={error} style={{ marginTop: 12 }} />
      {result && (
        <div className="ok-box" style={{ marginTop: 12 }} data-testid="online-import-result">
          {t('hours.onlineDone', { n: result.imported, flagged: result.flagged })}
        </div>
      )}
    </Modal>
  );
}

/** 登记结业考核 (TRAIN-9): the day, pass or fail, the scores. */
function CompletionModal({
  trainee,
  cls,
  onClose,
  onDone,
}: {
  trainee: TraineeHours | null;
  cls: ClassDetail;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const { busy, error, run } = useSubmit(trainee !== null, () => form.resetFields());
  return (
    <Modal
      open={trainee !== null}
      title={trainee ? t('hours.completionTitle', { name: trainee.name }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: busy, 'data-testid': 'completion-save' } as never}
      destroyOnHidden
    >
      <RuleHint rule="TRAIN-9">
        {t('hours.completionHint', { mode: cls.mode === 'online' ? t('hours.onlineMonths') : '' })}
      </RuleHint>
      <ErrorAlert error={error} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ assessedOn: dayjs(), passed: true }}
        onFinish={async (v: { assessedOn: Dayjs; passed: boolean; theoryScore?: number; practicalScore?: number }) => {
          const ok = await run(() =>
            api.recordCompletion(trainee!.traineeId, {
              assessedOn: v.assessedOn.format(DAY),
              passed: v.passed,
              theoryScore: v.theoryScore ?? null,
              practicalScore: v.practicalScore ?? null,
            }),
          );
          if (ok) {
            onDone();
            onClose();
          }
        }}
      >
        <div className="form-grid">
          <Form.Item name="assessedOn" label={t('hours.assessedOn')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="passed" label={t('hours.result')}>
            <Radio.Group
              options={[
                { value: true, label: t('hours.passed') },
                { value: false, label: t('hours.failed') },
              ]}
            />
          </Form.Item>
          <Form.Item name="theoryScore" label={t('hours.theoryScore')}>
            <InputNumber min={0} max={100} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="practicalScore" label={t('hours.practicalScore')}>
            <InputNumber min={0} max={100} style={{ width: '100%' }} />
          </Form.Item>
        </div>
      </Form>
    </Modal>
  );
}

export function ClassHoursTab({ cls }: { cls: ClassDetail }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { data: h, error, loading, reload } = useLoad(() => api.classHours(cls.id), [cls.id]);
  const [adding, setAdding] = useState(false);
  const [marking, setMarking] = useState<TrainingSession | null>(null);
  const [recording, setRecording] = useState<TrainingSession | null>(null);
  const [checking, setChecking] = useState(false);
  const [importing, setImporting] = useState(false);
  const [assessing, setAssessing] = useState<TraineeHours | null>(null);
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (!h) return <Card loading={loading} />;
  if (cls.status !== 'approved') return <RuleHint rule="TRAIN-1">{t('training.notApprovedYet')}</RuleHint>;
  const refresh = () => void reload();
  return (
    <div data-testid="hours-tab">
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('hours.plan')}>
          {t('hours.planText', { theory: h.planned.theory, practical: h.planned.practical })}
        </Descriptions.Item>
        <Descriptions.Item label={t('hours.scheduled')}>
          {t('hours.planText', { theory: h.scheduled.theory, practical: h.scheduled.practical })}
        </Descriptions.Item>
        <Descriptions.Item label={t('hours.recordedOk')}>{h.scheduled.recordedOk}</Descriptions.Item>
        {h.offlinePracticalRequired !== null && (
          <Descriptions.Item label={t('hours.offlineRequired')}>
            {t('hours.offlineRequiredText', {
              need: h.offlinePracticalRequired,
              scheduled: h.scheduled.offlinePractical,
            })}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('hours.headcount')} span={2}>
          <span data-testid="hours-headcount">
            <b>{h.headcount.counted}</b> · {h.headcount.message}
          </span>
        </Descriptions.Item>
      </Descriptions>

      <SessionsCard
        h={h}
        cls={cls}
        onAdd={() => setAdding(true)}
        onImport={() => setImporting(true)}
        onMark={setMarking}
        onRecord={setRecording}
        onDelete={async (s) => {
          await api.deleteSession(s.id);
          message.success(t('hours.deleted'));
          refresh();
        }}
      />
      <AttendanceGrid h={h} />
      <TraineeHoursCard h={h} onAssess={setAssessing} />
      <Card
        size="small"
        className="plan-card"
        style={{ marginTop: 16 }}
        title={t('hours.spotChecks')}
        extra={
          h.mayCheck ? (
            <Button icon={<PlusOutlined />} onClick={() => setChecking(true)} data-testid="spot-add">
              {t('hours.spotCheck')}
            </Button>
          ) : null
        }
      >
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={h.spotChecks}
          data-testid="spot-table"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hours.noSpotChecks')} /> }}
          columns={[
            { title: t('hours.checkedOn'), dataIndex: 'checkedOn', width: 110 },
            {
              title: t('hours.presentOfEnrolled'),
              key: 'n',
              width: 110,
              render: (_: unknown, r) => `${r.presentCount} / ${r.enrolledCount}`,
            },
            {
              title: t('hours.presentPeople'),
              key: 'who',
              render: (_: unknown, r) => r.presentNames.join('、') || '—',
            },
            { title: t('hours.checkedBy'), dataIndex: 'checkedByName', width: 120 },
            { title: t('common.note'), dataIndex: 'note', width: 160 },
          ]}
        />
      </Card>

      <SessionModal open={adding} cls={cls} onClose={() => setAdding(false)} onDone={refresh} />
      <AttendanceModal session={marking} trainees={h.trainees} onClose={() => setMarking(null)} onDone={refresh} />
      <RecordingModal session={recording} onClose={() => setRecording(null)} onDone={refresh} />
      <SpotCheckModal
        open={checking}
        cls={cls}
        trainees={h.trainees}
        onClose={() => setChecking(false)}
        onDone={refresh}
      />
      <CompletionModal trainee={assessing} cls={cls} onClose={() => setAssessing(null)} onDone={refresh} />
      <OnlineImportModal open={importing} cls={cls} onClose={() => setImporting(false)} onDone={refresh} />
    </div>
  );
}

function SessionsCard({
  h,
  cls,
  onAdd,
  onImport,
  onMark,
  onRecord,
  onDelete,
}: {
  h: ClassHours;
  cls: ClassDetail;
  onAdd: () => void;
  onImport: () => void;
  onMark: (s: TrainingSession) => void;
  onRecord: (s: TrainingSession) => void;
  onDelete: (s: TrainingSession) => Promise<void>;
}) {
  const { t } = useI18n();
  return (
    <Card
      size="small"
      className="plan-card"
      title={t('hours.schedule', { n: h.sessions.length })}
      extra={
        h.mayRecord ? (
          <Space>
            <Button icon={<PlusOutlined />} onClick={onAdd} data-testid="session-add">
              {t('hours.addSessions')}
            </Button>
            {cls.mode === 'online' && (
              <Button icon={<UploadOutlined />} onClick={onImport} data-testid="online-import">
                {t('hours.importOnline')}
              </Button>
            )}
          </Space>
        ) : null
      }
    >
      <Table<TrainingSession>
        size="small"
        rowKey="id"
        dataSource={h.sessions}
        data-testid="session-table"
        scroll={{ x: 900 }}
        pagination={h.sessions.length > 20 ? { pageSize: 20 } : false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hours.noSessions')} /> }}
        columns={[
          { title: '#', dataIndex: 'seq', width: 50 },
          { title: t('hours.day'), dataIndex: 'heldOn', width: 110 },
          { title: t('hours.time'), key: 'time', width: 110, render: (_: unknown, s) => `${s.startsAt}–${s.endsAt}` },
          {
            title: t('hours.kind'),
            key: 'kind',
            width: 110,
            render: (_: unknown, s) => (
              <Space size={4}>
                <Tag color={s.kind === 'theory' ? 'blue' : 'purple'}>{t(`hours.kind.${s.kind}`)}</Tag>
                {s.delivery === 'online' && <Tag>{t('hours.delivery.online')}</Tag>}
              </Space>
            ),
          },
          { title: t('hours.topic'), dataIndex: 'topic', render: (v: string | null) => v ?? '—' },
          {
            title: t('hours.recording'),
            key: 'rec',
            width: 170,
            render: (_: unknown, s) =>
              s.delivery === 'online' ? (
                <span className="muted small">{t('hours.onlineRecords', { n: s.online.length })}</span>
              ) : (
                <Tooltip title={s.recordingMessage}>
                  <Tag color={s.recordingOk ? 'green' : s.recording ? 'red' : 'default'} data-testid="recording-tag">
                    {s.recording
                      ? s.recordingOk
                        ? t('hours.recordingOk')
                        : t('hours.recordingShort')
                      : t('hours.recordingNone')}
                  </Tag>
                </Tooltip>
              ),
          },
          {
            title: t('hours.attendance'),
            key: 'att',
            width: 100,
            render: (_: unknown, s) =>
              s.delivery === 'online'
                ? `${s.online.filter((o) => o.counts).length} / ${h.trainees.length}`
                : `${s.attendance.filter((a) => a.counts).length} / ${h.trainees.length}`,
          },
          ...(h.mayRecord
            ? [
                {
                  title: t('common.actions'),
                  key: 'act',
                  width: 190,
                  render: (_: unknown, s: TrainingSession) => (
                    <Space size={0}>
                      {s.delivery === 'offline' && (
                        <>
                          <Button type="link" size="small" onClick={() => onMark(s)} data-testid="session-mark">
                            {t('hours.markAttendance')}
                          </Button>
                          <Button type="link" size="small" onClick={() => onRecord(s)} data-testid="session-record">
                            {t('hours.recording')}
                          </Button>
                        </>
                      )}
                      {!s.recording && !s.attendance.length && !s.online.length && (
                        <Popconfirm title={t('hours.deleteConfirm')} onConfirm={() => onDelete(s)}>
                          <Button type="link" size="small" danger>
                            {t('common.delete')}
                          </Button>
                        </Popconfirm>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

/** 考勤表: trainees × class hours, one mark per cell (online: the study record's verdict). */
function AttendanceGrid({ h }: { h: ClassHours }) {
  const { t } = useI18n();
  if (!h.sessions.length || !h.trainees.length) return null;
  return (
    <Card size="small" className="plan-card" style={{ marginTop: 16 }} title={t('hours.grid')}>
      <Table<TraineeHours>
        size="small"
        rowKey="traineeId"
        pagination={false}
        dataSource={h.trainees}
        scroll={{ x: 120 + h.sessions.length * 44 }}
        data-testid="attendance-grid"
        columns={[
          { title: t('reg.name'), dataIndex: 'name', width: 100, fixed: 'left' },
          ...h.sessions.map((s) => ({
            title: <Tooltip title={`${s.heldOn} ${s.startsAt} ${t(`hours.kind.${s.kind}`)}`}>{s.seq}</Tooltip>,
            key: `s${s.id}`,
            width: 44,
            align: 'center' as const,
            render: (_: unknown, r: TraineeHours) => {
              if (s.delivery === 'online') {
                const o = s.online.find((x) => x.traineeId === r.traineeId);
                if (!o) return <span className="muted">·</span>;
                return (
                  <Tooltip title={o.message}>
                    <span style={{ color: o.counts ? 'green' : 'red' }}>{o.counts ? '✓' : '✗'}</span>
                  </Tooltip>
                );
              }
              const a = s.attendance.find((x) => x.traineeId === r.traineeId);
              if (!a) return <span className="muted">·</span>;
              const m = STATUS_MARK[a.status];
              return (
                <Tooltip title={a.message}>
                  <span style={{ color: m.color, textDecoration: a.counts ? undefined : 'line-through' }}>
                    {a.status === 'leave'
                      ? t('hours.markLeave')
                      : a.status === 'makeup'
                        ? t('hours.markMakeup')
                        : m.mark}
                  </span>
                </Tooltip>
              );
            },
          })),
        ]}
      />
      <div className="muted small" style={{ marginTop: 6 }}>
        {t('hours.gridLegend')}
      </div>
    </Card>
  );
}

/** 合规学时: computed per trainee, against the plan (and TRAIN-11's offline practical hours). */
function TraineeHoursCard({ h, onAssess }: { h: ClassHours; onAssess: (t: TraineeHours) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  return (
    <Card size="small" className="plan-card" style={{ marginTop: 16 }} title={t('hours.compliant')}>
      <RuleHint rule="TRAIN-9">{h.assessment.message}</RuleHint>
      <Table<TraineeHours>
        size="small"
        rowKey="traineeId"
        pagination={h.trainees.length > 20 ? { pageSize: 20 } : false}
        dataSource={h.trainees}
        data-testid="trainee-hours"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('training.noTrainees')} /> }}
        expandable={{
          rowExpandable: (r) => r.notCounted.length > 0,
          expandedRowRender: (r) => (
            <ul className="error-details" style={{ margin: 0 }}>
              {r.notCounted.map((n) => (
                <li key={n.sessionId}>
                  <b>#{n.seq}</b> {n.reason}
                </li>
              ))}
            </ul>
          ),
        }}
        columns={[
          { title: t('reg.name'), dataIndex: 'name', width: 100 },
          { title: t('hours.kind.theory'), dataIndex: 'theory', width: 70 },
          { title: t('hours.kind.practical'), dataIndex: 'practical', width: 70 },
          ...(h.offlinePracticalRequired !== null
            ? [
                {
                  title: t('hours.offlinePractical'),
                  key: 'off',
                  width: 120,
                  render: (_: unknown, r: TraineeHours) => (
                    <Tag color={r.offlinePracticalOk ? 'green' : 'red'}>
                      {r.offlinePractical} / {h.offlinePracticalRequired}
                    </Tag>
                  ),
                },
              ]
            : []),
          {
            title: t('hours.totalOfPlan'),
            key: 'total',
            width: 110,
            render: (_: unknown, r) => (
              <span data-testid="trainee-total">
                {r.total} / {r.planned}
              </span>
            ),
          },
          {
            title: t('common.status'),
            key: 'ok',
            width: 100,
            render: (_: unknown, r) =>
              r.complete ? <Tag color="green">{t('hours.complete')}</Tag> : <Tag>{t('hours.incomplete')}</Tag>,
          },
          {
            title: t('hours.notCounted'),
            key: 'nc',
            width: 90,
            render: (_: unknown, r) => r.notCounted.length,
          },
          { title: t('hours.assessedOn'), dataIndex: 'assessedOn', width: 110, render: (v: string | null) => v ?? '—' },
          {
            title: t('hours.completion'),
            key: 'completion',
            width: 200,
            render: (_: unknown, r) => {
              const k = r.completion;
              if (!k)
                return h.mayAssess ? (
                  <Button size="small" onClick={() => onAssess(r)} data-testid="completion-add">
                    {t('hours.recordCompletion')}
                  </Button>
                ) : (
                  '—'
                );
              return (
                <Space size={4}>
                  <Tag color={k.passed ? 'green' : 'red'}>{k.passed ? t('hours.passed') : t('hours.failed')}</Tag>
                  {k.certificateNo ? (
                    <Button
                      type="link"
                      size="small"
                      icon={<DownloadOutlined />}
                      onClick={async () =>
                        message.success(
                          t('import.templateSaved', {
                            name: await api.completionCertificate(r.traineeId, k.certificateNo!),
                          }),
                        )
                      }
                    >
                      {t('hours.certificate')}
                    </Button>
                  ) : (
                    k.passed && <span className="muted small">{t('hours.noCertificate')}</span>
                  )}
                </Space>
              );
            },
          },
        ]}
      />
    </Card>
  );
}
