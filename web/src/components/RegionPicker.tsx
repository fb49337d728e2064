import { useEffect, useState } from 'react';
import { Tag, TreeSelect } from 'antd';
import type { Region } from '../../../contract/api.js';
import { api } from '../api';
import { useI18n } from '../i18n';

interface Node {
  id: string;
  pId: string | null;
  value: string;
  title: React.ReactNode;
  label: string;
  isLeaf: boolean;
  level: Region['level'];
}

const toNode = (r: Region): Node => ({
  id: r.code,
  pId: r.parentCode,
  value: r.code,
  label: r.name,
  title: r.isDirectCounty ? (
    <span>
      {r.name}{' '}
      <Tag color="gold" style={{ marginInlineEnd: 0, lineHeight: '16px', fontSize: 11 }}>
        省直管县
      </Tag>
    </span>
  ) : (
    r.name
  ),
  isLeaf: r.childCount === 0,
  level: r.level,
});

/** Picks a region from the reporting tree, loading each level's children on demand. */
export function RegionPicker({
  value,
  onChange,
  placeholder,
  style,
  allowClear = true,
  onPickLevel,
  id,
}: {
  /** set by Form.Item, so the field's label points at the picker */
  id?: string;
  value?: string;
  onChange?: (v: string | undefined) => void;
  placeholder?: string;
  style?: React.CSSProperties;
  allowClear?: boolean;
  onPickLevel?: (level: Region['level'] | undefined) => void;
}) {
  const { t } = useI18n();
  const [nodes, setNodes] = useState<Node[]>([]);
  const [opened, setOpened] = useState<string[]>([]);
  useEffect(() => {
    let alive = true;
    (async () => {
      // Provinces the platform holds data for come first.
      const rs = (await api.regions()).sort((a, b) => Number(b.childCount > 0) - Number(a.childCount > 0));
      // The platform serves one province: open it so its cities show at once.
      const home = rs.find((r) => r.childCount > 0);
      const children = home ? await api.regions(home.code) : [];
      if (!alive) return;
      setNodes([...rs.map(toNode), ...children.map((c) => ({ ...toNode(c), pId: home!.code }))]);
      if (home) setOpened([home.code]);
    })().catch(() => undefined);
    return () => {
      alive = false;
    };
  }, []);
  const loadData = async (n: { value?: unknown }) => {
    const code = String(n.value);
    const children = await api.regions(code);
    setNodes((prev) => {
      const have = new Set(prev.map((p) => p.id));
      return [...prev, ...children.filter((c) => !have.has(c.code)).map((c) => ({ ...toNode(c), pId: code }))];
    });
  };
  return (
    <TreeSelect<string>
      id={id}
      value={value}
      onChange={(v) => {
        onChange?.(v ?? undefined);
        onPickLevel?.(nodes.find((n) => n.value === v)?.level);
      }}
      treeDataSimpleMode={{ id: 'id', pId: 'pId', rootPId: null as unknown as string }}
      treeData={nodes}
      loadData={loadData}
      treeExpandedKeys={opened}
      onTreeExpand={(k) => setOpened(k as string[])}
      treeNodeLabelProp="label"
      placeholder={placeholder ?? t('inst.regionFilter')}
      allowClear={allowClear}
      showSearch={{ treeNodeFilterProp: 'label' }}
      style={{ minWidth: 200, ...style }}
      popupMatchSelectWidth={false}
      listHeight={360}
    />
  );
}
