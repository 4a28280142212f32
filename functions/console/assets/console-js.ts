// The console's one script, served at a hashed path. Plain JavaScript for any browser since 2020.
export const CONSOLE_JS = `// The console works without this script. With it: times in the reader's zone, live countdowns,
// Markdown previews as you type, and typed text kept in the browser until it is posted.
(() => {
  const fmt = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
  for (const el of document.querySelectorAll('time[data-local]')) {
    const d = new Date(el.getAttribute('datetime'));
    if (!Number.isNaN(d.getTime())) { el.title = el.textContent; el.textContent = fmt.format(d); }
  }
  const human = (m) => { m = Math.max(0, Math.round(m)); const h = Math.floor(m / 60), r = m % 60; return h ? h + ' h' + (r ? ' ' + r + ' min' : '') : r + ' min'; };
  const tick = () => {
    for (const el of document.querySelectorAll('[data-due]')) {
      const minutes = (Date.parse(el.getAttribute('data-due')) - Date.now()) / 60000;
      const label = el.textContent.replace(/\\s*(due in|overdue by).*$/, '');
      el.textContent = label + ' ' + (minutes < 0 ? 'overdue by ' + human(-minutes) : 'due in ' + human(minutes));
      el.classList.toggle('overdue', minutes < 0);
    }
  };
  if (document.querySelector('[data-due]')) setInterval(tick, 30000);

  // Screens that keep themselves current (Now): reload every data-refresh seconds, but never while
  // someone is typing in a field or the tab is hidden.
  const every = Number(document.body.getAttribute('data-refresh'));
  if (every > 0) {
    setInterval(() => {
      const active = document.activeElement;
      const typing = active && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName);
      if (document.visibilityState === 'visible' && !typing) location.reload();
    }, every * 1000);
  }

  // Markdown previews: the server renders with the one sanitizer the page and the mail use.
  for (const area of document.querySelectorAll('textarea[data-preview]')) {
    const target = document.getElementById(area.getAttribute('data-preview'));
    const csrf = area.form && area.form.querySelector('input[name=_csrf]');
    if (!target || !csrf) continue;
    let timer, last;
    const render = async () => {
      if (area.value === last) return;
      last = area.value;
      const body = new URLSearchParams({ _csrf: csrf.value, markdown: area.value });
      const res = await fetch('/console/preview', { method: 'POST', body, headers: { accept: 'text/html' } });
      if (res.ok) target.innerHTML = await res.text();
    };
    area.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(render, 250); });
  }

  // Drafts: what is typed in a message survives a reload or an ended session, until it is posted.
  const key = (el) => 'herald-draft:' + location.pathname + ':' + el.name;
  for (const el of document.querySelectorAll('textarea[data-draft]')) {
    const saved = localStorage.getItem(key(el));
    if (saved && !el.value) el.value = saved;
    el.addEventListener('input', () => localStorage.setItem(key(el), el.value));
    el.form && el.form.addEventListener('submit', () => sessionStorage.setItem('herald-posted', key(el)));
  }
  const posted = sessionStorage.getItem('herald-posted');
  if (posted && !document.querySelector('.error-summary, .signin')) { localStorage.removeItem(posted); sessionStorage.removeItem('herald-posted'); }

  // Double submits: a form's buttons are disabled once it is on its way.
  for (const form of document.querySelectorAll('form[method=post]')) {
    form.addEventListener('submit', () => setTimeout(() => form.querySelectorAll('button[type=submit]').forEach((b) => (b.disabled = true)), 0));
  }
})();
`;
