// One ESLint run over every workspace (`npm run lint`). TypeScript files get typescript-eslint's
// strict type-checked rules through the project service (each file is checked against the
// tsconfig that owns it); files no tsconfig owns get the same strict rules without type
// information. The import-boundary rules at the end replace the old regex boundary test;
// backend/test/lint/import-boundaries.test.ts proves they fire.
import js from '@eslint/js';
import nextPlugin from '@next/eslint-plugin-next';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Files a tsconfig includes, so type-aware rules can run on them. e2e/ and scripts/ have no
 * tsconfig (e2e code also runs inside the page, with DOM types): they get the rules that need
 * no type information.
 */
const TYPED = [
  'backend/src/**/*.ts',
  'backend/test/**/*.ts',
  'bench/**/*.ts',
  'frontend/**/*.{ts,tsx}',
  'contract/src/**/*.ts',
];

// A relative specifier that climbs out of engine/ into one of the server layers. Over-matching
// (an engine subfolder named like a layer) is harmless: there is none.
const SERVER_LAYER = String.raw`^(\.\./)+(api|db|tasks|services)(/|\.js$|$)`;
const SERVER_PACKAGE = String.raw`^(fastify|@fastify/.*|fastify-.*|better-sqlite3|drizzle.*)$`;
const BACKEND = String.raw`^((\.\./)+backend(/|$)|@storyflow/backend(/|$))`;

// no-restricted-imports sees `import … from` and `export … from`; these selectors catch `import()`
// and `require()`. esquery ends a selector's regex at the first "/", so slashes are written \x2F.
const noDynamicImportOf = (regex, message) => {
  const inSelector = regex.replaceAll('/', String.raw`\x2F`);
  return [
    { selector: `ImportExpression[source.value=/${inSelector}/]`, message },
    { selector: `CallExpression[callee.name='require'][arguments.0.value=/${inSelector}/]`, message },
  ];
};

const ENGINE_MESSAGE =
  'engine/ is a library: it imports nothing of api/, db/, tasks/, services/, Fastify or SQLite (STYLE §1).';
const FRONTEND_MESSAGE = 'The web app imports nothing of the backend; shapes come from @storyflow/contract.';
const TYPE_ONLY_MESSAGE = 'Only `import type` from here: zod must not reach the browser bundle.';

export default defineConfig([
  globalIgnores([
    '**/node_modules/',
    '**/dist/',
    'frontend/.next/',
    'frontend/next-env.d.ts',
    'coverage/',
    'data/',
    'models/',
    'test-results/',
    'backend/test/fixtures/',
  ]),

  js.configs.recommended,
  tseslint.configs.strict,

  {
    files: TYPED,
    extends: [tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: {
        // bench/ belongs to backend/tsconfig.json's program but has no tsconfig of its own to be found by.
        projectService: { allowDefaultProject: ['bench/*.ts'], defaultProject: 'backend/tsconfig.json' },
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },

  {
    files: ['**/*.{ts,tsx,mjs,js}'],
    languageOptions: { globals: globals.node },
    rules: {
      // `_name` marks a parameter a signature requires but the body does not use.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },

  {
    files: TYPED,
    rules: {
      // Numbers and booleans in template strings are how messages and ffmpeg args are built.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // `onClick={() => setOpen(false)}`, `() => resolve()` and `return reject(err)` as an early
      // exit from a void function are the code's idiom; a void value used as a value is still reported.
      '@typescript-eslint/no-confusing-void-expression': [
        'error',
        { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true },
      ],
      // Fastify plugins and handlers are async by Fastify's convention (an async plugin needs no
      // `done` callback), and test fakes implement async interfaces; a promise left unawaited is
      // still reported by no-floating-promises.
      '@typescript-eslint/require-await': 'off',
      // It trusts TypeScript's narrowing, which cannot see that an await or a callback changes
      // `signal.aborted` or a flag, nor that jsdom lacks DOM methods the types promise: all 16
      // reports in the tree were such checks, and obeying one would delete a needed cancel check.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // Node's fs calls reject with NodeJS.ErrnoException; annotating the callback says so,
      // and the `as` cast the rule asks for instead adds no safety.
      '@typescript-eslint/use-unknown-in-catch-callback-variable': 'off',
      // Rejecting with an AbortSignal's reason (typed `any`) is how cancellation propagates.
      '@typescript-eslint/prefer-promise-reject-errors': [
        'error',
        { allowThrowingAny: true, allowThrowingUnknown: true },
      ],
    },
  },

  {
    files: ['**/*.{ts,tsx,mjs,js}'],
    rules: {
      // noUncheckedIndexedAccess is on, so every `xs[i]` is `T | undefined`; `xs[i]!` after a
      // bounds-checked loop or a length assertion is how this code states what it knows (170
      // places, many in the per-frame loops of the renderer where a check per access costs).
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },

  {
    files: ['backend/test/**/*.ts', 'frontend/test/**/*.{ts,tsx}', 'e2e/**/*.ts'],
    rules: {
      // light-my-request's `res.json()` is `any` by design; the tests assert on it with expect,
      // which is where a wrong shape fails.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      // Tests save a prototype method to restore it afterwards; nothing calls it unbound.
      '@typescript-eslint/unbound-method': 'off',
    },
  },

  {
    files: ['frontend/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    settings: { next: { rootDir: 'frontend/' } },
    extends: [reactHooks.configs.flat['recommended-latest'], nextPlugin.configs['core-web-vitals']],
    rules: {
      'react-hooks/exhaustive-deps': 'error',
      // The React Compiler's "you might not need an effect" rules report the hand-rolled loading
      // effects and latest-callback refs (10 places) that the move to TanStack Query (issue 9
      // item 3) replaces; switch them on once that has landed rather than rewrite them twice.
      'react-hooks/set-state-in-effect': 'off',
      'react-hooks/refs': 'off',
    },
  },

  // Import boundaries (STYLE §1, issue 9).
  {
    files: ['backend/src/engine/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: SERVER_LAYER, message: ENGINE_MESSAGE },
            { regex: SERVER_PACKAGE, message: ENGINE_MESSAGE },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        ...noDynamicImportOf(SERVER_LAYER, ENGINE_MESSAGE),
        ...noDynamicImportOf(SERVER_PACKAGE, ENGINE_MESSAGE),
      ],
    },
  },
  {
    files: ['frontend/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@storyflow/contract', message: TYPE_ONLY_MESSAGE, allowTypeImports: true },
            { name: 'zod', message: TYPE_ONLY_MESSAGE, allowTypeImports: true },
          ],
          patterns: [
            { regex: BACKEND, message: FRONTEND_MESSAGE },
            {
              regex: String.raw`^(\.\./)+contract(/|$)`,
              message: 'Import the contract by its package name, @storyflow/contract.',
            },
            { regex: '^(@storyflow/contract|zod)/', message: TYPE_ONLY_MESSAGE, allowTypeImports: true },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        ...noDynamicImportOf(BACKEND, FRONTEND_MESSAGE),
        ...noDynamicImportOf('^(@storyflow/contract|zod)($|/)', TYPE_ONLY_MESSAGE),
      ],
    },
  },
]);
