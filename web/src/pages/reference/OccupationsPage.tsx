import { Form, Input, Typography } from 'antd';
import type { Occupation } from '../../../../contract/api.js';
import {
  OCCUPATION_CODE_MAX_LENGTH,
  OCCUPATION_CODE_PATTERN,
  OCCUPATION_EDITION_LENGTH,
  OCCUPATION_EDITION_PATTERN,
  OCCUPATION_NAME_MAX_LENGTH,
  REFERENCE_NOTE_MAX_LENGTH,
} from '../../../../contract/limits.js';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { ReferenceListPage } from './ReferenceListPage';

interface Values {
  code: string;
  name: string;
  edition: string;
  note?: string | null;
  active?: boolean;
}

export default function OccupationsPage() {
  const { t } = useI18n();
  return (
    <ReferenceListPage<Occupation, Values>
      texts="occ"
      testId="occ-table"
      formName="occupation"
      load={(f) => api.occupations(f)}
      statusTitle={t('occ.active')}
      columns={[
        {
          title: t('occ.code'),
          dataIndex: 'code',
          width: 150,
          render: (v: string) => <Typography.Text style={{ fontFamily: 'monospace' }}>{v}</Typography.Text>,
        },
        { title: t('occ.name'), dataIndex: 'name' },
        { title: t('occ.edition'), dataIndex: 'edition', width: 100 },
        { title: t('occ.note'), dataIndex: 'note', ellipsis: true, render: (v: string | null) => v ?? '' },
      ]}
      fields={['code', 'name', 'edition', 'note']}
      initialValues={{ edition: '2022' }}
      toValues={(o) => ({ code: o.code, name: o.name, edition: o.edition, note: o.note, active: o.active })}
      create={(v) =>
        api.createOccupation({
          code: v.code.trim(),
          name: v.name.trim(),
          edition: v.edition.trim(),
          note: v.note?.trim() || undefined,
        })
      }
      changes={(o, v) => {
        const body: { name?: string; note?: string | null } = {};
        if (v.name.trim() !== o.name) body.name = v.name.trim();
        const note = v.note?.trim() || null;
        if (note !== o.note) body.note = note;
        return body;
      }}
      patch={(id, body) => api.patchOccupation(id, body)}
      formItems={(editing) => (
        <>
          <Form.Item
            name="code"
            label={t('occ.code')}
            extra={editing === 'new' ? t('occ.codeHint') : undefined}
            rules={[{ required: true }, { pattern: new RegExp(OCCUPATION_CODE_PATTERN), message: t('occ.codeHint') }]}
          >
            <Input disabled={editing !== 'new'} maxLength={OCCUPATION_CODE_MAX_LENGTH} />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('occ.name')}
            rules={[{ required: true, whitespace: true, max: OCCUPATION_NAME_MAX_LENGTH }]}
          >
            <Input maxLength={OCCUPATION_NAME_MAX_LENGTH} />
          </Form.Item>
          <Form.Item
            name="edition"
            label={t('occ.edition')}
            rules={[{ required: true, pattern: new RegExp(OCCUPATION_EDITION_PATTERN) }]}
          >
            <Input disabled={editing !== 'new'} maxLength={OCCUPATION_EDITION_LENGTH} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="note" label={t('occ.note')} rules={[{ max: REFERENCE_NOTE_MAX_LENGTH }]}>
            <Input.TextArea rows={2} maxLength={REFERENCE_NOTE_MAX_LENGTH} showCount />
          </Form.Item>
        </>
      )}
    />
  );
}
