import type { Rect, VirtualizerOptions } from '@tanstack/react-virtual';

/**
 * The tallest the list's scrolling box is made. Chromium lays out in 1/64 px in 32 bits, so no box
 * can be taller than 2^25 px (33,554,432: 838,860 rows of 40 px); Firefox stops near 17.9 million.
 * A folder taller than this keeps a box of this height, and its offsets are scaled (see
 * {@link scrollScale}), so the scrollbar still spans the whole folder and its end is the last row.
 */
export const MAX_SCROLL_PX = 15_000_000;

/**
 * The factor from the scrolling box's offsets to the list's: 1 when the list fits, else the one that
 * maps the box's last offset to the list's last offset (so the bottom of the scrollbar is the last row).
 */
export function scrollScale(listPx: number, viewportPx: number, maxPx: number = MAX_SCROLL_PX): number {
  if (listPx <= maxPx) return 1;
  return (listPx - viewportPx) / (maxPx - viewportPx);
}

/** The scrolling box's content height for a list of `listPx`. */
export function scrollBoxHeight(listPx: number): number {
  return Math.min(listPx, MAX_SCROLL_PX);
}

/**
 * What to subtract from a row's place in the list to place it in the box, the box being scrolled to
 * the list's `listOffset`: 0 when the list fits, else the list offset less the box's (whole pixels).
 */
export function scrollShift(listOffset: number, listPx: number, viewportPx: number): number {
  const scale = scrollScale(listPx, viewportPx);
  return scale === 1 ? 0 : Math.round(listOffset - listOffset / scale);
}

/**
 * The scrolling box as TanStack Virtual sees it: offsets and a scroll height in list pixels over a
 * box at most {@link MAX_SCROLL_PX} tall. TanStack reads the element itself (scrollTop, scrollHeight,
 * clientHeight, scrollTo, its events), not only its offset options, so the scaling sits here, in the
 * few members it uses. A list offset it asked for (End, a row brought into view) reads back exactly
 * once the box is there, so its check that a scroll landed (within 1 px) holds when one box pixel is
 * several list pixels. When the list fits, every member is the box's own.
 */
export class ScaledScrollElement {
  #written = { list: -1, box: -1 };

  constructor(
    /** The real scrolling box. */
    readonly box: HTMLElement,
    private readonly listPx: () => number,
  ) {}

  #scale(): number {
    return scrollScale(this.listPx(), this.box.clientHeight);
  }

  get ownerDocument(): Document {
    return this.box.ownerDocument;
  }

  get clientHeight(): number {
    return this.box.clientHeight;
  }

  get clientWidth(): number {
    return this.box.clientWidth;
  }

  get scrollHeight(): number {
    return this.#scale() === 1 ? this.box.scrollHeight : this.listPx();
  }

  get scrollWidth(): number {
    return this.box.scrollWidth;
  }

  get scrollLeft(): number {
    return this.box.scrollLeft;
  }

  get scrollTop(): number {
    const box = this.box.scrollTop;
    return box === this.#written.box ? this.#written.list : box * this.#scale();
  }

  scrollTo(options: ScrollToOptions): void {
    const list = options.top ?? this.scrollTop;
    this.box.scrollTo({ top: list / this.#scale(), behavior: options.behavior });
    // An instant scroll has landed by now: remember the box offset it gave for this list offset.
    this.#written = { list, box: options.behavior === 'smooth' ? -1 : this.box.scrollTop };
  }

  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: AddEventListenerOptions | boolean): void {
    this.box.addEventListener(type, listener, options);
  }

  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: EventListenerOptions | boolean): void {
    this.box.removeEventListener(type, listener, options);
  }
}

/**
 * TanStack's size observer, on the real box (a ResizeObserver takes only elements): the default one
 * would observe the {@link ScaledScrollElement} itself.
 */
export const observeBoxRect: VirtualizerOptions<HTMLDivElement, Element>['observeElementRect'] = (instance, cb) => {
  const box = (instance.scrollElement as unknown as ScaledScrollElement | null)?.box;
  if (!box) return;
  const report = (): void => cb({ width: box.clientWidth, height: box.clientHeight } satisfies Rect);
  report();
  const observer = new ResizeObserver(report);
  observer.observe(box, { box: 'content-box' });
  return () => observer.disconnect();
};
