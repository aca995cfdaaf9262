export { buildApp, type AppOptions } from './app.js';
export { Store } from './store/store.js';
export { fixedClock, systemClock, type Clock } from './clock.js';
export { loadFixtures, defaultFixturesDir, FixtureError, type Fixtures } from './fixtures.js';
export { providers } from './providers/index.js';
export type { Provider } from './providers/types.js';
