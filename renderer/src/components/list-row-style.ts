import { tokens, type GriffelStyle } from '@fluentui/react-components';

/**
 * The look every virtualized list row shares (Browse's files, Search's results): placed by the
 * virtualizer, a hairline under it, the hover tint and a focus ring inside the row, so lists feel
 * the same wherever they are. Each list adds its own grid and height.
 */
export const listRowStyle: GriffelStyle = {
  position: 'absolute',
  top: 0,
  left: 0,
  right: 0,
  boxSizing: 'border-box',
  cursor: 'default',
  borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
  ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
  ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
};
