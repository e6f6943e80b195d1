/**
 * Packages the README's Rollup and webpack routes name but the repo does not install
 * (`@rollup/plugin-typescript`, `ts-loader`): each stand-in compiles TypeScript with the project's
 * `typescript` (transpileModule), so the README configs run as written. Written into the route
 * project's node_modules under the real names; the sites asserted come from statetrail's plugin, which
 * runs before them either way.
 */
export const rollupPluginTypescript = {
  'node_modules/@rollup/plugin-typescript/package.json': JSON.stringify({
    name: '@rollup/plugin-typescript',
    type: 'module',
    exports: './index.js',
  }),
  'node_modules/@rollup/plugin-typescript/index.js': `import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';

export default function typescript() {
  return {
    name: 'typescript',
    resolveId(source, importer) {
      if (!importer || !source.startsWith('.')) return null;
      const file = resolve(dirname(importer), source.replace(/\\.js$/, '') + '.ts');
      return existsSync(file) ? file : null;
    },
    transform(code, id) {
      if (!id.endsWith('.ts')) return null;
      const out = ts.transpileModule(code, {
        fileName: id,
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: true },
      });
      return { code: out.outputText.replace(/\\/\\/# sourceMappingURL=.*$/m, ''), map: out.sourceMapText };
    },
  };
}
`,
};

export const tsLoader = {
  'node_modules/ts-loader/package.json': JSON.stringify({ name: 'ts-loader', main: 'index.js' }),
  'node_modules/ts-loader/index.js': `const ts = require('typescript');

module.exports = function tsLoader(code) {
  const out = ts.transpileModule(code, {
    fileName: this.resourcePath,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: true },
  });
  this.callback(null, out.outputText.replace(/\\/\\/# sourceMappingURL=.*$/m, ''), out.sourceMapText);
};
`,
};
