/* Runback's interval timer: the schedule, pure (no page, no clock). Given the segments
   and the milliseconds the session has run, it says where the runner is. The timer
   page (timer.js) measures those milliseconds from timestamps, so a phone that put the
   tab to sleep is still right when it wakes. */
(function (root) {
  "use strict";

  /* Each segment with its start and end in milliseconds from the session's start. */
  function build(segments) {
    var t = 0;
    return segments.map(function (segment) {
      var start = t;
      t += segment.seconds * 1000;
      return Object.assign({}, segment, { start: start, end: t });
    });
  }

  /* Where `elapsed` milliseconds fall: the segment's index and the time left in it;
     after the last one, done. */
  function at(plan, elapsed) {
    for (var i = 0; i < plan.length; i++) {
      if (elapsed < plan[i].end) {
        return { index: i, left: plan[i].end - Math.max(elapsed, 0), done: false };
      }
    }
    return { index: plan.length, left: 0, done: true };
  }

  /* The minutes of running and of walking done after `elapsed` milliseconds, to a tenth
     (the check-in's precision). */
  function minutesDone(plan, elapsed) {
    var ms = { run: 0, walk: 0 };
    plan.forEach(function (segment) {
      var spent = Math.min(Math.max(elapsed - segment.start, 0), segment.end - segment.start);
      ms[segment.kind] += spent;
    });
    function tenths(value) {
      return Math.round(value / 6000) / 10;
    }
    return { run: tenths(ms.run), walk: tenths(ms.walk) };
  }

  /* "4:05" for 245 000 ms left (whole seconds, rounded up: 0:00 only at the end). */
  function clock(ms) {
    var seconds = Math.max(Math.ceil(ms / 1000), 0);
    var rest = seconds % 60;
    return Math.floor(seconds / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  root.RunbackSchedule = { build: build, at: at, minutesDone: minutesDone, clock: clock };
})(self);
