// Turns the app's JSON API answer for a timeline into a TimelineJS 3 document with the same events: each event's
// title as the slide's headline, its summary and its passages (quote, outlet) as the slide's text, its dates as
// TimelineJS's start_date and end_date. Used by compare.sh to measure TimelineJS on the very events the reader page shows.
// usage: node to-timelinejs.mjs API_URL > timeline.json
const api = process.argv[2];
const body = await (await fetch(api)).json();
const date = (iso) => {
  if (!iso) return undefined;
  const [year, month, day] = iso.split('-').map(Number);
  return { year, ...(month ? { month } : {}), ...(day ? { day } : {}) };
};
const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const events = body.events.map((e) => ({
  start_date: date(e.start),
  ...(e.end ? { end_date: date(e.end) } : {}),
  display_date: e.dateLabel,
  text: {
    headline: escape(e.title),
    text: `<p>${escape(e.summary ?? '')}</p>` + (e.excerpts ?? []).map((x) =>
      `<blockquote>${escape(x.quote ?? "")}</blockquote><p>${escape(x.source?.outlet ?? x.outlet ?? "")}</p>`).join(""),
  },
  group: e.tags?.[0],
}));
process.stdout.write(JSON.stringify({ title: { text: { headline: escape(body.title), text: `<p>${escape(body.description)}</p>` } }, events }));
