import { runOpCases } from './cases';

runOpCases('tensor_index');
