// The console's one stylesheet (light and dark by the reader's setting). Served at a hashed path.
export const CONSOLE_CSS = `:root{--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--panel:#f6f8fa;--accent:#0969da;--accent-fg:#fff;--red:#b42318;--red-bg:#fdecea;--amber:#8a5300;--amber-bg:#fff4d6;--green:#1a7f37;--green-bg:#e6f4ea;--focus:#0969da;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--panel:#151b23;--accent:#4493f8;--accent-fg:#0d1117;--red:#ff8182;--red-bg:#3c1618;--amber:#e3b341;--amber-bg:#3a2c0b;--green:#56d364;--green-bg:#12351d;--focus:#4493f8}}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--fg)}
a{color:var(--accent)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-999px;top:0}.skip:focus{left:8px;top:8px;background:var(--bg);padding:8px;z-index:9}
.top{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;justify-content:space-between;padding:10px 16px;border-bottom:1px solid var(--line)}
.brand{font-weight:700;color:var(--fg);text-decoration:none}.brand span{font-weight:400;color:var(--muted)}
.who{display:flex;gap:10px;align-items:center;flex-wrap:wrap}
.role{font-size:13px;border:1px solid var(--line);border-radius:99px;padding:0 8px;color:var(--muted)}
.nav{border-bottom:1px solid var(--line);overflow-x:auto}
.nav ul{display:flex;gap:4px;margin:0;padding:0 12px;list-style:none}
.nav a{display:block;padding:10px 10px;color:var(--fg);text-decoration:none;white-space:nowrap;border-bottom:3px solid transparent}
.nav a[aria-current=page]{border-bottom-color:var(--accent);font-weight:600}
main{max-width:1180px;margin:0 auto;padding:16px}
main:focus{outline:none}
h1{font-size:1.6rem;margin:8px 0 16px}h2{font-size:1.2rem;margin:24px 0 8px}h3{font-size:1.05rem;margin:16px 0 6px}
.muted,.hint{color:var(--muted)}.hint{margin:0 0 4px;font-size:14px}
.bar{display:flex;flex-wrap:wrap;gap:8px;align-items:center;justify-content:space-between}
.grid{display:grid;gap:16px}@media (min-width:900px){.grid.two{grid-template-columns:1fr 1fr}.grid.main-side{grid-template-columns:2fr 1fr}}
.card{border:1px solid var(--line);border-radius:8px;padding:12px 16px;background:var(--bg)}
.card+.card{margin-top:12px}
.list{list-style:none;margin:0;padding:0}.list>li{border:1px solid var(--line);border-radius:8px;padding:12px 16px;margin:0 0 10px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}th{font-weight:600}
.table-wrap{overflow-x:auto}
.badge{display:inline-block;font-size:13px;font-weight:600;border-radius:4px;padding:0 6px;border:1px solid currentColor;white-space:nowrap}
.sev-SEV0,.sev-SEV1{color:var(--red)}.sev-SEV2{color:var(--amber)}.sev-SEV3,.sev-SEV4{color:var(--muted)}
.st-operational{color:var(--green)}.st-degraded_performance,.st-under_maintenance{color:var(--amber)}.st-partial_outage,.st-major_outage{color:var(--red)}
.due{font-weight:600}.due.overdue{color:var(--red)}
button,.button{font:inherit;display:inline-block;border:1px solid var(--line);background:var(--panel);color:var(--fg);border-radius:6px;padding:8px 14px;cursor:pointer;text-decoration:none;min-height:44px}
button.primary,.button.primary{background:var(--accent);border-color:var(--accent);color:var(--accent-fg);font-weight:600}
button.danger{color:var(--red);border-color:var(--red)}
button.link{border:0;background:none;color:var(--accent);padding:0;min-height:0;text-decoration:underline}
form.inline{display:inline}
.field{margin:0 0 14px}.field label,.legend{display:block;font-weight:600;margin:0 0 4px}
input[type=text],input[type=email],input[type=url],input[type=datetime-local],input[type=number],input[type=search],select,textarea{font:inherit;width:100%;max-width:100%;padding:8px;border:1px solid var(--muted);border-radius:6px;background:var(--bg);color:var(--fg)}
textarea{min-height:9em;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:14px}
fieldset{border:1px solid var(--line);border-radius:8px;margin:0 0 14px;padding:8px 12px}legend{font-weight:600;padding:0 4px}
.choice{display:flex;gap:8px;align-items:flex-start;margin:4px 0}.choice input{margin-top:5px}
.has-error input,.has-error select,.has-error textarea{border-color:var(--red);border-width:2px}
.field-error{color:var(--red);font-weight:600;margin:0 0 4px}
.error-summary{border:2px solid var(--red);background:var(--red-bg);border-radius:8px;padding:8px 16px;margin:0 0 16px}.error-summary h2{margin:4px 0;font-size:1.05rem}
.notice{border:1px solid var(--line);border-left:4px solid var(--accent);background:var(--panel);border-radius:6px;padding:8px 12px;margin:0 0 16px}
.warning{border:1px solid var(--amber);border-left:4px solid var(--amber);background:var(--amber-bg);border-radius:6px;padding:8px 12px;margin:0 0 12px}
.prose{overflow-wrap:anywhere}.prose p{margin:0 0 8px}
.preview{border:1px dashed var(--line);border-radius:6px;padding:8px 12px;min-height:3em;background:var(--panel)}
.timeline{list-style:none;padding:0;margin:0}.timeline li{border-left:3px solid var(--line);padding:4px 0 10px 12px}
.timeline .internal{border-left-color:var(--amber)}
.actions{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:12px 0}
.chart{width:100%;height:auto;max-width:640px}.chart text{fill:var(--fg);font-size:11px}.chart .bar{fill:var(--accent)}.chart .axis{stroke:var(--line)}
@media (max-width:600px){main{padding:12px}h1{font-size:1.35rem}th,td{padding:6px 4px}}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.chart .bar.alt{fill:var(--fg);opacity:.45}.chart .track{fill:var(--line);opacity:.5}
`;
