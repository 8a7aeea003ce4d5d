// Every browser test: when it fails, leave screenshots, what was on screen and the servers' logs.
import { beforeEach } from 'vitest';
import { reportFailure } from './harness.js';

beforeEach((ctx) => ctx.onTestFailed(() => reportFailure(ctx.task.name)));
