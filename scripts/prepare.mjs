// npm's `prepare`: builds dist/ and bundle/ wherever orgmock is installed from its
// sources (a git URL, a folder, `npm ci` in a clone), so the package is never empty.
// Skipped where the sources are not there yet: the Docker build installs
// dependencies from package.json alone, then copies src/ and builds.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('src/index.ts') || !existsSync('node_modules/typescript')) {
  console.log('orgmock prepare: no sources or no dev dependencies here, nothing to build');
} else {
  execSync('npm run build', { stdio: 'inherit' });
}
