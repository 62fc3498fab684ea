/**
 * Which requests may go to a read replica (src/http.ts isReadOnly): the operation the request names, in a
 * document that may hold several. The answer is remembered per document text and operation name, so the
 * same text asked for its mutation must still go to the primary after its query was asked.
 */
import { isReadOnly } from '../../src/http';

const url = new URL('http://localhost/graphql');
const doc = `query Q { me { clientName } } mutation M { recordHiddenDangerCheck(input: {}) { id } }`;

describe('isReadOnly: a query by its operation, remembered per document and name', () => {
  it('the same document: its query is read-only, its mutation is not, however often and in whichever order asked', () => {
    const answers = ['Q', 'M', 'Q', 'M', 'M', 'Q'].map((operationName) => [operationName, isReadOnly({ query: doc, operationName }, url)]);
    expect(answers).toEqual([['Q', true], ['M', false], ['Q', true], ['M', false], ['M', false], ['Q', true]]);
  });

  it('no name with two operations, an unknown name, unparsable text, no query: not read-only (the primary answers)', () => {
    expect([
      isReadOnly({ query: doc }, url),
      isReadOnly({ query: doc, operationName: 'X' }, url),
      isReadOnly({ query: '{ me { ' }, url),
      isReadOnly({}, url),
    ]).toEqual([false, false, false, false]);
  });

  it('a GET takes the document and the name from the URL; a document longer than the memo keeps is still judged', () => {
    const get = new URL(`http://localhost/graphql?query=${encodeURIComponent(doc)}&operationName=Q`);
    const long = `# ${'x'.repeat(20_000)}\n${doc}`;
    expect([isReadOnly(undefined, get), isReadOnly({ query: long, operationName: 'Q' }, url), isReadOnly({ query: long, operationName: 'M' }, url)]).toEqual([true, true, false]);
  });
});
