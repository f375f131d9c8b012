import { Fragment, useState } from 'react';
import { Spinner, Switch, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { DocumentDismiss24Regular, DocumentQuestionMark24Regular, Folder24Regular, ImageOff24Regular, Link24Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../../components/error-bar';
import { useFormat } from '../../i18n/use-format';
import type { PreviewState } from '../../store/browse-slice';
import type { Preview } from '../../api/contract-types';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minHeight: 0, flexGrow: 1 },
  facts: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200, flexShrink: 0 },
  factItem: { whiteSpace: 'nowrap' },
  bar: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', flexShrink: 0 },
  text: {
    margin: 0,
    flexGrow: 1,
    minHeight: '120px',
    overflow: 'auto',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase300,
    color: tokens.colorNeutralForeground1,
    backgroundColor: tokens.colorNeutralBackground2,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    whiteSpace: 'pre',
    tabSize: 4,
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  wrap: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  imageBox: {
    flex: '0 1 auto',
    minHeight: '96px',
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    padding: tokens.spacingVerticalS,
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    // A light checkerboard shows where an image is transparent, as image viewers do.
    backgroundColor: tokens.colorNeutralBackground2,
    backgroundImage: `conic-gradient(${tokens.colorNeutralBackground3} 25%, transparent 0 50%, ${tokens.colorNeutralBackground3} 0 75%, transparent 0)`,
    backgroundSize: '16px 16px',
    overflow: 'hidden',
  },
  image: { width: '100%', height: 'auto', maxHeight: '60vh', objectFit: 'contain' },
  fact: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    textAlign: 'center',
    gap: tokens.spacingVerticalS,
    padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalL}`,
    color: tokens.colorNeutralForeground2,
  },
  factIcon: { fontSize: '40px', display: 'flex', color: tokens.colorNeutralForeground3 },
  note: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

const MAX_UPSCALE = 4;

/** Props of {@link FilePreview}. */
export interface FilePreviewProps {
  state: PreviewState;
  /** The file's name, for the image's alternative text and the text's label. */
  name: string;
  onRetry?(): void;
}

/**
 * What a file in a copy looks like: text in a monospace box (lines wrap on demand), images scaled to
 * fit, and plain facts for binary files, folders, links and images too large to show. Shared by the
 * Browse preview pane and Previous versions' "Open", so a version looks the same wherever it is opened.
 * Images are only ever `<img>` data URLs (SVG included), so nothing in a copy can run in the window.
 */
export function FilePreview({ state, name, onRetry }: FilePreviewProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [wrap, setWrap] = useState(true);
  const [dims, setDims] = useState<{ src: string; w: number; h: number } | null>(null);
  const f = useFormat();

  if (state.status === 'loading') return <Spinner size="small" label={t('browse.preview.loading')} />;
  if (state.error) return <ErrorBar error={state.error} title={t('browse.preview.failed')} onRetry={onRetry} />;
  const p = state.data;
  if (!p) return null;

  const src = p.kind === 'image' ? `data:${p.mime};base64,${p.dataBase64}` : '';
  const facts = [
    p.kind === 'folder' ? null : f.bytes(p.size),
    t('browse.preview.modified', { date: f.dateTime(p.modifiedAt) }),
    p.kind === 'text' ? t(`browse.preview.encoding.${p.encoding}`) : null,
    p.kind === 'image' && dims?.src === src ? t('browse.preview.pixels', { w: f.number(dims.w), h: f.number(dims.h) }) : null,
  ].filter((x): x is string => x !== null);

  return (
    <div className={styles.root} data-testid="file-preview" data-kind={p.kind}>
      <Text className={styles.facts}>
        {facts.map((fact, i) => <Fragment key={fact}>{i > 0 && ' · '}<span className={styles.factItem}>{fact}</span></Fragment>)}
      </Text>
      {p.kind === 'text' && (
        <>
          <div className={styles.bar}>
            {p.truncated
              ? <Text className={styles.note}>{t('browse.preview.truncated', { shown: f.bytes(p.shownBytes), size: f.bytes(p.size) })}</Text>
              : <span />}
            <Switch checked={wrap} onChange={(_, d) => setWrap(d.checked)} label={t('browse.preview.wrap')} />
          </div>
          <pre className={mergeClasses(styles.text, wrap && styles.wrap)} tabIndex={0} role="region" aria-label={t('browse.preview.textLabel', { name })}>
            {p.text}
          </pre>
        </>
      )}
      {p.kind === 'image' && (
        <div className={styles.imageBox}>
          <img
            className={styles.image}
            // Small pictures grow to fit the pane, but no more than four times: beyond that they only blur.
            style={dims?.src === src ? { maxWidth: `${dims.w * MAX_UPSCALE}px` } : undefined}
            src={src}
            alt={t('browse.preview.imageAlt', { name })}
            onLoad={(e) => setDims({ src, w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight })}
          />
        </div>
      )}
      {p.kind !== 'text' && p.kind !== 'image' && <Fact preview={p} />}
    </div>
  );
}

function Fact({ preview }: { preview: Exclude<Preview, { kind: 'text' | 'image' }> }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const [icon, text] = (() => {
    switch (preview.kind) {
      case 'binary': return [<DocumentQuestionMark24Regular key="i" />, t('browse.preview.binary')];
      case 'too-large': return [<ImageOff24Regular key="i" />, t('browse.preview.tooLarge', { size: f.bytes(preview.size), limit: f.bytes(preview.limit) })];
      case 'folder': return [<Folder24Regular key="i" />, t('browse.preview.folder')];
      case 'link': return [<Link24Regular key="i" />, t('browse.preview.link')];
      default: return [<DocumentDismiss24Regular key="i" />, ''];
    }
  })();
  return (
    <div className={styles.fact}>
      <span className={styles.factIcon} aria-hidden="true">{icon}</span>
      <Text>{text}</Text>
    </div>
  );
}
