// Category dimensions of the release tables: their codes, French labels, optional groups (a coarser level of the
// same dimension, used at fine geography), and the SQL expression that classifies a fact row.
//
// A dimension keeps one name and one set of codes across every table, so a département × reason-group cell of the
// detailed-reason table is the same cell as in the reason-group table (issue 3: linked tables).
import type { Dimension, Relation } from '../disclosure/index.ts';
import { codes, TOTAL, type CodeList } from '../universes/index.ts';

export interface CategoryDimension {
  name: string;
  title: string; // column heading in French
  labels: CodeList; // leaf codes
  groups?: { labels: CodeList; members: Record<string, readonly string[]> };
  /** SQL giving the leaf code of a fact row; `asOf` is the snapshot date literal. */
  sql: (asOf: string) => string;
}

export type CategoryLevel = 'detail' | 'group';

function caseOf(column: string, map: Record<string, readonly string[]>): string {
  const whens = Object.entries(map).map(([group, members]) =>
    `WHEN ${column} IN (${members.map((m) => `'${m}'`).join(', ')}) THEN '${group}'`);
  return `CASE ${whens.join(' ')} END`;
}

const flag = (column: string, yes: string, no: string) => `CASE WHEN ${column} THEN '${yes}' ELSE '${no}' END`;

/** Reasons grouped by what the household needs; the 23 SNE reasons are published from département level up. */
const REASON_GROUPS: Record<string, readonly string[]> = {
  G_SANS: ['01'],
  G_INADAPTE: ['02', '03', '04', '05', '10', '13', '22'],
  G_FAMILLE: ['06', '11', '12', '14', '15', '16'],
  G_SANTE: ['07', '08'],
  G_COUT: ['09'],
  G_PROXIMITE: ['18', '19', '20', '21'],
  G_AUTRE: ['17', '23'],
};

const SENIORITY_BOUNDS: [string, number][] = [['M_LT6', 6], ['M6T12', 12], ['Y1T2', 24], ['Y2T3', 36], ['Y3T5', 60]];

const CATEGORIES = {
  typology: { name: 'typology', title: 'Typologie', labels: codes.typology, sql: () => 'typology' },
  seniority: {
    name: 'seniority', title: 'Ancienneté de la demande', labels: codes.seniorityClass,
    sql: (asOf) => {
      const months = `date_diff('month', filed_month, DATE '${asOf}')`;
      return `CASE ${SENIORITY_BOUNDS.map(([c, b]) => `WHEN ${months} < ${b} THEN '${c}'`).join(' ')} ELSE 'Y_GE5' END`;
    },
  },
  reason: {
    name: 'reason', title: 'Motif principal', labels: codes.reason,
    groups: {
      labels: {
        G_SANS: 'Sans logement propre', G_INADAPTE: 'Logement inadapté, perdu ou menacé',
        G_FAMILLE: 'Situation familiale', G_SANTE: 'Santé, handicap', G_COUT: 'Logement trop cher',
        G_PROXIMITE: 'Rapprochement (travail, services, famille)', G_AUTRE: 'Autres motifs',
      },
      members: REASON_GROUPS,
    },
    sql: () => 'reason',
  },
  household: { name: 'household_class', title: 'Composition du ménage', labels: codes.householdClass, sql: () => 'household_class' },
  age: { name: 'age_class', title: 'Âge du demandeur', labels: codes.ageClass, sql: () => 'age_class' },
  resources: { name: 'resource_class', title: 'Ressources (plafonds PLAI/PLUS)', labels: codes.resourceClass, sql: () => 'resource_class' },
  mutation: {
    name: 'mutation', title: 'Type de demande',
    labels: { MUT: 'Mutation (déjà locataire du parc social)', EXT: 'Demande externe' },
    sql: () => flag('mutation', 'MUT', 'EXT'),
  },
  dalo: {
    name: 'dalo', title: 'DALO', labels: { DALO: 'Reconnu DALO', NDALO: 'Non reconnu DALO' },
    sql: () => flag('dalo', 'DALO', 'NDALO'),
  },
  priority: {
    name: 'priority', title: 'Public prioritaire', labels: { PRIO: 'Public prioritaire', NPRIO: 'Non prioritaire' },
    sql: () => flag('priority', 'PRIO', 'NPRIO'),
  },
  motive: { name: 'motive', title: 'Motif de radiation', labels: codes.radiationMotive, sql: () => 'radiation_motive' },
  reservation: { name: 'reservation', title: 'Réservataire', labels: codes.reservation, sql: () => 'reservation' },
} as const satisfies Record<string, CategoryDimension>;

export type CategoryName = keyof typeof CATEGORIES;

export interface CategoryUse {
  category: CategoryName;
  level: CategoryLevel;
}

/** SQL of the leaf code for a category at a level (the group when the table publishes groups only). */
export function categorySql(use: CategoryUse, asOf: string): string {
  const cat: CategoryDimension = CATEGORIES[use.category];
  const leaf = cat.sql(asOf);
  if (use.level === 'group' && cat.groups) return caseOf(`(${leaf})`, cat.groups.members);
  return leaf;
}

export function categoryDimension(use: CategoryUse): Dimension {
  const cat: CategoryDimension = CATEGORIES[use.category];
  const leaves = leafCodes(cat);
  if (!cat.groups) {
    return { name: cat.name, root: TOTAL, codes: [TOTAL, ...leaves], relations: [{ total: TOTAL, parts: leaves }] };
  }
  const groups = Object.keys(cat.groups.labels);
  const relations: Relation[] = [{ total: TOTAL, parts: groups }];
  if (use.level === 'group') return { name: cat.name, root: TOTAL, codes: [TOTAL, ...groups], relations };
  relations.push(...groups.map((g) => ({ total: g, parts: [...cat.groups!.members[g]] })));
  return { name: cat.name, root: TOTAL, codes: [TOTAL, ...groups, ...leaves], relations };
}

/** Leaf codes in reading order (object keys put `10`…`23` before `01`…`09`, so numeric codes are sorted). */
function leafCodes(cat: CategoryDimension): string[] {
  const keys = Object.keys(cat.labels);
  return keys.every((k) => /^\d+$/.test(k)) ? keys.sort() : keys;
}

/** French label of a category code, `Ensemble` for the total. */
export function categoryLabel(name: string, code: string): string {
  if (code === TOTAL) return 'Ensemble';
  const cat = Object.values(CATEGORIES).find((c) => c.name === name) as CategoryDimension | undefined;
  if (!cat) return code;
  return cat.labels[code] ?? cat.groups?.labels[code] ?? code;
}

export function categoryTitle(name: string): string {
  const cat = Object.values(CATEGORIES).find((c) => c.name === name);
  return cat?.title ?? name;
}
