import { useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import {
  FlatTree, FlatTreeItem, Spinner, TreeItemLayout, makeStyles, mergeClasses, tokens, treeItemLayoutClassNames,
  type TreeOpenChangeData, type TreeOpenChangeEvent,
} from '@fluentui/react-components';
import { ErrorCircle16Regular, Folder16Regular, FolderOpen16Regular, HardDrive16Regular, MoreHorizontal16Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store/store';
import type { FolderNode } from '../../store/browse-slice';
import { childOf, lineage, parts } from './browse-paths';

const useStyles = makeStyles({
  scroll: { height: '100%', overflow: 'auto' },
  tree: { padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalXS}` },
  current: {
    backgroundColor: tokens.colorSubtleBackgroundSelected,
    fontWeight: tokens.fontWeightSemibold,
    ':hover': { backgroundColor: tokens.colorSubtleBackgroundSelected },
  },
  name: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  folderIcon: { color: tokens.colorPaletteMarigoldForeground1, display: 'flex' },
  note: { color: tokens.colorNeutralForeground3, fontStyle: 'italic' },
  error: { color: tokens.colorPaletteRedForeground1, display: 'flex' },
});

/** One visible row of the flattened tree. */
interface Row {
  value: string;
  parentValue: string | undefined;
  level: number;
  setsize: number;
  posinset: number;
  kind: 'folder' | 'loading' | 'error' | 'more';
  /** The folder the row is (or, for a note, the folder it belongs to). */
  folder: string;
  name: string;
  itemType: 'leaf' | 'branch';
}

/** A tree value per folder; never '' (the root is `\`), so Fluent never sees an empty value. */
const valueOf = (folder: string) => `\\${folder}`;

/**
 * Flattens the loaded part of the tree into the rows Fluent's FlatTree renders: folders under open
 * folders, with a note row while a folder loads, when it failed, or when it has more subfolders
 * than the tree shows.
 */
function flatten(nodes: Record<string, FolderNode>, open: ReadonlySet<string>, volume: string): Row[] {
  const rows: Row[] = [];
  const folderRow = (folder: string, name: string, parent: string | undefined, level: number, setsize: number, posinset: number) => {
    const node = nodes[folder];
    const leaf = node?.status === 'ready' && node.children.length === 0 && !node.more;
    rows.push({ value: valueOf(folder), parentValue: parent, level, setsize, posinset, kind: 'folder', folder, name, itemType: leaf ? 'leaf' : 'branch' });
    if (!open.has(valueOf(folder)) || leaf) return;
    const me = valueOf(folder);
    if (!node || node.status === 'loading') {
      rows.push({ value: `${me}\u0000loading`, parentValue: me, level: level + 1, setsize: 1, posinset: 1, kind: 'loading', folder, name: '', itemType: 'leaf' });
      return;
    }
    if (node.status === 'error') {
      rows.push({ value: `${me}\u0000error`, parentValue: me, level: level + 1, setsize: 1, posinset: 1, kind: 'error', folder, name: '', itemType: 'leaf' });
      return;
    }
    const size = node.children.length + (node.more ? 1 : 0);
    node.children.forEach((child, i) => folderRow(childOf(folder, child), child, me, level + 1, size, i + 1));
    if (node.more) rows.push({ value: `${me}\u0000more`, parentValue: me, level: level + 1, setsize: size, posinset: size, kind: 'more', folder, name: '', itemType: 'leaf' });
  };
  folderRow('', volume, undefined, 1, 1, 1);
  return rows;
}

/** Props of {@link FolderTree}. */
export interface FolderTreeProps {
  shadowId: string;
  /** `C:\`, the root's name. */
  volume: string;
  /** The folder the list shows; the tree opens down to it and marks it. */
  folder: string;
  onOpenFolder(folder: string): void;
}

/**
 * The copy's folders as a tree (Fluent FlatTree, ARIA tree keyboard: arrows, Home/End, type-ahead,
 * Enter opens a folder in the list). Lazy: a folder's subfolders are fetched when it is expanded, and
 * only the folders, so expanding next to a 100,000-file folder costs one small page. It follows the
 * list and the breadcrumb: the open folder is expanded down to and marked as current.
 */
export function FolderTree({ shadowId, volume, folder, onOpenFolder }: FolderTreeProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const tree = useAppStore((s) => s.folderTree);
  const loadSubfolders = useAppStore((s) => s.loadSubfolders);
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set(lineage(folder).map(valueOf)));
  const [shownFor, setShownFor] = useState({ shadowId, folder });
  const scroller = useRef<HTMLDivElement>(null);

  // Follow the list: open every folder down to the one shown (a new copy starts from that path only).
  if (shownFor.shadowId !== shadowId || shownFor.folder !== folder) {
    const chain = lineage(folder).map(valueOf);
    setShownFor({ shadowId, folder });
    setOpen(shownFor.shadowId !== shadowId ? new Set(chain) : new Set([...open, ...chain]));
  }
  useEffect(() => {
    for (const f of lineage(folder)) void loadSubfolders(shadowId, f);
  }, [shadowId, folder, loadSubfolders]);
  const nodes = useMemo(() => (tree.shadowId === shadowId ? tree.nodes : {}), [tree, shadowId]);
  const rows = useMemo(() => flatten(nodes, open, volume), [nodes, open, volume]);

  // Bring the current folder into view when it changes (or first appears), not on every expansion.
  const currentShown = rows.some((r) => r.kind === 'folder' && r.folder === folder);
  useEffect(() => {
    if (!currentShown) return;
    const id = requestAnimationFrame(() => {
      scroller.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
    });
    return () => cancelAnimationFrame(id);
  }, [folder, shadowId, currentShown]);

  const onOpenChange = (_: TreeOpenChangeEvent, data: TreeOpenChangeData) => {
    const value = String(data.value);
    if (value.includes('\u0000')) return;
    const next = new Set(open);
    if (data.open) next.add(value);
    else next.delete(value);
    setOpen(next);
    if (data.open) void loadSubfolders(shadowId, value.slice(1));
  };
  const onItemClick = (e: MouseEvent<HTMLDivElement>, row: Row) => {
    if ((e.target as HTMLElement).closest(`.${treeItemLayoutClassNames.expandIcon}`)) return;
    // A click (or Enter) on a name opens that folder in the list instead of only toggling it.
    e.preventDefault();
    if (row.kind === 'folder') onOpenFolder(row.folder);
    else if (row.kind === 'more') onOpenFolder(row.folder);
    else if (row.kind === 'error') void loadSubfolders(shadowId, row.folder, true);
  };

  return (
    <div ref={scroller} className={styles.scroll}>
      <FlatTree
        className={styles.tree}
        aria-label={t('browse.tree.label')}
        size="small"
        openItems={open}
        onOpenChange={onOpenChange}
      >
        {rows.map((row) => {
          const current = row.kind === 'folder' && row.folder === folder;
          return (
            <FlatTreeItem
              key={row.value}
              value={row.value}
              parentValue={row.parentValue}
              aria-level={row.level}
              aria-setsize={row.setsize}
              aria-posinset={row.posinset}
              itemType={row.itemType}
              aria-selected={row.kind === 'folder' ? current : undefined}
              aria-busy={row.kind === 'loading' ? true : undefined}
              onClick={(e) => onItemClick(e, row)}
              data-folder={row.kind === 'folder' ? row.folder : undefined}
            >
              <TreeItemLayout
                className={mergeClasses(current && styles.current)}
                iconBefore={iconOf(row, open, styles)}
              >
                {row.kind === 'folder' && <span className={styles.name} title={fullTitle(volume, row.folder)}>{row.name}</span>}
                {row.kind === 'loading' && <span className={styles.note}>{t('browse.tree.loading')}</span>}
                {row.kind === 'error' && <span className={styles.note}>{t('browse.tree.failed')}</span>}
                {row.kind === 'more' && <span className={styles.note}>{t('browse.tree.more', { folder: parts(row.folder).at(-1) ?? volume })}</span>}
              </TreeItemLayout>
            </FlatTreeItem>
          );
        })}
      </FlatTree>
    </div>
  );
}

function iconOf(row: Row, open: ReadonlySet<string>, styles: ReturnType<typeof useStyles>) {
  switch (row.kind) {
    case 'loading': return <Spinner size="extra-tiny" aria-hidden="true" />;
    case 'error': return <span className={styles.error}><ErrorCircle16Regular /></span>;
    case 'more': return <MoreHorizontal16Regular />;
    case 'folder':
      if (row.folder === '') return <HardDrive16Regular />;
      return <span className={styles.folderIcon}>{open.has(row.value) && row.itemType === 'branch' ? <FolderOpen16Regular /> : <Folder16Regular />}</span>;
  }
}

function fullTitle(volume: string, folder: string): string {
  return folder === '' ? volume : `${volume}${folder}`;
}
