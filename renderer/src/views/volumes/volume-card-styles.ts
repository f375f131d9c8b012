import { tokens, type GriffelStyle } from '@fluentui/react-components';

/**
 * The layout every volume card shares, this computer's and a disk image's: a head with icon and
 * titles, a grid of facts, a row of actions. Each card adds its own classes to these.
 */
export const VOLUME_CARD_STYLES = {
  card: { padding: tokens.spacingHorizontalL, gap: tokens.spacingVerticalM },
  head: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
  icon: { color: tokens.colorNeutralForeground2, display: 'flex' },
  titles: { display: 'flex', flexDirection: 'column', minWidth: 0, flexGrow: 1 },
  sub: { color: tokens.colorNeutralForeground3 },
  facts: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))', gap: tokens.spacingHorizontalXL },
  fact: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, minWidth: 0 },
  label: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
} satisfies Record<string, GriffelStyle>;
