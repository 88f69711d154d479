// The default theme plus the live demos' components.
import DefaultTheme from 'vitepress/theme';
import type { Theme } from 'vitepress';
import MlpDemo from './MlpDemo.vue';
import GraphDemo from './GraphDemo.vue';
import EmbeddingExplorer from './EmbeddingExplorer.vue';
import './custom.css';

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('MlpDemo', MlpDemo);
    app.component('GraphDemo', GraphDemo);
    app.component('EmbeddingExplorer', EmbeddingExplorer);
  },
} satisfies Theme;
