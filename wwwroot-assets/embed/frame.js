// Runs inside the embed's iframe. In a story, ← and → (and a swipe) step to the previous and next event. Tells the embedding page how tall the content is, so that its loader (/embed.js)
// fits the iframe to it, also after a reader opens or closes an event's excerpts; and, when the frame is shorter than
// its content, opens it scrolled to the start event.
// Only a height is sent, so any page may read it (targetOrigin '*'); the loader checks the message comes from this site.
(() => {
  'use strict';
  const follow = (move) => { const a = document.querySelector('[data-story-move=' + move + ']'); if (a) location.assign(a.href); return !!a; };
  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || !document.querySelector('[data-story]')) return;
    if ((e.key === 'ArrowLeft' && follow('previous')) || (e.key === 'ArrowRight' && follow('next'))) e.preventDefault();
  });
  const story = document.querySelector('[data-story]');
  if (story) {
    let x = null, y = 0;
    story.addEventListener('pointerdown', (e) => { if (e.pointerType !== 'mouse') { x = e.clientX; y = e.clientY; } });
    story.addEventListener('pointerup', (e) => {
      if (x === null) return;
      const dx = e.clientX - x, dy = e.clientY - y;
      x = null;
      if (Math.abs(dx) > 60 && Math.abs(dx) > 2 * Math.abs(dy)) follow(dx > 0 ? 'previous' : 'next');
    });
  }
  if (window.parent === window) return;
  const frame = new URLSearchParams(location.search).get('frame');
  const root = document.documentElement;
  const start = document.querySelector('.is-start');
  // Scrolls this document only: a fragment or scrollIntoView could scroll the article around the frame too.
  if (start) root.scrollTop = start.getBoundingClientRect().top - 8;
  // A story keeps the height its snippet gave it: stepping from event to event must not move the article.
  if (root.dataset.fixed) return;
  let sent = 0;
  new ResizeObserver(() => {
    const height = Math.ceil(root.getBoundingClientRect().height);
    if (height !== sent) {
      sent = height;
      window.parent.postMessage({ type: 'timeline-embed:height', frame, height }, '*');
    }
  }).observe(root);
})();
