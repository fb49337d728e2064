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

const PUBLIC_CLAIMS_MAX = 500;

export async function publicClaims(deps: Deps): Promise<PublicClaim[]> {
  return (await claimsInPublicity(deps.db, PUBLIC_CLAIMS_MAX)).map((c) => ({
    id: c.id,
    title: c.title,
    kind: c.kind,
    institutionName: c.institution_name,
    regionName: c.region_name,
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
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 50;
  const lines = await publicLinesPage(deps.db, id, page, pageSize);
  return {
    id: c.id,
    title: c.title,
    kind: c.kind,
    institutionName: c.institution_name,
    regionName: c.region_name,
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
