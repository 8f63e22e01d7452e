import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export default {
  mode: 'production',
  target: 'web',
  context: here,
  entry: './src/index.js',
  output: { path: path.join(here, 'dist'), filename: 'main.js', publicPath: 'auto', clean: true },
  experiments: { asyncWebAssembly: true },
  devtool: false,
  performance: { hints: false },
};
