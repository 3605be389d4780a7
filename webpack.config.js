// The self-contained AMD bundle, dist/index.js, for loaders outside JupyterLab
// (html-manager in exported HTML, Voilà, Colab, VS Code). JupyterLab itself uses the
// federated extension that `jupyter labextension build` makes (see package.json and
// webpack.lab.js). @jupyter-widgets/base stays external: the host page provides it.
const path = require('path');
const webpack = require('webpack');
const rules = require('./webpack.rules');
const version = require('./package.json').version;

module.exports = {
  entry: './lib/amd.js',
  output: {
    path: path.resolve(__dirname, 'dist'),
    filename: 'index.js',
    library: { type: 'amd' },
    publicPath: 'auto',
    clean: true
  },
  externals: ['@jupyter-widgets/base'],
  module: { rules: [rules.css, rules.wasm] },
  resolve: { extensions: ['.js'] },
  performance: { hints: false },
  devtool: 'source-map',
  // One bundle: loaders that fetch dist/index.js by URL cannot fetch lazy chunks reliably.
  optimization: { splitChunks: false },
  plugins: [
    new webpack.BannerPlugin({ banner: `netlens ${version} — AMD bundle` }),
    new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 })
  ]
};
