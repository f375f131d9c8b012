import type { ShadowCopy } from '../../api/contract-types';

/** A property of a copy, in words: an i18n key and its values. */
export interface CopyProperty {
  key: string;
  values?: Record<string, string>;
  /** A longer explanation for the tooltip. */
  hint?: string;
}

/**
 * Decodes a copy's context and attribute flags into the few facts a person cares about: does it show
 * in Previous Versions, does it survive a restart, was it made with writers, which provider, which
 * machine. The raw flags stay in Details.
 */
export function copyProperties(copy: ShadowCopy, providerName: string | undefined): CopyProperty[] {
  const attrs = new Set(copy.attributes.map((a) => a.toUpperCase()));
  const props: CopyProperty[] = [];
  if (attrs.has('CLIENT_ACCESSIBLE') || copy.context.toUpperCase().includes('CLIENT_ACCESSIBLE')) {
    props.push({ key: 'copy.prop.clientAccessible', hint: 'copy.prop.clientAccessibleHint' });
  }
  props.push(attrs.has('PERSISTENT')
    ? { key: 'copy.prop.persistent', hint: 'copy.prop.persistentHint' }
    : { key: 'copy.prop.temporary', hint: 'copy.prop.temporaryHint' });
  props.push(attrs.has('NO_WRITERS')
    ? { key: 'copy.prop.noWriters', hint: 'copy.prop.noWritersHint' }
    : { key: 'copy.prop.withWriters', hint: 'copy.prop.withWritersHint' });
  if (attrs.has('EXPOSED_LOCALLY') || attrs.has('EXPOSED_REMOTELY')) props.push({ key: 'copy.prop.exposed', values: { where: copy.exposedName ?? '' } });
  props.push({ key: 'copy.prop.provider', values: { provider: providerName ?? copy.providerId } });
  if (copy.originatingMachine) props.push({ key: 'copy.prop.machine', values: { machine: copy.originatingMachine } });
  return props;
}
