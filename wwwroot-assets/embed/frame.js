// Runs inside the embed's iframe. Tells the embedding page how tall the content is, so that its loader (/embed.js)
// fits the iframe to it, also after a reader opens or closes an event's excerpts; and, when the frame is shorter than
// its content, opens it scrolled to the start event.
// Only a height is sent, so any page may read it (targetOrigin '*'); the loader checks the message comes from this site.
(() => {
  'use strict';
  if (window.parent === window) return;
  const frame = new URLSearchParams(location.search).get('frame');
  const root = document.documentElement;
  const start = document.querySelector('.is-start');
  // Scrolls this document only: a fragment or scrollIntoView could scroll the article around the frame too.
  if (start) root.scrollTop = start.getBoundingClientRect().top - 8;
  let sent = 0;
  new ResizeObserver(() => {
    const height = Math.ceil(root.getBoundingClientRect().height);
    if (height !== sent) {
      sent = height;
      window.parent.postMessage({ type: 'timeline-embed:height', frame, height }, '*');
    }
  }).observe(root);
})();
