import { useTranslation } from 'react-i18next';
import { ViewHeader } from '../../components/view-header';

/** Placeholder until the activity view lands: the navigation entry exists so the slices can grow in parallel. */
export function ActivityView() {
  const { t } = useTranslation();
  return <ViewHeader id="view-title" title={t('nav.activity')} />;
}
