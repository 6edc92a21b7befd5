// Timeline embed loader, served at /embed.js. An article includes it with <div data-timeline="slug" …>; it replaces
// each such div by a lazily loaded iframe of this site's embed and keeps the frame as tall as its content.
// Options come from data- attributes: event, tag, actor, from, to, start, theme, compact, view (story or list), lanes (tag or actor); height (before the first fit)
// and max-height (a long timeline then scrolls inside its frame).
(() => {
  'use strict';
  const script = document.currentScript;
  if (!script || !script.src) return;
  const origin = new URL(script.src).origin;
  const options = ['tag', 'actor', 'from', 'to', 'start', 'theme', 'compact', 'view', 'lanes'];
  const frames = new Map();

  const mount = () => document.querySelectorAll('[data-timeline]').forEach((el, index) => {
    // Another copy of this script on the page may have taken it already.
    if (el.hasAttribute('data-timeline-frame') || !el.dataset.timeline) return;
    const id = 'timeline-embed-' + (index + 1);
    el.setAttribute('data-timeline-frame', id);
    let path = '/embed/t/' + encodeURIComponent(el.dataset.timeline);
    if (el.dataset.event) path += '/e/' + encodeURIComponent(el.dataset.event);
    const url = new URL(path, origin);
    for (const key of options) {
      const value = el.getAttribute('data-' + key);
      if (value !== null) url.searchParams.set(key, value);
    }
    url.searchParams.set('frame', id);
    const iframe = document.createElement('iframe');
    iframe.src = url.href;
    iframe.title = 'Timeline: ' + (el.textContent.trim() || el.dataset.timeline);
    iframe.loading = 'lazy';
    iframe.style.cssText = 'display:block;width:100%;border:0;height:' + (parseInt(el.dataset.height, 10) || 480) + 'px';
    frames.set(id, { iframe, max: parseInt(el.dataset.maxHeight, 10) || Infinity });
    el.replaceChildren(iframe);
  });

  window.addEventListener('message', (event) => {
    const data = event.data;
    if (event.origin !== origin || !data || data.type !== 'timeline-embed:height') return;
    const entry = frames.get(data.frame);
    if (!entry || event.source !== entry.iframe.contentWindow) return;
    const height = Number(data.height);
    if (height > 0 && height < 100000) entry.iframe.style.height = Math.ceil(Math.min(height, entry.max)) + 'px';
  });

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount);
  else mount();
})();
