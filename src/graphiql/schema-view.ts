import {
  GraphQLSchema, IntrospectionField, IntrospectionInputValue, IntrospectionQuery, IntrospectionType, IntrospectionTypeRef, introspectionFromSchema,
} from 'graphql';
import type { Principal } from '../auth/principal';
import { partOf } from '../auth/parts';
import { mayUse } from '../auth/permissions';
import type { Policy } from '../auth/policy';

/** The named type at the bottom of a (list / non-null) type reference. */
function named(ref: IntrospectionTypeRef): string {
  let r = ref as { kind: string; name?: string | null; ofType?: IntrospectionTypeRef | null };
  while (r.ofType) r = r.ofType as typeof r;
  return r.name!;
}

/**
 * The schema as one token may use it, for the console's GraphiQL (docs, autocompletion, validation in the
 * editor): the introspection of the served schema with every object field the token's agency may not read
 * (a mutation: write) left out, by the same policy table and field → part map as the permission layer
 * (src/auth/permissions.ts), then every type no longer reachable from a root. An object type whose fields are
 * all gone goes, and so do the fields that return it (repeated until nothing changes), so the result is a
 * valid schema. Input types and enums of the remaining fields stay as they are.
 *
 * This is a view for people, not the enforcement: /graphql's own introspection is unchanged (the same for every
 * token, as API clients and code generators expect), and every request is still checked field by field.
 */
export function schemaViewFor(schema: GraphQLSchema, policy: Policy, principal: Principal): IntrospectionQuery {
  const full = introspectionFromSchema(schema, { descriptions: true, directiveIsRepeatable: true, specifiedByUrl: true });
  const roots = full.__schema;
  const mutation = roots.mutationType?.name;
  const rootNames = new Set([roots.queryType?.name, roots.mutationType?.name, roots.subscriptionType?.name].filter(Boolean) as string[]);
  const allowed = (type: string, field: string) => {
    const part = partOf(type, field);
    return !!part && mayUse(policy, principal, part, type === mutation ? 'write' : 'read');
  };
  // Objects with the fields the token may use.
  const types = new Map<string, IntrospectionType>(full.__schema.types.map((t) => [t.name, t.kind === 'OBJECT' && !t.name.startsWith('__')
    ? { ...t, fields: (t.fields as readonly IntrospectionField[]).filter((f) => allowed(t.name, f.name)) }
    : t]));
  // Drop emptied objects and the fields that return them, until stable.
  for (let changed = true; changed;) {
    changed = false;
    for (const [name, t] of types) {
      if (t.kind !== 'OBJECT' || name.startsWith('__')) continue;
      const fields = (t.fields as readonly IntrospectionField[]).filter((f) => types.has(named(f.type)));
      if (fields.length !== t.fields.length) { types.set(name, { ...t, fields }); changed = true; }
      if (fields.length === 0 && !(name === roots.queryType?.name)) { types.delete(name); changed = true; }
    }
  }
  // Keep what a root (or introspection itself) reaches.
  const reached = new Set<string>();
  const visit = (name: string) => {
    if (reached.has(name) || !types.has(name)) return;
    reached.add(name);
    const t = types.get(name)! as IntrospectionType & { fields?: readonly IntrospectionField[]; inputFields?: readonly IntrospectionInputValue[]; interfaces?: readonly IntrospectionTypeRef[]; possibleTypes?: readonly IntrospectionTypeRef[] };
    for (const f of t.fields ?? []) { visit(named(f.type)); f.args.forEach((a) => visit(named(a.type))); }
    for (const f of t.inputFields ?? []) visit(named(f.type));
    for (const i of t.interfaces ?? []) visit(named(i));
    for (const p of t.possibleTypes ?? []) visit(named(p));
  };
  for (const r of rootNames) visit(r);
  for (const t of types.keys()) if (t.startsWith('__') || ['String', 'Boolean', 'Int', 'Float', 'ID'].includes(t)) visit(t);
  for (const d of full.__schema.directives) d.args.forEach((a) => visit(named(a.type)));
  const keep = (ref: { name: string } | null | undefined) => (ref && reached.has(ref.name) ? ref : null);
  return {
    __schema: {
      ...full.__schema,
      queryType: full.__schema.queryType,
      mutationType: keep(full.__schema.mutationType),
      subscriptionType: keep(full.__schema.subscriptionType),
      types: full.__schema.types.filter((t) => reached.has(t.name)).map((t) => types.get(t.name)!),
    },
  } as IntrospectionQuery;
}

/** One view per agency and level (what mayUse depends on), computed once per process. */
export function schemaViews(schema: GraphQLSchema, policy: Policy) {
  const cache = new Map<string, string>();
  return (principal: Principal): string => {
    const key = `${principal.agency}:${principal.level}`;
    let json = cache.get(key);
    if (!json) cache.set(key, (json = JSON.stringify({ data: schemaViewFor(schema, policy, principal) })));
    return json;
  };
}
