// User-facing messages that are not errors (reports, notices, labels shared by several parts), in French, with
// stable keys. `%s` placeholders are filled in order. Add entries here; never a second registry.

export const MESSAGES = {
  START_NO_DATA: 'Aucune donnée dans %s : génération du jeu de démonstration « small »…',
  START_READY: 'Infocentre prêt sur %s',
} as const satisfies Record<string, string>;

export type MessageName = keyof typeof MESSAGES;

export function message(name: MessageName, ...args: unknown[]): string {
  let i = 0;
  return MESSAGES[name].replace(/%s/g, () => String(args[i++] ?? ''));
}
