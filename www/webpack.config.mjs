// The demo app, bundled as VA.gov bundles the package: webpack 5, the packed tarball installed
// as a dependency, `experiments.asyncWebAssembly`. index.html and style.css are emitted as is.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const STATIC = ['index.html', 'style.css'];

class EmitStatic {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('EmitStatic', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'EmitStatic', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        for (const f of STATIC) {
          const file = path.join(here, 'src', f);
          compilation.fileDependencies.add(file);
          compilation.emitAsset(f, new compiler.webpack.sources.RawSource(fs.readFileSync(file)));
        }
      });
    });
  }
}

export default {
  mode: 'production',
  target: 'web',
  context: here,
  entry: './src/main.js',
  output: { path: path.join(here, 'dist'), filename: 'main.js', publicPath: '/', clean: true },
  experiments: { asyncWebAssembly: true },
  devtool: false,
  performance: { hints: false },
  plugins: [new EmitStatic()],
};
