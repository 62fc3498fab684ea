import {
  DocumentNode, FieldNode, FragmentDefinitionNode, getNamedType, getNullableType, GraphQLEnumType, GraphQLField, GraphQLObjectType,
  GraphQLSchema, isEnumType, isListType, isNonNullType, isObjectType, isScalarType, Kind, OperationDefinitionNode, SelectionSetNode,
  specifiedRules, validate, ValueNode,
} from 'graphql';
import { partOf } from '../auth/parts';
import { allows, Policy } from '../auth/policy';
import type { Agency } from '../modules/client/agency';
import type { Context } from '../context';
import type { CityRules } from '../rules/city-rules';
import { limitRules, QueryLimits } from '../limits/query-limits';
import { TYPES } from './fields';
import type { Q, Render, Row } from './fields/types';
import { ROOTS, RootDef } from './roots';
import { concat, countySql, fallback, Fallback, keyLit, lit, ScalarKind, scalarJson, ScopeShape } from './sql';
import { COUNTIES_MARK, ScopedText } from './statement';

/** A parameter of the compiled statement: its value, computed per request from the bound root arguments. */
export type ParamGetter = (env: BindEnv) => unknown;
export interface BindEnv {
  ctx: Context;
  today: string;
  /** Each root field's prepared arguments (RootDef.prepare), by response key. */
  prepared: Map<string, Record<string, unknown>>;
}

export interface PlanRoot { key: string; field: GraphQLField<unknown, unknown>; node: FieldNode; def: RootDef; sub: Collected }

/**
 * A compiled operation for one (document, operation, agency, scope shape): the statement (per scope's counties,
 * src/compiler/statement.ts), its parameters' getters, and the root fields whose arguments are bound per
 * request. `sql` null: no SQL at all (e.g. `me`).
 */
export interface Plan {
  sql: ScopedText | null;
  params: ParamGetter[];
  roots: PlanRoot[];
  operation: OperationDefinitionNode;
  document: DocumentNode;
  /** The whole body built in node when no root field needs SQL (me). */
  nodeBody: ((ctx: Context) => string) | null;
  /** For the request log, as operationNamePlugin names it. */
  operationName: string;
}

/** Response key → the field nodes under it (graphql-js's CollectFields, in its order). */
export type Collected = Map<string, FieldNode[]>;

interface DocCtx { fragments: Map<string, FragmentDefinitionNode> }

/** @include / @skip with literal arguments; a variable in them (a per-request shape) is not compiled. */
function included(node: { directives?: readonly { name: { value: string }; arguments?: readonly { name: { value: string }; value: ValueNode }[] }[] }): boolean {
  for (const d of node.directives ?? []) {
    const name = d.name.value;
    if (name !== 'include' && name !== 'skip') fallback(`directive @${name}`);
    const arg = d.arguments?.find((a) => a.name.value === 'if');
    if (!arg || arg.value.kind !== Kind.BOOLEAN) fallback(`@${name} with a variable`);
    const v = (arg!.value as { value: boolean }).value;
    if (name === 'skip' && v) return false;
    if (name === 'include' && !v) return false;
  }
  return true;
}

export function collect(typeName: string, sets: readonly SelectionSetNode[], doc: DocCtx, out: Collected = new Map(), seen = new Set<string>()): Collected {
  for (const set of sets) {
    for (const s of set.selections) {
      if (!included(s)) continue;
      if (s.kind === Kind.FIELD) {
        const key = s.alias?.value ?? s.name.value;
        const list = out.get(key);
        if (list) list.push(s);
        else out.set(key, [s]);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        if (s.typeCondition && s.typeCondition.name.value !== typeName) fallback(`fragment on ${s.typeCondition.name.value}`);
        collect(typeName, [s.selectionSet], doc, out, seen);
      } else {
        const name = s.name.value;
        if (seen.has(name)) continue;
        seen.add(name);
        const f = doc.fragments.get(name) ?? fallback(`fragment ${name}`);
        if (f.typeCondition.name.value !== typeName) fallback(`fragment on ${f.typeCondition.name.value}`);
        collect(typeName, [f.selectionSet], doc, out, seen);
      }
    }
  }
  return out;
}

const subSets = (nodes: FieldNode[]) => nodes.map((n) => n.selectionSet).filter((s): s is SelectionSetNode => !!s);

/** How graphql-js would serialize the field's scalar type, or not compiled (JSON, Decimal, lists of scalars). */
function scalarKindOf(field: GraphQLField<unknown, unknown>): ScalarKind {
  const t = getNullableType(field.type);
  if (isListType(t)) fallback(`list of scalars ${field.name}`);
  const named = getNamedType(field.type);
  if (isEnumType(named)) return { enum: (named as GraphQLEnumType).getValues().map((v) => [String(v.value), v.name] as [string, string]) };
  if (isScalarType(named) && ['ID', 'String', 'Int', 'Float', 'Boolean', 'Date', 'DateTime'].includes(named.name)) {
    return named.name as ScalarKind;
  }
  return fallback(`scalar ${named.name}`);
}

export class Compiler {
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly policy: Policy,
    private readonly rules: CityRules,
    private readonly limits: QueryLimits,
  ) {}

  /** The policy at compile time: a field the agency may not read is never compiled (the request falls back, shield refuses it). */
  private mayRead(agency: Agency, type: string, field: string) {
    const part = partOf(type, field);
    if (!part || !allows(this.policy, part, agency, 'read')) fallback(`${type}.${field} refused`);
  }

  /** The document validated as Apollo validates it (graphql's rules and the query limits); errors: Apollo answers them. */
  validated(document: DocumentNode) {
    const errors = validate(this.schema, document, [...specifiedRules, ...limitRules(this.limits)]);
    if (errors.length) fallback('invalid document');
  }

  compile(document: DocumentNode, operationName: string | undefined, agency: Agency, shape: ScopeShape): Plan {
    const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const operation = operationName ? ops.find((o) => o.name?.value === operationName) : ops.length === 1 ? ops[0] : undefined;
    if (!operation) return fallback('no operation');
    if (operation.operation !== 'query') return fallback('not a query');
    this.validated(document);
    const doc: DocCtx = { fragments: new Map() };
    for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) doc.fragments.set(d.name.value, d);

    const params: ParamGetter[] = [];
    const param = (get: ParamGetter, cast: string) => {
      params.push(get);
      return `$${params.length}::${cast}`;
    };
    let todayP: string | undefined;
    let n = 0;
    const q: Q = {
      shape,
      today: () => (todayP ??= param((e) => e.today, 'date')),
      counties: () => COUNTIES_MARK,
      county: (column) => countySql(shape, column, shape === 'some' ? q.counties() : ''),
      alias: () => `cq${++n}`,
      rules: this.rules,
      agency,
      policy: this.policy,
    };

    const queryType = this.schema.getQueryType()!;
    const rootFields = collect(queryType.name, [operation.selectionSet], doc);
    const roots: PlanRoot[] = [];
    const parts: ({ lit: string } | { sql: string })[] = [{ lit: '{"data":{' }];
    let anySql = false;
    let first = true;
    const nodeParts: ((ctx: Context) => string)[] = [];
    for (const [key, nodes] of rootFields) {
      const name = nodes[0].name.value;
      parts.push({ lit: (first ? '' : ',') + keyLit(key) });
      first = false;
      if (name === '__typename') {
        parts.push({ lit: JSON.stringify(queryType.name) });
        continue;
      }
      const def = ROOTS[name] ?? fallback(`Query.${name}`);
      this.mayRead(agency, queryType.name, name);
      if (nodes.length > 1 && nodes.some((x) => (x.arguments?.length ?? 0) > 0)) fallback('a root field asked twice with arguments');
      const field = queryType.getFields()[name];
      const returns = getNamedType(field.type) as GraphQLObjectType;
      const sub = collect(returns.name, subSets(nodes), doc);
      const root: PlanRoot = { key, field, node: nodes[0], def, sub };
      roots.push(root);
      const prepared = (argName: string): ParamGetter => (e) => e.prepared.get(key)![argName];
      const built = def.sql({
        q, agency, sub, type: returns,
        p: (argName, cast) => param(prepared(argName), cast),
        render: (typeName, fields, row) => this.renderObject(agency, typeName, fields, row, q, doc),
        mayRead: (type, f) => this.mayRead(agency, type, f),
        collect: (typeName, fieldNodes) => collect(typeName, subSets(fieldNodes), doc),
      });
      if ('sql' in built) {
        anySql = true;
        parts.push({ sql: built.sql });
        nodeParts.push(() => fallback('SQL root'));
      } else {
        // a value built in node (me): a text parameter when the statement runs anyway
        const node = built.node;
        nodeParts.push(node);
        parts.push({ sql: param((e) => node(e.ctx), 'text') });
      }
    }
    parts.push({ lit: '}}' });
    return {
      sql: anySql ? new ScopedText(`select ${concat(parts)} as body`, params.length) : null,
      params, roots, operation, document,
      nodeBody: anySql ? null : (ctx) => {
        let i = 0;
        return parts.map((p) => ('lit' in p ? p.lit : nodeParts[i++](ctx))).join('');
      },
      operationName: operation.name?.value ?? roots.map((r) => r.node.name.value).join(','),
    };
  }

  /** The JSON text of an object of `typeName` with the collected fields, from `row`. */
  renderObject(agency: Agency, typeName: string, fields: Collected, row: Row, q: Q, doc: DocCtx): string {
    const type = this.schema.getType(typeName);
    if (!type || !isObjectType(type)) return fallback(`type ${typeName}`);
    const defs = TYPES[typeName] ?? fallback(`type ${typeName} not compiled`);
    const parts: ({ lit: string } | { sql: string })[] = [{ lit: '{' }];
    let first = true;
    for (const [key, nodes] of fields) {
      const name = nodes[0].name.value;
      parts.push({ lit: (first ? '' : ',') + keyLit(key) });
      first = false;
      if (name === '__typename') {
        parts.push({ lit: JSON.stringify(typeName) });
        continue;
      }
      this.mayRead(agency, typeName, name);
      const field = type.getFields()[name] ?? fallback(`${typeName}.${name}`);
      if (nodes.some((x) => (x.arguments?.length ?? 0) > 0)) fallback(`${typeName}.${name} with arguments`);
      const def = defs[name] ?? fallback(`${typeName}.${name} not compiled`);
      const nonNull = isNonNullType(field.type);
      if ('raw' in def) parts.push({ sql: def.raw(row, q) });
      else if ('scalar' in def) {
        if (isObjectType(getNamedType(field.type))) fallback(`${typeName}.${name} is an object`);
        parts.push({ sql: scalarJson(def.as ?? scalarKindOf(field), def.scalar(row, q), nonNull) });
      } else {
        const child = getNamedType(field.type);
        if (!isObjectType(child)) fallback(`${typeName}.${name} is not an object`);
        const sub = collect(child.name, subSets(nodes), doc);
        const render: Render = (r) => this.renderObject(agency, child.name, sub, r, q, doc);
        parts.push({ sql: def.object(row, q, render, nonNull) });
      }
    }
    parts.push({ lit: '}' });
    return concat(parts);
  }
}

export { Fallback, lit };
