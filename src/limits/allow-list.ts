import crypto from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context';
import { DomainError, ErrorCode } from '../errors';

export const operationId = (document: string) => crypto.createHash('sha256').update(document).digest('hex');

/**
 * The operation allow-list (production option): a client may run only the documents it registered
 * (`npm run token -- --allow <clientId> --file op.graphql`), identified by the SHA-256 of the document text
 * (the persisted-query id). Anything else is FORBIDDEN before it executes.
 */
export function allowListPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, contextValue }) {
          const clientId = contextValue.principal.clientId;
          if (clientId == null) return;
          const id = (request.extensions?.persistedQuery as { sha256Hash?: string } | undefined)?.sha256Hash ?? operationId(request.query ?? '');
          const rows = await contextValue.em.getConnection().execute(`select 1 from client_operation where client_id = ? and sha256 = ?`, [clientId, id]);
          if (!rows.length) throw new DomainError(ErrorCode.FORBIDDEN, `operation ${id.slice(0, 12)}… is not registered for this client`, { operationId: id, http: { status: 403 } });
        },
      };
    },
  };
}
