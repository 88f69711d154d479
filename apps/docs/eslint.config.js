// The repository's config, plus the site's generated folders.
import { defineConfig } from 'eslint/config';
import root from '../../eslint.config.js';

export default defineConfig(
  { ignores: ['.vitepress/dist/**', '.vitepress/cache/**', 'api/**', 'test-results/**', 'test/.samples/**'] },
  root,
);
