// Virtual list math: which rows to render for a scroll position. Pure, so it is unit-tested.

export interface Window {
  /** First row index to render. */
  start: number;
  /** One past the last row index to render. */
  end: number;
  /** Space above the first rendered row, in px. */
  padTop: number;
  /** Space below the last rendered row, in px. */
  padBottom: number;
}

/** Rows to render for `count` rows of `rowHeight` px in a viewport of `height` px at `scrollTop`. */
export function visibleWindow(
  count: number,
  rowHeight: number,
  scrollTop: number,
  height: number,
  overscan = 6,
): Window {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0, padTop: 0, padBottom: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const start = Math.max(0, Math.min(count - 1, first) - overscan);
  const visible = Math.ceil(Math.max(0, height) / rowHeight) + 1;
  const end = Math.min(count, first + visible + overscan);
  return { start, end, padTop: start * rowHeight, padBottom: (count - end) * rowHeight };
}

/** The scrollTop that brings row `index` into view (unchanged if it already is). */
export function scrollToRow(index: number, rowHeight: number, scrollTop: number, height: number): number {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + height) return top + rowHeight - height;
  return scrollTop;
}
