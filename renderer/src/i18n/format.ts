import type { Lang } from '../../../native/contract/errors';

/**
 * Intl formatters made once per language and options: making one costs about 0.1 ms (the locale's
 * data is looked up each time), so a list of rows that made one per cell spent 26 ms of the Browse
 * view's first rows making formatters (profiled on a 100,000-entry folder).
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.ListFormat>();

function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.ListFormat>(kind: string, lang: Lang, options: object, make: () => F): F {
  const key = `${kind} ${lang} ${JSON.stringify(options)}`;
  let f = formatters.get(key) as F | undefined;
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}

function numberFormat(lang: Lang, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return cached('number', lang, options, () => new Intl.NumberFormat(lang, options));
}

/** The language's date formatter for these options, made once (see {@link cached}'s note on why). */
export function dateTimeFormat(lang: Lang, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached('date', lang, options, () => new Intl.DateTimeFormat(lang, options));
}

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;

/** Binary sizes (1 GB = 1024³ bytes), as vssadmin and Explorer show them, with the locale's digits. */
export function formatBytes(bytes: number, lang: Lang): string {
  if (!Number.isFinite(bytes)) return '—';
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 ? 0 : value < 10 ? 2 : value < 100 ? 1 : 0;
  const number = numberFormat(lang, { maximumFractionDigits: digits }).format(value);
  if (unit === 0) return lang === 'it' ? `${number} byte` : `${number} ${bytes === 1 ? 'byte' : 'bytes'}`;
  return `${number} ${UNITS[unit]}`;
}

/** A number in the locale (thousands separators). */
export function formatNumber(n: number, lang: Lang, options?: Intl.NumberFormatOptions): string {
  return numberFormat(lang, options).format(n);
}

/** A percentage from a 0..1 ratio. */
export function formatPercent(ratio: number, lang: Lang): string {
  if (ratio > 0 && ratio < 0.0001) return `< ${numberFormat(lang, { style: 'percent', maximumFractionDigits: 2 }).format(0.0001)}`;
  return numberFormat(lang, { style: 'percent', maximumFractionDigits: ratio < 0.01 && ratio > 0 ? 2 : 0 }).format(ratio);
}

/** Date and time the way the user's Windows would write it (medium date, short time). */
export function formatDateTime(iso: string, lang: Lang): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return dateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** A full date and time for tooltips and details, seconds included. */
export function formatDateTimeLong(iso: string, lang: Lang): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return dateTimeFormat(lang, { dateStyle: 'full', timeStyle: 'medium' }).format(d);
}

const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.345],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/** "yesterday", "3 hours ago", "2 settimane fa": how people think of when a copy was made. */
export function formatRelative(iso: string, lang: Lang, now: number = Date.now()): string {
  const d = new Date(iso).getTime();
  if (Number.isNaN(d)) return iso;
  let value = (d - now) / 1000;
  const rtf = cached('relative', lang, {}, () => new Intl.RelativeTimeFormat(lang, { numeric: 'auto' }));
  for (const [unit, size] of STEPS) {
    if (Math.abs(value) < size) return rtf.format(Math.round(value), unit);
    value /= size;
  }
  return rtf.format(Math.round(value), 'year');
}

/** An HRESULT as Windows prints it: 0x8004230C. */
export function formatHresult(hresult: number): string {
  return `0x${(hresult >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

/** A list joined the locale's way: "C:\, D:\ and E:\" / "C:\, D:\ e E:\". */
export function formatList(items: string[], lang: Lang): string {
  return cached('list', lang, {}, () => new Intl.ListFormat(lang, { style: 'long', type: 'conjunction' })).format(items);
}
