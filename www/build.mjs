// Runs webpack with webpack.config.mjs (node build.mjs); prints the emitted assets.
import webpack from 'webpack';
import config from './webpack.config.mjs';

webpack(config).run((err, stats) => {
  if (err || stats.hasErrors()) {
    console.error(err ?? stats.toString({ all: false, errors: true }));
    process.exit(1);
  }
  for (const [name, asset] of Object.entries(stats.compilation.assets)) console.log(`  ${name}  ${asset.size()} bytes`);
});
