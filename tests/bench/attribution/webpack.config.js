// Bundles page.js (netlens's lib/ and tfjs with its WebGPU and WASM backends) for the attribution benchmark.
const path = require('path');

module.exports = env => ({
  mode: 'production',
  entry: path.resolve(__dirname, 'page.js'),
  output: { path: path.resolve(env.out), filename: 'bench.js' },
  // tfjs-backend-wasm references Node modules it only uses under Node.
  resolve: { extensions: ['.js'], fallback: { fs: false, path: false, worker_threads: false, perf_hooks: false, os: false, crypto: false } },
  performance: { hints: false },
  optimization: { splitChunks: false }
});
