import fs from 'node:fs'
import path from 'node:path'
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import importX from 'eslint-plugin-import-x'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'

// Module faces (docs: CONTRIBUTING.md): a file of src/modules/<m>/ imports another module only through its
// index.ts. Table files (*schema.ts) may also import other modules' table files, for foreign keys.
const modulesDir = 'src/modules'
const moduleNames = fs
  .readdirSync(modulesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
const moduleFaceZones = moduleNames.flatMap((name) => {
  const others = moduleNames.filter((other) => other !== name).map((other) => path.resolve(modulesDir, other, '**'))
  const message = `Import another module through its index.ts (src/modules/${name} may not reach into another module's files).`
  return [
    { target: `${modulesDir}/${name}/**/!(*schema).ts`, from: others, except: ['**/index.ts'], message },
    { target: `${modulesDir}/${name}/**/*schema.ts`, from: others, except: ['**/index.ts', '**/*schema.ts'], message },
  ]
})

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'web/dist', 'data', 'src/db/migrations'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'eval/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
      'import-x/extensions': ['.ts', '.tsx', '.js'],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: moduleFaceZones }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    // Table files reference each other's columns through thunks (`references(() => users.id)`), evaluated after
    // every module has loaded, so a cycle between them is safe; the faces rule above still applies to them.
    files: ['src/modules/**/schema.ts', 'src/modules/identity/users-schema.ts', 'src/modules/analysis/schedule-schema.ts'],
    rules: { 'import-x/no-cycle': 'off' },
  },
)
