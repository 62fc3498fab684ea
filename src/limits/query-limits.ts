import {
  ASTVisitor, FieldNode, FragmentDefinitionNode, GraphQLError, getNamedType, GraphQLObjectType, isListType, getNullableType,
  Kind, OperationDefinitionNode, SelectionSetNode, ValidationContext, ValidationRule, GraphQLSchema, isObjectType, isInterfaceType,
} from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, ValueNode } from 'graphql';
import { ErrorCode } from '../errors';

/**
 * Limits on what one request may ask for, checked before anything runs. Over a limit: QUERY_TOO_COMPLEX,
 * with `extensions.limit` naming it and `extensions.max` its value, so a client knows what to change.
 */
export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  /** graphql-js stops parsing after this many tokens (Apollo's parseOptions.maxTokens). */
  maxTokens: number;
  /** Estimated rows × fields: list fields multiply their selection by `first` (or an expected size). */
  maxCost: number;
}

/** Lists without a `first` argument (a key unit's permits, a plot's history…) count as this many items. */
const EXPECTED_LIST_SIZE = 10;

export const tooComplex = (limit: keyof QueryLimits | 'batch', max: number, actual: number, node?: FieldNode | OperationDefinitionNode) =>
  new GraphQLError(`query too complex: ${limit} is ${max}, this request needs ${actual}`, {
    nodes: node ? [node] : undefined,
    extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit, max, actual },
  });

function fragmentsOf(doc: DocumentNode): Map<string, FragmentDefinitionNode> {
  const m = new Map<string, FragmentDefinitionNode>();
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) m.set(d.name.value, d);
  return m;
}

/** Walks a selection set through fragments (each fragment at most once per path, so cycles end). */
function measure(
  schema: GraphQLSchema,
  set: SelectionSetNode,
  parent: GraphQLObjectType | null,
  fragments: Map<string, FragmentDefinitionNode>,
  first: (v: ValueNode) => number,
  seen: Set<string>,
): { depth: number; cost: number } {
  let depth = 0;
  let cost = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value.startsWith('__')) continue;
      const field = parent?.getFields()[sel.name.value];
      const type = field ? getNullableType(field.type) : undefined;
      const named = field ? getNamedType(field.type) : undefined;
      const childParent = named && (isObjectType(named) || isInterfaceType(named)) ? (named as GraphQLObjectType) : null;
      let inner = { depth: 0, cost: 0 };
      if (sel.selectionSet) inner = measure(schema, sel.selectionSet, childParent, fragments, first, seen);
      const firstArg = sel.arguments?.find((a) => a.name.value === 'first');
      let n = 1;
      if (firstArg) {
        const v = first(firstArg.value);
        n = Math.max(1, Number.isFinite(v) ? v : 50);
      } else if (field && field.args.some((a) => a.name === 'first')) n = Number(field.args.find((a) => a.name === 'first')!.defaultValue ?? 50);
      // A connection's nodes are already counted by the connection's `first`.
      else if (type && isListType(type) && !parent?.name.endsWith('Connection')) n = EXPECTED_LIST_SIZE;
      // A connection's `first` applies to its nodes; count the connection itself once.
      cost += 1 + n * inner.cost;
      depth = Math.max(depth, 1 + inner.depth);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      const cond = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
      const r = measure(schema, sel.selectionSet, (cond as GraphQLObjectType) ?? parent, fragments, first, seen);
      depth = Math.max(depth, r.depth);
      cost += r.cost;
    } else if (sel.kind === Kind.FRAGMENT_SPREAD) {
      const frag = fragments.get(sel.name.value);
      if (!frag || seen.has(frag.name.value)) continue;
      const next = new Set(seen).add(frag.name.value);
      const r = measure(schema, frag.selectionSet, (schema.getType(frag.typeCondition.name.value) as GraphQLObjectType) ?? parent, fragments, first, next);
      depth = Math.max(depth, r.depth);
      cost += r.cost;
    }
  }
  return { depth, cost };
}

/** The validation rules: depth, aliases and directives per operation (cost needs the variables: see costPlugin). */
export function limitRules(limits: QueryLimits): ValidationRule[] {
  const rule: ValidationRule = (ctx: ValidationContext): ASTVisitor => {
    let aliases = 0;
    let directives = 0;
    return {
      Field(node) {
        if (node.alias) {
          aliases++;
          if (aliases === limits.maxAliases + 1) ctx.reportError(tooComplex('maxAliases', limits.maxAliases, aliases, node));
        }
      },
      Directive() {
        directives++;
        if (directives === limits.maxDirectives + 1) ctx.reportError(tooComplex('maxDirectives', limits.maxDirectives, directives));
      },
      OperationDefinition(op) {
        const root = rootOf(ctx.getSchema(), op);
        const { depth } = measure(ctx.getSchema(), op.selectionSet, root, fragmentsOf(ctx.getDocument()), () => 1, new Set());
        if (depth > limits.maxDepth) ctx.reportError(tooComplex('maxDepth', limits.maxDepth, depth, op));
      },
    };
  };
  return [rule];
}

const rootOf = (schema: GraphQLSchema, op: OperationDefinitionNode) =>
  (op.operation === 'mutation' ? schema.getMutationType() : op.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType()) ?? null;

/** The estimated cost of an operation with its variables (costPlugin's measure; also the compiled read path's check, src/compiler/). */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, vars: Record<string, unknown>, maxPageSize: number): number {
  const first = (v: ValueNode) => {
    const raw = v.kind === Kind.INT ? Number(v.value) : v.kind === Kind.VARIABLE ? Number(vars[v.name.value] ?? 50) : 50;
    return Math.min(Number.isFinite(raw) ? raw : 50, maxPageSize);
  };
  return measure(schema, operation.selectionSet, rootOf(schema, operation), fragmentsOf(document), first, new Set()).cost;
}

/**
 * The estimated cost of the operation about to run, with its variables: `first: $n` costs what $n asks
 * (up to the page-size cap), so clients may page with variables. Over maxCost: QUERY_TOO_COMPLEX, HTTP 400.
 */
export function costPlugin(limits: QueryLimits, maxPageSize: number): ApolloServerPlugin<any> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, schema, request }) {
          if (!operation) return;
          const cost = operationCost(schema, document, operation, request.variables ?? {}, maxPageSize);
          if (cost > limits.maxCost) {
            const err = tooComplex('maxCost', limits.maxCost, cost, operation);
            err.extensions.http = { status: 400 };
            throw err;
          }
        },
      };
    },
  };
}
