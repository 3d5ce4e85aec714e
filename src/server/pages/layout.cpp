#include "src/server/pages/layout.h"

#include "src/common/html_escape.h"
#include "src/common/http_response.h"

namespace cornerstore::server::pages {

std::string RenderPage(std::string_view title, std::string_view head_extra, std::string_view body) {
  std::string html;
  html.reserve(body.size() + 1024);
  html += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  html += title;
  html += "</title>\n<link rel=\"stylesheet\" href=\"/static/style.css\">\n";
  html += head_extra;
  html += "</head>\n<body>\n";
  html += body;
  html += "\n</body>\n</html>\n";
  return html;
}

HttpResponse MessagePage(int status, std::string_view title, std::string_view message) {
  const std::string escaped = EscapeHtml(title);
  return PageResponse(status,
                      RenderPage(escaped, "",
                                 "<main>\n<article class=\"card\">\n<h1>" + escaped + "</h1>\n<p>" +
                                     EscapeHtml(message) + "</p>\n</article>\n</main>"));
}

HttpResponse PageResponse(int status, std::string html) {
  HttpResponse r = HtmlResponse(status, std::move(html));
  r.headers.Set(
      "Content-Security-Policy",
      "default-src 'none'; script-src 'none'; style-src 'self'; img-src https: http: data:; "
      "form-action 'self' https: http:; base-uri 'none'; frame-ancestors 'none'");
  r.headers.Set("X-Content-Type-Options", "nosniff");
  r.headers.Set("Referrer-Policy", "same-origin");
  r.headers.Set("Vary", "Accept");
  return r;
}

std::string_view Stylesheet() {
  return R"css(:root{color-scheme:light dark;--fg:#1d1d1f;--bg:#fafaf7;--muted:#6b6b70;--card:#fff;--accent:#2f6f4f}
@media (prefers-color-scheme:dark){:root{--fg:#ececec;--bg:#17181a;--muted:#a0a0a8;--card:#222326;--accent:#7fcfa3}}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:42rem;margin:0 auto;padding:1rem}a{color:var(--accent)}
.invisible{display:none}.ellipsis::after{content:"…"}
.card{background:var(--card);border-radius:12px;padding:1rem 1.25rem;margin:1rem 0;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.handle{color:var(--muted);margin-top:-.5rem}.fields{display:grid;grid-template-columns:minmax(6rem,auto) 1fr;gap:.25rem 1rem;margin:0}
.fields dt{font-weight:600;color:var(--muted)}.fields dd{margin:0;overflow-wrap:anywhere}
.avatar{width:96px;height:96px;border-radius:16px;object-fit:cover}.header{width:100%;max-height:200px;object-fit:cover;border-radius:12px}
.counts{display:flex;flex-wrap:wrap;gap:0 1.5rem;color:var(--muted);list-style:none;padding:0}.counts b{color:var(--fg)}
.meta{color:var(--muted);font-size:.875rem;margin-bottom:0}.author{font-size:1.1rem;margin:0}h2{font-size:1.25rem}
.pinned{color:var(--muted);font-size:.875rem;margin:0}.pager{text-align:center}
form.follow{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}label,.error{font-weight:600}
input[type=text]{flex:1 1 12rem;font:inherit;padding:.5rem;border:1px solid var(--muted);border-radius:8px;background:var(--card);color:var(--fg)}
button{font:inherit;padding:.5rem 1rem;border:0;border-radius:8px;background:var(--accent);color:var(--bg);cursor:pointer}
footer{color:var(--muted);font-size:.875rem;text-align:center;padding:2rem 0}
)css";
}

}  // namespace cornerstore::server::pages
