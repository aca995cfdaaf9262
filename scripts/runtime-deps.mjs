// Copies the packages the built server loads from node_modules at run time, and
// only those, into <out>/node_modules: what the Docker runtime image carries
// instead of the build tree. Everything else is inside bundle/ (esbuild).
//   the packages the bundle leaves out (EXTERNAL in scripts/build-server.mjs):
//                        Swagger UI, Fastify's schema compilers
//   compiled addons      (ADDONS there): better-sqlite3's .node file and package.json
//                        only; its JavaScript is in the bundle
//   preact, htm          the dashboard's modules, served to the browser from node_modules
// Each is copied with its own dependencies (package.json `dependencies`, found as
// Node resolves them), at the same relative path.
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ADDONS, EXTERNAL } from './build-server.mjs';

const addonFiles = new Map(ADDONS);
export const RUNTIME_PACKAGES = [...EXTERNAL, ...addonFiles.keys(), 'preact', 'htm'];

const root = process.cwd();
const out = process.argv[2];
if (!out) {
  console.error('usage: node scripts/runtime-deps.mjs OUTDIR');
  process.exit(2);
}

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const declared = readJson(join(root, 'package.json')).dependencies ?? {};
const copied = new Set();

/** The folder Node would load `name` from, starting at `fromDir`. */
function locate(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || dir === dirname(dir)) throw new Error(`runtime-deps: cannot find ${name} from ${fromDir}`);
  }
}

function copyPackage(dir) {
  const rel = relative(root, dir);
  if (copied.has(rel)) return;
  copied.add(rel);
  const pkg = readJson(join(dir, 'package.json'));
  const target = join(out, rel);
  const addon = addonFiles.get(pkg.name);
  if (addon !== undefined) {
    // Resolving the addon's path needs the package.json; nothing else of the package runs.
    mkdirSync(join(target, dirname(addon)), { recursive: true });
    for (const part of ['package.json', 'LICENSE'])
      if (existsSync(join(dir, part))) cpSync(join(dir, part), join(target, part));
    cpSync(join(dir, addon), join(target, addon));
    return;
  }
  cpSync(dir, target, { recursive: true, filter: (src) => !relative(dir, src).split('/').includes('node_modules') });
  for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
    let found;
    try {
      found = locate(dep, dir);
    } catch (err) {
      if (pkg.optionalDependencies?.[dep]) continue;
      throw err;
    }
    copyPackage(found);
  }
}

for (const name of RUNTIME_PACKAGES) {
  // A package the project does not depend on (yet) is not needed at run time.
  if (!Object.hasOwn(declared, name)) continue;
  copyPackage(locate(name, root));
}
console.log(`runtime-deps: ${copied.size} packages into ${join(out, 'node_modules')}`);
