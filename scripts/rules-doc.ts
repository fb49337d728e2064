/**
 * `npm run rules:doc`: writes docs/rules.md from contract/rules.ts. The unit test
 * contract/rules.unit.test.ts renders it again in memory and fails when the committed file differs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULE_GROUPS, RULE_IDS, RULE_SOURCES, RULES, ruleGroup, type Rule, type RuleGroup } from '../contract/rules.js';

export const RULES_DOC_PATH = fileURLToPath(new URL('../docs/rules.md', import.meta.url));

export function renderRulesDoc(): string {
  const out: string[] = [];
  out.push(
    '# 政策规则 · Policy rules',
    '',
    '<!-- Generated from contract/rules.ts by `npm run rules:doc`. Do not edit by hand. -->',
    '',
    'Every rule the platform enforces or reports on has an id. A refusal names it (`{ error: { code, message,',
    'rule } }`), the code that enforces it and the test that proves it cite it, so `grep -r INST-4` finds all',
    'three. The texts below are the ones `ruleText(id)` from `contract/rules.ts` returns; each is worded from',
    'the passage of its source document. **平台口径** marks where the platform’s reading goes beyond the',
    'document’s words. A unit test (`contract/rules.unit.test.ts`) fails when code cites an id missing here.',
    '',
    `${RULE_IDS.length} rules.`,
    '',
    '## 来源文件 · Source documents',
    '',
    '| 文件 | 发布 | 文号 / 说明 | 涉及 |',
    '|---|---|---|---|',
    ...RULE_SOURCES.map((s) => `| ${s.source} | ${s.issuer} | ${s.docNo} | ${s.about} |`),
    '',
    '## 索引 · Index',
    '',
    '| id | 名称 | name |',
    '|---|---|---|',
    ...RULE_IDS.map((id) => `| ${id} | ${RULES[id].title} | ${RULES[id].titleEn} |`),
  );
  for (const group of Object.keys(RULE_GROUPS) as RuleGroup[]) {
    const ids = RULE_IDS.filter((id) => ruleGroup(id) === group);
    if (ids.length === 0) continue;
    out.push('', `## ${RULE_GROUPS[group].title} · ${RULE_GROUPS[group].titleEn} (${group})`);
    for (const id of ids) {
      const rule: Rule = RULES[id];
      out.push('', `### ${id} ${rule.title}`, '', `*${rule.titleEn}*`, '', rule.text, '');
      out.push(`- 依据：${rule.sourceRef ? `${rule.source} ${rule.sourceRef}` : rule.source}`);
      if (rule.alsoIn?.length) out.push(`- 另见：${rule.alsoIn.join('；')}`);
      if (rule.note) out.push(`- 平台口径：${rule.note}`);
    }
  }
  return out.join('\n') + '\n';
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fs.writeFileSync(RULES_DOC_PATH, renderRulesDoc());
  console.log(`规则文档已写入 ${path.relative(process.cwd(), RULES_DOC_PATH)}（${RULE_IDS.length} 条规则）`);
}
