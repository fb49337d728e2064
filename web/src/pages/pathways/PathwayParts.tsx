/**
 * What the pathway tabs share: the rule a form works under, the identity fields a form starts
 * with, the partner-school picker and the alert of a certificate just issued.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Form, Input, InputNumber, Select, Switch, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { api, type IdentityBody, type PathwayIssued } from '../../api';
import { useI18n } from '../../i18n';
import { RuleTag } from '../../components/ApiErrorView';
import { levelText } from '../institutions/InstitutionStatus';
import { STUDENT_TYPES, studentTypeLabel } from '../plans/labels';
import {
  GRADUATION_YEAR_MIN,
  PERSON_NAME_MAX_LENGTH,
  RESIDENT_ID_LENGTH,
  RESIDENT_ID_PATTERN,
  YEAR_MAX,
} from '../../../../contract/limits.js';
import { graduatingClassOn } from '../../../../contract/school-year.js';
import { businessDate } from '../../i18n/format';

/**
 * Picks a partner school (院校) from the public catalog: an institution admin reads only its own
 * institution through /institutions, and partner schools are filed colleges.
 */
export function SchoolPicker({ value, onChange }: { value?: number; onChange?: (v: number | undefined) => void }) {
  const { t } = useI18n();
  const [options, setOptions] = useState<{ value: number; label: string; region: string }[]>([]);
  const [loading, setLoading] = useState(false);
  const search = async (q: string) => {
    setLoading(true);
    try {
      const r = await api.catalog({ q: q.trim() || undefined, kind: 'college', pageSize: 50 });
      setOptions(r.items.map((i) => ({ value: i.id, label: i.name, region: i.region })));
    } catch {
      setOptions([]);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void search('');
  }, []);
  return (
    <Select<number>
      value={value}
      onChange={(v) => onChange?.(v)}
      options={options}
      loading={loading}
      allowClear
      placeholder={t('pathway.schoolPlaceholder')}
      showSearch={{ filterOption: false, onSearch: (q) => void search(q) }}
      optionRender={(o) => (
        <span>
          {o.data.label} <span className="muted small">{(o.data as { region?: string }).region}</span>
        </span>
      )}
    />
  );
}

/** 姓名, 证件号码, 学生类型, 毕业年份, 在校 — the identity every pathway form starts with. */
export function IdentityFields({ withStudent = true }: { withStudent?: boolean }) {
  const { t } = useI18n();
  const form = Form.useFormInstance();
  const studentType = Form.useWatch('studentType', form);
  return (
    <div className="form-grid">
      <Form.Item
        name="name"
        label={t('reg.name')}
        rules={[{ required: true, whitespace: true, message: t('reg.nameRequired') }]}
      >
        <Input maxLength={PERSON_NAME_MAX_LENGTH} />
      </Form.Item>
      <Form.Item
        name="idNumber"
        label={t('reg.idNumber')}
        rules={[
          { required: true, whitespace: true, message: t('reg.idRequired') },
          { pattern: new RegExp(RESIDENT_ID_PATTERN), message: t('reg.idRule') },
        ]}
      >
        <Input maxLength={RESIDENT_ID_LENGTH} className="mono" />
      </Form.Item>
      {withStudent && (
        <>
          <Form.Item name="studentType" label={t('reg.studentType')}>
            <Select
              allowClear
              options={STUDENT_TYPES.map((s) => ({ value: s, label: studentTypeLabel(t, s) }))}
              placeholder={t('reg.notStudent')}
              // 在校 follows the student type: a non-student is never in school (CERT-10)
              onChange={(v) => form.setFieldValue('inSchool', !!v)}
            />
          </Form.Item>
          <Form.Item name="graduationYear" label={t('reg.graduationYear')}>
            <InputNumber min={GRADUATION_YEAR_MIN} max={YEAR_MAX} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="inSchool"
            label={t('reg.inSchool')}
            valuePropName="checked"
            extra={studentType ? undefined : t('reg.inSchoolNeedsType')}
          >
            <Switch disabled={!studentType} />
          </Form.Item>
        </>
      )}
    </div>
  );
}
export const identity = (v: IdentityBody & Record<string, unknown>): IdentityBody => ({
  name: String(v.name).trim(),
  idNumber: String(v.idNumber).trim().toUpperCase(),
  studentType: v.studentType ?? null,
  graduationYear: v.graduationYear ?? null,
  inSchool: !!v.studentType && !!v.inSchool,
});
/** Puts an identity refusal (bad ID number, name mismatch) on its field; anything else goes to the alert. */
export const IDENTITY_FIELDS = [
  'name',
  'idNumber',
  'studentType',
  'graduationYear',
  'rank',
  'number',
  'certificateId',
  'schoolId',
  'validUntil',
  'issuedOn',
  'partnershipId',
  'occupationId',
];
/** The class in its graduating school year today (毕业学年: 1 September – 31 August, CERT-4). */
export const identityDefaults = () => ({
  inSchool: true,
  // the class in its graduating school year (毕业学年) on today's date in China
  graduationYear: graduatingClassOn(businessDate()),
  studentType: 'junior_college',
});

/** The certificate just issued, with its number. */
export function IssuedAlert({ r }: { r: PathwayIssued | null }) {
  const { t, lang } = useI18n();
  if (!r) return null;
  return (
    <Alert
      type="success"
      showIcon
      icon={<SafetyCertificateOutlined />}
      style={{ marginBottom: 12 }}
      data-testid="pathway-issued"
      title={
        <span>
          {t('pathway.issued', { level: levelText(r.level, lang) })}
          <Typography.Text copyable strong className="mono" style={{ marginLeft: 8 }}>
            {r.number}
          </Typography.Text>
        </span>
      }
    />
  );
}

/** The rule a pathway form or page works under, with its one-line reading, above the form. */
export function RuleHint({ rule, children }: { rule: string; children: ReactNode }) {
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 12 }}
      title={
        <span>
          <RuleTag rule={rule} />
          {children}
        </span>
      }
    />
  );
}
