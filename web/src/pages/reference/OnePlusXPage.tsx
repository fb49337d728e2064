import { useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Modal, Switch, Table, Tag } from 'antd';
import { EditOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import type { OnePlusX } from '../../../../contract/api.js';
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
  batch: number;
  name: string;
  organisation: string;
  active?: boolean;
}
const FIELDS = ['batch', 'name', 'organisation', 'active'];

export default function OnePlusXPage() {
  const me = useMe();
  const { t } = useI18n();
  const { message } = App.useApp();
  const editable = canEditReference(me.role);
  const [filter, setFilter] = useState<{ q?: string; page: number; pageSize: number }>({ page: 1, pageSize: 20 });
  const { data, error, loading, reload } = useLoad(() => api.onePlusX(filter), [filter]);
  const [editing, setEditing] = useState<OnePlusX | 'new' | null>(null);
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);

  const open = (o: OnePlusX | 'new') => {
    setEditing(o);
    form.resetFields();
    if (o !== 'new') form.setFieldsValue({ batch: o.batch, name: o.name, organisation: o.organisation, active: o.active });
  };
  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setSaving(true);
    try {
      if (editing === 'new') {
        await api.createOnePlusX({ batch: v.batch, name: v.name.trim(), organisation: v.organisation.trim() });
        message.success(t('common.created'));
      } else if (editing) {
        const body: { name?: string; organisation?: string; active?: boolean } = {};
        if (v.name.trim() !== editing.name) body.name = v.name.trim();
        if (v.organisation.trim() !== editing.organisation) body.organisation = v.organisation.trim();
        if (v.active !== editing.active) body.active = v.active;
        if (Object.keys(body).length) {
          await api.patchOnePlusX(editing.id, body);
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
      <PageHeader title={t('opx.title')} />
      <Card size="small">
        <div className="page-toolbar">
          <Input.Search
            allowClear
            placeholder={t('opx.searchPlaceholder')}
            onSearch={(v) => setFilter((f) => ({ ...f, q: v.trim() || undefined, page: 1 }))}
            enterButton={<SearchOutlined />}
            style={{ width: 280 }}
          />
          <span className="spacer" />
          {editable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
              {t('opx.create')}
            </Button>
          )}
        </div>
        {error ? <LoadError error={error} onRetry={reload} /> : null}
        <Table<OnePlusX>
          data-testid="opx-table"
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={data?.items}
          pagination={serverPagination(filter, setFilter, data?.total, t)}
          columns={[
            { title: t('opx.batch'), dataIndex: 'batch', width: 80, align: 'center', render: (v: number) => <Tag color="geekblue">{v}</Tag> },
            { title: t('opx.name'), dataIndex: 'name' },
            { title: t('opx.organisation'), dataIndex: 'organisation' },
            { title: t('common.status'), dataIndex: 'active', width: 90, render: (v: boolean) => (v ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>) },
            ...(editable
              ? [
                  {
                    title: t('common.actions'),
                    key: 'a',
                    width: 90,
                    render: (_: unknown, o: OnePlusX) => (
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
      <Modal open={editing !== null} title={editing === 'new' ? t('opx.create') : t('opx.edit')} onCancel={() => setEditing(null)} onOk={save} confirmLoading={saving} okText={t('common.save')} forceRender>
        <Form form={form} layout="vertical" name="one-plus-x">
          <Form.Item name="batch" label={t('opx.batch')} rules={[{ required: true }]}>
            <InputNumber min={1} max={20} precision={0} disabled={editing !== 'new'} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="name" label={t('opx.name')} rules={[{ required: true, whitespace: true, max: 80 }]}>
            <Input maxLength={80} />
          </Form.Item>
          <Form.Item name="organisation" label={t('opx.organisation')} rules={[{ required: true, whitespace: true, max: 120 }]}>
            <Input maxLength={120} />
          </Form.Item>
          {editing !== 'new' && (
            <Form.Item name="active" label={t('common.status')} valuePropName="checked">
              <Switch checkedChildren={t('common.active')} unCheckedChildren={t('common.inactive')} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </div>
  );
}
