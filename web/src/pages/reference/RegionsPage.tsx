import { useCallback, useEffect, useState } from 'react';
import { App, Button, Card, Col, Empty, Form, Input, Modal, Row, Switch, Table, Tag, Tree, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import type { Region } from '../../../../contract/api.js';
import { api } from '../../api';
import { useMe } from '../../auth/AuthContext';
import { can } from '../../access';
import { useI18n } from '../../i18n';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { applyFieldErrors, errorText } from '../../components/formErrors';
import { REGION_NAME_MAX_LENGTH } from '../../../../contract/limits.js';

interface RegionNode extends TreeDataNode {
  key: string;
  region: Region;
  children?: RegionNode[];
}

const LEVEL_COLOR: Record<Region['level'], string> = { province: 'blue', city: 'cyan', county: 'default' };

function DirectTag() {
  const { t } = useI18n();
  return (
    <Tag color="gold" data-testid="direct-county-tag">
      {t('region.direct')}
    </Tag>
  );
}

function RegionTitle({ r }: { r: Region }) {
  const { t } = useI18n();
  return (
    <span>
      {r.name}
      {r.isDirectCounty && (
        <Tag color="gold" style={{ marginInlineStart: 6, fontSize: 11, lineHeight: '16px' }}>
          {t('region.direct')}
        </Tag>
      )}
    </span>
  );
}

function toNode(r: Region): RegionNode {
  return { key: r.code, region: r, isLeaf: r.childCount === 0, title: <RegionTitle r={r} /> };
}
function replaceChildren(nodes: RegionNode[], key: string, children: RegionNode[]): RegionNode[] {
  return nodes.map((n) =>
    n.key === key
      ? { ...n, children }
      : n.children
        ? { ...n, children: replaceChildren(n.children, key, children) }
        : n,
  );
}
function replaceRegion(nodes: RegionNode[], r: Region): RegionNode[] {
  return nodes.map((n) =>
    n.key === r.code
      ? { ...toNode(r), children: n.children }
      : n.children
        ? { ...n, children: replaceRegion(n.children, r) }
        : n,
  );
}
function findNode(nodes: RegionNode[], key: string): RegionNode | undefined {
  for (const n of nodes) {
    if (n.key === key) return n;
    const c = n.children && findNode(n.children, key);
    if (c) return c;
  }
  return undefined;
}

export default function RegionsPage() {
  const me = useMe();
  const { t } = useI18n();
  const { message } = App.useApp();
  const editable = can(me.role, 'region.edit');
  const [tree, setTree] = useState<RegionNode[]>([]);
  const [treeError, setTreeError] = useState<unknown>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<string[]>([]);
  const [rows, setRows] = useState<Region[]>([]);
  const [rowsLoading, setRowsLoading] = useState(false);
  const [editing, setEditing] = useState<Region | null>(null);
  const [form] = Form.useForm<{ name: string; isDirectCounty: boolean }>();
  const [saving, setSaving] = useState(false);

  const loadChildren = useCallback(async (code: string) => {
    const children = await api.regions(code);
    setTree((prev) => replaceChildren(prev, code, children.map(toNode)));
    return children;
  }, []);

  // Open on the actor's own region (or the first province that has data), expanded to show it.
  useEffect(() => {
    let alive = true;
    (async () => {
      // Provinces the platform holds data for come first.
      const rs = (await api.regions()).sort((a, b) => Number(b.childCount > 0) - Number(a.childCount > 0));
      if (!alive) return;
      setTree(rs.map(toNode));
      const own = me.scope.regionCode;
      const province = own ? rs.find((r) => r.code.slice(0, 2) === own.slice(0, 2)) : rs.find((r) => r.childCount > 0);
      if (!province) return;
      setSelected(own ?? province.code);
      if (province.childCount > 0) {
        await loadChildren(province.code);
        if (alive) setExpanded([province.code]);
      }
    })().catch((e) => alive && setTreeError(e));
    return () => {
      alive = false;
    };
  }, [loadChildren, me.scope.regionCode]);

  useEffect(() => {
    if (!selected) return;
    let alive = true;
    setRowsLoading(true);
    api
      .regions(selected)
      .then(
        (rs) => alive && setRows(rs),
        (e) => alive && message.error(errorText(e)),
      )
      .finally(() => alive && setRowsLoading(false));
    return () => {
      alive = false;
    };
  }, [selected, message]);

  const openEdit = (r: Region) => {
    setEditing(r);
    form.setFieldsValue({ name: r.name, isDirectCounty: r.isDirectCounty });
  };
  const save = async () => {
    if (!editing) return;
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const body: { name?: string; isDirectCounty?: boolean } = {};
    if (v.name.trim() !== editing.name) body.name = v.name.trim();
    if (v.isDirectCounty !== editing.isDirectCounty) body.isDirectCounty = v.isDirectCounty;
    if (Object.keys(body).length === 0) {
      setEditing(null);
      return;
    }
    setSaving(true);
    try {
      const r = await api.patchRegion(editing.code, body);
      const merged = { ...editing, ...r };
      setRows((rs) => rs.map((x) => (x.code === merged.code ? merged : x)));
      setTree((tr) => replaceRegion(tr, merged));
      message.success(t('common.saved'));
      setEditing(null);
    } catch (e) {
      if (!applyFieldErrors(form, e, ['name', 'isDirectCounty'])) message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  const selectedNode = selected ? findNode(tree, selected) : undefined;

  return (
    <div>
      <PageHeader title={t('region.title')} />
      {treeError ? <LoadError error={treeError} /> : null}
      <Row gutter={16}>
        <Col xs={24} md={8} xl={6}>
          <Card
            size="small"
            title={t('region.tree')}
            styles={{ body: { maxHeight: 'calc(100vh - 220px)', overflow: 'auto' } }}
          >
            <Tree<RegionNode>
              data-testid="region-tree"
              treeData={tree}
              showLine
              blockNode
              selectedKeys={selected ? [selected] : []}
              expandedKeys={expanded}
              onExpand={(k) => setExpanded(k as string[])}
              onSelect={(k) => k[0] && setSelected(String(k[0]))}
              loadData={async (n) => {
                if (!n.children) await loadChildren(String(n.key));
              }}
            />
          </Card>
        </Col>
        <Col xs={24} md={16} xl={18}>
          <Card
            size="small"
            title={
              selectedNode ? (
                <span>
                  {selectedNode.region.name}{' '}
                  <Typography.Text type="secondary">{selectedNode.region.code}</Typography.Text> ·{' '}
                  {t('region.children')}
                </span>
              ) : (
                t('region.children')
              )
            }
          >
            {!selected ? (
              <Empty description={t('region.selectHint')} />
            ) : (
              <Table<Region>
                data-testid="region-table"
                rowKey="code"
                size="small"
                loading={rowsLoading}
                dataSource={rows}
                pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
                onRow={(r) => ({
                  onDoubleClick: () => {
                    if (r.childCount > 0) {
                      setSelected(r.code);
                      setExpanded((e) => Array.from(new Set([...e, r.parentCode ?? '', r.code].filter(Boolean))));
                    }
                  },
                })}
                columns={[
                  {
                    title: t('region.code'),
                    dataIndex: 'code',
                    width: 100,
                    render: (v: string) => (
                      <Typography.Text copyable={false} style={{ fontFamily: 'monospace' }}>
                        {v}
                      </Typography.Text>
                    ),
                  },
                  {
                    title: t('region.name'),
                    dataIndex: 'name',
                    render: (v: string, r) => (
                      <span>
                        {r.childCount > 0 ? (
                          <Typography.Link onClick={() => setSelected(r.code)}>{v}</Typography.Link>
                        ) : (
                          v
                        )}
                        {r.isDirectCounty && (
                          <span style={{ marginInlineStart: 8 }}>
                            <DirectTag />
                          </span>
                        )}
                      </span>
                    ),
                  },
                  {
                    title: t('region.level'),
                    dataIndex: 'level',
                    width: 90,
                    render: (v: Region['level']) => <Tag color={LEVEL_COLOR[v]}>{t(`region.level.${v}`)}</Tag>,
                  },
                  {
                    title: t('region.parent'),
                    dataIndex: 'parentCode',
                    width: 110,
                    render: (v: string | null) => v ?? '—',
                  },
                  {
                    title: t('region.gbParent'),
                    dataIndex: 'gbParentCode',
                    width: 110,
                    render: (v: string | null, r) =>
                      v && v !== r.parentCode ? <Typography.Text type="warning">{v}</Typography.Text> : (v ?? '—'),
                  },
                  { title: t('region.childCount'), dataIndex: 'childCount', width: 90, align: 'right' },
                  ...(editable
                    ? [
                        {
                          title: t('common.actions'),
                          key: 'actions',
                          width: 90,
                          render: (_: unknown, r: Region) => (
                            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => openEdit(r)}>
                              {t('common.edit')}
                            </Button>
                          ),
                        },
                      ]
                    : []),
                ]}
              />
            )}
          </Card>
        </Col>
      </Row>
      <Modal
        open={editing !== null}
        title={`${t('region.edit')}：${editing?.code ?? ''}`}
        onCancel={() => setEditing(null)}
        onOk={save}
        confirmLoading={saving}
        okText={t('common.save')}
        destroyOnHidden
        forceRender
      >
        <Form form={form} layout="vertical" name="region-edit">
          <Form.Item
            name="name"
            label={t('region.name')}
            rules={[{ required: true, whitespace: true, max: REGION_NAME_MAX_LENGTH }]}
          >
            <Input maxLength={REGION_NAME_MAX_LENGTH} />
          </Form.Item>
          <Form.Item name="isDirectCounty" label={t('region.direct')} valuePropName="checked">
            <Switch disabled={editing?.level !== 'county'} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
