import {
  ASTVisitor, FieldNode, FragmentDefinitionNode, GraphQLError, getNamedType, GraphQLObjectType, isListType, getNullableType,
  Kind, OperationDefinitionNode, SelectionSetNode, ValidationContext, ValidationRule, GraphQLSchema, isObjectType, isInterfaceType,
} from 'graphql';
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

export const DEFAULT_LIMITS: QueryLimits = { maxDepth: 12, maxAliases: 30, maxDirectives: 20, maxTokens: 6000, maxCost: 250_000 };

/** Lists without a `first` argument (a key unit's permits, a plot's history…) count as this many items. */
const EXPECTED_LIST_SIZE = 10;

export const tooComplex = (limit: keyof QueryLimits | 'batch', max: number, actual: number, node?: FieldNode | OperationDefinitionNode) =>
  new GraphQLError(`query too complex: ${limit} is ${max}, this request needs ${actual}`, {
    nodes: node ? [node] : undefined,
    extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit, max, actual },
  });

function fragmentsOf(ctx: ValidationContext): Map<string, FragmentDefinitionNode> {
  const m = new Map<string, FragmentDefinitionNode>();
  for (const d of ctx.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) m.set(d.name.value, d);
  return m;
}

/** Walks a selection set through fragments (each fragment at most once per path, so cycles end). */
function measure(
  schema: GraphQLSchema,
  set: SelectionSetNode,
  parent: GraphQLObjectType | null,
  fragments: Map<string, FragmentDefinitionNode>,
  assumeFirst: number,
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
      if (sel.selectionSet) inner = measure(schema, sel.selectionSet, childParent, fragments, assumeFirst, seen);
      const firstArg = sel.arguments?.find((a) => a.name.value === 'first');
      let n = 1;
      if (firstArg) {
        const v = firstArg.value.kind === Kind.INT ? Number(firstArg.value.value) : firstArg.value.kind === Kind.VARIABLE ? assumeFirst : 50;
        n = Math.max(1, Number.isFinite(v) ? v : 50);
      } else if (field && field.args.some((a) => a.name === 'first')) n = Number(field.args.find((a) => a.name === 'first')!.defaultValue ?? 50);
      // A connection's nodes are already counted by the connection's `first`.
      else if (type && isListType(type) && !parent?.name.endsWith('Connection')) n = EXPECTED_LIST_SIZE;
      // A connection's `first` applies to its nodes; count the connection itself once.
      cost += 1 + n * inner.cost;
      depth = Math.max(depth, 1 + inner.depth);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      const cond = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
      const r = measure(schema, sel.selectionSet, (cond as GraphQLObjectType) ?? parent, fragments, assumeFirst, seen);
      depth = Math.max(depth, r.depth);
      cost += r.cost;
    } else if (sel.kind === Kind.FRAGMENT_SPREAD) {
      const frag = fragments.get(sel.name.value);
      if (!frag || seen.has(frag.name.value)) continue;
      const next = new Set(seen).add(frag.name.value);
      const r = measure(schema, frag.selectionSet, (schema.getType(frag.typeCondition.name.value) as GraphQLObjectType) ?? parent, fragments, assumeFirst, next);
      depth = Math.max(depth, r.depth);
      cost += r.cost;
    }
  }
  return { depth, cost };
}

/**
 * The validation rules: depth, aliases, directives and cost per operation. Validation runs before variables
 * are known, so a `first: $n` is costed at `assumeFirst` (the page-size cap: the most it can fetch).
 */
export function limitRules(limits: QueryLimits, assumeFirst: number): ValidationRule[] {
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
        const root = op.operation === 'mutation' ? ctx.getSchema().getMutationType() : op.operation === 'subscription' ? ctx.getSchema().getSubscriptionType() : ctx.getSchema().getQueryType();
        const { depth, cost } = measure(ctx.getSchema(), op.selectionSet, root ?? null, fragmentsOf(ctx), assumeFirst, new Set());
        if (depth > limits.maxDepth) ctx.reportError(tooComplex('maxDepth', limits.maxDepth, depth, op));
        if (cost > limits.maxCost) ctx.reportError(tooComplex('maxCost', limits.maxCost, cost, op));
      },
    };
  };
  return [rule];
}
