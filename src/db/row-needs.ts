import type { EntityMetadata } from '@mikro-orm/core';
import { isColumnProp } from './plain';
import { Kind, type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Which columns a read needs: the properties behind the fields the query selects, instead of every column.
 * A page of 1,000 plots read 25 columns per plot, 8 per stage event and 20 per permit to answer with three
 * or four of each; PostgreSQL built that JSON and node parsed it (bench (b): JSON.parse of the rows was 8%
 * of the server's CPU).
 *
 * THE TABLE of what a resolver reads from its row when that is not simply the property the field is named
 * after. A field of the entity's own name (a column, or a to-one relation's key) needs that property; a
 * field listed here needs the properties listed ([] = the primary key only, e.g. a list loaded by the row's
 * id); 'all' = every column. A field in neither (a computed field nobody listed here) reads every column:
 * forgetting an entry costs speed, never a wrong answer. A resolver that starts reading another property
 * must say so here (tests/row-needs.spec.ts asks every field alone and compares it with the full row's).
 */
export const ROW_NEEDS: Record<string, Record<string, readonly string[] | 'all'>> = {
  Plot: {
    centroid: ['centroidLon', 'centroidLat'],
    stageHistory: [],
    violations: [],
    reserveProjects: [],
    // The rules read the row's stage, uses, industry and key unit (plot.facts.ts factsOf); the rest comes
    // from the history, loaded by the row's id.
    investigationRequired: ['stage', 'plannedUse', 'currentUse', 'industry', 'keyUnit'],
    clearance: ['stage', 'plannedUse', 'currentUse', 'industry', 'keyUnit'],
    clearedFor: ['stage', 'plannedUse', 'currentUse', 'industry', 'keyUnit'],
    investigationTriggers: [],
    supply: [],
    obligations: [],
    realEstateFilings: [],
    postManagementPlan: [],
    postManagementRecords: [],
  },
  KeyUnit: {
    inPermitManagement: [], // its own permits, by the unit's id
    permits: [],
    hiddenDangerChecks: [],
    monitoringRecords: [],
    plots: [],
    obligations: [],
  },
  DischargePermit: {
    status: ['storedStatus', 'validUntil'],
    vacatedSite: [],
  },
  ReserveProject: { plots: [], keyUnits: [] },
};

/** Every field selected directly in `sets`, through fragments (directives ignored: a superset). */
function selectedFields(sets: readonly (SelectionSetNode | undefined)[], fragments: Record<string, FragmentDefinitionNode>): FieldNode[] {
  const out: FieldNode[] = [];
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode | undefined) => {
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD) out.push(s);
      else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet);
      else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        walk(fragments[s.name.value]?.selectionSet);
      }
    }
  };
  sets.forEach(walk);
  return out;
}

const selectedNames = (sets: readonly (SelectionSetNode | undefined)[], fragments: Record<string, FragmentDefinitionNode>) =>
  selectedFields(sets, fragments).map((f) => f.name.value);

/** The `nodes { … }` selections of a connection field. */
const nodesSelections = (fieldNodes: readonly FieldNode[], fragments: Record<string, FragmentDefinitionNode>) =>
  selectedFields(fieldNodes.map((f) => f.selectionSet), fragments).filter((f) => f.name.value === 'nodes').map((f) => f.selectionSet);

/** The properties the selected field names need (primary key always), or null for every column. */
export function propsFor(meta: EntityMetadata, names: Iterable<string>): string[] | null {
  const needs = ROW_NEEDS[meta.className] ?? {};
  const props = new Set<string>(meta.primaryKeys);
  for (const name of names) {
    if (name === '__typename') continue;
    const need = needs[name];
    if (need === 'all') return null;
    if (need) need.forEach((p) => props.add(p));
    else if (isColumnProp(meta.properties[name])) props.add(name);
    else return null;
  }
  return [...props].sort();
}

let pruning = true;
/** Off: every read takes every column. For tests/row-needs.spec.ts, which compares each field both ways. */
export function setColumnPruning(on: boolean): void {
  pruning = on;
}

// Per field node (Apollo caches parsed documents, so a field node is the same object request after
// request). Only a field asked by one node: a node inside a fragment can be merged with other selections of
// the same field in one place and stand alone in another, so a merged set is computed every time.
const cache = new WeakMap<FieldNode, Map<string, string[] | null>>();

function cached(info: GraphQLResolveInfo, key: string, compute: () => string[] | null): string[] | null {
  if (info.fieldNodes.length !== 1) return compute();
  const node = info.fieldNodes[0];
  let byKey = cache.get(node);
  if (!byKey) cache.set(node, (byKey = new Map()));
  if (!byKey.has(key)) byKey.set(key, compute());
  return byKey.get(key)!;
}

/** The properties a field returning `meta`'s rows (one, or a list) needs for its selection. */
export function selectedProps(meta: EntityMetadata, info: GraphQLResolveInfo): string[] | null {
  if (!pruning) return null;
  return cached(info, meta.className, () => propsFor(meta, selectedNames(info.fieldNodes.map((f) => f.selectionSet), info.fragments)));
}

/** The properties a connection field's `nodes` need. */
export function nodeProps(meta: EntityMetadata, info: GraphQLResolveInfo): string[] | null {
  if (!pruning) return null;
  return cached(info, `nodes:${meta.className}`, () => propsFor(meta, selectedNames(nodesSelections(info.fieldNodes, info.fragments), info.fragments)));
}
