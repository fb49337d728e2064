/** The five skill levels (CERT-1). 高技能人才 = 三级 and above. */
export const LEVELS = [
  { digit: 5, name: '五级', title: '初级工', nameEn: 'Level 5 (Junior)', highSkill: false },
  { digit: 4, name: '四级', title: '中级工', nameEn: 'Level 4 (Intermediate)', highSkill: false },
  { digit: 3, name: '三级', title: '高级工', nameEn: 'Level 3 (Senior)', highSkill: true },
  { digit: 2, name: '二级', title: '技师', nameEn: 'Level 2 (Technician)', highSkill: true },
  { digit: 1, name: '一级', title: '高级技师', nameEn: 'Level 1 (Senior technician)', highSkill: true },
] as const;
export type LevelDigit = 1 | 2 | 3 | 4 | 5;
export function levelLabel(d: number): string {
  const l = LEVELS.find((x) => x.digit === d);
  return l ? `${l.name}/${l.title}` : String(d);
}
