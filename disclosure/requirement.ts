// What the interval of a suppressed cell's count must reach, truth known (docs/disclosure.md, protection requirement):
// a primary cell up to the threshold and down to zero; a cell an earlier release published with another value (late
// registrations, corrections) back to that value, when the change is a handful of requests (1 to threshold − 1), so
// that nobody can prove a change happened. Any other suppressed cell only has to move.

/** Targets of the upper and lower bounds; −∞ / +∞ where there is none that way. */
export interface Reach {
  up: number;
  down: number;
}

/** `earlier`: the value published before for this cell, NaN when none was (or it is the same). */
export function countReach(count: number, primary: boolean, earlier: number, threshold: number): Reach | undefined {
  let up = Number.NEGATIVE_INFINITY;
  let down = Number.POSITIVE_INFINITY;
  if (primary && count > 0) {
    if (count < threshold) up = threshold;
    down = 0;
  }
  const change = count - earlier;
  if (change > 0 && change < threshold) down = Math.min(down, earlier);
  if (change < 0 && change > -threshold) up = Math.max(up, earlier);
  return up === Number.NEGATIVE_INFINITY && down === Number.POSITIVE_INFINITY ? undefined : { up, down };
}
