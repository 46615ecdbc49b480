/* Runback's interval timer page. The segments come from the server (a JSON data block);
   RunbackSchedule (timer-schedule.js) says where the runner is. Time is measured from
   timestamps, never by counting ticks, so a tab that slept is right when it wakes. */
(function () {
  "use strict";
  var S = self.RunbackSchedule;
  var data = JSON.parse(document.getElementById("timer-data").textContent);
  var plan = S.build(data.segments);
  var $ = function (id) { return document.getElementById(id); };
  var root = $("timer");
  var toggle = $("timer-toggle");
  var finish = $("timer-finish");
  var announcer = $("timer-announce");
  var KEY = "runback.timer." + data.today + "." + plan.length + "." + (plan.length ? plan[plan.length - 1].end : 0);

  // elapsed = banked + (now - since) while running
  var state = { running: false, started: false, banked: 0, since: 0 };
  var shown = -1;
  var audio = null;
  var wakeLock = null;
  var ticker = null;
  var leaving = false;

  function now() { return Date.now(); }
  function elapsed() { return state.banked + (state.running ? now() - state.since : 0); }

  function save() {
    try { sessionStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }
  function restore() {
    try {
      var kept = JSON.parse(sessionStorage.getItem(KEY) || "null");
      if (kept && typeof kept.banked === "number") { state = kept; }
    } catch (e) { /* nothing kept */ }
  }

  /* The tones of a change: two high ones for run, one lower for walk, three at the end. */
  function tones(kind, at) {
    var high = kind === "run";
    var count = kind === "done" ? 3 : high ? 2 : 1;
    var made = [];
    for (var i = 0; i < count; i++) {
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.frequency.value = high ? 880 : kind === "done" ? 660 : 523;
      var start = at + i * 0.3;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.4, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.22);
      osc.connect(gain);
      gain.connect(audio.destination);
      osc.start(start);
      osc.stop(start + 0.25);
      made.push(osc);
    }
    return made;
  }

  /* Every change's tones are put on the audio clock in advance, so they sound on time
     even while the phone holds the page's timers back (screen off, in a pocket). */
  var scheduled = [];
  function cancelTones() {
    scheduled.forEach(function (osc) { try { osc.stop(); osc.disconnect(); } catch (e) { /* done */ } });
    scheduled = [];
  }
  function scheduleTones() {
    cancelTones();
    if (!audio) { return; }
    var e = elapsed();
    plan.forEach(function (segment) {
      if (segment.start > e) { scheduled = scheduled.concat(tones(segment.kind, audio.currentTime + (segment.start - e) / 1000)); }
    });
    var end = plan[plan.length - 1].end;
    scheduled = scheduled.concat(tones("done", audio.currentTime + (end - e) / 1000));
  }

  function speak(text) {
    var synth = self.speechSynthesis;
    if (!synth || !self.SpeechSynthesisUtterance) { return; }
    var lang = data.speech_lang;
    var voices = synth.getVoices();
    var voice = voices.filter(function (v) { return v.lang.replace("_", "-").indexOf(lang.slice(0, 2)) === 0; })[0];
    if (voices.length && !voice) { return; } // no voice for the page's language: the beep must do
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = lang;
    if (voice) { utterance.voice = voice; }
    synth.cancel();
    synth.speak(utterance);
  }

  function announce(text, kind, sound) {
    announcer.textContent = text;
    if (sound && audio) { tones(kind, audio.currentTime); }
    if (kind) {
      if (navigator.vibrate) { navigator.vibrate(kind === "run" ? [200, 100, 200] : kind === "done" ? [500, 150, 500] : [400]); }
    }
    speak(text);
  }

  function keepAwake() {
    if (!navigator.wakeLock || !state.running || document.visibilityState !== "visible" || wakeLock) { return; }
    navigator.wakeLock.request("screen").then(function (lock) {
      wakeLock = lock;
      lock.addEventListener("release", function () { wakeLock = null; });
    }).catch(function () { /* refused (battery saver): the timer still works */ });
  }
  function letSleep() {
    if (wakeLock) { wakeLock.release().catch(function () {}); wakeLock = null; }
  }

  function checkinUrl() {
    if (!state.started) { return data.checkin_url; } // nothing timed: the plain form
    var done = S.minutesDone(plan, Math.min(elapsed(), plan.length ? plan[plan.length - 1].end : 0));
    var d = new Date(now());
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var params = new URLSearchParams({
      type: data.type,
      date: d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate())
    });
    if (data.type === "run") { params.set("run_min", String(done.run)); }
    params.set("walk_min", String(done.walk));
    return data.checkin_url + "?" + params.toString();
  }

  function render(where) {
    var segment = plan[Math.min(where.index, plan.length - 1)];
    var next = plan[where.index + 1];
    root.setAttribute("data-kind", where.done ? "done" : segment.kind);
    $("timer-label").textContent = where.done ? data.texts.done : segment.label;
    $("timer-clock").textContent = S.clock(where.left);
    $("timer-detail").textContent = where.done ? "" : segment.detail;
    $("timer-next").textContent = where.done ? "" : next ? data.texts.next.replace("%(label)s", next.label) : data.texts.last;
    finish.href = checkinUrl();
  }

  function end() {
    state.running = false;
    state.banked = plan[plan.length - 1].end;
    save();
    clearInterval(ticker);
    letSleep();
    scheduled = []; // the last tones are sounding: let them
    root.setAttribute("data-state", "done");
    toggle.hidden = true;
    announce(data.texts.done, "done");
    leaving = true;
    // A moment to hear the last cue, then the check-in with the minutes filled in.
    setTimeout(function () {
      try { sessionStorage.removeItem(KEY); } catch (e) { /* nothing kept */ }
      location.assign(checkinUrl());
    }, 2500);
  }

  function tick() {
    if (leaving) { return; }
    var where = S.at(plan, elapsed());
    if (where.index !== shown) {
      var first = shown === -1;
      shown = where.index;
      if (where.done) { render(where); end(); return; }
      if (state.started && !(first && state.banked > 0 && !state.running)) {
        // The first cue sounds now; later ones were put on the audio clock (scheduleTones).
        announce(plan[where.index].cue, plan[where.index].kind, first);
      }
    }
    render(where);
  }

  function run() {
    state.running = true;
    state.since = now();
    save();
    root.setAttribute("data-state", "running");
    toggle.textContent = data.texts.pause;
    toggle.setAttribute("aria-pressed", "false");
    clearInterval(ticker);
    ticker = setInterval(tick, 250);
    keepAwake();
    scheduleTones();
  }

  function pause() {
    state.banked = elapsed();
    state.running = false;
    save();
    clearInterval(ticker);
    cancelTones();
    letSleep();
    root.setAttribute("data-state", "paused");
    toggle.textContent = data.texts.resume;
    announce(data.texts.paused);
    tick();
  }

  toggle.addEventListener("click", function () {
    if (!audio && (self.AudioContext || self.webkitAudioContext)) {
      // Made on a tap: browsers let a page play sound only after the person acts.
      try { audio = new (self.AudioContext || self.webkitAudioContext)(); } catch (e) { audio = null; }
    }
    if (audio && audio.state === "suspended") { audio.resume(); }
    if (state.running) { pause(); return; }
    if (!state.started) {
      state.started = true;
      shown = -1; // the first segment is announced like every other
    } else {
      announcer.textContent = "";
      announce(data.texts.resumed);
    }
    run();
    tick();
  });

  finish.addEventListener("click", function () {
    finish.href = checkinUrl();
    try { sessionStorage.removeItem(KEY); } catch (e) { /* nothing kept */ }
  });

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { tick(); keepAwake(); }
  });

  restore();
  if (state.started) {
    // Back on the page (reload, back button): carry on where the session is.
    toggle.textContent = state.running ? data.texts.pause : data.texts.resume;
    if (state.running) { run(); } else { root.setAttribute("data-state", "paused"); }
  }
  tick();
})();
