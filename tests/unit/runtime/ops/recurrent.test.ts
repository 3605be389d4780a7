import { runOpCases } from './cases';

runOpCases('recurrent');
