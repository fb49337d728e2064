import { describe, expect, it } from 'vitest';
import { outsidePopulation, type PopulationFacts } from './population.rules.js';

const SCHOOL = 7;
const facts = (person: Partial<PopulationFacts['person']>, f: Partial<PopulationFacts> = {}): PopulationFacts => ({
  institution: { kind: 'college', name: '某职业学院' },
  institutionId: SCHOOL,
  ownStaff: false,
  person: { name: '甲', school_institution_id: SCHOOL, in_school: 1, graduation_year: 2027, ...person },
  ...f,
});

describe('INST-1 population of a 院校类 institution', () => {
  it('INST-1: its students in school are in; a person of no school or another school is out, at entry and at issuance', () => {
    expect(outsidePopulation(facts({}), 'enter', '2026-12-01')).toBeNull();
    for (const stage of ['enter', 'issue'] as const) {
      expect(outsidePopulation(facts({ school_institution_id: null, in_school: 0 }), stage, '2026-12-01')).toContain(
        '不是某职业学院的学生或在职教职工',
      );
      expect(outsidePopulation(facts({ school_institution_id: 8 }), stage, '2026-12-01')).not.toBeNull();
    }
  });

  it('INST-1: out of school, it is the graduating school year (毕业学年, to 31 August) that decides entry; issuance keeps its graduates', () => {
    const graduate = facts({ in_school: 0, graduation_year: 2026 });
    expect(outsidePopulation(graduate, 'enter', '2026-08-31')).toBeNull();
    expect(outsidePopulation(graduate, 'enter', '2026-09-01')).toContain('2026 年毕业');
    expect(outsidePopulation(graduate, 'issue', '2027-03-01')).toBeNull();
  });

  it('INST-1: its in-service staff are in; other kinds of institution are not limited', () => {
    const outsider = { school_institution_id: null, in_school: 0, graduation_year: null };
    expect(outsidePopulation(facts(outsider, { ownStaff: true }), 'enter', '2026-12-01')).toBeNull();
    for (const kind of ['social', 'appraisal', 'special_ability', 'training_org', 'enterprise'])
      expect(
        outsidePopulation(facts(outsider, { institution: { kind, name: '某机构' } }), 'enter', '2026-12-01'),
      ).toBeNull();
  });
});
