// Reading on any screen, with any input:
// - a box that scrolls sideways (a chart, a wide table) is a named region that the keyboard can
//   reach and scroll, while it scrolls;
// - the Evidence section is folded on screen behind one button (each marker already opens its own
//   note beside it); it unfolds when a link leads into it, and prints whole.
(function () {
  "use strict";
  const SCROLLERS = ".casebook-chart, .pst-scrollable-table-container, .table-wrapper";

  function label(box) {
    const caption = box.querySelector("caption, figcaption") || box.closest("figure")?.querySelector("figcaption");
    const kind = box.querySelector("table") ? "Table" : "Chart";
    const text = caption ? caption.textContent.replace(/\s+/g, " ").trim() : "";
    return text ? `${kind}: ${text.slice(0, 120)}` : `${kind}, scrolls sideways`;
  }

  function markScrollers() {
    // Every box measured first, then marked: a mark between two measures would have the browser
    // lay the page out again for each box.
    const boxes = [...document.querySelectorAll(SCROLLERS)];
    const scrolling = boxes.map((box) => box.scrollWidth > box.clientWidth + 1);
    boxes.forEach((box, i) => {
      const scrolls = scrolling[i];
      if (scrolls) {
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        if (!box.hasAttribute("aria-label")) box.setAttribute("aria-label", label(box));
        box.classList.add("casebook-scroll");
      } else if (box.classList.contains("casebook-scroll") || box.hasAttribute("tabindex")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        box.classList.remove("casebook-scroll");
      }
    });
  }

  function foldEvidence() {
    const note = document.querySelector("section .ev-note");
    const section = note && note.closest("section");
    const heading = section && section.querySelector(":scope > h2, :scope > h3");
    if (!heading || section.querySelector(":scope > .casebook-evidence-notes")) return;
    const notes = document.createElement("div");
    notes.className = "casebook-evidence-notes casebook-folded";
    notes.id = "casebook-evidence-notes";
    while (heading.nextSibling) notes.append(heading.nextSibling);
    const count = notes.querySelectorAll(".ev-note").length;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "casebook-evidence-toggle btn btn-sm";
    button.setAttribute("aria-controls", notes.id);
    const show = (open) => {
      notes.classList.toggle("casebook-folded", !open);
      button.setAttribute("aria-expanded", String(open));
      button.textContent = open ? "Hide the evidence notes" : `Show all ${count} evidence notes`;
    };
    button.addEventListener("click", () => show(notes.classList.contains("casebook-folded")));
    show(false);
    section.append(button, notes);
    const unfoldFor = () => {
      let id = "";
      try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
      const target = id && document.getElementById(id);
      if (target && notes.contains(target)) {
        show(true);
        target.scrollIntoView();
      }
    };
    window.addEventListener("hashchange", unfoldFor);
    unfoldFor();
  }

  function start() {
    foldEvidence();
    markScrollers();
    let pending = 0;
    window.addEventListener("resize", () => {
      cancelAnimationFrame(pending);
      pending = requestAnimationFrame(markScrollers);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
