// The dashboard's stylesheet (/static/dashboard.css), layered on the public /static/style.css:
// a navigation bar, form controls sized for thumbs on a phone, and lists of people and posts
// whose buttons wrap under the text on narrow screens.
#include "src/server/dashboard/view.h"

namespace cornerstore::server::dashboard {

std::string_view DashboardStylesheet() {
  return R"css(.dash-bar{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem 1rem;padding:.5rem .75rem;background:var(--card);box-shadow:0 1px 3px rgba(0,0,0,.08)}
.dash-bar ul{display:flex;flex-wrap:wrap;gap:.15rem;list-style:none;margin:0;padding:0}
.dash-bar a{display:inline-block;padding:.35rem .6rem;border-radius:8px;text-decoration:none;font-weight:600}
.dash-bar a[aria-current=page]{background:var(--accent);color:var(--bg)}
.dash-bar .logout{display:flex;align-items:center;gap:.5rem;margin:0}.who{color:var(--muted);overflow-wrap:anywhere}
main.dash{max-width:48rem}
.dash h1{font-size:1.4rem;margin:.25rem 0 .75rem}.dash h2{font-size:1.15rem;margin:.25rem 0 .75rem}.dash h3{font-size:1rem}
.dash label{display:block;font-weight:600;margin-bottom:.25rem}
.dash input:not([type=checkbox]),.dash textarea,.dash select{width:100%;font:inherit;padding:.55rem .65rem;border:1px solid var(--muted);border-radius:8px;background:var(--bg);color:var(--fg)}
.dash textarea{resize:vertical}
.dash fieldset{border:1px solid var(--muted);border-radius:8px;margin:0 0 1rem;padding:.5rem .75rem}
.dash legend{font-weight:600;padding:0 .25rem}
.field-row{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,2fr);gap:.5rem;margin:.4rem 0}
.check{display:flex;gap:.6rem;align-items:flex-start}.check input{margin-top:.35rem;width:1.1rem;height:1.1rem}.check label{font-weight:400}
button,.button{font:inherit;font-weight:600;padding:.5rem 1rem;border-radius:8px;border:1px solid var(--accent);background:var(--accent);color:var(--bg);cursor:pointer;text-decoration:none;display:inline-block;line-height:1.3}
button.quiet,.button{background:transparent;color:var(--accent)}
button.danger{background:transparent;border-color:#b3261e;color:#b3261e}
@media (prefers-color-scheme:dark){button.danger{border-color:#f2b8b5;color:#f2b8b5}}
form.inline{display:inline;margin:0}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.row{display:flex;flex-wrap:wrap;gap:0 1rem;align-items:flex-end}.row>p{margin:.5rem 0}.row .grow{flex:1 1 16rem}.row .end{flex:0 0 auto}
.hint{color:var(--muted);font-weight:400;font-size:.9rem}
.notice{background:var(--card);border-left:4px solid var(--accent);padding:.6rem .9rem;border-radius:8px}
.alert{background:var(--card);border-left:4px solid #b3261e;padding:.6rem .9rem;border-radius:8px;font-weight:600}
.post .text{white-space:pre-wrap;overflow-wrap:anywhere}.post .cw{margin-bottom:.25rem}
.meta{color:var(--muted);font-size:.9rem;margin:0 0 .25rem}
.people,.notifications,.reach{list-style:none;margin:0;padding:0}
.people li{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.5rem 1rem;padding:.6rem 0;border-top:1px solid rgba(127,127,127,.25)}
.people .who{color:var(--fg);min-width:0;flex:1 1 14rem}.handle-inline{color:var(--muted)}
.notifications li,.reach li{padding:.5rem 0;border-top:1px solid rgba(127,127,127,.25);overflow-wrap:anywhere}
.count{color:var(--muted);font-weight:400}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(8rem,1fr));gap:.75rem;margin:0 0 1rem}
.figures div{background:var(--bg);border-radius:8px;padding:.5rem .75rem}.figures dt{color:var(--muted);font-size:.85rem}.figures dd{margin:0;font-size:1.4rem;font-weight:700}
.login{max-width:24rem;margin:3rem auto}
@media (max-width:30rem){.dash-bar a{padding:.3rem .45rem;font-size:.95rem}main.dash{padding:.75rem}.card{padding:.9rem 1rem}}
.host{font-weight:600}
)css";
}

}  // namespace cornerstore::server::dashboard
