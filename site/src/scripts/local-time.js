/* global document */
// Optional: shows each <time data-local> in the reader's own time zone, named
// ("Dec 3, 2026, 1:18 AM EST"), keeping the page's UTC text as its tooltip. Without this script
// the page reads in UTC ("3 Dec 2026, 06:18 UTC"), so every time shown carries its zone either way.
const local = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
});
for (const el of document.querySelectorAll('time[data-local]')) {
  const date = new Date(el.getAttribute('datetime'));
  if (Number.isNaN(date.getTime())) continue;
  el.title = el.textContent;
  el.textContent = local.format(date);
}
