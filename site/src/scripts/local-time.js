/* global document */
// Optional: shows each <time data-local> in the reader's own time zone, keeping the page's
// (UTC) text as its tooltip. The page reads fine without it.
for (const el of document.querySelectorAll('time[data-local]')) {
  const date = new Date(el.getAttribute('datetime'));
  if (Number.isNaN(date.getTime())) continue;
  el.title = el.textContent;
  el.textContent = date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
