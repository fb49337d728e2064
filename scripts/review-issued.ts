/**
 * `npm run review:issued [-- --region 4101] [--json] [--xlsx review.xlsx]`: lists the certificates on
 * this database that the rules, as the platform now reads them, would not have issued (issue 10),
 * for officials to review. Read only: nothing is revoked or changed. Holders are masked.
 * Exit code 0 when none is found, 2 when some are (so a scheduled run can alert), 1 on error.
 */
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { loadConfig } from '../server/src/config.js';
import { openDatabase } from '../server/src/database/connection.js';
import { reviewIssuedCertificates } from '../server/src/modules/supervision/issued-review.service.js';

const { values } = parseArgs({
  options: { region: { type: 'string' }, json: { type: 'boolean' }, xlsx: { type: 'string' } },
});
const PATHWAY: Record<string, string> = {
  exam: '考试',
  recognition: '1+X 认定',
  process: '过程化考核',
  competition: '竞赛',
  enterprise: '企校合作',
};
const LEVEL = ['', '一级', '二级', '三级', '四级', '五级'];

const config = loadConfig();
const database = openDatabase(config.databaseUrl, config.dataDir);
try {
  const review = await reviewIssuedCertificates(database.db, config, {
    regionPrefix: values.region,
    onProgress: (label) => !values.json && console.error(`复核：${label} …`),
  });
  if (values.json) console.log(JSON.stringify(review, null, 2));
  else {
    console.log(`\n已发证书复核（按现行规则不应签发的证书），共 ${review.certificates.length} 张：`);
    for (const [rule, n] of Object.entries(review.byRule)) console.log(`  ${rule}  ${n} 张`);
    for (const c of review.certificates) {
      console.log(
        `\n${c.number}  ${PATHWAY[c.pathway] ?? c.pathway} ${LEVEL[c.level]} ${c.occupation}  ${c.issuedOn}  ${c.status}`,
      );
      console.log(`  ${c.holder} ${c.holderId}  ${c.institution}（${c.regionCode}）`);
      for (const f of c.findings) console.log(`  [${f.rule} ${f.ruleTitle}] ${f.reason}`);
    }
    console.log('\n本清单只供复核，平台未作任何更改；撤销或更正须经证书管理流程办理。');
  }
  if (values.xlsx) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('已发证书复核');
    ws.columns = [
      { header: '证书编号', key: 'number', width: 26 },
      { header: '途径', key: 'pathway', width: 12 },
      { header: '等级', key: 'level', width: 8 },
      { header: '职业（工种）', key: 'occupation', width: 18 },
      { header: '签发日期', key: 'issuedOn', width: 12 },
      { header: '状态', key: 'status', width: 10 },
      { header: '持证人', key: 'holder', width: 10 },
      { header: '证件号码（脱敏）', key: 'holderId', width: 22 },
      { header: '评价机构', key: 'institution', width: 28 },
      { header: '地区代码', key: 'regionCode', width: 10 },
      { header: '规则', key: 'rule', width: 10 },
      { header: '原因', key: 'reason', width: 60 },
    ];
    for (const c of review.certificates)
      for (const f of c.findings)
        ws.addRow({
          ...c,
          pathway: PATHWAY[c.pathway] ?? c.pathway,
          level: LEVEL[c.level],
          rule: `${f.rule} ${f.ruleTitle}`,
          reason: f.reason,
        });
    ws.getRow(1).font = { bold: true };
    await wb.xlsx.writeFile(values.xlsx);
    if (!values.json) console.log(`已写入 ${values.xlsx}`);
  }
  process.exitCode = review.certificates.length ? 2 : 0;
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
} finally {
  await database.close();
}
