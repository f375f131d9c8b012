import { useMemo } from 'react';
import {
  Menu, MenuDivider, MenuItem, MenuList, MenuPopover, type PositioningVirtualElement,
} from '@fluentui/react-components';
import {
  ArrowUndo20Regular, Copy20Regular, DocumentBulletListClock20Regular, DocumentLock20Regular, FolderArrowRight20Regular, FolderOpen20Regular, TextBulletListSquareSearch20Regular,
} from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { BrowseEntry } from '../../api/contract-types';
import { exportable, type EntryCommands } from './entry-commands';

/** Where the menu opens: at the pointer, or beside a row opened from the keyboard. */
export type MenuAnchor = { x: number; y: number } | HTMLElement;

/** Props of {@link EntryMenu}. */
export interface EntryMenuProps {
  /** The row the menu is for, or null when closed. */
  entry: BrowseEntry | null;
  anchor: MenuAnchor | null;
  commands: EntryCommands;
  onClose(): void;
}

function virtualPoint({ x, y }: { x: number; y: number }): PositioningVirtualElement {
  return { getBoundingClientRect: () => ({ x, y, top: y, left: x, bottom: y, right: x, width: 0, height: 0 }) };
}

/**
 * The one context menu of the file list (a Fluent Menu positioned on the row or pointer, never one
 * instance per row, so 100,000 rows cost nothing extra). It offers the same commands as the toolbar,
 * for the row it was opened on, or for the selection when that row is part of it.
 */
export function EntryMenu({ entry, anchor, commands, onClose }: EntryMenuProps) {
  const { t } = useTranslation();
  const target = useMemo(() => (anchor === null ? null : anchor instanceof HTMLElement ? anchor : virtualPoint(anchor)), [anchor]);
  if (!entry || !target) return null;
  const restoreCount = commands.restoreCount(entry);
  return (
    <Menu
      open
      onOpenChange={(_, d) => { if (!d.open) onClose(); }}
      positioning={{ target, position: 'below', align: 'start', offset: anchor instanceof HTMLElement ? { mainAxis: -8, crossAxis: 48 } : undefined }}
    >
      <MenuPopover>
        <MenuList aria-label={t('browse.menu.label', { name: entry.name })}>
          {entry.kind === 'folder' && (
            <MenuItem icon={<FolderOpen20Regular />} onClick={() => commands.open(entry)}>{t('browse.open')}</MenuItem>
          )}
          {commands.openReadOnly && entry.kind === 'file' && (
            <MenuItem icon={<DocumentLock20Regular />} disabled={!exportable(entry)} onClick={() => commands.openReadOnly?.(entry)}>
              {t('browse.openReadOnly')}
            </MenuItem>
          )}
          <MenuItem
            icon={<ArrowUndo20Regular />}
            disabled={restoreCount === 0 || commands.restoreInPlaceBlocked !== null}
            secondaryContent={commands.restoreInPlaceBlocked !== null ? t('image.readOnlyShort') : undefined}
            onClick={() => commands.restore(entry)}
          >
            {restoreCount > 1 ? t('browse.menu.restoreMany', { count: restoreCount }) : t('browse.restore')}
          </MenuItem>
          <MenuItem icon={<FolderArrowRight20Regular />} disabled={restoreCount === 0} onClick={() => commands.restoreTo(entry)}>
            {restoreCount > 1 ? t('browse.menu.restoreToMany', { count: restoreCount }) : t('browse.restoreTo')}
          </MenuItem>
          <MenuDivider />
          <MenuItem icon={<TextBulletListSquareSearch20Regular />} disabled={!commands.canCompare(entry)} onClick={() => commands.compare(entry)}>
            {t('browse.compare')}
          </MenuItem>
          <MenuItem icon={<DocumentBulletListClock20Regular />} disabled={!commands.canVersions(entry)} onClick={() => commands.versions(entry)}>
            {t('browse.versions')}
          </MenuItem>
          <MenuDivider />
          <MenuItem icon={<Copy20Regular />} onClick={() => commands.copyPath(entry)}>{t('browse.copyPath')}</MenuItem>
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
