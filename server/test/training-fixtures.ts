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
