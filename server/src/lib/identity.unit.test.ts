import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageOn, checkResidentId, maskIdNumber, maskName, residentIdCheckChar } from './identity.js';

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
