import { getNamedType, GraphQLField, GraphQLFieldResolver, GraphQLSchema, isAbstractType, isIntrospectionType, isObjectType } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { allow, deny, rule, shield } from 'graphql-shield';
import type { IRuleTypeMap, ShieldRule } from 'graphql-shield/typings/types';
import type { Context } from '../context';
import { DomainError, ErrorCode } from '../errors';
import { DivisionLevel } from '../modules/division/division.entity';
import { partOf } from './parts';
import { auditRefusal } from '../modules/changes/change-log';
import { Access, allows, Part, Policy } from './policy';
import { AGENCIES } from '../modules/client/agency';
import { withInputLimits } from '../validation/columns';
import { redactArgs } from '../db/personal-data';

/** Extra conditions of a part beyond the agency column (BRIEF.md: the audit log is read at CITY or PROVINCE scope). */
const CONDITIONS: Partial<Record<Part, (ctx: Context) => boolean>> = {
  auditLog: (ctx) => ctx.principal.level !== DivisionLevel.COUNTY,
};

/** Whether a principal may read (or write) a part: the agency's column of the policy and the part's extra condition. */
export function mayUse(policy: Policy, principal: Context['principal'], part: Part, need: Exclude<Access, 'none'>): boolean {
  return allows(policy, part, principal.agency, need) && (CONDITIONS[part]?.({ principal } as Context) ?? true);
}

/**
 * One shield rule per (part, access), generated from the policy table. The answer depends only on the
 * principal, so it is cached per request ('contextual'): each rule runs once per request, not per row.
 */
function ruleFor(policy: Policy, part: Part, need: Exclude<Access, 'none'>, cache: Map<string, ShieldRule>): ShieldRule {
  // A part every agency has (under the policy in force) needs no per-request check: shield's constant `allow`,
  // the cheapest rule it has, keeps the field covered without a lookup on each of thousands of fields.
  if (need === 'read' && !CONDITIONS[part] && AGENCIES.every((a) => allows(policy, part, a, 'read'))) return allow;
  const name = `${part}:${need}`;
  let r = cache.get(name);
  if (!r) {
    r = rule(name, { cache: 'contextual' })(async (_parent: unknown, args: unknown, ctx: Context, info) => {
      if (allows(policy, part, ctx.principal.agency, need) && (CONDITIONS[part]?.(ctx) ?? true)) return true;
      const who = `${ctx.principal.agency} (${ctx.principal.level.toLowerCase()} scope)`;
      // A refused write is still recorded: who tried what (BRIEF.md "Gates"), personal data redacted as the services do.
      if (need === 'write') await auditRefusal(ctx.em, ctx.principal, info.fieldName, ErrorCode.FORBIDDEN, redactArgs(args)).catch(() => undefined);
      return new DomainError(ErrorCode.FORBIDDEN, `${who} may not ${need} ${part}`, { part });
    });
    cache.set(name, r);
  }
  return r;
}

/** Every object field of the schema that no part covers: must be empty, checked at boot and in the tests. */
export function uncoveredFields(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    for (const field of Object.keys(type.getFields())) if (!partOf(type.name, field)) missing.push(`${type.name}.${field}`);
  }
  return missing;
}

/** The rule tree: every field of every object type gets the rule of its part (write for mutations, read otherwise). */
export function ruleTree(schema: GraphQLSchema, policy: Policy): IRuleTypeMap {
  const rules = new Map<string, ShieldRule>();
  const tree: IRuleTypeMap = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    const fields: Record<string, ShieldRule> = {};
    for (const field of Object.keys(type.getFields())) {
      const part = partOf(type.name, field);
      if (part) fields[field] = ruleFor(policy, part, type.name === 'Mutation' ? 'write' : 'read', rules);
    }
    tree[type.name] = fields;
  }
  return tree;
}

/**
 * The permission layer: graphql-shield over the whole schema, generated from the policy table. Its own
 * defaults are unsafe (allow everything, mask real errors), so both are set here: a field without a rule
 * is denied, and errors thrown by resolvers (NOT_FOUND, gates…) reach the client as they are.
 * Fails at boot when an operation or field has no part.
 */
export function withPermissions(unsized: GraphQLSchema, policy: Policy): GraphQLSchema {
  const missing = uncoveredFields(unsized);
  if (missing.length) throw new Error(`no policy part for: ${missing.join(', ')} (add them to src/auth/parts.ts)`);
  // Inside the permission check (a refused agency learns nothing about sizes), before each mutation's resolver:
  // text longer than its column is BAD_USER_INPUT naming the field (src/validation/columns.ts).
  const schema = withInputLimits(unsized);
  const tree = ruleTree(schema, policy);
  // The resolvers as they were before shield wrapped them (undefined: graphql-js's default resolver).
  const original = new Map<string, GraphQLFieldResolver<unknown, unknown> | undefined>();
  forEachField(schema, (type, name, field) => original.set(`${type}.${name}`, field.resolve));
  const permissions = shield(tree, {
    fallbackRule: deny,
    allowExternalErrors: true,
    fallbackError: () => new DomainError(ErrorCode.FORBIDDEN, 'not allowed'),
    debug: false,
  } as never);
  const shielded = applyMiddleware(schema, permissions);
  // A field whose rule is the constant `allow` (every agency may read its part under the policy in force) gets
  // its own resolver back: shield's wrapper would only turn each of thousands of plain fields into a promise
  // for a check that cannot fail (measured: 1.7× on a page of 1,000 plots). Every other field, and any field
  // the tree does not name, keeps shield's check (fallbackRule: deny).
  //
  // Likewise a field whose part is already checked on every way to its object: when every field returning
  // type T (e.g. Plot.stageHistory for StageEvent) has part P, an object of type T is only ever reached after
  // P's check passed for this principal, so T's own P fields would repeat that check (same rule, same answer)
  // and are not wrapped. Fields of any other part keep their check.
  const guard = guardingParts(schema);
  forEachField(shielded, (type, name, field) => {
    const unwrap = (tree[type] as Record<string, ShieldRule> | undefined)?.[name] === allow || (guard.get(type) != null && guard.get(type) === partOf(type, name));
    if (unwrap) field.resolve = original.get(`${type}.${name}`);
  });
  // A subscription field's resolver runs once per event; shield wraps only that. Its part is checked when the
  // client subscribes, so a refused agency gets FORBIDDEN at once instead of a stream that never says so.
  const subscription = shielded.getSubscriptionType();
  for (const [name, field] of Object.entries(subscription?.getFields() ?? {})) {
    const part = partOf(subscription!.name, name)!;
    const subscribe = field.subscribe;
    if (!subscribe) continue;
    field.subscribe = (source, args, ctx: Context, info) => {
      if (!allows(policy, part, ctx.principal.agency, 'read') || !(CONDITIONS[part]?.(ctx) ?? true)) {
        throw new DomainError(ErrorCode.FORBIDDEN, `${ctx.principal.agency} (${ctx.principal.level.toLowerCase()} scope) may not read ${part}`, { part });
      }
      return subscribe(source, args, ctx, info);
    };
  }
  return shielded;
}

/**
 * For each object type, the one part read by every field that returns it, or null when the ways to it differ
 * in part, include a mutation (which checks write, not read) or go through an interface or union.
 * Root types are never guarded.
 */
export function guardingParts(schema: GraphQLSchema): Map<string, Part | null> {
  const roots = new Set([schema.getQueryType()?.name, schema.getMutationType()?.name, schema.getSubscriptionType()?.name]);
  const guard = new Map<string, Part | null>();
  const mark = (target: string, part: Part | null) => {
    if (roots.has(target)) return;
    const seen = guard.get(target);
    guard.set(target, seen === undefined ? part : seen === part ? part : null);
  };
  forEachField(schema, (type, name, field) => {
    const named = getNamedType(field.type);
    const viaMutation = type === schema.getMutationType()?.name;
    if (isObjectType(named)) mark(named.name, viaMutation ? null : (partOf(type, name) ?? null));
    else if (isAbstractType(named)) for (const t of schema.getPossibleTypes(named)) mark(t.name, null);
  });
  return guard;
}

function forEachField(schema: GraphQLSchema, fn: (type: string, name: string, field: GraphQLField<unknown, unknown>) => void) {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    for (const [name, field] of Object.entries(type.getFields())) fn(type.name, name, field);
  }
}
