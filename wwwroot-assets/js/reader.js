// Reader keyboard shortcuts and the axis (progressive enhancement; the pages work without this script):
// j / k move to the next / previous event, "/" goes to search, "?" shows the list of shortcuts.
(() => {
  const typing = (el) => el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

  const events = () => Array.from(document.querySelectorAll("ol.events article.event"));

  const currentIndex = (list) => {
    const active = document.activeElement;
    const inside = list.findIndex((a) => a.contains(active));
    if (inside >= 0) return inside;
    // Otherwise the first event whose top is below the top of the viewport.
    const below = list.findIndex((a) => a.getBoundingClientRect().top >= 0);
    return below < 0 ? list.length : below - 0.5;
  };

  const focusEvent = (article) => {
    const link = article.querySelector(".event__title a") || article;
    link.focus({ preventScroll: true });
    const reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    article.scrollIntoView({ block: "start", behavior: reduce ? "auto" : "smooth" });
  };

  document.addEventListener("keydown", (e) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    if (e.key === "j" || e.key === "k") {
      const list = events();
      if (list.length === 0) return;
      const at = currentIndex(list);
      const next = e.key === "j" ? Math.floor(at) + 1 : Math.ceil(at) - 1;
      const target = list[Math.max(0, Math.min(list.length - 1, Number.isInteger(at) ? next : (e.key === "j" ? Math.ceil(at) : Math.floor(at))))];
      if (target) { e.preventDefault(); focusEvent(target); }
    } else if (e.key === "/") {
      const search = document.querySelector("input[type=search], input[name=q]");
      if (search) { e.preventDefault(); search.focus(); }
    } else if (e.key === "?") {
      const help = document.getElementById("shortcuts");
      if (help) { e.preventDefault(); help.open = !help.open; if (help.open) help.querySelector("summary").focus(); }
    }
  });
})();

// The drawn timeline (progressive enhancement of plain links): + and − zoom, ← and → move earlier or later, dragging
// moves and pinching zooms; on release the page goes to the view's own address, so the URL always names what is shown.
// On a story's page, ← and → and a horizontal swipe go to the previous and next event.
(() => {
  const DAY = 86400000;
  const MIN_DAYS = 28;
  const typing = (el) => el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  const follow = (selector) => {
    const link = document.querySelector(selector);
    if (link && link.href) { location.assign(link.href); return true; }
    return false;
  };
  const day = (iso) => Date.parse(iso + "T00:00:00Z") / DAY;
  const iso = (d) => new Date(Math.round(d) * DAY).toISOString().slice(0, 10);

  document.addEventListener("keydown", (e) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    const moves = { "+": "in", "=": "in", "-": "out", "_": "out", "−": "out", ArrowLeft: "earlier", ArrowRight: "later" };
    if (document.querySelector("[data-story]") && (e.key === "ArrowLeft" || e.key === "ArrowRight")) {
      if (follow(`[data-story-move=${e.key === "ArrowLeft" ? "previous" : "next"}]`)) e.preventDefault();
      return;
    }
    const move = moves[e.key];
    if (move && document.querySelector("[data-axis][data-zoomable]") && follow(`[data-axis-move=${move}]`)) e.preventDefault();
  });

  for (const figure of document.querySelectorAll("[data-axis][data-zoomable]")) {
    const first = day(figure.dataset.from), last = day(figure.dataset.to) + 1;
    const wholeFirst = day(figure.dataset.wholeFrom), wholeLast = day(figure.dataset.wholeTo) + 1;
    const pointers = new Map();
    let start = null, moved = false, svg = null;

    const visible = () => Array.from(figure.querySelectorAll("svg")).find((s) => s.getBoundingClientRect().width > 0);
    const spread = () => { const [a, b] = Array.from(pointers.values()); return b ? Math.abs(a.x - b.x) : 0; };
    const centre = () => { const xs = Array.from(pointers.values()).map((p) => p.x); return xs.reduce((a, b) => a + b, 0) / xs.length; };

    // The days the drawing would show after moving by dx pixels and scaling by k around the pixel cx.
    const range = (dx, k, cx) => {
      const rect = svg.getBoundingClientRect();
      const perPixel = (last - first) / rect.width;
      const at = first + (cx - rect.left) * perPixel;
      let days = Math.max(MIN_DAYS, (last - first) * k);
      let from = at - (at - first) * (days / (last - first)) - dx * perPixel;
      if (days >= wholeLast - wholeFirst) return null;
      from = Math.min(Math.max(from, wholeFirst), wholeLast - days);
      return [from, from + days];
    };

    // While the pointer moves, the drawing itself shows the stretch of time it will load.
    const preview = (r) => {
      const [f, l] = r || [wholeFirst, wholeLast];
      const x = ((f - first) / (last - first)) * start.width, w = ((l - f) / (last - first)) * start.width;
      svg.setAttribute("preserveAspectRatio", "none");
      svg.setAttribute("viewBox", `${x} 0 ${w} ${start.height}`);
    };

    figure.addEventListener("pointerdown", (e) => {
      if (e.button !== 0) return;
      svg = visible();
      if (!svg || !svg.contains(e.target)) return;
      pointers.set(e.pointerId, { x: e.clientX });
      start = { x: centre(), spread: spread(), base: svg.getAttribute("viewBox"), width: svg.viewBox.baseVal.width, height: svg.viewBox.baseVal.height };
      moved = false;
    });

    figure.addEventListener("pointermove", (e) => {
      if (!pointers.has(e.pointerId) || !start) return;
      pointers.get(e.pointerId).x = e.clientX;
      if (pointers.size === 2 && start.spread === 0) start = { ...start, x: centre(), spread: spread() };
      const dx = centre() - start.x;
      const k = pointers.size === 2 && start.spread > 0 ? start.spread / Math.max(spread(), 1) : 1;
      if (!moved && Math.abs(dx) < 6 && Math.abs(k - 1) < 0.05) return;
      if (!moved) { moved = true; figure.setAttribute("data-dragging", ""); try { svg.setPointerCapture(e.pointerId); } catch { /* released */ } }
      preview(range(dx, k, start.x));
    });

    const release = (e) => {
      if (!pointers.has(e.pointerId)) return;
      const dx = centre() - start.x;
      const k = pointers.size === 2 && start.spread > 0 ? start.spread / Math.max(spread(), 1) : 1;
      pointers.delete(e.pointerId);
      if (pointers.size > 0) return;
      figure.removeAttribute("data-dragging");
      if (!moved) return;
      const r = e.type === "pointercancel" ? "cancel" : range(dx, k, start.x);
      if (r === "cancel") { svg.setAttribute("viewBox", start.base); svg.removeAttribute("preserveAspectRatio"); moved = false; return; }
      const url = new URL(location.href);
      url.searchParams.delete("page");
      if (r) { url.searchParams.set("from", iso(r[0])); url.searchParams.set("to", iso(r[1] - 1)); }
      else { url.searchParams.delete("from"); url.searchParams.delete("to"); }
      location.assign(url.href);
    };
    figure.addEventListener("pointerup", release);
    figure.addEventListener("pointercancel", release);
    // The drawing's links are not dragged away as links: the pointer moves the view.
    figure.addEventListener("dragstart", (e) => e.preventDefault());
    // A drag ends with a click on whatever is under the pointer: it must not also follow that link.
    figure.addEventListener("click", (e) => { if (moved) { e.preventDefault(); moved = false; } }, true);
  }

  const story = document.querySelector("[data-story]");
  if (story) {
    let sx = null, sy = 0;
    story.addEventListener("pointerdown", (e) => { if (e.pointerType !== "mouse") { sx = e.clientX; sy = e.clientY; } });
    story.addEventListener("pointerup", (e) => {
      if (sx === null) return;
      const dx = e.clientX - sx, dy = e.clientY - sy;
      sx = null;
      if (Math.abs(dx) > 60 && Math.abs(dx) > 2 * Math.abs(dy)) follow(`[data-story-move=${dx > 0 ? "previous" : "next"}]`);
    });
  }

  // Paper shows every passage: a printed copy must name each source so that it can be checked.
  window.addEventListener("beforeprint", () => {
    for (const d of document.querySelectorAll("details.event__more:not([open])")) { d.open = true; d.dataset.printOpened = ""; }
  });
  window.addEventListener("afterprint", () => {
    for (const d of document.querySelectorAll("details[data-print-opened]")) { d.open = false; delete d.dataset.printOpened; }
  });
})();
