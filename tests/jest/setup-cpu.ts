/**
 * Jest setup of the `unit` project: the tfjs CPU backend, the reference every other backend is
 * compared with.
 */
import * as tf from '@tensorflow/tfjs';

import { assertTestBackend } from './backend';

// Quiets tfjs's "install tfjs-node" banner; tests compare numbers, they do not need the speed.
tf.env().set('IS_TEST', true);

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  assertTestBackend();
});
