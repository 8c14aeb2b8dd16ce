// GuestLens early front door: until the module has started, the static front door in index.html
// keeps what the visitor gives it (pastes, chosen or dropped files, "Try a sample case") and the
// app takes it over when it starts (browser::keep_early). Runs in <head>, before the first paint,
// so the door is shown only where this script runs and only on the Case view.
(function () {
  'use strict';
  // The page counts as fast if this script runs within this many ms of the navigation's start.
  var FAST_MS = 100;
  var early = { pastes: [], files: [], sample: false, taken: false };
  window.guestlensEarly = early;
  var root = document.documentElement;
  // Mirrors app.rs's Tab::from_hash: these hashes open another view than the case.
  if (!/^#(token|error|policy|commands|lesson(-\d+)?)$/.test(location.hash)) root.classList.add('early-door');

  function inDoor(node) {
    return !early.taken && node && node.closest && node.closest('#early-door');
  }
  function say(text) {
    var status = document.getElementById('early-status');
    if (status) status.textContent = text + ' GuestLens is still starting: it reads what you gave as soon as it has started.';
  }
  function kept() {
    var parts = [];
    var chars = early.pastes.reduce(function (n, p) { return n + p.length; }, 0);
    if (early.pastes.length) parts.push(early.pastes.length + (early.pastes.length > 1 ? ' pastes' : ' paste') + ' (' + chars.toLocaleString('en') + ' characters)');
    if (early.files.length) parts.push(early.files.length + (early.files.length > 1 ? ' files' : ' file'));
    if (early.sample) parts.push('the sample case');
    say('Kept: ' + parts.join(', ') + '.');
  }
  // A paste is kept instead of laid out in the box, as the app's front door does.
  document.addEventListener('paste', function (e) {
    if (!inDoor(e.target) || e.target.id !== 'case-paste' || !e.clipboardData) return;
    var text = e.clipboardData.getData('text/plain') || e.clipboardData.getData('text');
    if (!text) return;
    e.preventDefault();
    early.pastes.push(text);
    kept();
  }, true);
  document.addEventListener('change', function (e) {
    if (!inDoor(e.target) || e.target.id !== 'case-files' || !e.target.files) return;
    early.files = early.files.concat(Array.prototype.slice.call(e.target.files));
    e.target.value = '';
    kept();
  }, true);
  // Without this, a file dropped before the app started would replace the page.
  document.addEventListener('dragover', function (e) { if (inDoor(e.target)) e.preventDefault(); }, true);
  document.addEventListener('drop', function (e) {
    if (!inDoor(e.target)) return;
    e.preventDefault();
    if (e.dataTransfer && e.dataTransfer.files.length) {
      early.files = early.files.concat(Array.prototype.slice.call(e.dataTransfer.files));
      kept();
    }
  }, true);
  // The module starts once the static page's first paint has been shown, so its work (parsing,
  // unpacking, compiling) does not compete with that paint. A tab in the background paints
  // nothing, so it starts at once; a browser without paint timing starts it after the next frame;
  // the timer covers a paint never reported.
  // Its file and the glue's are preloaded, and the icon linked, from the <template>
  // scripts/csp_boot.py puts before this script: at once where the page itself came slowly (those
  // bytes arrive after the first paint anyway, and waiting would cost a slow link that time), but
  // only with the start where the page came fast, as from a nearby server or a cache: there they
  // would arrive at once, and fetching and parsing them would slow the first paint. The time to
  // reach this script counts both the link (latency and bandwidth) and the device.
  var held = document.getElementById('guestlens-start');
  function preload() {
    if (!held) return;
    var blank = document.getElementById('guestlens-no-icon');
    if (blank) blank.remove();
    document.head.appendChild(held.content);
    held.remove();
    held = null;
  }
  early.fast = !!(window.performance && performance.now() < FAST_MS);
  if (!early.fast) preload();
  var started = false;
  function start() {
    preload();
    var link = document.querySelector('link[data-start]');
    if (started || !link) return;
    started = true;
    var script = document.createElement('script');
    script.type = 'module';
    script.src = link.href;
    document.head.appendChild(script);
  }
  function afterFirstPaint() {
    var types = window.PerformanceObserver && PerformanceObserver.supportedEntryTypes;
    if (document.visibilityState === 'hidden') return start();
    if (types && types.indexOf('paint') >= 0) {
      new PerformanceObserver(function (list, observer) {
        observer.disconnect();
        setTimeout(start, 0);
      }).observe({ type: 'paint', buffered: true });
    } else {
      requestAnimationFrame(function () { setTimeout(start, 0); });
    }
    setTimeout(start, 1000);
  }
  document.addEventListener('DOMContentLoaded', afterFirstPaint);
  document.addEventListener('click', function (e) {
    if (!inDoor(e.target) || e.target.id !== 'case-sample') return;
    early.sample = true;
    kept();
  }, true);
})();
