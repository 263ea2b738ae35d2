// Progress of the engine on stderr when INFOCENTRE_DISCLOSURE_DEBUG is set: where a long protection spends its time.
const started = performance.now();

export function debug(text: string): void {
  if (process.env.INFOCENTRE_DISCLOSURE_DEBUG) process.stderr.write(`[disclosure ${((performance.now() - started) / 1000).toFixed(1)} s] ${text}\n`);
}
