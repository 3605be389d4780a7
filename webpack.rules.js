// Module rules shared by the AMD bundle (webpack.config.js) and the JupyterLab
// federated extension (webpack.lab.js, merged into @jupyterlab/builder's config).
module.exports = {
  wasm: { test: /\.wasm$/, type: 'asset/resource', generator: { filename: 'wasm/[name][ext]' } },
  css: { test: /\.css$/, use: ['style-loader', 'css-loader'] }
};
