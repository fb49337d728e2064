import { Segmented } from 'antd';
import { useI18n, type Lang } from '../i18n';

/** 中文 / English, remembered in localStorage. */
export function LangSwitch({ dark = false }: { dark?: boolean }) {
  const { lang, setLang, t } = useI18n();
  return (
    <Segmented<Lang>
      size="small"
      data-testid="lang-switch"
      value={lang}
      onChange={setLang}
      options={[
        // each language named in itself: 中文 stays Chinese on the English page
        {
          label: (
            <span lang="zh-CN" translate="no">
              {t('lang.zh')}
            </span>
          ),
          value: 'zh',
        },
        {
          label: (
            <span lang="en" translate="no">
              {t('lang.en')}
            </span>
          ),
          value: 'en',
        },
      ]}
      style={dark ? { background: 'rgba(255,255,255,0.18)', color: '#fff' } : undefined}
    />
  );
}
