/**
 * 考场安排: the sessions of a plan (one per exam part: theory, practical, panel), each with rooms,
 * their candidates and staff. Staffing is checked against the occupation standard (theory
 * invigilators 1:15, ≥ 2; practical examiners 1:5, ≥ 3 and odd; panels ≥ 3 and odd); the form
 * shows what a room needs and the server's refusal names what is missing.
 */
import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import { DeleteOutlined, PlusOutlined, ScheduleOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { api, ApiError, type ExamSession, type Part, type Staff } from '../../api';
import { useI18n } from '../../i18n';
import { ErrorAlert } from '../../components/ApiErrorView';
import { partLabel, requiredStaff, wallClock } from './labels';
import type { PlanCtx } from './planContext';
import { useSubmit } from '../../components/useSubmit';
import { ROOM_NAME_MAX_LENGTH, SESSION_SITE_MAX_LENGTH, SESSION_SITE_MIN_LENGTH } from '../../../../contract/limits.js';

interface RoomValues {
  room: string;
  registrationIds: number[];
  staffIds: number[];
}
interface SessionValues {
  part: Part;
  startsAt: Dayjs;
  site: string;
  rooms: RoomValues[];
}

/** Staff who may serve on a part: examiners mark practical work; experts and senior examiners sit on panels; anyone registered invigilates. */
function eligibleStaff(part: Part, staff: Staff[], occupationId: number): Staff[] {
  const active = staff.filter((s) => s.status === 'active');
  const byOcc = (s: Staff) => s.occupations.some((o) => o.id === occupationId);
  if (part === 'practical')
    return active.filter((s) => (s.kind === 'examiner' || s.kind === 'senior_examiner') && byOcc(s));
  if (part === 'panel') return active.filter((s) => s.kind === 'expert' || s.kind === 'senior_examiner');
  return active;
}

function SessionModal({ open, ctx, onClose }: { open: boolean; ctx: PlanCtx; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { plan } = ctx;
  const [form] = Form.useForm<SessionValues>();
  const [staff, setStaff] = useState<Staff[]>([]);
  const { busy, error, run } = useSubmit(open, () => form.resetFields());
  const part = Form.useWatch('part', form) as Part | undefined;
  const rooms = (Form.useWatch('rooms', form) as RoomValues[] | undefined) ?? [];

  useEffect(() => {
    if (!open) return;
    api.staff({ institutionId: plan.institutionId, pageSize: 200 }).then(
      (r) => setStaff(r.items),
      () => setStaff([]),
    );
  }, [open, plan.institutionId]);

  const eligible = plan.registrations.filter((r) => r.status === 'eligible');
  const arranged = useMemo(() => {
    const set = new Set<number>();
    for (const s of ctx.sessions)
      if (s.part === part) for (const room of s.rooms) for (const c of room.candidates) set.add(c.registrationId);
    return set;
  }, [ctx.sessions, part]);
  const candidateOptions = eligible.map((r) => ({
    value: r.id,
    label: `${r.name}（${r.idNumber.slice(-4)}）`,
    disabled: arranged.has(r.id),
  }));
  const staffOptions = part
    ? eligibleStaff(part, staff, plan.occupationId).map((s) => ({
        value: s.id,
        label: `${s.name} · ${t(`staffKind.${s.kind as 'examiner'}`)}`,
      }))
    : [];
  const chosenElsewhere = (i: number) => new Set(rooms.flatMap((r, j) => (j === i ? [] : (r?.registrationIds ?? []))));

  const finish = async (v: SessionValues) => {
    await run(async () => {
      const r = await api.createSession(plan.id, {
        part: v.part,
        startsAt: v.startsAt.format('YYYY-MM-DDTHH:mm'),
        site: v.site.trim(),
        rooms: v.rooms.map((x) => ({
          room: x.room.trim(),
          registrationIds: x.registrationIds,
          staffIds: x.staffIds ?? [],
        })),
      });
      message.success(t('session.created', { part: partLabel(t, r.part), n: r.candidates }));
      onClose();
      await ctx.reload();
    });
  };
  const staffingRefusal = error instanceof ApiError && error.code === 'STAFFING_INSUFFICIENT';
  return (
    <Modal
      open={open}
      title={t('session.new')}
      width={760}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: busy, 'data-testid': 'session-save' } as never}
      destroyOnHidden
      maskClosable={false}
    >
      <ErrorAlert
        error={error}
        testId="session-error"
        title={staffingRefusal ? t('session.staffingRefused') : undefined}
      />
      <Form
        form={form}
        layout="vertical"
        name="session"
        onFinish={finish}
        initialValues={{
          part: plan.standard.parts.find((p) => !ctx.sessions.some((s) => s.part === p)) ?? plan.standard.parts[0],
          site: plan.institutionName,
          rooms: [{ room: '', registrationIds: [], staffIds: [] }],
        }}
        onValuesChange={(c) => {
          // a new part: the candidates and staff picked for the old one no longer apply
          if ('part' in c)
            form.setFieldValue(
              'rooms',
              (form.getFieldValue('rooms') as RoomValues[]).map((r) => ({ ...r, registrationIds: [], staffIds: [] })),
            );
        }}
      >
        <div className="form-row">
          <Form.Item name="part" label={t('session.part')} rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              data-testid="session-part"
              options={plan.standard.parts.map((p) => ({ value: p, label: partLabel(t, p) }))}
            />
          </Form.Item>
          <Form.Item
            name="startsAt"
            label={t('session.startsAt')}
            rules={[{ required: true, message: t('session.startsAtRequired') }]}
          >
            <DatePicker
              showTime={{ format: 'HH:mm', minuteStep: 5 }}
              format="YYYY-MM-DD HH:mm"
              style={{ width: 200 }}
              data-testid="session-starts"
            />
          </Form.Item>
        </div>
        <Form.Item
          name="site"
          label={t('session.site')}
          rules={[
            { required: true, whitespace: true, min: SESSION_SITE_MIN_LENGTH, message: t('session.siteRequired') },
          ]}
        >
          <Input maxLength={SESSION_SITE_MAX_LENGTH} data-testid="session-site" />
        </Form.Item>
        <Form.List name="rooms">
          {(fields, { add, remove }) => (
            <div className="room-list">
              {fields.map((f, i) => {
                const n = rooms[i]?.registrationIds?.length ?? 0;
                const have = new Set(rooms[i]?.staffIds ?? []).size;
                const need = part ? requiredStaff(part, Math.max(n, 1), plan.standard.staffing) : null;
                const short = !!need && n > 0 && (have < need.min || (need.odd && have % 2 === 0));
                const taken = chosenElsewhere(i);
                return (
                  <Card
                    key={f.key}
                    size="small"
                    className="room-card"
                    data-testid={`room-${i}`}
                    title={
                      <Form.Item
                        name={[f.name, 'room']}
                        rules={[{ required: true, whitespace: true, message: t('session.roomRequired') }]}
                        noStyle
                      >
                        <Input
                          placeholder={t('session.roomPlaceholder')}
                          maxLength={ROOM_NAME_MAX_LENGTH}
                          style={{ width: 240 }}
                          data-testid={`room-name-${i}`}
                        />
                      </Form.Item>
                    }
                    extra={
                      fields.length > 1 && (
                        <Button
                          type="text"
                          danger
                          icon={<DeleteOutlined />}
                          onClick={() => remove(f.name)}
                          aria-label={t('common.delete')}
                        />
                      )
                    }
                  >
                    <Form.Item
                      name={[f.name, 'registrationIds']}
                      label={
                        <Space>
                          {t('session.candidates')}
                          <Button
                            type="link"
                            size="small"
                            onClick={() =>
                              form.setFieldValue(
                                ['rooms', f.name, 'registrationIds'],
                                eligible.filter((r) => !arranged.has(r.id) && !taken.has(r.id)).map((r) => r.id),
                              )
                            }
                            data-testid={`room-all-${i}`}
                          >
                            {t('session.allUnarranged')}
                          </Button>
                        </Space>
                      }
                      rules={[{ required: true, type: 'array', min: 1, message: t('session.candidatesRequired') }]}
                    >
                      <Select
                        mode="multiple"
                        options={candidateOptions.map((o) => ({ ...o, disabled: o.disabled || taken.has(o.value) }))}
                        optionFilterProp="label"
                        placeholder={t('session.candidatesPlaceholder')}
                        maxTagCount={8}
                        data-testid={`room-cands-${i}`}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'staffIds']}
                      label={
                        part === 'theory'
                          ? t('session.invigilators')
                          : part === 'panel'
                            ? t('session.panel')
                            : t('session.examiners')
                      }
                      extra={
                        need && (
                          <span className={short ? 'warn-text' : undefined} data-testid={`room-need-${i}`}>
                            {n > 0
                              ? t(need.odd ? 'session.needOdd' : 'session.need', { n, min: need.min, have })
                              : t(need.odd ? 'session.needBaseOdd' : 'session.needBase', { min: need.min })}
                          </span>
                        )
                      }
                    >
                      <Select
                        mode="multiple"
                        options={staffOptions}
                        optionFilterProp="label"
                        placeholder={t('session.staffPlaceholder')}
                        notFoundContent={t('session.noStaff')}
                        data-testid={`room-staff-${i}`}
                      />
                    </Form.Item>
                  </Card>
                );
              })}
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                onClick={() => add({ room: '', registrationIds: [], staffIds: [] })}
              >
                {t('session.addRoom')}
              </Button>
            </div>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

export function SessionsTab({ ctx }: { ctx: PlanCtx }) {
  const { t } = useI18n();
  const { plan, sessions } = ctx;
  const [creating, setCreating] = useState(false);
  const names = new Map(plan.registrations.map((r) => [r.id, r.name]));
  const eligible = plan.registrations.filter((r) => r.status === 'eligible');
  const canCreate = ctx.may.manage && plan.status === 'published';

  return (
    <div data-testid="tab-sessions">
      <div className="page-toolbar">
        <Space size={6} wrap>
          {plan.standard.parts.map((p) => {
            const seated = new Set(
              sessions
                .filter((s) => s.part === p)
                .flatMap((s) => s.rooms.flatMap((r) => r.candidates.map((c) => c.registrationId))),
            );
            const n = eligible.filter((r) => seated.has(r.id)).length;
            const done = eligible.length > 0 && n === eligible.length;
            return (
              <Tag key={p} color={done ? 'green' : n ? 'gold' : 'default'} data-testid={`coverage-${p}`}>
                {t('session.coverage', { part: partLabel(t, p), n, total: eligible.length })}
              </Tag>
            );
          })}
        </Space>
        <span className="spacer" />
        {canCreate && (
          <Button
            type="primary"
            icon={<ScheduleOutlined />}
            onClick={() => setCreating(true)}
            disabled={!eligible.length}
            data-testid="session-new"
          >
            {t('session.new')}
          </Button>
        )}
      </div>
      {canCreate && !eligible.length && (
        <Alert type="info" showIcon className="plan-alert" title={t('session.noEligible')} />
      )}
      {sessions.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('session.empty')} />
      ) : (
        sessions.map((s: ExamSession) => (
          <Card
            key={s.id}
            size="small"
            className="session-card"
            data-testid={`session-${s.id}`}
            title={
              <Space size={10}>
                <Tag color={s.part === 'theory' ? 'blue' : s.part === 'practical' ? 'cyan' : 'purple'}>
                  {partLabel(t, s.part)}
                </Tag>
                <span className="mono">{wallClock(s.startsAt)}</span>
                <span className="muted">{s.site}</span>
              </Space>
            }
            extra={
              <span className="muted">
                {t('session.summary', {
                  rooms: s.rooms.length,
                  n: s.rooms.reduce((k, r) => k + r.candidates.length, 0),
                  minutes: plan.standard.minutes[s.part],
                })}
              </span>
            }
          >
            <Table
              size="small"
              rowKey="room"
              pagination={false}
              dataSource={s.rooms}
              columns={[
                { title: t('session.room'), dataIndex: 'room', width: 150, render: (v: string) => <b>{v}</b> },
                {
                  title:
                    s.part === 'theory'
                      ? t('session.invigilators')
                      : s.part === 'panel'
                        ? t('session.panel')
                        : t('session.examiners'),
                  dataIndex: 'staff',
                  width: 300,
                  render: (v: ExamSession['rooms'][number]['staff']) =>
                    v.length ? v.map((x) => <Tag key={x.id}>{x.name}</Tag>) : <span className="muted">—</span>,
                },
                {
                  title: t('session.seats'),
                  dataIndex: 'candidates',
                  render: (v: ExamSession['rooms'][number]['candidates']) => (
                    <div className="seat-list">
                      {v.map((c) => (
                        <span key={c.registrationId} className="seat" title={c.ticketNo}>
                          <span className="seat-no">{c.seat}</span>
                          {names.get(c.registrationId) ?? `#${c.registrationId}`}
                        </span>
                      ))}
                    </div>
                  ),
                },
              ]}
            />
          </Card>
        ))
      )}
      {canCreate && <SessionModal open={creating} ctx={ctx} onClose={() => setCreating(false)} />}
    </div>
  );
}
