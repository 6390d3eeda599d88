/** Worker-thread entry: typesets one PDF per task. Fonts and modules load once per worker. */
import { runPdfJob } from './typeset-job.js';

export default runPdfJob;
