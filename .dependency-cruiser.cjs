/**
 * The project's import rules, checked by `npm test` (server/test/structure.unit.test.ts) and by
 * `npx depcruise --config .dependency-cruiser.cjs server/src contract web/src scripts bench`.
 *
 * Server modules stand on floors: a module imports only modules on lower floors, never one on its
 * own floor or above, so module dependencies run one way and no two modules can import each
 * other (directly or round a loop). A new module takes a floor here (docs/ARCHITECTURE.md, "Adding
 * a module"). Tests may import anything.
 */
const FLOORS = [
  ['audit', 'files'],
  // jobs: an import's start is recorded in the audit trail (jobs/import-job.ts startImport)
  ['jobs', 'regions', 'occupations'],
  ['accounts', 'people', 'signing'],
  ['auth'],
  ['institutions'],
  ['staff'],
  ['specs'],
  ['certificates'],
  ['verification'],
  ['credentials'],
  ['assessment'],
  ['pathways'],
  // a training-subsidy claim reads the class, its hours and completions (training/claim-source.ts)
  ['training'],
  ['subsidies'],
  ['targets'],
  ['catalog', 'home', 'system', 'me', 'supervision'],
];

const NOT_TEST = '\\.test\\.ts$|^server/test/';
const alt = (names) => `(${names.join('|')})`;

const floorRules = FLOORS.flatMap((floor, i) =>
  floor.map((module) => {
    const others = [...floor.filter((m) => m !== module), ...FLOORS.slice(i + 1).flat()];
    return {
      name: `floor-${module}`,
      comment: `${module} (floor ${i + 1}) may import only modules on lower floors: ${FLOORS.slice(0, i).flat().join(', ') || 'none'}`,
      severity: 'error',
      from: { path: `^server/src/modules/${module}/`, pathNot: NOT_TEST },
      to: { path: others.length ? `^server/src/modules/${alt(others)}/` : '^$' },
    };
  }),
);

module.exports = {
  forbidden: [
    ...floorRules,
    {
      name: 'module-without-floor',
      comment: 'every server module has a floor in .dependency-cruiser.cjs',
      severity: 'error',
      from: { path: '^server/src/modules/', pathNot: `^server/src/modules/${alt(FLOORS.flat())}/` },
      to: {},
    },
    {
      name: 'no-circular',
      comment: 'no file imports itself round a loop',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'low-layers-stay-low',
      comment: 'lib and database serve every module and import none (nor plugins, seed or app)',
      severity: 'error',
      from: { path: '^server/src/(lib|database)/', pathNot: NOT_TEST },
      to: { path: '^server/src/(modules|plugins|seed|app\\.ts|platform\\.ts)' },
    },
    {
      name: 'modules-below-plugins',
      comment: 'modules are used by plugins and app.ts, not the other way round',
      severity: 'error',
      from: { path: '^server/src/modules/', pathNot: NOT_TEST },
      to: { path: '^server/src/(plugins/(?!types\\.ts)|seed/|app\\.ts|main\\.ts)' },
    },
    {
      name: 'contract-is-shared',
      comment: 'contract/ is shared by server and web: it imports neither, nor Node',
      severity: 'error',
      from: { path: '^contract/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(server|web)/|^node:|^(fs|path|crypto|os)$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'web-not-server',
      comment: 'the web client talks to the server over HTTP only',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^server/' },
    },
    {
      name: 'server-not-web',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^web/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(web/dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
