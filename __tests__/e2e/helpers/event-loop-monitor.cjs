"use strict";

/**
 * Preloaded into the app server (`node --require`) by tests that measure its
 * event loop. On SIGUSR2 it writes the worst and 99th-percentile delay since
 * the last report, and the garbage-collection pauses in that time, to
 * EVENT_LOOP_REPORT_FILE, then starts over.
 */

const { writeFileSync } = require("node:fs"); // eslint-disable-line @typescript-eslint/no-require-imports -- preloaded by Node as CommonJS
const { PerformanceObserver, monitorEventLoopDelay } = require("node:perf_hooks"); // eslint-disable-line @typescript-eslint/no-require-imports -- as above

const reportFile = process.env.EVENT_LOOP_REPORT_FILE;
if (reportFile) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  let gcPausesMs = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcPausesMs.push(entry.duration);
  }).observe({ entryTypes: ["gc"] });
  process.on("SIGUSR2", () => {
    const report = {
      maxMs: histogram.max / 1e6,
      p99Ms: histogram.percentile(99) / 1e6,
      samples: histogram.count,
      gcPausesMs,
    };
    histogram.reset();
    gcPausesMs = [];
    writeFileSync(reportFile, JSON.stringify(report));
  });
}
