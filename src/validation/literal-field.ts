import { ASTNode, GraphQLError, Kind, parse, visit } from 'graphql';

/**
 * The argument a value written in the query text belongs to, as a path (`year`, `input.name`): graphql-js
 * reports a literal its type refuses (`year: 99999999999`, `input: { listedOn: "2025-02-30" }`) with the value's
 * location but not the argument's name. Found by parsing the document again (only for a refused request).
 */
export function literalField(error: unknown): string | undefined {
  const e = error as GraphQLError;
  const node = e?.nodes?.[0];
  const body = e?.source?.body ?? node?.loc?.source.body;
  if (!node?.loc || typeof body !== 'string') return undefined;
  const start = node.loc.start;
  const names: string[] = [];
  let found: string | undefined;
  try {
    visit(parse(body, { maxTokens: 100_000 }), {
      enter(n: ASTNode) {
        if (found) return false;
        if (n.kind === Kind.ARGUMENT || n.kind === Kind.OBJECT_FIELD) names.push(n.name.value);
        if (n.loc && n.loc.start === start && n.kind === node.kind && names.length) found = names.join('.');
        return undefined;
      },
      leave(n: ASTNode) {
        if (n.kind === Kind.ARGUMENT || n.kind === Kind.OBJECT_FIELD) names.pop();
      },
    });
  } catch {
    return undefined;
  }
  return found;
}
