// Evidence markers (E1, E2, ...): activating one (a click, a tap, or Enter on the focused link) opens
// its note from the chapter's Evidence section beside it: the verbatim quotes, their sources and the
// links to the originals. Escape, the Close button or a click elsewhere closes it. Without JavaScript
// the marker is an ordinary link to the same note.
(function () {
  "use strict";
  let current = null; // {panel, marker}

  // The theme's scroll-spy watches the links of `.bd-toc-nav`; on a page without that list it falls
  // back to every link of the page and fails on the source links' text fragments (#:~:text=...), which
  // are not CSS selectors. Where there is no list to watch, there is nothing to spy on.
  document.addEventListener("DOMContentLoaded", () => {
    const spy = document.body.getAttribute("data-bs-target");
    if (document.body.hasAttribute("data-bs-spy") && !(spy && document.querySelector(spy))) {
      document.body.removeAttribute("data-bs-spy");
    }
  });

  function close(refocus) {
    if (!current) return;
    current.panel.remove();
    current.marker.setAttribute("aria-expanded", "false");
    if (refocus) current.marker.focus();
    current = null;
  }

  function place(panel, marker) {
    if (window.innerWidth < 640) {  // a phone: a sheet along the bottom of the screen
      panel.classList.add("ev-sheet");
      return;
    }
    const box = marker.getBoundingClientRect();
    const width = Math.min(480, document.documentElement.clientWidth - 16);
    const left = Math.min(Math.max(8, box.left - width / 2), document.documentElement.clientWidth - width - 8);
    panel.style.width = width + "px";
    panel.style.left = (left + window.scrollX) + "px";
    panel.style.top = (box.bottom + window.scrollY + 6) + "px";
  }

  function open(marker) {
    const id = decodeURIComponent(marker.hash.slice(1));
    const target = document.getElementById(id);
    const note = target && (target.closest("li") || target.parentElement);
    if (!note) return false;
    close(false);
    const panel = document.createElement("div");
    panel.className = "ev-popover";
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", "Evidence " + marker.textContent);
    panel.tabIndex = -1;
    const shut = document.createElement("button");
    shut.type = "button";
    shut.className = "ev-close";
    shut.textContent = "Close";
    const body = document.createElement("div");
    body.className = "ev-popover-body";
    for (const child of note.cloneNode(true).childNodes) body.append(child.cloneNode(true));
    body.querySelectorAll("[id]").forEach((element) => element.removeAttribute("id"));
    const more = document.createElement("a");
    more.className = "ev-more";
    more.href = "#" + id;
    more.textContent = "See it in the Evidence section";
    panel.append(shut, body, more);
    document.body.append(panel);
    place(panel, marker);
    marker.setAttribute("aria-expanded", "true");
    current = {panel, marker};
    panel.focus();
    return true;
  }

  document.addEventListener("click", (event) => {
    const marker = event.target.closest ? event.target.closest("a.ev-marker") : null;
    if (marker) {
      if (open(marker)) event.preventDefault();
      return;
    }
    if (!current) return;
    if (event.target.closest(".ev-close")) close(true);
    else if (event.target.closest(".ev-more") || !current.panel.contains(event.target)) close(false);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && current) close(true);
    // Tab stays inside an open note (a dialog): from its last link to its first, and back.
    if (event.key === "Tab" && current && current.panel.contains(document.activeElement)) {
      const stops = [...current.panel.querySelectorAll("a[href], button")];
      const first = stops[0], last = stops[stops.length - 1];
      if (!event.shiftKey && (document.activeElement === last || document.activeElement === current.panel)) {
        event.preventDefault();
        first.focus();
      } else if (event.shiftKey && (document.activeElement === first || document.activeElement === current.panel)) {
        event.preventDefault();
        last.focus();
      }
    }
  });
  // Each marker says from the start that it opens a note, and that the note is closed.
  document.addEventListener("DOMContentLoaded", () => {
    for (const marker of document.querySelectorAll("a.ev-marker:not([aria-expanded])")) {
      marker.setAttribute("aria-expanded", "false");
    }
  });
})();
