// Axis arithmetic for the SVG charts: round tops and label room, so small or large values read correctly.

/** The top of a value axis with ticks at 0, half and top: the smallest of 1, 2, 2.5, 5 × 10^k at or above the
 * largest value, and, for values of 1 or more, one whose half is a whole number, so that whole-number labels of
 * the three ticks differ (a latency axis of 1.2 ms read "1 ms / 1 ms / 0 ms" when its top was 1.2). */
export function niceAxisTop(largest: number): number {
  if (!(largest > 0)) return 1
  const power = 10 ** Math.floor(Math.log10(largest))
  for (const step of [1, 2, 2.5, 5, 10]) {
    const top = step * power
    if (top >= largest && (largest < 1 || Number.isInteger(top / 2))) return top
  }
  return 20 * power
}

/** Left padding that fits the longest tick label (about 7 SVG units a character at the charts' font size). */
export function tickLabelRoom(labels: string[], minimum = 40): number {
  return Math.max(minimum, 12 + 7 * Math.max(0, ...labels.map((label) => label.length)))
}
