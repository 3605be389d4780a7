import { runOpCases } from './cases';

runOpCases('nn_pool');
