// The player: plays a queue of tracks and keeps playing while the listener moves
// between pages (htmx swaps #page; the player lives outside it).
//
// A page offers tracks with a <script type="application/json" id="player-queue">
// list and buttons [data-play-index="N"]. Keyboard: k or Space play/pause, j/l seek
// 10 s, n/p next/previous, m mute (outside text fields). A play is reported after
// 30 seconds of listening. A button with data-radio-url starts a radio: when two
// tracks are left, the player asks that URL for more ({tracks: [...]}).
(function () {
  "use strict";

  var player = document.getElementById("player");
  var audio = document.getElementById("player-audio");
  if (!player || !audio) return;

  var STORAGE_KEY = "jamhub-player";
  var COUNT_AFTER_SECONDS = 30;
  var state = { queue: [], index: -1, radio: "" };
  var fetchingRadio = false;
  var listened = 0;
  var lastTime = 0;
  var counted = false;

  var $ = function (selector) { return player.querySelector(selector); };
  var toggleButton = $('[data-player="toggle"]');
  var seek = $('[data-player="seek"]');
  var volume = $('[data-player="volume"]');
  var muteButton = $('[data-player="mute"]');

  function formatTime(seconds) {
    if (!isFinite(seconds)) seconds = 0;
    seconds = Math.floor(seconds);
    var m = Math.floor(seconds / 60);
    var s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function announce(text) { $("[data-player-announce]").textContent = text; }

  function save() {
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify({
        queue: state.queue, index: state.index, radio: state.radio, time: audio.currentTime || 0,
        volume: audio.volume, muted: audio.muted
      }));
    } catch (e) { /* storage blocked */ }
  }

  function current() { return state.queue[state.index]; }

  function showTrack(track) {
    player.hidden = false;
    document.body.classList.add("has-player");
    var title = $("[data-player-title]");
    title.textContent = track.title;
    title.setAttribute("href", track.page);
    $("[data-player-artist]").textContent = track.artist + " – " + track.album;
    var cover = $("[data-player-cover]");
    if (track.cover) { cover.src = track.cover; cover.hidden = false; } else { cover.hidden = true; }
    if ("mediaSession" in navigator && window.MediaMetadata) {
      navigator.mediaSession.metadata = new MediaMetadata({
        title: track.title, artist: track.artist, album: track.album,
        artwork: track.cover ? [{ src: track.cover, sizes: "500x500", type: "image/jpeg" }] : []
      });
    }
  }

  function load(index, options) {
    var track = state.queue[index];
    if (!track) return;
    state.index = index;
    listened = 0; lastTime = 0; counted = false;
    audio.src = track.url;
    showTrack(track);
    if (options && options.time) audio.currentTime = options.time;
    if (!options || options.play !== false) {
      var playing = audio.play();
      if (playing && playing.catch) playing.catch(function () { /* autoplay refused */ });
      announce(track.title + " – " + track.artist);
    }
    save();
    if (state.radio && index >= state.queue.length - 2) moreFromRadio();
  }

  function moreFromRadio() {
    if (fetchingRadio) return;
    fetchingRadio = true;
    var radio = state.radio;
    fetch(radio, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { tracks: [] }; })
      .then(function (data) {
        fetchingRadio = false;
        if (radio !== state.radio || !data || !Array.isArray(data.tracks)) return;
        var wasAtEnd = audio.ended && state.index === state.queue.length - 1;
        state.queue = state.queue.concat(data.tracks);
        save();
        if (wasAtEnd) next();
      })
      .catch(function () { fetchingRadio = false; });
  }

  function toggle() {
    if (!current()) return;
    if (audio.paused) audio.play(); else audio.pause();
  }

  function next() { if (state.index + 1 < state.queue.length) load(state.index + 1); }

  function previous() {
    if (audio.currentTime > 3 || state.index === 0) { audio.currentTime = 0; return; }
    load(state.index - 1);
  }

  // The cookie is current (it changes at sign-in, while the player stays); the
  // attribute, rendered with the first page, is there for a visitor with no cookie yet.
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : player.dataset.csrfToken || "";
  }

  function countPlay(track) {
    counted = true;
    fetch(player.dataset.countUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ track: track.id, seconds: listened })
    }).catch(function () { /* offline: the play is not counted */ });
  }

  // Start playing a page's queue when one of its play buttons is pressed.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-play-index]");
    if (!button || button.disabled) return;
    var data = document.getElementById("player-queue");
    if (!data) return;
    var queue;
    try { queue = JSON.parse(data.textContent); } catch (e) { return; }
    if (!queue.length) return;
    event.preventDefault();
    state.queue = queue;
    state.radio = button.dataset.radioUrl || "";
    load(Math.min(parseInt(button.dataset.playIndex, 10) || 0, queue.length - 1));
  });

  player.addEventListener("click", function (event) {
    var control = event.target.closest("button[data-player]");
    if (!control) return;
    var action = control.dataset.player;
    if (action === "toggle") toggle();
    else if (action === "next") next();
    else if (action === "previous") previous();
    else if (action === "mute") audio.muted = !audio.muted;
  });

  seek.addEventListener("input", function () { audio.currentTime = Number(seek.value); lastTime = audio.currentTime; });
  volume.addEventListener("input", function () { audio.volume = Number(volume.value); audio.muted = false; save(); });

  audio.addEventListener("play", function () { player.classList.add("is-playing"); updateToggle(); });
  audio.addEventListener("pause", function () { player.classList.remove("is-playing"); updateToggle(); save(); });
  audio.addEventListener("ended", next);
  audio.addEventListener("volumechange", function () {
    volume.value = audio.muted ? 0 : audio.volume;
    muteButton.setAttribute("aria-pressed", String(audio.muted));
  });
  audio.addEventListener("loadedmetadata", function () {
    seek.max = Math.floor(audio.duration || 0);
    $("[data-player-duration]").textContent = formatTime(audio.duration);
  });
  audio.addEventListener("timeupdate", function () {
    var time = audio.currentTime;
    // Count only time actually listened: small forward steps, not seeks.
    var step = time - lastTime;
    if (step > 0 && step < 2 && !audio.paused) listened += step;
    lastTime = time;
    seek.value = Math.floor(time);
    seek.setAttribute("aria-valuetext", formatTime(time) + " / " + formatTime(audio.duration));
    $("[data-player-time]").textContent = formatTime(time);
    var track = current();
    if (track && !counted && listened >= COUNT_AFTER_SECONDS) countPlay(track);
  });
  audio.addEventListener("error", function () {
    var track = current();
    announce(track ? track.title + ": " + "⚠" : "⚠");
  });

  function updateToggle() {
    var label = audio.paused ? toggleButton.dataset.labelPlay : toggleButton.dataset.labelPause;
    toggleButton.querySelector("[data-player-toggle-label]").textContent = label;
    toggleButton.setAttribute("aria-label", label);
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || !current()) return;
    var target = event.target;
    var tag = target && target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) return;
    if (tag === "BUTTON" && event.key === " ") return; // Space presses the focused button
    var key = event.key;
    if (key === "k" || key === " ") toggle();
    else if (key === "j") audio.currentTime = Math.max(0, audio.currentTime - 10);
    else if (key === "l") audio.currentTime = Math.min(audio.duration || 0, audio.currentTime + 10);
    else if (key === "n") next();
    else if (key === "p") previous();
    else if (key === "m") audio.muted = !audio.muted;
    else return;
    event.preventDefault();
  });

  if ("mediaSession" in navigator) {
    navigator.mediaSession.setActionHandler("play", function () { audio.play(); });
    navigator.mediaSession.setActionHandler("pause", function () { audio.pause(); });
    navigator.mediaSession.setActionHandler("nexttrack", next);
    navigator.mediaSession.setActionHandler("previoustrack", previous);
  }

  window.addEventListener("pagehide", save);

  // A full reload (or a new tab) restores the queue, paused where it was.
  try {
    var saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || "null");
    if (saved && saved.queue && saved.queue.length && saved.index >= 0) {
      state.queue = saved.queue;
      state.radio = saved.radio || "";
      audio.volume = saved.volume == null ? 1 : saved.volume;
      audio.muted = !!saved.muted;
      load(saved.index, { play: false, time: saved.time });
    }
  } catch (e) { /* nothing to restore */ }
  updateToggle();

  window.JamHubPlayer = { audio: audio, state: state };
})();
