// Extra webpack config for `jupyter labextension build` (merged by @jupyterlab/builder):
// the tfjs WASM binaries ship as files next to the federated chunks.
const rules = require('./webpack.rules');

module.exports = {
  module: { rules: [rules.wasm] }
};
