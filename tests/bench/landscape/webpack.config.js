// Bundles page.js for the loss-landscape benchmark, as the attribution benchmark bundles its page.
const path = require('path');
const attribution = require('../attribution/webpack.config.js');

module.exports = env => ({ ...attribution(env), entry: path.resolve(__dirname, 'page.js') });
