// The player: plays a queue of tracks and keeps playing while the listener moves
// between pages (htmx swaps #page, and Back/Forward restore #page-history only; the
// player lives outside both).
//
// A page offers tracks with a <script type="application/json" id="player-queue">
// list and buttons [data-play-index="N"] (with data-track-id, the button plays that
// track even where tracks without a stream leave gaps in the list). A button with
// data-play-toggle pauses and resumes when the page's queue is the one playing, and
// reads "Pause" meanwhile (data-label-pause). A button with data-radio-url starts a
// radio: when two tracks are left, the player asks that URL for more ({tracks: [...]}).
// Rows with data-track-id are marked aria-current="true" while their track plays; a
// list with data-player-upcoming="<radio url>" shows the radio's real queue.
//
// Keyboard: k or Space play/pause, j/l seek 10 s, n/p next/previous, m mute
// (outside text fields). A play is reported after 30 seconds of listening, or half
// of a shorter track. Queue, position and playing state survive a full reload.
(function () {
  "use strict";

  var player = document.getElementById("player");
  var audio = document.getElementById("player-audio");
  if (!player || !audio) return;

  var STORAGE_KEY = "jamhub-player";
  var COUNT_AFTER_SECONDS = 30;
  var REPEAT_MODES = ["off", "all", "one"];
  // source: the page queue the player started from (its track ids), so that page's
  // buttons know the album or playlist is the one playing. order: the ids in their
  // order before shuffling, to put them back.
  var state = { queue: [], index: -1, radio: "", source: "", shuffle: false, repeat: "off", order: null };
  var fetchingRadio = false;
  var listened = 0;
  var lastTime = 0;
  var counted = false;
  var lastSaved = 0;
  var stars = {}; // track id -> starred, for the player's star

  var $ = function (selector) { return player.querySelector(selector); };
  var toggleButton = $('[data-player="toggle"]');
  var seek = $('[data-player="seek"]');
  var volume = $('[data-player="volume"]');
  var muteButton = $('[data-player="mute"]');
  var shuffleButton = $('[data-player="shuffle"]');
  var repeatButton = $('[data-player="repeat"]');
  var queueButton = $('[data-player="queue"]');
  var starButton = $('[data-player="star"]');
  var panel = document.getElementById("player-queue-panel");
  var queueList = $("[data-player-queue-list]");
  var rowTemplate = $("template[data-player-queue-row]");

  function formatTime(seconds) {
    if (!isFinite(seconds) || seconds < 0) seconds = 0;
    seconds = Math.round(seconds);
    var h = Math.floor(seconds / 3600);
    var m = Math.floor((seconds % 3600) / 60);
    var s = seconds % 60;
    var mm = h ? (m < 10 ? "0" : "") + m : String(m);
    return (h ? h + ":" : "") + mm + ":" + (s < 10 ? "0" : "") + s;
  }

  function announce(text) { $("[data-player-announce]").textContent = text; }

  function save() {
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify({
        queue: state.queue, index: state.index, radio: state.radio, source: state.source,
        shuffle: state.shuffle, repeat: state.repeat, order: state.order,
        time: audio.currentTime || 0, playing: !audio.paused,
        volume: audio.volume, muted: audio.muted
      }));
    } catch (e) { /* storage blocked */ }
  }

  function current() { return state.queue[state.index]; }

  function queueKey(queue) { return queue.map(function (t) { return t.id; }).join(","); }

  function indexOfId(queue, id) {
    for (var i = 0; i < queue.length; i++) if (queue[i].id === id) return i;
    return -1;
  }

  // The page's own queue (#player-queue), parsed once per page.
  var pageQueueElement = null;
  var pageQueueCache = null;
  function pageQueue() {
    var data = document.getElementById("player-queue");
    if (!data) return null;
    if (data !== pageQueueElement) {
      pageQueueElement = data;
      try { pageQueueCache = JSON.parse(data.textContent); } catch (e) { pageQueueCache = null; }
      if (!Array.isArray(pageQueueCache)) pageQueueCache = null;
    }
    return pageQueueCache;
  }

  // Whether this button's album, playlist or radio is what the player plays.
  function playsFrom(button) {
    if (!current()) return false;
    if (button.dataset.radioUrl) return state.radio === button.dataset.radioUrl;
    var queue = pageQueue();
    return !state.radio && !!queue && !!state.source && state.source === queueKey(queue);
  }

  function countAfter(track) {
    var length = track.duration || audio.duration;
    return length > 0 && isFinite(length) ? Math.min(COUNT_AFTER_SECONDS, length / 2) : COUNT_AFTER_SECONDS;
  }

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
    showStar(track);
  }

  function play() {
    var playing = audio.play();
    if (playing && playing.catch) playing.catch(function () { /* autoplay refused */ });
  }

  function load(index, options) {
    var track = state.queue[index];
    if (!track) return;
    state.index = index;
    listened = 0; lastTime = options && options.time ? options.time : 0; counted = false;
    audio.src = track.url;
    showTrack(track);
    // Before the metadata is there this sets where playback will start.
    if (options && options.time) audio.currentTime = options.time;
    if (!options || options.play !== false) {
      play();
      announce(track.title + " – " + track.artist);
    }
    changed();
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
        if (state.order) state.order = state.order.concat(data.tracks.map(function (t) { return t.id; }));
        changed();
        if (wasAtEnd) next();
      })
      .catch(function () { fetchingRadio = false; });
  }

  function toggle() {
    if (!current()) return;
    if (audio.paused) play(); else audio.pause();
  }

  function next() {
    if (state.index + 1 < state.queue.length) load(state.index + 1);
    else if (state.repeat === "all" && state.queue.length) load(0);
  }

  function previous() {
    if (audio.currentTime > 3 || (state.index === 0 && state.repeat !== "all")) { audio.currentTime = 0; return; }
    load(state.index === 0 ? state.queue.length - 1 : state.index - 1);
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

  function maybeCount() {
    var track = current();
    if (track && !counted && listened >= countAfter(track)) countPlay(track);
  }

  // ---- Shuffle and repeat -------------------------------------------------------

  function shuffled(items) {
    var copy = items.slice();
    for (var i = copy.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var swap = copy[i]; copy[i] = copy[j]; copy[j] = swap;
    }
    return copy;
  }

  // Shuffling keeps what was played and the track playing, and mixes what comes next.
  function shuffleUpcoming() {
    state.order = queueKey(state.queue).split(",").map(Number);
    var head = state.queue.slice(0, state.index + 1);
    state.queue = head.concat(shuffled(state.queue.slice(state.index + 1)));
  }

  function unshuffle() {
    var order = state.order || [];
    var playing = current();
    var rank = function (track) {
      var at = order.indexOf(track.id);
      return at < 0 ? order.length : at;
    };
    state.queue = state.queue
      .map(function (track, at) { return { track: track, at: at }; })
      .sort(function (a, b) { return rank(a.track) - rank(b.track) || a.at - b.at; })
      .map(function (item) { return item.track; });
    state.index = playing ? state.queue.indexOf(playing) : -1;
    state.order = null;
  }

  function setShuffle(on) {
    state.shuffle = on;
    if (on) shuffleUpcoming(); else unshuffle();
    changed();
  }

  function setRepeat(mode) {
    state.repeat = REPEAT_MODES.indexOf(mode) < 0 ? "off" : mode;
    changed();
  }

  // A new queue from a page: with shuffle on, the chosen track first, then the rest
  // mixed.
  function startQueue(queue, index, radio) {
    state.radio = radio;
    state.source = radio ? "" : queueKey(queue);
    state.queue = queue.slice();
    state.order = null;
    if (state.shuffle) {
      var chosen = state.queue.splice(index, 1);
      state.order = queueKey(queue).split(",").map(Number);
      state.queue = chosen.concat(shuffled(state.queue));
      index = 0;
    }
    load(index);
  }

  // ---- The queue panel ----------------------------------------------------------

  function moveItem(from, to) {
    if (to < 0 || to >= state.queue.length || from === to) return;
    var playing = current();
    var item = state.queue.splice(from, 1)[0];
    state.queue.splice(to, 0, item);
    state.index = state.queue.indexOf(playing);
  }

  function removeItem(at) {
    var wasPlaying = !audio.paused;
    var removingCurrent = at === state.index;
    state.queue.splice(at, 1);
    if (at < state.index) state.index -= 1;
    if (!removingCurrent) return;
    if (!state.queue.length) {
      audio.pause();
      audio.removeAttribute("src");
      audio.load();
      state.index = -1;
      player.hidden = true;
      document.body.classList.remove("has-player");
      closePanel(false);
      changed();
      return;
    }
    load(Math.min(at, state.queue.length - 1), { play: wasPlaying });
  }

  function renderQueue() {
    if (panel.hidden) return;
    queueList.textContent = "";
    state.queue.forEach(function (track, at) {
      var row = rowTemplate.content.firstElementChild.cloneNode(true);
      row.dataset.queueIndex = String(at);
      row.dataset.trackId = String(track.id);
      if (at === state.index) row.setAttribute("aria-current", "true");
      row.querySelector("[data-queue-title]").textContent = track.title;
      row.querySelector("[data-queue-meta]").textContent = track.artist + (track.duration ? " · " + formatTime(track.duration) : "");
      Array.prototype.forEach.call(row.querySelectorAll(".player-queue__action .visually-hidden"), function (label) {
        label.textContent = label.textContent.replace("__TITLE__", track.title);
        label.parentNode.title = label.textContent;
      });
      row.querySelector('[data-queue-action="up"]').disabled = at === 0;
      row.querySelector('[data-queue-action="down"]').disabled = at === state.queue.length - 1;
      row.querySelector('[data-queue-action="next"]').disabled = at === state.index || at === state.index + 1;
      queueList.appendChild(row);
    });
  }

  function focusRow(at, action) {
    var row = queueList.querySelector('[data-queue-index="' + at + '"]');
    if (!row) { queueButton.focus(); return; }
    var button = row.querySelector('[data-queue-action="' + action + '"]');
    (button && !button.disabled ? button : row.querySelector('[data-queue-action="play"]')).focus();
  }

  function openPanel() {
    panel.hidden = false;
    queueButton.setAttribute("aria-expanded", "true");
    renderQueue();
    var playing = queueList.querySelector('[aria-current="true"] [data-queue-action="play"]');
    if (playing) playing.scrollIntoView({ block: "nearest" });
    (playing || panel.querySelector("button")).focus();
  }

  function closePanel(returnFocus) {
    panel.hidden = true;
    queueButton.setAttribute("aria-expanded", "false");
    if (returnFocus) queueButton.focus();
  }

  queueList.addEventListener("click", function (event) {
    var button = event.target.closest("[data-queue-action]");
    var row = button && button.closest("[data-queue-index]");
    if (!row || button.disabled) return;
    var at = parseInt(row.dataset.queueIndex, 10);
    var title = (state.queue[at] || {}).title || "";
    var action = button.dataset.queueAction;
    var focusAt = at;
    if (action === "play") { load(at); focusRow(at, "play"); return; }
    if (action === "up" || action === "down") {
      focusAt = at + (action === "up" ? -1 : 1);
      moveItem(at, focusAt);
      announce(title + " – " + panel.dataset.labelMoved + " " + (focusAt + 1));
    } else if (action === "next") {
      focusAt = at < state.index ? state.index : state.index + 1;
      moveItem(at, focusAt);
      announce(title + " – " + panel.dataset.labelMoved + " " + (focusAt + 1));
    } else if (action === "remove") {
      removeItem(at);
      announce(title + " – " + panel.dataset.labelRemoved);
      focusAt = Math.min(at, state.queue.length - 1);
    }
    changed();
    focusRow(focusAt, action === "remove" ? "remove" : action);
  });

  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { event.stopPropagation(); closePanel(true); }
  });

  // ---- The star -----------------------------------------------------------------

  function trackUrl(template, id) { return template.replace("/track/0/", "/track/" + id + "/"); }

  function paintStar(starred) {
    starButton.setAttribute("aria-pressed", String(starred));
    starButton.querySelector("[data-player-star-glyph]").textContent = starred ? "★" : "☆";
    starButton.title = starred ? starButton.dataset.titleOn : starButton.dataset.titleOff;
  }

  function showStar(track) {
    if (track.id in stars) { starButton.hidden = false; paintStar(stars[track.id]); return; }
    starButton.hidden = true;
    fetch(trackUrl(player.dataset.favouriteStatusUrl, track.id), {
      credentials: "same-origin", headers: { Accept: "application/json" }
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || !data.signed_in) return;
        stars[track.id] = !!data.starred;
        if (current() === track) { starButton.hidden = false; paintStar(stars[track.id]); }
      })
      .catch(function () { /* offline: no star */ });
  }

  // The page's own star for the same track shows the same state.
  function paintPageStar(id, starred) {
    var button = document.querySelector("#page #favourite-track-" + id + " button[aria-pressed]");
    if (!button) return;
    button.setAttribute("aria-pressed", String(starred));
    var glyph = button.querySelector("[aria-hidden]");
    if (glyph) glyph.textContent = starred ? "★" : "☆";
  }

  function readPageStar() {
    var track = current();
    if (!track) return;
    var button = document.querySelector("#page #favourite-track-" + track.id + " button[aria-pressed]");
    if (!button) return;
    stars[track.id] = button.getAttribute("aria-pressed") === "true";
    starButton.hidden = false;
    paintStar(stars[track.id]);
  }

  function toggleStar() {
    var track = current();
    if (!track) return;
    var wanted = starButton.getAttribute("aria-pressed") !== "true";
    paintStar(wanted);
    var body = new URLSearchParams({ starred: String(wanted) });
    fetch(trackUrl(player.dataset.favouriteToggleUrl, track.id), {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
      body: body
    })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (!response.ok || type.indexOf("application/json") < 0) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        stars[track.id] = !!data.starred;
        if (current() === track) paintStar(stars[track.id]);
        paintPageStar(track.id, stars[track.id]);
      })
      .catch(function () {
        // Signed out meanwhile, or refused: ask again what is true.
        delete stars[track.id];
        if (current() === track) showStar(track);
      });
  }

  // ---- What the page shows of the player ------------------------------------------

  function renderUpcoming(list) {
    var template = list.querySelector("template[data-upcoming-row]") || document.querySelector("template[data-upcoming-row]");
    if (!template) return;
    Array.prototype.forEach.call(list.querySelectorAll("li"), function (li) { li.remove(); });
    state.queue.slice(Math.max(state.index, 0)).forEach(function (track) {
      var row = template.content.firstElementChild.cloneNode(true);
      row.dataset.trackId = String(track.id);
      var link = row.querySelector("[data-upcoming-title]");
      link.textContent = track.title;
      link.setAttribute("href", track.page);
      row.querySelector("[data-upcoming-meta]").textContent = track.artist + " – " + track.album;
      row.querySelector("[data-upcoming-duration]").textContent = track.duration ? formatTime(track.duration) : "";
      list.appendChild(row);
    });
  }

  function updatePage() {
    var page = document.getElementById("page");
    if (!page) return;
    var track = current();
    var id = track && !player.hidden ? String(track.id) : null;
    Array.prototype.forEach.call(page.querySelectorAll("[data-player-upcoming]"), function (list) {
      if (track && state.radio && list.dataset.playerUpcoming === state.radio) renderUpcoming(list);
    });
    Array.prototype.forEach.call(page.querySelectorAll("[data-track-id]"), function (row) {
      if (row.tagName === "BUTTON") return;
      if (id !== null && row.dataset.trackId === id) row.setAttribute("aria-current", "true");
      else if (row.getAttribute("aria-current") === "true") row.removeAttribute("aria-current");
    });
    Array.prototype.forEach.call(page.querySelectorAll("[data-play-toggle]"), function (button) {
      if (button.dataset.labelPlay === undefined) button.dataset.labelPlay = button.textContent.trim();
      var pausable = playsFrom(button) && !audio.paused;
      var label = pausable ? button.dataset.labelPause : button.dataset.labelPlay;
      if (label && button.textContent !== label) button.textContent = label;
      button.classList.toggle("is-playing", pausable);
    });
  }

  function updateModes() {
    shuffleButton.setAttribute("aria-pressed", String(state.shuffle));
    repeatButton.dataset.repeat = state.repeat;
    var label = repeatButton.dataset["label" + state.repeat.charAt(0).toUpperCase() + state.repeat.slice(1)];
    repeatButton.querySelector("[data-player-repeat-label]").textContent = label;
    repeatButton.title = label;
    repeatButton.classList.toggle("is-active", state.repeat !== "off");
  }

  // Something about the queue or the playing state changed.
  function changed() {
    updateModes();
    renderQueue();
    updatePage();
    save();
  }

  // ---- Events -------------------------------------------------------------------

  // Start playing a page's queue when one of its play buttons is pressed.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-play-index]");
    if (!button || button.disabled || player.contains(button)) return;
    var queue = pageQueue();
    if (!queue || !queue.length) return;
    event.preventDefault();
    var index = Math.min(parseInt(button.dataset.playIndex, 10) || 0, queue.length - 1);
    var byId = button.dataset.trackId ? indexOfId(queue, Number(button.dataset.trackId)) : -1;
    if (byId >= 0) index = byId;
    if (playsFrom(button) && (button.hasAttribute("data-play-toggle") || current().id === queue[index].id)) {
      toggle();
      return;
    }
    startQueue(queue, index, button.dataset.radioUrl || "");
  });

  // Other scripts (the header search's track suggestions) start a queue with a
  // "jamhub:play" event, detail {tracks, index}; cancelling it says it was taken.
  document.addEventListener("jamhub:play", function (event) {
    var detail = event.detail || {};
    if (!Array.isArray(detail.tracks) || !detail.tracks.length) return;
    event.preventDefault();
    var index = Math.min(Math.max(parseInt(detail.index, 10) || 0, 0), detail.tracks.length - 1);
    startQueue(detail.tracks, index, "");
  });

  player.addEventListener("click", function (event) {
    var control = event.target.closest("button[data-player]");
    if (!control) return;
    var action = control.dataset.player;
    if (action === "toggle") toggle();
    else if (action === "next") next();
    else if (action === "previous") previous();
    else if (action === "mute") audio.muted = !audio.muted;
    else if (action === "shuffle") setShuffle(!state.shuffle);
    else if (action === "repeat") setRepeat(REPEAT_MODES[(REPEAT_MODES.indexOf(state.repeat) + 1) % REPEAT_MODES.length]);
    else if (action === "queue") { if (panel.hidden) openPanel(); else closePanel(true); }
    else if (action === "queue-close") closePanel(true);
    else if (action === "star") toggleStar();
  });

  seek.addEventListener("input", function () { audio.currentTime = Number(seek.value); lastTime = audio.currentTime; });
  volume.addEventListener("input", function () { audio.volume = Number(volume.value); audio.muted = false; save(); });

  audio.addEventListener("play", function () { player.classList.add("is-playing"); updateToggle(); updatePage(); save(); });
  audio.addEventListener("pause", function () { player.classList.remove("is-playing"); updateToggle(); updatePage(); save(); });
  audio.addEventListener("ended", function () {
    maybeCount();
    if (state.repeat === "one") {
      listened = 0; lastTime = 0; counted = false;
      audio.currentTime = 0;
      play();
      return;
    }
    // A radio at its end waits for its next batch (moreFromRadio plays it).
    if (state.radio && state.index === state.queue.length - 1 && fetchingRadio) return;
    next();
  });
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
    maybeCount();
    // Kept current for a reload (the pagehide handler may not get the chance).
    var now = Date.now();
    if (now - lastSaved > 2000) { lastSaved = now; save(); }
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
    if (tag === "BUTTON" && (event.key === " " || event.key === "Enter")) return; // presses the focused button
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
    navigator.mediaSession.setActionHandler("play", function () { play(); });
    navigator.mediaSession.setActionHandler("pause", function () { audio.pause(); });
    navigator.mediaSession.setActionHandler("nexttrack", next);
    navigator.mediaSession.setActionHandler("previoustrack", previous);
  }

  // A new page (a boosted link, Back or Forward, a swapped fragment): show on it what
  // plays, and pick up a star the listener changed there.
  document.addEventListener("htmx:afterSettle", function () { updatePage(); readPageStar(); });
  document.addEventListener("htmx:historyRestore", updatePage);

  window.addEventListener("pagehide", save);

  // A full reload (or a new tab) restores the queue where it was, and keeps playing
  // if it was (when the browser allows it without a click).
  try {
    var saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || "null");
    if (saved && saved.queue && saved.queue.length && saved.index >= 0) {
      state.queue = saved.queue;
      state.radio = saved.radio || "";
      state.source = saved.source || "";
      state.shuffle = !!saved.shuffle;
      state.order = saved.order || null;
      state.repeat = REPEAT_MODES.indexOf(saved.repeat) < 0 ? "off" : saved.repeat;
      audio.volume = saved.volume == null ? 1 : saved.volume;
      audio.muted = !!saved.muted;
      load(Math.min(saved.index, saved.queue.length - 1), { play: !!saved.playing, time: saved.time });
    }
  } catch (e) { /* nothing to restore */ }
  updateToggle();
  changed();

  window.JamHubPlayer = { audio: audio, state: state };
})();
