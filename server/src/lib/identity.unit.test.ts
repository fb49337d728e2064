import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageOn, checkResidentId, identityNotes, maskIdNumber, maskName, residentIdCheckChar } from './identity.js';

const withCheck = (first17: string) => first17 + residentIdCheckChar(first17);

describe('GB 11643 resident identity numbers', () => {
  it('accepts a valid number and reads birth date, gender and region', () => {
    const id = withCheck('41010519900307123');
    expect(checkResidentId(id)).toEqual({ ok: true, birthDate: '1990-03-07', gender: 'male', regionCode: '410105' });
    expect(checkResidentId('11010519491231002X').ok).toBe(true); // the standard's own example
  });
  it('refuses a wrong check character, a bad date, a future birth, a bad shape', () => {
    const id = withCheck('41010519900307123');
    const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    expect(checkResidentId(wrong)).toEqual({ ok: false, reason: '身份证号校验位不正确' });
    expect(checkResidentId(withCheck('41010519900230123')).reason).toContain('出生日期');
    expect(checkResidentId(withCheck('41010520990101123'), new Date('2026-11-21')).reason).toContain('出生日期');
    expect(checkResidentId('4101051990030712').reason).toContain('18 位');
    expect(checkResidentId('4101051990030712A3').reason).toContain('18 位');
  });
  it('property: changing any one digit of a valid number is detected', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const id = withCheck('41030219851111001');
        const changed = id.slice(0, pos) + String((Number(id[pos]) + delta) % 10) + id.slice(pos + 1);
        expect(checkResidentId(changed).ok).toBe(false);
      }),
    );
  });
});

describe('identity (GB 11643 / GB/T 2260): the area code of an ID number', () => {
  it('identity: a number whose first two digits are no province is refused with a Chinese reason', () => {
    for (const first17 of ['99010219900307123', '00010219900307123', '19010219900307123', '84000019900307123']) {
      const chk = checkResidentId(withCheck(first17));
      expect(chk.ok, first17).toBe(false);
      expect(chk.reason).toBe(`身份证号前两位“${first17.slice(0, 2)}”不是省级行政区划代码`);
    }
  });
  it('identity: every GB/T 2260 province-level code is a province, including 台湾, 香港 and 澳门, and 83 of the 台湾居民居住证', () => {
    const provinces = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46]
      .concat([50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83])
      .map(String);
    for (let p = 10; p <= 99; p++)
      expect(checkResidentId(withCheck(`${p}000019900307123`)).ok, String(p)).toBe(provinces.includes(String(p)));
  });
  it('identity: a historic county code is accepted with a warning; a current one is not flagged; the check character still counts', () => {
    // 412701 周口地区周口市 (周口 became a prefecture-level city in 2000); 110103 崇文区 (merged into 东城区 in 2010)
    for (const area of ['412701', '110103']) {
      const chk = checkResidentId(withCheck(`${area}19800307123`));
      expect(chk).toMatchObject({
        ok: true,
        birthDate: '1980-03-07',
        regionCode: area,
        warnings: ['AREA_CODE_UNKNOWN'],
      });
      expect(identityNotes(chk)).toEqual([`身份证号前六位 ${area} 不是现行行政区划代码（可能为旧区划代码），请核对`]);
    }
    // 410104 管城回族区; 441900 东莞市, a city without counties; the standard's own example (110105 朝阳区)
    for (const id of [withCheck('41010419900307123'), withCheck('44190019900307123'), '11010519491231002X']) {
      const chk = checkResidentId(id);
      expect(chk.ok, id).toBe(true);
      expect(chk.warnings, id).toBeUndefined();
      expect(identityNotes(chk)).toEqual([]);
    }
    const id = withCheck('41270119800307123');
    const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    expect(checkResidentId(wrong)).toEqual({ ok: false, reason: '身份证号校验位不正确' });
  });
});

describe('masking for public views', () => {
  it('masks names and ID numbers', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskIdNumber('410105199003071234')).toBe('410***********1234');
  });
  it('computes age on a date', () => {
    expect(ageOn('2010-11-22', new Date('2026-11-21T00:00:00Z'))).toBe(15);
    expect(ageOn('2010-11-21', new Date('2026-11-21T00:00:00Z'))).toBe(16);
  });
});
