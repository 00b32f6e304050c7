/**
 * dependency-cruiser: fails `npm run lint` on an import cycle in src/ (STYLE.md, "Traps seen elsewhere":
 * dispatchers that own their handlers' types). Type-only imports count: a cycle of types is still
 * two files that cannot be understood, moved or split apart.
 *
 * Run alone: `npx depcruise src --config .dependency-cruiser.cjs`.
 */

// Every import cycle is refused; the "One house" redesign broke the last ones (sandbox iam*, sts).
const knownCycleEdges = []

const exactly = (paths) => `^(${[...new Set(paths)].map((path) => path.replaceAll('.', '\\.')).join('|')})$`
const importers = [...new Set(knownCycleEdges.map(([from]) => from))]

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'This import closes an import cycle. Move what both files need into a third module (e.g. a types.ts both import).',
      severity: 'error',
      from: importers.length > 0 ? { pathNot: exactly(importers) } : {},
      to: { circular: true }
    },
    // The known edges' importers: a cycle through any of their other imports still fails.
    ...importers.map((from) => ({
      name: 'no-circular',
      comment: 'This import closes an import cycle. Move what both files need into a third module (e.g. a types.ts both import).',
      severity: 'error',
      from: { path: exactly([from]) },
      to: { circular: true, pathNot: exactly(knownCycleEdges.filter(([f]) => f === from).map(([, to]) => to)) }
    })),
    {
      name: 'no-unresolvable',
      comment: 'An import that cannot be resolved would hide its cycles; the resolver must see every file.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true }
    }
  ],
  options: {
    // Packages are leaves: they cannot import back into src/.
    doNotFollow: { path: '(^|/)node_modules/' },
    // Read imports as written, before TypeScript erases the type-only ones, so `import type` edges count.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Resolve as Node does for our ESM code (some packages export only an `import` condition).
    enhancedResolveOptions: { conditionNames: ['import', 'node', 'default'], exportsFields: ['exports'] }
  }
}
