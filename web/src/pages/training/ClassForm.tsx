/**
 * 开班申请 form (TRAIN-1): occupation, type, subsidised or not, hours, minutes per class hour,
 * teachers and workstations, capacity, dates, site and the majors the occupation corresponds to.
 * As it is filled in, the server checks the draft (POST /training/classes/check) and the named
 * checks show under the form — TRAIN-2's numbers, TRAIN-3's hours, the catalogue and scope,
 * rectification (TRAIN-8), cross-region filing (TRAIN-13), the apprentice cap (TRAIN-12) — so a
 * provider sees what would be refused before submitting. Saves a draft, or saves and submits.
 */
import { useEffect, useRef, useState } from 'react';
import { App, Button, DatePicker, Drawer, Form, Input, InputNumber, Radio, Select, Space, Switch, Tag } from 'antd';
import { SendOutlined, SaveOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api, type ClassBody, type ClassChecks, type TrainingClass } from '../../api';
import { useI18n } from '../../i18n';
import { ErrorAlert } from '../../components/ApiErrorView';
import { OccupationSelect } from '../../components/OccupationSelect';
import { RegionPicker } from '../../components/RegionPicker';
import { useSubmit } from '../../components/useSubmit';
import { levelText } from '../institutions/InstitutionStatus';
import {
  ADDRESS_MAX_LENGTH,
  CLASS_HOUR_MINUTES_MAX,
  CLASS_HOURS_MAX,
  CLASS_MAJORS_MAX,
  CLASS_TEACHERS_MAX,
  CLASS_TITLE_MAX_LENGTH,
  MAX_CLASS_SIZE,
  MIN_CLASS_HOUR_MINUTES,
} from '../../../../contract/limits.js';
import { CLASS_MODES, CLASS_TYPES } from '../../../../contract/training.js';
import { ClassChecksList, modeLabel, routeLabel, RuleHint, typeLabel } from './TrainingParts';
import '../plans/plans.css';
import './training.css';

interface Values {
  title: string;
  occupationId?: number;
  level?: number | null;
  classType: ClassBody['classType'];
  subsidised: boolean;
  mode: ClassBody['mode'];
  theoryHours?: number;
  practicalHours?: number;
  minutesPerHour?: number;
  teachers?: number;
  workstations?: number;
  capacity?: number;
  dates?: [Dayjs, Dayjs];
  regionCode?: string;
  site?: string;
  majors?: string[];
}

/** The request body, or null while a field the checks need is still empty. */
function bodyOf(v: Values): ClassBody | null {
  const n = [v.theoryHours, v.practicalHours, v.minutesPerHour, v.teachers, v.workstations, v.capacity];
  if (
    !v.occupationId ||
    !v.dates?.[0] ||
    !v.dates?.[1] ||
    !v.regionCode ||
    n.some((x) => x === undefined || x === null)
  )
    return null;
  return {
    title: (v.title ?? '').trim() || '—',
    occupationId: v.occupationId,
    level: v.level ?? null,
    classType: v.classType,
    subsidised: !!v.subsidised,
    mode: v.mode,
    theoryHours: v.theoryHours!,
    practicalHours: v.practicalHours!,
    minutesPerHour: v.minutesPerHour!,
    teachers: v.teachers!,
    workstations: v.workstations!,
    capacity: v.capacity!,
    startDate: v.dates[0].format('YYYY-MM-DD'),
    endDate: v.dates[1].format('YYYY-MM-DD'),
    regionCode: v.regionCode,
    site: (v.site ?? '').trim() || '——',
    majors: v.majors ?? [],
  };
}

const initialOf = (c: TrainingClass | null): Partial<Values> =>
  c
    ? {
        title: c.title,
        occupationId: c.occupationId,
        level: c.level,
        classType: c.classType,
        subsidised: c.subsidised,
        mode: c.mode,
        theoryHours: c.theoryHours,
        practicalHours: c.practicalHours,
        minutesPerHour: c.minutesPerHour,
        teachers: c.teachers,
        workstations: c.workstations,
        capacity: c.capacity,
        dates: [dayjs(c.startDate), dayjs(c.endDate)],
        regionCode: c.regionCode,
        site: c.site,
        majors: c.majors,
      }
    : { classType: 'employment', subsidised: true, mode: 'offline', minutesPerHour: 45, majors: [] };

export function ClassFormDrawer({
  open,
  editing,
  onClose,
  onSaved,
}: {
  open: boolean;
  /** a draft or returned class to revise; null for a new application */
  editing: TrainingClass | null;
  onClose: () => void;
  onSaved: (c: TrainingClass) => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { busy, error, run } = useSubmit(open, () => {
    form.resetFields();
    setChecks(null);
    setDraft(null);
  });
  /** the draft saved by a submission the server refused: later saves revise it rather than create another */
  const [draft, setDraft] = useState<TrainingClass | null>(null);
  const [checks, setChecks] = useState<ClassChecks | null>(null);
  const [checking, setChecking] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const abort = useRef<AbortController | null>(null);

  const recheck = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      const body = bodyOf(form.getFieldsValue(true) as Values);
      if (!body) return setChecks(null);
      abort.current?.abort();
      const ctl = new AbortController();
      abort.current = ctl;
      setChecking(true);
      try {
        const r = await api.checkTrainingClass(body, ctl.signal);
        if (!ctl.signal.aborted) setChecks(r);
      } catch {
        /* a draft the server refuses to read (a bad field) shows its error on saving */
      } finally {
        if (!ctl.signal.aborted) setChecking(false);
      }
    }, 350);
  };
  useEffect(() => {
    if (open && editing) recheck();
    return () => clearTimeout(timer.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, editing]);

  const save = async (submit: boolean) => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const body = bodyOf(v)!;
    const out: { saved: TrainingClass | null } = { saved: null };
    const ok = await run(async () => {
      const target = editing ?? draft;
      out.saved = target ? await api.updateTrainingClass(target.id, body) : await api.createTrainingClass(body);
      setDraft(out.saved);
      if (submit) out.saved = await api.trainingClassStep(out.saved.id, { step: 'submit' });
    });
    // a refused submission leaves the saved draft: the list shows it, the checks say why
    if (out.saved) onSaved(out.saved);
    if (ok) {
      message.success(submit ? t('training.submitted') : t('training.draftSaved'));
      onClose();
    } else recheck();
  };

  return (
    <Drawer
      open={open}
      size={1180}
      onClose={onClose}
      destroyOnHidden
      title={editing ? t('training.editClass', { title: editing.title }) : t('training.applyClass')}
      data-testid="class-form"
      extra={
        <Space>
          <Button icon={<SaveOutlined />} loading={busy} onClick={() => void save(false)} data-testid="class-save">
            {t('training.saveDraft')}
          </Button>
          <Button
            type="primary"
            icon={<SendOutlined />}
            loading={busy}
            onClick={() => void save(true)}
            data-testid="class-submit"
          >
            {t('training.saveSubmit')}
          </Button>
        </Space>
      }
    >
      <RuleHint rule="TRAIN-1">{t('training.formHint')}</RuleHint>
      <ErrorAlert error={error} />
      <div className="class-form-layout">
        <Form<Values>
          form={form}
          layout="vertical"
          name="class"
          initialValues={initialOf(editing)}
          onValuesChange={recheck}
        >
          <Form.Item name="title" label={t('training.title')} rules={[{ required: true, whitespace: true, min: 2 }]}>
            <Input maxLength={CLASS_TITLE_MAX_LENGTH} data-testid="class-title" />
          </Form.Item>
          <div className="form-grid">
            <Form.Item name="occupationId" label={t('training.occupation')} rules={[{ required: true }]}>
              <OccupationSelect data-testid="class-occupation" />
            </Form.Item>
            <Form.Item name="level" label={t('training.level')} extra={t('training.levelHint')}>
              <Select
                allowClear
                data-testid="class-level"
                options={[5, 4, 3, 2, 1].map((l) => ({ value: l, label: levelText(l, lang) }))}
              />
            </Form.Item>
            <Form.Item name="classType" label={t('training.classType')} rules={[{ required: true }]}>
              <Select
                data-testid="class-type"
                options={Object.keys(CLASS_TYPES).map((k) => ({ value: k, label: typeLabel(t, k) }))}
              />
            </Form.Item>
            <Form.Item name="mode" label={t('training.mode')} rules={[{ required: true }]}>
              <Radio.Group
                optionType="button"
                options={Object.keys(CLASS_MODES).map((k) => ({ value: k, label: modeLabel(t, k) }))}
              />
            </Form.Item>
            <Form.Item name="subsidised" label={t('training.subsidised')} valuePropName="checked">
              <Switch data-testid="class-subsidised" />
            </Form.Item>
            <Form.Item name="dates" label={t('training.dates')} rules={[{ required: true }]}>
              <DatePicker.RangePicker style={{ width: '100%' }} data-testid="class-dates" />
            </Form.Item>
            <Form.Item name="theoryHours" label={t('training.theoryHours')} rules={[{ required: true }]}>
              <InputNumber
                min={0}
                max={CLASS_HOURS_MAX}
                precision={0}
                style={{ width: '100%' }}
                data-testid="class-theory"
              />
            </Form.Item>
            <Form.Item
              name="practicalHours"
              label={t('training.practicalHours')}
              rules={[{ required: true }]}
              extra={t('training.practicalHint')}
            >
              <InputNumber
                min={0}
                max={CLASS_HOURS_MAX}
                precision={0}
                style={{ width: '100%' }}
                data-testid="class-practical"
              />
            </Form.Item>
            <Form.Item
              name="minutesPerHour"
              label={t('training.minutesPerHour')}
              rules={[{ required: true }]}
              extra={t('training.minutesHint', { n: MIN_CLASS_HOUR_MINUTES })}
            >
              <InputNumber
                min={1}
                max={CLASS_HOUR_MINUTES_MAX}
                precision={0}
                style={{ width: '100%' }}
                data-testid="class-minutes"
              />
            </Form.Item>
            <Form.Item
              name="capacity"
              label={t('training.capacity')}
              rules={[{ required: true }]}
              extra={t('training.capacityHint', { n: MAX_CLASS_SIZE })}
            >
              <InputNumber min={1} max={1000} precision={0} style={{ width: '100%' }} data-testid="class-capacity" />
            </Form.Item>
            <Form.Item name="teachers" label={t('training.teachers')} rules={[{ required: true }]}>
              <InputNumber
                min={0}
                max={CLASS_TEACHERS_MAX}
                precision={0}
                style={{ width: '100%' }}
                data-testid="class-teachers"
              />
            </Form.Item>
            <Form.Item name="workstations" label={t('training.workstations')} rules={[{ required: true }]}>
              <InputNumber
                min={0}
                max={4000}
                precision={0}
                style={{ width: '100%' }}
                data-testid="class-workstations"
              />
            </Form.Item>
            <Form.Item name="regionCode" label={t('training.region')} rules={[{ required: true }]}>
              <RegionPicker />
            </Form.Item>
          </div>
          <Form.Item name="site" label={t('training.site')} rules={[{ required: true, whitespace: true, min: 2 }]}>
            <Input maxLength={ADDRESS_MAX_LENGTH} data-testid="class-site" />
          </Form.Item>
          <Form.Item name="majors" label={t('training.majors')} extra={t('training.majorsHint')}>
            <Select mode="tags" maxCount={CLASS_MAJORS_MAX} open={false} data-testid="class-majors" />
          </Form.Item>
        </Form>
        <div className="plan-card class-form-checks" data-testid="class-form-checks">
          <div style={{ marginBottom: 6, fontWeight: 600 }}>
            {t('training.checksTitle')}{' '}
            {checks && (
              <Tag color={checks.ok ? 'success' : 'error'} data-testid="checks-verdict">
                {checks.ok ? t('training.checksOk') : t('training.checksFail')}
              </Tag>
            )}
            {checks && (
              <Tag data-testid="checks-route">
                {t('training.leadsTo', { route: routeLabel(t, checks.certificateRoute) })}
              </Tag>
            )}
          </div>
          {checks ? (
            <ClassChecksList checks={checks.checks} loading={checking} />
          ) : (
            <div className="muted small">{t('training.checksEmpty')}</div>
          )}
        </div>
      </div>
    </Drawer>
  );
}
