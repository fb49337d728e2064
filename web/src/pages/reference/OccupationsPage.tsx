import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Switch, Table, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import type { Occupation } from '../../../../contract/api.js';
import { OCCUPATION_CODE_PATTERN } from '../../../../contract/limits.js';
import { api } from '../../api';
import { useMe } from '../../auth/AuthContext';
import { canEditReference } from '../../access';
import { useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { applyFieldErrors, errorText } from '../../components/formErrors';
import { serverPagination } from '../../components/pagination';

interface Values {
  code: string;
  name: string;
  edition: string;
  note?: string | null;
  active?: boolean;
}
const FIELDS = ['code', 'name', 'edition', 'note', 'active'];

export default function OccupationsPage() {
  const me = useMe();
  const { t } = useI18n();
  const { message } = App.useApp();
  const editable = canEditReference(me.role);
  const [filter, setFilter] = useState<{ q?: string; page: number; pageSize: number }>({ page: 1, pageSize: 20 });
  const { data, error, loading, reload } = useLoad(() => api.occupations(filter), [filter]);
  const [editing, setEditing] = useState<Occupation | 'new' | null>(null);
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);

  const open = (o: Occupation | 'new') => {
    setEditing(o);
    form.resetFields();
    if (o === 'new') form.setFieldsValue({ edition: '2022' });
    else form.setFieldsValue({ code: o.code, name: o.name, edition: o.edition, note: o.note, active: o.active });
  };
  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setSaving(true);
    try {
      if (editing === 'new') {
        await api.createOccupation({ code: v.code.trim(), name: v.name.trim(), edition: v.edition.trim(), note: v.note?.trim() || undefined });
        message.success(t('common.created'));
      } else if (editing) {
        const body: { name?: string; note?: string | null; active?: boolean } = {};
        if (v.name.trim() !== editing.name) body.name = v.name.trim();
        const note = v.note?.trim() || null;
        if (note !== editing.note) body.note = note;
        if (v.active !== editing.active) body.active = v.active;
        if (Object.keys(body).length) {
          await api.patchOccupation(editing.id, body);
          message.success(t('common.saved'));
        }
      }
      setEditing(null);
      void reload();
    } catch (e) {
      if (!applyFieldErrors(form, e, FIELDS)) message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div>
      <PageHeader title={t('occ.title')} />
      <Card size="small">
        <div className="page-toolbar">
          <Input.Search
            allowClear
            placeholder={t('occ.searchPlaceholder')}
            onSearch={(v) => setFilter((f) => ({ ...f, q: v.trim() || undefined, page: 1 }))}
            enterButton={<SearchOutlined />}
            style={{ width: 280 }}
          />
          <span className="spacer" />
          {editable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
              {t('occ.create')}
            </Button>
          )}
        </div>
        {error ? <LoadError error={error} onRetry={reload} /> : null}
        <Table<Occupation>
          data-testid="occ-table"
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={data?.items}
          pagination={serverPagination(filter, setFilter, data?.total, t)}
          columns={[
            { title: t('occ.code'), dataIndex: 'code', width: 150, render: (v: string) => <Typography.Text style={{ fontFamily: 'monospace' }}>{v}</Typography.Text> },
            { title: t('occ.name'), dataIndex: 'name' },
            { title: t('occ.edition'), dataIndex: 'edition', width: 100 },
            { title: t('occ.note'), dataIndex: 'note', ellipsis: true, render: (v: string | null) => v ?? '' },
            { title: t('occ.active'), dataIndex: 'active', width: 90, render: (v: boolean) => (v ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>) },
            ...(editable
              ? [
                  {
                    title: t('common.actions'),
                    key: 'a',
                    width: 90,
                    render: (_: unknown, o: Occupation) => (
                      <Button type="link" size="small" icon={<EditOutlined />} onClick={() => open(o)}>
                        {t('common.edit')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Modal open={editing !== null} title={editing === 'new' ? t('occ.create') : t('occ.edit')} onCancel={() => setEditing(null)} onOk={save} confirmLoading={saving} okText={t('common.save')} forceRender>
        <Form form={form} layout="vertical" name="occupation">
          <Form.Item
            name="code"
            label={t('occ.code')}
            extra={editing === 'new' ? t('occ.codeHint') : undefined}
            rules={[{ required: true }, { pattern: new RegExp(OCCUPATION_CODE_PATTERN), message: t('occ.codeHint') }]}
          >
            <Input disabled={editing !== 'new'} maxLength={20} />
          </Form.Item>
          <Form.Item name="name" label={t('occ.name')} rules={[{ required: true, whitespace: true, max: 60 }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="edition" label={t('occ.edition')} rules={[{ required: true, pattern: /^(19|20)\d{2}$/ }]}>
            <Input disabled={editing !== 'new'} maxLength={4} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="note" label={t('occ.note')} rules={[{ max: 200 }]}>
            <Input.TextArea rows={2} maxLength={200} showCount />
          </Form.Item>
          {editing !== 'new' && (
            <Form.Item name="active" label={t('occ.active')} valuePropName="checked">
              <Switch checkedChildren={t('common.active')} unCheckedChildren={t('common.inactive')} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </div>
  );
}
