/**
 * A training class application as the tests send it (TRAIN-2/3/12 satisfied): 电工 四级, on-the-job
 * upgrading, 14 + 26 class hours of 45 minutes, 40 places, in 郑州市金水区, starting in 10 days.
 */
import { addDays } from '../src/lib/dates.js';

export function classApplication(
  occupationId: number,
  today: string,
  title: string,
  over: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    title,
    occupationId,
    level: 4,
    classType: 'upgrading',
    subsidised: true,
    mode: 'offline',
    theoryHours: 14,
    practicalHours: 26,
    minutesPerHour: 45,
    teachers: 2,
    workstations: 2,
    capacity: 40,
    startDate: addDays(today, 10),
    endDate: addDays(today, 40),
    regionCode: '410105',
    site: '郑州市金水区测试路 1 号实训楼',
    majors: [],
    ...over,
  };
}

type Requester = (
  user: string,
  method: 'POST',
  url: string,
  payload?: object,
) => Promise<{ status: number; body: any }>;

/**
 * A private training school in 郑州市金水区 registered by 郑州's HRSS with the given training scope,
 * qualified at its annual inspection (年检) this year and last, as a listed provider must be.
 */
export async function listedProvider(
  as: Requester,
  name: string,
  occupationIds: number[],
  today: string,
): Promise<{ id: number; institutionId: number }> {
  const created = await as('city-admin', 'POST', '/api/training/providers', {
    organisation: { name, regionCode: '410105' },
    providerType: 'private_school',
    occupationIds,
  });
  if (created.status !== 201) throw new Error(`provider not created: ${JSON.stringify(created.body)}`);
  const year = Number(today.slice(0, 4));
  for (const y of [year - 1, year]) {
    const r = await as('city-admin', 'POST', `/api/training/providers/${created.body.id}/inspections`, {
      year: y,
      result: 'qualified',
    });
    if (r.status !== 200) throw new Error(`inspection not recorded: ${JSON.stringify(r.body)}`);
  }
  return { id: created.body.id, institutionId: created.body.institutionId };
}
