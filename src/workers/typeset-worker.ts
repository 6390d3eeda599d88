/** Worker-thread entry: typesets one PDF per task. Modules and fonts load as the worker starts. */
import { runPdfJob, warmUp } from './typeset-job.js';

await warmUp();

export default runPdfJob;
