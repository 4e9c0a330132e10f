// The album page of the artist's studio: uploads with a progress bar per file (a
// failed transfer can be retried alone; a refused file keeps its reason until the
// artist dismisses it), track reordering from the keyboard, and the
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

  // What a refusal that is not JSON says: our own error pages mark their reason;
  // others (Django's bare pages, a proxy's "413") say it in their heading.
  function reasonFromText(body, contentType) {
    if (!body) return "";
    if (contentType.indexOf("html") === -1) return body.trim().slice(0, 500);
    var doc = new DOMParser().parseFromString(body, "text/html");
    function said(node) { return node ? node.textContent.replace(/\s+/g, " ").trim() : ""; }
    var reason = said(doc.querySelector("[data-error-reason]"));
    if (!reason) {
      // Django's own pages: "Forbidden (403)" then "CSRF verification failed...".
      var heading = said(doc.querySelector("h1") || doc.querySelector("title"));
      var detail = said(doc.querySelector("body p"));
      reason = [heading, detail].filter(Boolean).join(": ") || said(doc.body);
    }
    return reason.slice(0, 500);
  }

  // The uploads outlive the page refresh that shows the new tracks: the state is
  // kept here, and the rows that still have something to say (a refusal, a
  // failure) are moved into the refreshed page's list until dismissed. htmx runs
  // this script again with the page, so the state lives on window.

  function Uploader(url, strings) {
    this.url = url;
    this.strings = strings;
    this.list = null;
    this.waiting = [];
    this.running = 0;
    this.added = 0;
  }

  Uploader.prototype.adopt = function (list) {
    if (this.list && this.list !== list) {
      while (this.list.firstChild) list.appendChild(this.list.firstChild);
    }
    this.list = list;
  };

  Uploader.prototype.pump = function () {
    while (this.running < MAX_PARALLEL && this.waiting.length) this.send(this.waiting.shift());
    if (!this.running && !this.waiting.length && this.added) {
      this.added = 0;
      // Succeeded rows are now in the track list; the others stay until dismissed.
      var kept = 0;
      Array.prototype.slice.call(this.list.children).forEach(function (row) {
        if (row.dataset.uploadState === "done") row.remove();
        else kept += 1;
      });
      // Without htmx a reload would lose the refusals: the track list then waits for
      // the next visit.
      if (window.htmx || !kept) reloadPage();
    }
  };

  Uploader.prototype.finish = function (item, state, message, reasons) {
    var strings = this.strings;
    item.row.dataset.uploadState = state;
    item.row.className = "upload-list__item " + (state === "done" ? "is-done" : "is-error");
    item.status.textContent = message;
    reasons.forEach(function (reason) {
      var line = document.createElement("p");
      line.className = "error";
      line.setAttribute("data-upload-reason", "");
      item.row.appendChild(text(line, reason));
    });
    if (state === "refused" && !reasons.length) {
      var none = document.createElement("p");
      none.className = "error";
      none.setAttribute("data-upload-reason", "");
      item.row.appendChild(text(none, strings.noReason));
    }
    // Retrying cannot change a refusal: only a failed transfer gets the button.
    item.retry.hidden = state !== "failed";
    item.dismiss.hidden = state === "done" && !reasons.length;
    if (state === "done" && reasons.length) item.row.dataset.uploadState = "done-with-refusals";
  };

  Uploader.prototype.send = function (item) {
    var self = this;
    var strings = this.strings;
    this.running += 1;
    item.row.dataset.uploadState = "uploading";
    item.status.textContent = strings.uploading;
    item.retry.hidden = true;
    item.dismiss.hidden = true;
    item.row.className = "upload-list__item";
    Array.prototype.forEach.call(item.row.querySelectorAll("[data-upload-reason]"), function (e) { e.remove(); });
    var data = new FormData();
    // Django cuts longer names in the form part; the whole name travels in the
    // header (percent-encoded: headers carry only Latin-1) and the server judges it.
    var name = item.file.name;
    data.append("file", item.file, name.length > 255 ? "upload" + (name.match(/\.[A-Za-z0-9]{1,8}$/) || [""])[0] : name);
    var request = new XMLHttpRequest();
    request.open("POST", this.url);
    request.setRequestHeader("X-CSRFToken", csrfToken());
    request.setRequestHeader("X-File-Name", encodeURIComponent(name));
    request.setRequestHeader("Accept", "application/json");
    request.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) {
        item.bar.max = event.total;
        item.bar.value = event.loaded;
        item.status.textContent = strings.uploading + " " + Math.round((100 * event.loaded) / event.total) + " %";
      }
    });
    request.addEventListener("load", function () {
      self.running -= 1;
      var contentType = request.getResponseHeader("Content-Type") || "";
      var body = null;
      if (contentType.indexOf("json") !== -1) {
        try { body = JSON.parse(request.responseText); } catch (e) { body = null; }
      }
      var reasons = [];
      if (body) {
        (body.refused || []).forEach(function (r) { reasons.push(r.file + " – " + r.reason); });
        if (body.error) reasons.push(body.error);
      } else {
        var said = reasonFromText(request.responseText, contentType);
        if (said) reasons.push(said);
      }
      var tracks = (body && body.tracks) || [];
      if (request.status === 200 && tracks.length) {
        self.added += tracks.length;
        item.bar.value = item.bar.max;
        self.finish(item, "done", tracks.map(function (t) { return strings.added.replace("%s", t.number + ". " + t.title); }).join(" "), reasons);
      } else if (request.status >= 400 && request.status < 500) {
        self.finish(item, "refused", strings.refused, reasons);
      } else {
        // A server error or an answer we cannot read: the file may be fine.
        self.finish(item, "failed", strings.failed, reasons);
      }
      self.pump();
    });
    function failed() {
      self.running -= 1;
      self.finish(item, "failed", strings.failed, []);
      self.pump();
    }
    request.addEventListener("error", failed);
    request.addEventListener("abort", failed);
    request.send(data);
  };

  Uploader.prototype.queue = function (files) {
    var self = this;
    var strings = this.strings;
    Array.prototype.forEach.call(files, function (file) {
      var row = document.createElement("li");
      row.className = "upload-list__item";
      row.dataset.uploadState = "waiting";
      var name = text(document.createElement("span"), file.name);
      name.className = "upload-list__name";
      name.title = file.name;
      var bar = document.createElement("progress");
      bar.max = file.size || 1;
      bar.value = 0;
      bar.setAttribute("aria-label", file.name);
      var status = text(document.createElement("span"), strings.waiting);
      status.className = "upload-list__status";
      var actions = document.createElement("span");
      actions.className = "upload-list__actions";
      var retry = text(document.createElement("button"), strings.retry);
      retry.type = "button";
      retry.className = "button button--small button--secondary";
      retry.setAttribute("data-upload-retry", "");
      retry.hidden = true;
      var dismiss = text(document.createElement("button"), strings.dismiss);
      dismiss.type = "button";
      dismiss.className = "button button--small button--secondary";
      dismiss.setAttribute("data-upload-dismiss", "");
      dismiss.setAttribute("aria-label", strings.dismissFile.replace("%s", file.name));
      dismiss.hidden = true;
      actions.append(retry, dismiss);
      row.append(name, bar, status, actions);
      self.list.appendChild(row);
      var item = { file: file, row: row, bar: bar, status: status, retry: retry, dismiss: dismiss };
      retry.addEventListener("click", function () {
        retry.hidden = true;
        dismiss.hidden = true;
        item.status.textContent = strings.waiting;
        self.waiting.push(item);
        self.pump();
      });
      dismiss.addEventListener("click", function () {
        var input = document.querySelector("[data-upload-input]");
        row.remove();
        if (input) input.focus();
      });
      self.waiting.push(item);
    });
    this.pump();
  };

  function initUploads(root) {
    var input = root.querySelector("[data-upload-input]");
    var form = root.querySelector("form[data-upload-url]");
    var list = root.querySelector("[data-upload-list]");
    // A property, not only the attribute: htmx's history snapshots copy attributes
    // but not listeners.
    if (!input || !form || !list || input.studioBound) return;
    input.studioBound = true;
    input.dataset.ready = "1";
    var url = form.dataset.uploadUrl;
    var uploader = window.JamHubUploader;
    if (!uploader || uploader.url !== url) {
      uploader = window.JamHubUploader = new Uploader(url, JSON.parse(document.getElementById("studio-strings").textContent));
    }
    uploader.adopt(list);
    function queueSelected() {
      uploader.queue(input.files);
      input.value = "";
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
