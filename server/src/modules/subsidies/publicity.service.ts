/**
 * SUB-3 补贴公示, public and without sign-in: the claims HRSS has approved, during their publicity of
 * at least 3 working days (and until finance acts), with the institution, occupation, level and
 * amount of each line and the person's name masked (张*); no ID number, no certificate number.
 */
import type { PublicClaim, PublicClaimDetail } from '../../../../contract/api-subsidies.js';
import type { Deps } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { maskName } from '../../lib/identity.js';
import { claimsInPublicity } from './claims.queries.js';
import { publicLinesPage } from './lines.queries.js';
import { placeNames } from '../regions/regions.queries.js';

const PUBLIC_CLAIMS_MAX = 500;

/** Where each institution is, as people name places: a district with its city (郑州市 中原区). */
async function placesOf(deps: Deps, rows: { region_code: string }[]) {
  return placeNames(
    deps.db,
    rows.map((r) => r.region_code),
  );
}

export async function publicClaims(deps: Deps): Promise<PublicClaim[]> {
  const rows = await claimsInPublicity(deps.db, PUBLIC_CLAIMS_MAX);
  const places = await placesOf(deps, rows);
  return rows.map((c) => ({
    id: c.id,
    title: c.title,
    kind: c.kind,
    institutionName: c.institution_name,
    regionName: places.get(c.region_code) ?? c.region_name,
    lineCount: Number(c.line_count),
    amountFen: Number(c.amount_fen),
    publicityFrom: c.publicity_from!,
    publicityUntil: c.publicity_until!,
  }));
}

export async function publicClaim(
  deps: Deps,
  id: number,
  f: { page?: number; pageSize?: number },
): Promise<PublicClaimDetail> {
  // only a claim in publicity is public; any other answers the same as none
  const [c] = await claimsInPublicity(deps.db, 1, id);
  if (!c) throw new AppError('NOT_FOUND', `没有编号为 ${id} 的补贴公示`);
  const places = await placesOf(deps, [c]);
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 50;
  const lines = await publicLinesPage(deps.db, id, page, pageSize);
  return {
    id: c.id,
    title: c.title,
    kind: c.kind,
    institutionName: c.institution_name,
    regionName: places.get(c.region_code) ?? c.region_name,
    lineCount: Number(c.line_count),
    amountFen: Number(c.amount_fen),
    publicityFrom: c.publicity_from!,
    publicityUntil: c.publicity_until!,
    lines: {
      items: lines.items.map((l) => ({
        name: maskName(l.name),
        occupationName: l.occupation_name,
        level: l.level,
        amountFen: l.amount_fen,
      })),
      total: lines.total,
      page,
      pageSize,
    },
  };
}
