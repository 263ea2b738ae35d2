// The mandatory source line of every dashboard export (seed 000), for the aggregated universe.
import { AGGREGATED_UNIVERSE_NAME, formatSourceLine, todayInParis } from '../disclosure/index.ts';

export function sourceLineFor(asOf: string, editionDate: string = todayInParis()): string {
  return formatSourceLine({ universe: AGGREGATED_UNIVERSE_NAME, dataDate: asOf, editionDate });
}
