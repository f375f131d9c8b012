import { useEffect, useId } from 'react';
import { Button, Radio, RadioGroup, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ClipboardTextLtr20Regular, Color24Regular, Folder24Regular, Info24Regular, LocalLanguage24Regular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../components/copy-button';
import { ErrorBar } from '../../components/error-bar';
import { ViewHeader } from '../../components/view-header';
import { useFormat } from '../../i18n/use-format';
import { selectMachineName } from '../../store/selectors';
import { useAppStore } from '../../store/store';
import type { LanguagePref, ThemePref } from '../../store/ui-slice';

const useStyles = makeStyles({
  scroll: { flexGrow: 1, overflowY: 'auto', padding: `0 ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalL}` },
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '900px' },
  card: {
    display: 'grid',
    gridTemplateColumns: 'auto 1fr',
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}`,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  icon: { color: tokens.colorNeutralForeground2, display: 'flex', paddingTop: '2px' },
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, minWidth: 0 },
  hint: { color: tokens.colorNeutralForeground3 },
  actions: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  about: { display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalL}`, margin: 0 },
  term: { color: tokens.colorNeutralForeground3 },
  def: { margin: 0 },
  path: { margin: 0, display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, minWidth: 0, fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
});

/** `RPC_E_TOO_LATE (0x80010119)`: the name people search for and the hex a ticket needs. */
function hresultText(r: { hresult: number; hresultName: string }): string {
  return `${r.hresultName} (0x${(r.hresult >>> 0).toString(16).toUpperCase().padStart(8, '0')})`;
}

function SettingsCard({ icon, title, hint, children }: { icon: ReactNode; title: string; hint?: string; children: (labelId: string) => ReactNode }) {
  const styles = useStyles();
  const labelId = useId();
  return (
    <section className={styles.card} aria-labelledby={labelId}>
      <span className={styles.icon} aria-hidden="true">{icon}</span>
      <div className={styles.body}>
        <Text as="h2" id={labelId} size={400} weight="semibold">{title}</Text>
        {hint && <Text size={200} className={styles.hint}>{hint}</Text>}
        {children(labelId)}
      </div>
    </section>
  );
}

/**
 * Settings: language and theme (each can follow the system), the data folder (where the audit log
 * and undo data live, and what they cost on disk), and about this copy of ShadowDesk.
 */
export function SettingsView() {
  const { t } = useTranslation();
  const styles = useStyles();
  const languagePref = useAppStore((s) => s.languagePref);
  const themePref = useAppStore((s) => s.themePref);
  const systemLanguage = useAppStore((s) => s.systemLanguage);
  const setLanguagePref = useAppStore((s) => s.setLanguagePref);
  const setThemePref = useAppStore((s) => s.setThemePref);
  const machine = useAppStore(selectMachineName);
  const providers = useAppStore((s) => s.providers);
  const loadProviders = useAppStore((s) => s.loadProviders);

  const about = useAppStore((s) => s.about);
  const loadAbout = useAppStore((s) => s.loadAbout);
  const selftestCopy = useAppStore((s) => s.selftestCopy);
  const copySelftest = useAppStore((s) => s.copySelftest);
  const f = useFormat();

  useEffect(() => {
    void loadProviders();
    void loadAbout();
  }, [loadProviders, loadAbout]);
  const a = about.data;

  const connected = typeof window.shadowdesk !== 'undefined';
  return (
    <>
      <ViewHeader id="view-title" title={t('settings.title')} />
      <div className={styles.scroll}>
        <div className={styles.list}>
          <SettingsCard icon={<LocalLanguage24Regular />} title={t('settings.language')} hint={t('settings.languageHint')}>
            {(labelId) => (
              <RadioGroup aria-labelledby={labelId} value={languagePref} onChange={(_, d) => setLanguagePref(d.value as LanguagePref)}>
                <Radio value="system" label={t('settings.languageSystem', { language: systemLanguage === 'it' ? 'Italiano' : 'English' })} />
                <Radio value="en" label="English" lang="en" />
                <Radio value="it" label="Italiano" lang="it" />
              </RadioGroup>
            )}
          </SettingsCard>
          <SettingsCard icon={<Color24Regular />} title={t('settings.theme')} hint={t('settings.themeHint')}>
            {(labelId) => (
              <RadioGroup aria-labelledby={labelId} value={themePref} onChange={(_, d) => setThemePref(d.value as ThemePref)}>
                <Radio value="system" label={t('settings.themeSystem')} />
                <Radio value="light" label={t('settings.themeLight')} />
                <Radio value="dark" label={t('settings.themeDark')} />
              </RadioGroup>
            )}
          </SettingsCard>
          <SettingsCard icon={<Folder24Regular />} title={t('settings.dataFolder')} hint={t('settings.dataFolderHint')}>
            {() => (
              <>
                {about.error && <ErrorBar error={about.error} title={t('settings.loadAboutFailed')} onRetry={() => void loadAbout()} />}
                {!a && !about.error && <Text size={200}>{t('settings.loadingAbout')}</Text>}
                {a && (
                  <dl className={styles.about} data-testid="data-folder">
                    <dt className={styles.term}>{t('settings.dataFolderPath')}</dt>
                    <dd className={styles.path}>
                      <span>{a.dataDir}</span>
                      <CopyButton value={a.dataDir} label={t('settings.copyDataFolder')} />
                    </dd>
                    <dt className={styles.term}>{t('settings.auditLog')}</dt>
                    <dd className={styles.path}>
                      <span>{a.auditLog}</span>
                      <CopyButton value={a.auditLog} label={t('settings.copyAuditLog')} />
                    </dd>
                    <dt className={styles.term}>{t('settings.restoresKept')}</dt>
                    <dd className={styles.def}>{t('settings.restoresKeptValue', { count: a.restores })}</dd>
                    <dt className={styles.term}>{t('settings.spaceUsed')}</dt>
                    <dd className={styles.def}>{f.bytes(a.dataBytes)}</dd>
                  </dl>
                )}
              </>
            )}
          </SettingsCard>
          <SettingsCard icon={<Info24Regular />} title={t('settings.about')}>
            {() => (
              <>
                <dl className={styles.about}>
                  <dt className={styles.term}>{t('settings.version')}</dt>
                  <dd className={styles.def}>ShadowDesk {__APP_VERSION__}</dd>
                  {a && (
                    <>
                      <dt className={styles.term}>{t('settings.vss')}</dt>
                      <dd className={styles.def}>{a.backend === 'windows' ? t('settings.vssWindows') : t('settings.vssSim')}</dd>
                      <dt className={styles.term}>{t('settings.comSecurity')}</dt>
                      <dd className={styles.def} data-testid="com-security">
                        {!a.com
                          ? t('settings.comNotStarted')
                          : a.com.securityOurs
                            ? t('settings.comSecurityOurs', { result: hresultText(a.com.coInitializeSecurity) })
                            : t('settings.comSecurityPreset', { result: hresultText(a.com.coInitializeSecurity) })}
                      </dd>
                      {a.com && (
                        <>
                          <dt className={styles.term}>{t('settings.comExceptions')}</dt>
                          <dd className={styles.def}>
                            {t(a.com.exceptionHandling.set ? 'settings.comExceptionsOff' : 'settings.comExceptionsOn', { result: hresultText(a.com.exceptionHandling) })}
                          </dd>
                        </>
                      )}
                    </>
                  )}
                  <dt className={styles.term}>{t('settings.connection')}</dt>
                  <dd className={styles.def}>{connected ? t('settings.connected') : t('settings.notConnected')}</dd>
                  {machine && (
                    <>
                      <dt className={styles.term}>{t('settings.machine')}</dt>
                      <dd className={styles.def}>{machine}</dd>
                    </>
                  )}
                  {providers.data && providers.data.length > 0 && (
                    <>
                      <dt className={styles.term}>{t('settings.providers')}</dt>
                      <dd className={styles.def}>{providers.data.map((p) => `${p.name} (${p.version})`).join('; ')}</dd>
                    </>
                  )}
                </dl>
                <Text size={200} className={styles.hint}>{t('settings.selftestHint')}</Text>
                <div className={styles.actions}>
                  <Button icon={<ClipboardTextLtr20Regular />} onClick={() => void copySelftest()} disabledFocusable={selftestCopy.status === 'running'}>
                    {t('settings.copySelftest')}
                  </Button>
                  <span role="status">
                    {selftestCopy.status === 'copied' && <Text size={200}>{t('settings.selftestCopied', { pass: selftestCopy.pass, fail: selftestCopy.fail })}</Text>}
                  </span>
                </div>
                {selftestCopy.error && <ErrorBar error={selftestCopy.error} title={t('settings.selftestFailed')} />}
              </>
            )}
          </SettingsCard>
        </div>
      </div>
    </>
  );
}
