import { describe, expect, it } from 'vitest';
import { checkIdNumber, checkName, checkNumber, idCheckChar, tidy } from './validate';

describe('verification page: local checks', () => {
  it('certificate number: one capital Y/S letter and 21 digits, the level digit 1–5', () => {
    expect(checkNumber('Y000041000001254000001')).toBeNull();
    expect(checkNumber(' y0000 41000001 254000001 ')).toBeNull();
    expect(checkNumber('')).toEqual(['eNumEmpty']);
    expect(checkNumber('Y00004100000125400000')).toEqual(['eNumLen', 21]);
    expect(checkNumber('10000410000012540000011')).toEqual(['eNumLen', 23]);
    expect(checkNumber('YY00041000001254000001')).toEqual(['eNumShape']);
    expect(checkNumber('X000041000001254000001')).toEqual(['eNumLetter']);
    expect(checkNumber('Y000041000001256000001')).toEqual(['eNumLevel']);
  });

  it('resident ID number: GB 11643 check character and birth date', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(checkIdNumber('11010519491231002X')).toBeNull();
    expect(checkIdNumber('11010519491231002x')).toBeNull();
    expect(checkIdNumber('410105200506120027')).toBeNull();
    expect(checkIdNumber('410105200506120020')).toEqual(['eIdCheck']);
    expect(checkIdNumber('41010520050612002')).toEqual(['eIdLen', 17]);
    expect(checkIdNumber('4101052005061200A7')).toEqual(['eIdShape']);
    expect(checkIdNumber('410105200502300027')).toEqual(['eIdDate']);
    expect(checkIdNumber('')).toEqual(['eIdEmpty']);
  });

  it('name required, at most 40 characters', () => {
    expect(checkName(' 刘洋 ')).toBeNull();
    expect(checkName('  ')).toEqual(['eNameEmpty']);
    expect(checkName('阿'.repeat(41))).toEqual(['eNameLong']);
    expect(tidy(' y0000-41 ')).toBe('Y000041');
  });
});
