import { Badge, Button, MessageBar, MessageBarBody, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Document24Regular, EyeOff24Regular, Folder24Regular, FolderOpen20Regular, Link24Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/use-format';
import { useAppStore } from '../../store/store';
import { previewKey, type PreviewState } from '../../store/browse-slice';
import type { BrowseEntry, ShadowCopy } from '../../api/contract-types';
import { fullPath } from './browse-paths';
import { FilePreview } from './file-preview';
import { STATUS_BADGE } from './file-list';

const useStyles = makeStyles({
  pane: {
    width: '288px',
    flexShrink: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    minHeight: 0,
    padding: tokens.spacingHorizontalM,
    boxSizing: 'border-box',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    overflowY: 'auto',
  },
  head: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalS, flexShrink: 0 },
  fixed: { flexShrink: 0 },
  headIcon: { display: 'flex', color: tokens.colorNeutralForeground3, paddingTop: '2px' },
  folderIcon: { display: 'flex', color: tokens.colorPaletteMarigoldForeground1, paddingTop: '2px' },
  title: { display: 'flex', flexDirection: 'column', minWidth: 0, gap: tokens.spacingVerticalXXS, flexGrow: 1 },
  name: { overflowWrap: 'anywhere' },
  empty: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    gap: tokens.spacingVerticalS,
    flexGrow: 1,
    textAlign: 'center',
    color: tokens.colorNeutralForeground3,
  },
  emptyIcon: { fontSize: '40px', display: 'flex' },
  facts: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200, flexShrink: 0 },
});

/** Shown while the pane waits out its short delay before asking for a preview. */
const WAITING: PreviewState = { status: 'loading', data: null, error: null, key: null };

/** Props of {@link PreviewPane}. */
export interface PreviewPaneProps {
  copy: ShadowCopy;
  folder: string;
  /** The current row, or null when none is chosen yet. */
  entry: BrowseEntry | null;
  onOpenFolder(entry: BrowseEntry): void;
}

/**
 * The right-hand pane of Browse: the current row as it is in the copy, with what changed since said
 * in words (deleted, changed, new) before the content, so nobody mistakes the copy for today's file.
 */
export function PreviewPane({ copy, folder, entry, onOpenFolder }: PreviewPaneProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const preview = useAppStore((s) => s.preview);
  const loadPreview = useAppStore((s) => s.loadPreview);
  const path = entry ? fullPath(copy.volume, folder, entry.name) : '';
  const source = { shadowId: copy.id };
  const mine = entry !== null && preview.key === previewKey(path, source);

  return (
    <aside className={styles.pane} aria-label={t('browse.preview.paneLabel')} data-testid="preview-pane">
      {!entry && (
        <div className={styles.empty} role="status">
          <span className={styles.emptyIcon} aria-hidden="true"><EyeOff24Regular /></span>
          <Text>{t('browse.preview.nothing')}</Text>
        </div>
      )}
      {entry && (
        <>
          <div className={styles.head}>
            <span className={entry.kind === 'folder' ? styles.folderIcon : styles.headIcon} aria-hidden="true">
              {entry.kind === 'folder' ? <Folder24Regular /> : entry.kind === 'link' ? <Link24Regular /> : <Document24Regular />}
            </span>
            <div className={styles.title}>
              <Text as="h2" weight="semibold" size={400} className={styles.name}>{entry.name}</Text>
              {entry.status === 'same' && (
                <span><Badge appearance="tint" color={STATUS_BADGE[entry.status]} shape="rounded">{t(`browse.status.${entry.status}`)}</Badge></span>
              )}
            </div>
          </div>
          {entry.status !== 'same' && (
            <MessageBar className={styles.fixed} intent={entry.status === 'deleted' ? 'warning' : 'info'} layout="multiline">
              <MessageBarBody>{t(`browse.preview.since.${entry.status}`, { date: f.dateTime(copy.createdAt) })}</MessageBarBody>
            </MessageBar>
          )}
          {entry.kind === 'folder' && (
            <>
              <Text className={styles.facts}>{t('browse.preview.modified', { date: f.dateTime(entry.modifiedAt) })}</Text>
              <span className={styles.fixed}><Button icon={<FolderOpen20Regular />} onClick={() => onOpenFolder(entry)}>{t('browse.openFolder')}</Button></span>
            </>
          )}
          {entry.kind === 'link' && <Text className={styles.facts}>{t('browse.preview.link')}</Text>}
          {entry.kind === 'file' && entry.status !== 'new' && (
            <FilePreview state={mine ? preview : WAITING} name={entry.name} onRetry={() => void loadPreview(path, source)} />
          )}
        </>
      )}
    </aside>
  );
}
