// Excerpt picking in the editor: turns the reader's text selection inside a source's text into
// character offsets of that text, so the server can store W3C TextPosition/TextQuote selectors.
(() => {
  const offsetWithin = (root, node, offset) => {
    const range = document.createRange();
    range.selectNodeContents(root);
    range.setEnd(node, offset);
    return range.toString().length;
  };

  const current = (root) => {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    if (!root.contains(range.startContainer) || !root.contains(range.endContainer)) return null;
    const start = offsetWithin(root, range.startContainer, range.startOffset);
    const end = offsetWithin(root, range.endContainer, range.endOffset);
    return end > start ? { start, end } : null;
  };

  window.timelineEditor = {
    // Reports each finished selection inside root to the component (after mouse-up or a keyboard selection).
    watchSelection(root, component) {
      if (!root || root.dataset.watching) return;
      root.dataset.watching = "1";
      const report = () => {
        const found = current(root);
        if (!found) return;
        root.dataset.selStart = String(found.start);
        root.dataset.selEnd = String(found.end);
        component.invokeMethodAsync("OnSelection", found.start, found.end);
      };
      root.addEventListener("mouseup", () => setTimeout(report, 0));
      root.addEventListener("keyup", (e) => { if (e.shiftKey || e.key === "Shift") report(); });
      root.addEventListener("touchend", () => setTimeout(report, 0));
    },
    lastSelection(root) {
      if (!root) return null;
      const live = current(root);
      if (live) return live;
      if (root.dataset.selStart === undefined) return null;
      return { start: Number(root.dataset.selStart), end: Number(root.dataset.selEnd) };
    },
    clearSelection(root) {
      if (root) { delete root.dataset.selStart; delete root.dataset.selEnd; }
      const selection = window.getSelection();
      if (selection) selection.removeAllRanges();
    },
    scrollToOffset(root, id) {
      const el = root && root.querySelector(`[data-pick="${id}"]`);
      if (el) el.scrollIntoView({ block: "center" });
    },
    // Brings the passage being chosen (drawn by the server as mark.picker-selection) into view inside the text.
    revealSelection(root) {
      const mark = root && root.querySelector(".picker-selection");
      if (mark) mark.scrollIntoView({ block: "center", behavior: "instant" });
    },
    copy(text) { return navigator.clipboard.writeText(text); },
    // After the server added the parts of a text with commas (seen), the box keeps the rest and what was typed since.
    settleLabelInput(input, seen, rest) {
      if (!input || !input.value.startsWith(seen)) return;
      input.value = rest + input.value.slice(seen.length);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    },
  };

  // Tag and actor inputs (Shared/LabelInput.razor). The box's text is the browser's; the server follows it and adds it
  // when Enter or comma reaches it. Here, before Blazor sends the key (this listener captures, Blazor's bubbles), the
  // key is kept from submitting the form or typing a comma, and the box is emptied at once, so that letters typed
  // before the server answers stay in it.
  document.addEventListener("keydown", (e) => {
    const input = e.target;
    if (!(input instanceof HTMLInputElement) || !input.hasAttribute("data-label-input")) return;
    if (e.isComposing || e.keyCode === 229) {
      // An input method's Enter confirms the composed text: it is not an Enter for the field.
      if (e.key === "Enter") e.stopPropagation();
      return;
    }
    if (e.key === "Enter" || e.key === ",") {
      e.preventDefault();
      input.value = "";
    } else if ((e.key === "ArrowDown" || e.key === "ArrowUp") && !e.altKey) {
      e.preventDefault(); // moves through the suggestions, not the caret
    }
  }, true);

  // A click on a suggestion adds it (on the server): empty the box now, as Enter does.
  document.addEventListener("click", (e) => {
    const option = e.target instanceof Element ? e.target.closest(".label-input [role=option]") : null;
    const input = option && option.closest(".label-input").querySelector("input[data-label-input]");
    if (input) input.value = "";
  }, true);

  // A click on the field around the chips puts the caret in its box.
  document.addEventListener("mousedown", (e) => {
    const box = e.target instanceof Element ? e.target.closest(".label-input__box") : null;
    if (!box || e.target.closest("button, input")) return;
    const input = box.querySelector("input[data-label-input]");
    if (input) { e.preventDefault(); input.focus(); }
  });
})();
