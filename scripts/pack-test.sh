#!/usr/bin/env bash
# The package as another project gets it: `npm pack`, the tarball installed into
# a fresh project, a TypeScript file that imports startOrgMock type-checked with
# skipLibCheck false and run, `npx orgmock --version`, and require('orgmock').
# Slow (it installs and builds better-sqlite3): run by .ci/run, not by `npm test`.
# ORGMOCK_PACK_SOURCES="tarball git folder" also installs from a git URL and a folder.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/orgmock-pack-XXXXXX")"
trap 'rm -rf "$work"' EXIT
version="$(node -p "require('$root/package.json').version")"
ts_version="$(node -p "require('$root/node_modules/typescript/package.json').version")"
types_node="$(node -p "require('$root/node_modules/@types/node/package.json').version")"

echo "pack-test: packing $root"
(cd "$root" && npm pack --pack-destination "$work" >"$work/pack.log" 2>&1) || { cat "$work/pack.log"; exit 1; }
tarball="$(ls "$work"/orgmock-*.tgz)"
# What the tarball holds: the built library, the CLI bundle, fixtures, the dashboard; no sources or tests.
listing="$(tar -tzf "$tarball")"
for need in package/dist/index.js package/dist/index.d.ts package/dist/cli.js package/bundle/cli.js \
  package/fixtures/junction.json package/LICENSE package/README.md; do
  grep -qx "$need" <<<"$listing" || { echo "pack-test: $need is missing from the tarball"; exit 1; }
done
if grep -qE '^package/(src|test|bench)/' <<<"$listing"; then echo "pack-test: sources or tests in the tarball"; exit 1; fi

check_project() {
  local name="$1" spec="$2" dir="$work/$1"
  echo "pack-test: [$name] npm install $spec"
  mkdir -p "$dir"
  cat >"$dir/package.json" <<JSON
{ "name": "consumer-$name", "private": true, "type": "module" }
JSON
  (cd "$dir" && npm install --no-audit --no-fund --loglevel=error "$spec" "typescript@$ts_version" "@types/node@$types_node" >/dev/null)
  cat >"$dir/tsconfig.json" <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "strict": true,
    "skipLibCheck": false,
    "types": ["node"],
    "outDir": "out"
  },
  "include": ["main.ts"]
}
JSON
  cat >"$dir/main.ts" <<'TS'
import { startOrgMock, type OrgMock, type VendorName } from 'orgmock';

const vendor: VendorName = 'junction';
const mock: OrgMock = await startOrgMock();
const { headers } = await mock.mintToken(vendor, '8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d');
const res = await fetch(`${mock.url}/v1/org/8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`, {
  method: 'PATCH',
  headers: { ...headers, 'content-type': 'application/json' },
  body: '{"name":"From another project"}',
});
const body = (await res.json()) as { name?: string };
await mock.close();
if (res.status !== 200 || body.name !== 'From another project') throw new Error(`unexpected ${res.status}`);
console.log('consumer ok');
TS
  (cd "$dir" && npx tsc -p tsconfig.json && node out/main.js)
  local shown
  shown="$(cd "$dir" && npx --no-install orgmock --version)"
  [ "$shown" = "$version" ] || { echo "pack-test: [$name] npx orgmock --version said '$shown', not $version"; exit 1; }
  # CommonJS: require(esm) where Node has it, a clear error where it does not.
  (cd "$dir" && node -e "
    let m; try { m = require('orgmock'); } catch (e) { if (!/ES module/.test(e.message)) throw e; console.log('require: ' + e.message); process.exit(0); }
    if (typeof m.startOrgMock !== 'function') throw new Error('require(orgmock) has no startOrgMock');
    console.log('require: ok');
  ")
  echo "pack-test: [$name] ok"
}

for source in ${ORGMOCK_PACK_SOURCES:-tarball}; do
  case "$source" in
    tarball) check_project tarball "$tarball" ;;
    git) check_project git "git+file://$root" ;;
    folder) check_project folder "$root" ;;
    *) echo "pack-test: unknown source $source"; exit 2 ;;
  esac
done
echo "pack-test: passed"
