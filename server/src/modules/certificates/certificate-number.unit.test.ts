import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CERTIFICATE_NUMBER_RE, formatCertificateNumber, parseCertificateNumber } from './certificate-number.js';

describe('CERT-7: the 22-character certificate number', () => {
  it('is the filing number, year, level digit and serial', () => {
    expect(formatCertificateNumber('Y000041000123', 2026, 3, 42)).toBe('Y00004100012326' + '3' + '000042');
    expect(parseCertificateNumber('Y000041000123263000042')).toMatchObject({
      filingNo: 'Y000041000123',
      provinceCode: '41',
      year: 2026,
      level: 3,
      serial: 42,
    });
  });
  it('property: every valid input gives a 22-character number that matches the national pattern and parses back', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('Y', 'S'),
        fc.integer({ min: 1, max: 999_999 }),
        fc.integer({ min: 2000, max: 2099 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 999_999 }),
        (cat, site, year, level, serial) => {
          const filingNo = `${cat}000041${String(site).padStart(6, '0')}`;
          const n = formatCertificateNumber(filingNo, year, level, serial);
          expect(n).toHaveLength(22);
          expect(n).toMatch(CERTIFICATE_NUMBER_RE);
          expect(parseCertificateNumber(n)).toMatchObject({ filingNo, year, level, serial });
        },
      ),
    );
  });
  it('property: distinct (filing number, year, level, serial) never give the same number', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 999_999 })),
        fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 999_999 })),
        ([l1, s1], [l2, s2]) => {
          fc.pre(l1 !== l2 || s1 !== s2);
          expect(formatCertificateNumber('S000041000007', 2026, l1, s1)).not.toBe(
            formatCertificateNumber('S000041000007', 2026, l2, s2),
          );
        },
      ),
    );
  });
  it('refuses out-of-range parts', () => {
    expect(() => formatCertificateNumber('Y000041000123', 2026, 6, 1)).toThrow('等级');
    expect(() => formatCertificateNumber('Y000041000123', 2026, 3, 1_000_000)).toThrow('流水号');
    expect(() => formatCertificateNumber('X000041000123', 2026, 3, 1)).toThrow('备案号');
    expect(parseCertificateNumber('Y00004100012326300004')).toBeNull();
  });
});
