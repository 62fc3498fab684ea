/**
 * Jest runs CommonJS; a few packages ship only ES modules (flatbush). Node itself loads them with require(esm);
 * Jest's module loader needs them transpiled, which TypeScript's transpiler does without type checking.
 */
const ts = require('typescript');

module.exports = {
  process(source, filename) {
    const out = ts.transpileModule(source, { fileName: filename, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, allowJs: true } });
    return { code: out.outputText };
  },
};
