import { useState, type ReactNode } from 'react';
import { App, Button, Card, Form, Input, Modal, Switch, Table, Tag, type FormInstance } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { EditOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useMe } from '../../auth/AuthContext';
import { can } from '../../access';
import { useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { applyFieldErrors, errorText } from '../../components/formErrors';
import { serverPagination } from '../../components/pagination';

export interface ReferenceFilter {
  q?: string;
  page: number;
  pageSize: number;
}

interface Props<T extends { id: number; active: boolean }, V extends { active?: boolean }> {
  /** i18n prefix of the page's texts: `<p>.title`, `<p>.create`, `<p>.edit`, `<p>.searchPlaceholder` */
  texts: 'occ' | 'opx';
  testId: string;
  formName: string;
  load: (filter: ReferenceFilter) => Promise<{ items: T[]; total: number }>;
  /** the table's columns; the status column and (for editors) the edit action are added here */
  columns: ColumnsType<T>;
  statusTitle: string;
  /** form field names, so the server's field errors land on them */
  fields: string[];
  initialValues?: Partial<V>;
  toValues: (row: T) => V;
  /** the form items for a new entry or an existing one (the status switch is added here) */
  formItems: (editing: T | 'new', form: FormInstance<V>) => ReactNode;
  create: (values: V) => Promise<unknown>;
  /** what changed, as the PATCH body; nothing is sent when it is empty */
  changes: (row: T, values: V) => Record<string, unknown>;
  patch: (id: number, body: Record<string, unknown>) => Promise<unknown>;
}

/**
 * A searchable, server-paged list of reference data that province officials edit in a dialog
 * (occupations, 1+X certificates): one place for the toolbar, the table, the dialog and the
 * save flow with field-level errors.
 */
export function ReferenceListPage<T extends { id: number; active: boolean }, V extends { active?: boolean }>(
  p: Props<T, V>,
) {
  const me = useMe();
  const { t } = useI18n();
  const { message } = App.useApp();
  const editable = can(me.role, 'reference.edit');
  const [filter, setFilter] = useState<ReferenceFilter>({ page: 1, pageSize: 20 });
  const { data, error, loading, reload } = useLoad(() => p.load(filter), [filter]);
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const [form] = Form.useForm<V>();
  const [saving, setSaving] = useState(false);

  const open = (row: T | 'new') => {
    setEditing(row);
    form.resetFields();
    if (row === 'new') form.setFieldsValue((p.initialValues ?? {}) as Parameters<typeof form.setFieldsValue>[0]);
    else form.setFieldsValue(p.toValues(row) as Parameters<typeof form.setFieldsValue>[0]);
  };
  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setSaving(true);
    try {
      if (editing === 'new') {
        await p.create(v);
        message.success(t('common.created'));
      } else if (editing) {
        const body = p.changes(editing, v);
        if (v.active !== undefined && v.active !== editing.active) body.active = v.active;
        if (Object.keys(body).length) {
          await p.patch(editing.id, body);
          message.success(t('common.saved'));
        }
      }
      setEditing(null);
      void reload();
    } catch (e) {
      if (!applyFieldErrors(form, e, [...p.fields, 'active'])) message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div>
      <PageHeader title={t(`${p.texts}.title`)} />
      <Card size="small">
        <div className="page-toolbar">
          <Input.Search
            allowClear
            placeholder={t(`${p.texts}.searchPlaceholder`)}
            onSearch={(v) => setFilter((f) => ({ ...f, q: v.trim() || undefined, page: 1 }))}
            enterButton={<SearchOutlined />}
            style={{ width: 280 }}
          />
          <span className="spacer" />
          {editable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
              {t(`${p.texts}.create`)}
            </Button>
          )}
        </div>
        {error ? <LoadError error={error} onRetry={reload} /> : null}
        <Table<T>
          data-testid={p.testId}
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={data?.items}
          pagination={serverPagination(filter, setFilter, data?.total, t)}
          columns={[
            ...p.columns,
            {
              title: p.statusTitle,
              dataIndex: 'active',
              width: 90,
              render: (v: boolean) =>
                v ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>,
            },
            ...(editable
              ? [
                  {
                    title: t('common.actions'),
                    key: 'a',
                    width: 90,
                    render: (_: unknown, row: T) => (
                      <Button type="link" size="small" icon={<EditOutlined />} onClick={() => open(row)}>
                        {t('common.edit')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t(`${p.texts}.create`) : t(`${p.texts}.edit`)}
        onCancel={() => setEditing(null)}
        onOk={save}
        confirmLoading={saving}
        okText={t('common.save')}
        forceRender
      >
        <Form form={form} layout="vertical" name={p.formName}>
          {p.formItems(editing ?? 'new', form)}
          {editing !== null && editing !== 'new' && (
            <Form.Item name="active" label={p.statusTitle} valuePropName="checked">
              <Switch checkedChildren={t('common.active')} unCheckedChildren={t('common.inactive')} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </div>
  );
}
