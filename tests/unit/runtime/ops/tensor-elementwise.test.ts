import { runOpCases } from './cases';

runOpCases('tensor_elementwise');
