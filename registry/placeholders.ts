// How both registries fill a text: each `%s` takes the next argument, in order; a missing one leaves it empty.
export function fillPlaceholders(template: string, args: readonly unknown[]): string {
  let i = 0;
  return template.replace(/%s/g, () => String(args[i++] ?? ''));
}
