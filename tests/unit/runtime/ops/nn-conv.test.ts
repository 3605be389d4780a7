import { runOpCases } from './cases';

runOpCases('nn_conv');
