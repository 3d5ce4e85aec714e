// The dashboard's HTML building blocks: the page shell with its navigation, forms with their
// CSRF field, notices, and the response headers every dashboard page carries (no script at all,
// forms to ourselves only, never cached, never framed).
//
// Every string from the store or the request is escaped here or by the caller with EscapeHtml.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "src/common/http_message.h"

namespace cornerstore::server::dashboard {

// Which section of the navigation a page belongs to (it is marked as current).
enum class Section { kNone, kPosts, kProfile, kPeople, kNotifications };

struct Shell {
  std::string title;     // plain text
  std::string username;  // the logged-in owner ("" on the login page: no navigation)
  std::string csrf;      // the session's CSRF token (for the logout form)
  Section section = Section::kNone;
  std::string notice;  // plain text shown as a status line, or ""
  std::string error;   // plain text shown as an alert, or ""
};

// The full document: shell around `body` (trusted markup).
std::string RenderDashboardPage(const Shell& shell, std::string_view body);

// A dashboard response: `html` with a strict CSP and no-store caching.
HttpResponse DashboardResponse(int status, std::string html);
// 303 See Other to `location` (POST-redirect-GET), uncached.
HttpResponse SeeOther(std::string_view location);

// <input type="hidden" name="csrf_token" value="…">
std::string CsrfField(std::string_view token);
// A one-button form posting `hidden` fields (name, value pairs already chosen by us) to
// `action`. `style` is "" or a button class ("danger", "quiet").
std::string ButtonForm(std::string_view action, std::string_view csrf, std::string_view label,
                       std::string_view hidden_name = "", std::string_view hidden_value = "",
                       std::string_view style = "");

// The sentence a ?done=<code> query parameter stands for after a redirect, "" if unknown: the
// page never reflects free text from the URL.
std::string NoticeFor(std::string_view code);

// `text` without carriage returns: browsers send a textarea's line breaks as CRLF, and posts and
// bios are stored with the plain LF the CLI and the API use.
std::string WithoutCarriageReturns(std::string_view text);

// The stylesheet served at /static/dashboard.css (on top of /static/style.css).
std::string_view DashboardStylesheet();

}  // namespace cornerstore::server::dashboard
