import type { ThemeConfig } from 'antd';

/** CJK-first font stack: system fonts on Windows/macOS, Noto CJK on Linux. */
export const FONT_FAMILY =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Helvetica Neue', Arial, sans-serif";

export const PRIMARY = '#1456f0';

/** The reader asked their system for less motion (an accessibility setting): antd's animations go. */
const reducedMotion =
  typeof window !== 'undefined' && !!window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;

export const theme: ThemeConfig = {
  token: {
    motion: !reducedMotion,
    colorPrimary: PRIMARY,
    colorInfo: PRIMARY,
    borderRadius: 4,
    fontFamily: FONT_FAMILY,
    fontSize: 14,
    colorBgLayout: '#f0f2f5',
  },
  components: {
    Layout: { headerBg: '#0f3fb3', headerHeight: 56, headerPadding: '0 20px', siderBg: '#ffffff' },
    Table: { headerBg: '#f5f7fa', cellPaddingBlockMD: 10 },
    Card: { headerFontSize: 15 },
    Menu: { itemBorderRadius: 4 },
  },
};
