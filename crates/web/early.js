// GuestLens early front door: until the module has started, the static front door in index.html
// keeps what the visitor gives it (pastes, chosen or dropped files, "Try a sample case") and the
// app takes it over when it starts (browser::keep_early). Runs in <head>, before the first paint,
// so the door is shown only where this script runs and only on the Case view.
(function () {
  'use strict';
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
  // The module starts after the static page has been painted, so the front door shows at once;
  // its file was preloaded at low priority meanwhile (Trunk.toml's pattern_script). The timer
  // covers a tab in the background, where animation frames wait.
  var started = false;
  function start() {
    var link = document.querySelector('link[data-start]');
    if (started || !link) return;
    started = true;
    var script = document.createElement('script');
    script.type = 'module';
    script.src = link.href;
    document.head.appendChild(script);
  }
  document.addEventListener('DOMContentLoaded', function () {
    requestAnimationFrame(function () { setTimeout(start, 0); });
    setTimeout(start, 250);
  });
  document.addEventListener('click', function (e) {
    if (!inDoor(e.target) || e.target.id !== 'case-sample') return;
    early.sample = true;
    kept();
  }, true);
})();
