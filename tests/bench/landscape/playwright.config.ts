/** Loss-landscape benchmark (not part of the normal test suite): run with tests/bench/landscape/run.sh. */
import { benchConfig } from '../shared/playwright-config';

export default benchConfig('landscape');
