import { Button, makeStyles, mergeClasses, tokens, type ButtonProps } from '@fluentui/react-components';

const useStyles = makeStyles({
  danger: {
    backgroundColor: tokens.colorStatusDangerBackground3,
    color: tokens.colorNeutralForegroundOnBrand,
    ':hover': { backgroundColor: tokens.colorStatusDangerBackground3Hover, color: tokens.colorNeutralForegroundOnBrand },
    ':hover:active': { backgroundColor: tokens.colorStatusDangerBackground3Pressed, color: tokens.colorNeutralForegroundOnBrand },
  },
});

/**
 * The confirm button of a destructive dialog: primary, but red, so "delete" never looks like
 * "save". Same props as Fluent's Button.
 */
export function DangerButton({ className, ...props }: ButtonProps) {
  const styles = useStyles();
  return <Button appearance="primary" {...props} className={mergeClasses(styles.danger, className)} />;
}
