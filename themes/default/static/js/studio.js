// The album page of the artist's studio: uploads with a progress bar per file (a
// failed file can be retried alone), track reordering from the keyboard, and the
// processing progress, polled until the album leaves "processing".
(function () {
  "use strict";

  // One file at a time: tracks are numbered in the order they arrive, which is then
  // the order the artist chose them in (a shared uplink gains nothing from more).
  var MAX_PARALLEL = 1;

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function reloadPage() {
    if (window.htmx) {
      window.htmx.ajax("GET", window.location.href, { target: "#page", select: "#page", swap: "outerHTML" });
    } else {
      window.location.reload();
    }
  }

  function text(element, value) { element.textContent = value; return element; }

  function initUploads(root) {
    var input = root.querySelector("[data-upload-input]");
    var form = root.querySelector("form[data-upload-url]");
    var list = root.querySelector("[data-upload-list]");
    if (!input || !form || !list || input.dataset.ready) return;
    input.dataset.ready = "1";
    var strings = JSON.parse(document.getElementById("studio-strings").textContent);
    var waiting = [];
    var running = 0;
    var added = 0;

    function pump() {
      while (running < MAX_PARALLEL && waiting.length) send(waiting.shift());
      if (!running && !waiting.length && added) {
        added = 0;
        reloadPage();
      }
    }

    function send(item) {
      running += 1;
      item.status.textContent = strings.uploading;
      item.retry.hidden = true;
      item.row.className = "upload-list__item";
      var data = new FormData();
      data.append("file", item.file, item.file.name);
      var request = new XMLHttpRequest();
      request.open("POST", form.dataset.uploadUrl);
      request.setRequestHeader("X-CSRFToken", csrfToken());
      request.setRequestHeader("X-File-Name", item.file.name);
      request.setRequestHeader("Accept", "application/json");
      request.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) {
          item.bar.max = event.total;
          item.bar.value = event.loaded;
          item.status.textContent = strings.uploading + " " + Math.round((100 * event.loaded) / event.total) + " %";
        }
      });
      request.addEventListener("load", function () {
        running -= 1;
        var body = {};
        try { body = JSON.parse(request.responseText); } catch (e) { body = {}; }
        var tracks = body.tracks || [];
        var refused = body.refused || [];
        if (request.status === 200 && tracks.length) {
          added += tracks.length;
          item.bar.value = item.bar.max;
          item.row.classList.add("is-done");
          item.status.textContent = tracks.map(function (t) { return strings.added.replace("%s", t.number + ". " + t.title); }).join(" ");
        } else {
          item.row.classList.add("is-error");
          item.status.textContent = strings.refused;
        }
        refused.forEach(function (r) {
          var reason = document.createElement("p");
          reason.className = "error";
          text(reason, r.file + " – " + r.reason);
          item.row.appendChild(reason);
        });
        if (body.error) {
          var error = document.createElement("p");
          error.className = "error";
          item.row.appendChild(text(error, body.error));
        }
        pump();
      });
      function failed() {
        running -= 1;
        item.row.classList.add("is-error");
        item.status.textContent = strings.failed;
        item.retry.hidden = false;
        pump();
      }
      request.addEventListener("error", failed);
      request.addEventListener("abort", failed);
      request.send(data);
    }

    function queueSelected() {
      Array.prototype.forEach.call(input.files, function (file) {
        var row = document.createElement("li");
        row.className = "upload-list__item";
        var name = text(document.createElement("span"), file.name);
        name.className = "upload-list__name";
        var bar = document.createElement("progress");
        bar.max = file.size || 1;
        bar.value = 0;
        bar.setAttribute("aria-label", file.name);
        var status = text(document.createElement("span"), strings.waiting);
        status.className = "upload-list__status";
        var retry = text(document.createElement("button"), strings.retry);
        retry.type = "button";
        retry.className = "button button--small button--secondary";
        retry.hidden = true;
        row.append(name, bar, status, retry);
        list.appendChild(row);
        var item = { file: file, row: row, bar: bar, status: status, retry: retry };
        retry.addEventListener("click", function () {
          Array.prototype.forEach.call(row.querySelectorAll(".error"), function (e) { e.remove(); });
          waiting.push(item);
          pump();
        });
        waiting.push(item);
      });
      input.value = "";
      pump();
    }
    input.addEventListener("change", queueSelected);
    // Files chosen before this script was ready are sent too.
    if (input.files && input.files.length) queueSelected();
  }

  function initReorder(root) {
    var list = root.querySelector("[data-track-list]");
    if (!list || list.dataset.ready) return;
    list.dataset.ready = "1";
    list.addEventListener("click", function (event) {
      var button = event.target.closest("[data-move]");
      if (!button) return;
      var item = button.closest("[data-track-id]");
      if (button.dataset.move === "up" && item.previousElementSibling) {
        list.insertBefore(item, item.previousElementSibling);
      } else if (button.dataset.move === "down" && item.nextElementSibling) {
        list.insertBefore(item.nextElementSibling, item);
      }
      button.focus();
    });
  }

  function initProgress(root) {
    var manage = root.querySelector("[data-album-manage]");
    if (!manage || manage.dataset.status !== "processing" || manage.dataset.polling) return;
    manage.dataset.polling = "1";
    var bar = manage.querySelector("[data-album-progress]");
    var label = manage.querySelector("[data-album-progress-text]");
    function poll() {
      if (!document.body.contains(manage)) return; // the artist went elsewhere
      fetch(manage.dataset.progressUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (bar) { bar.max = data.total || 1; bar.value = data.done; }
          if (label) label.textContent = data.done + " / " + data.total;
          data.tracks.forEach(function (track) {
            var cell = manage.querySelector('[data-track-state="' + track.id + '"]');
            if (cell) cell.textContent = track.state_display;
          });
          if (data.status !== "processing") reloadPage();
          else window.setTimeout(poll, 2000);
        })
        .catch(function () { window.setTimeout(poll, 5000); });
    }
    poll();
  }

  function init() {
    var root = document.getElementById("page") || document;
    initUploads(root);
    initReorder(root);
    initProgress(root);
  }

  // htmx runs this script again each time the page is swapped in: bind once.
  if (!window.JamHubStudio) {
    window.JamHubStudio = true;
    document.addEventListener("htmx:afterSettle", init);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
