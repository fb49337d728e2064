import { Form, Input, InputNumber, Tag } from 'antd';
import type { OnePlusX } from '../../../../contract/api.js';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { ReferenceListPage } from './ReferenceListPage';
import {
  ONE_PLUS_X_BATCH_MAX,
  ONE_PLUS_X_BATCH_MIN,
  ONE_PLUS_X_NAME_MAX_LENGTH,
  ORGANISATION_NAME_MAX_LENGTH,
} from '../../../../contract/limits.js';

interface Values {
  batch: number;
  name: string;
  organisation: string;
  active?: boolean;
}

export default function OnePlusXPage() {
  const { t } = useI18n();
  return (
    <ReferenceListPage<OnePlusX, Values>
      texts="opx"
      testId="opx-table"
      formName="one-plus-x"
      load={(f) => api.onePlusX(f)}
      statusTitle={t('common.status')}
      columns={[
        {
          title: t('opx.batch'),
          dataIndex: 'batch',
          width: 80,
          align: 'center',
          render: (v: number) => <Tag color="geekblue">{v}</Tag>,
        },
        { title: t('opx.name'), dataIndex: 'name' },
        { title: t('opx.organisation'), dataIndex: 'organisation' },
      ]}
      fields={['batch', 'name', 'organisation']}
      toValues={(o) => ({ batch: o.batch, name: o.name, organisation: o.organisation, active: o.active })}
      create={(v) => api.createOnePlusX({ batch: v.batch, name: v.name.trim(), organisation: v.organisation.trim() })}
      changes={(o, v) => {
        const body: { name?: string; organisation?: string } = {};
        if (v.name.trim() !== o.name) body.name = v.name.trim();
        if (v.organisation.trim() !== o.organisation) body.organisation = v.organisation.trim();
        return body;
      }}
      patch={(id, body) => api.patchOnePlusX(id, body)}
      formItems={(editing) => (
        <>
          <Form.Item name="batch" label={t('opx.batch')} rules={[{ required: true }]}>
            <InputNumber
              min={ONE_PLUS_X_BATCH_MIN}
              max={ONE_PLUS_X_BATCH_MAX}
              precision={0}
              disabled={editing !== 'new'}
              style={{ width: 120 }}
            />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('opx.name')}
            rules={[{ required: true, whitespace: true, max: ONE_PLUS_X_NAME_MAX_LENGTH }]}
          >
            <Input maxLength={ONE_PLUS_X_NAME_MAX_LENGTH} />
          </Form.Item>
          <Form.Item
            name="organisation"
            label={t('opx.organisation')}
            rules={[{ required: true, whitespace: true, max: ORGANISATION_NAME_MAX_LENGTH }]}
          >
            <Input maxLength={ORGANISATION_NAME_MAX_LENGTH} />
          </Form.Item>
        </>
      )}
    />
  );
}
