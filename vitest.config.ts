import { defineConfig } from 'vitest/config';

/**
 * Five suites (test/unit, test/integration, test/e2e, test/infra with test/iac: the broker-contents constructs, test/ui:
 * the web UI in a browser). One DynamoDB Local is started for the whole
 * run by the global setup; each test file creates its own table in it.
 */
export default defineConfig({
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    // Handlers log every request; keep test output to warnings and errors.
    // No authorizer verdict cache, so tests see a revocation at once.
    env: { LOG_LEVEL: 'WARN', AUTH_CACHE_TTL_MS: '0' },
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'] } },
      { extends: true, test: { name: 'infra', include: ['test/infra/**/*.test.ts', 'test/iac/**/*.test.ts'] } },
      // The web UI in headless Chromium against the local broker (test/ui/browser.ts).
      { extends: true, test: { name: 'ui', include: ['test/ui/**/*.test.ts'] } },
    ],
  },
});
