// The dashboard's posts: the compose form, the owner's posts with their actions, and one post's
// edit form and reach (where its deliveries went).
#include <set>

#include "src/common/clock.h"
#include "src/common/html_escape.h"
#include "src/common/log.h"
#include "src/common/url.h"
#include "src/server/dashboard/dashboard.h"
#include "src/server/pages/status_page.h"

namespace cornerstore::server::dashboard {
namespace {

// Posts per page of the list: a screenful on a phone, a quick query.
constexpr int kPostsPerPage = 20;
// The post id of a path; the route's pattern guarantees digits.
int64_t PostIdOf(const std::string& id) { return std::stoll(id); }

struct Draft {
  std::string text, content_warning, visibility = "public", in_reply_to;
};

void Option(std::string& out, std::string_view value, std::string_view label,
            std::string_view selected) {
  out += "<option value=\"";
  out += value;
  out += "\"";
  if (value == selected) out += " selected";
  out += ">";
  out += label;
  out += "</option>";
}

std::string ComposeForm(const std::string& csrf, const Draft& draft) {
  std::string out =
      "<section class=\"card\" aria-labelledby=\"compose\">\n<h1 id=\"compose\">New post</h1>\n"
      "<form method=\"post\" action=\"/dashboard/posts\">\n";
  out += CsrfField(csrf);
  out +=
      "\n<p><label for=\"text\">Text</label><textarea id=\"text\" name=\"text\" rows=\"5\" "
      "required placeholder=\"What is new? @mentions, #hashtags and links work.\">";
  AppendEscapedHtml(out, draft.text);
  out +=
      "</textarea></p>\n<p><label for=\"content_warning\">Content warning "
      "<span class=\"hint\">(optional)</span></label><input id=\"content_warning\" "
      "name=\"content_warning\" value=\"";
  AppendEscapedHtml(out, draft.content_warning);
  out +=
      "\"></p>\n<div class=\"row\">\n<p><label for=\"visibility\">Visibility</label>"
      "<select id=\"visibility\" name=\"visibility\">";
  Option(out, "public", "Public", draft.visibility);
  Option(out, "unlisted", "Unlisted", draft.visibility);
  Option(out, "followers", "Followers only", draft.visibility);
  Option(out, "direct", "Mentioned people only", draft.visibility);
  out +=
      "</select></p>\n<p class=\"grow\"><label for=\"in_reply_to\">Reply to "
      "<span class=\"hint\">(URL of a post, optional)</span></label><input id=\"in_reply_to\" "
      "name=\"in_reply_to\" type=\"url\" value=\"";
  AppendEscapedHtml(out, draft.in_reply_to);
  out += "\"></p>\n</div>\n<p><button type=\"submit\">Publish</button></p>\n</form>\n</section>\n";
  return out;
}

std::string VisibilityLabel(store::Visibility v) {
  switch (v) {
    case store::Visibility::kPublic:
      return "Public";
    case store::Visibility::kUnlisted:
      return "Unlisted";
    case store::Visibility::kFollowers:
      return "Followers only";
    case store::Visibility::kDirect:
      return "Direct";
  }
  return "";
}

// The text of a post as the owner typed it, behind its content warning when it has one.
void AppendPostText(std::string& out, const store::StoredObject& post) {
  if (!post.summary.empty()) {
    out += "<p class=\"cw\"><strong>CW:</strong> ";
    AppendEscapedHtml(out, post.summary);
    out += "</p>";
  }
  out += "<p class=\"text\">";
  AppendEscapedHtml(out, post.content_source);
  out += "</p>";
}

void AppendMeta(std::string& out, const store::StoredObject& post, bool pinned) {
  out += "<p class=\"meta\"><a href=\"";
  AppendEscapedHtml(out, post.url.empty() ? post.uri : post.url);
  out += "\"><time datetime=\"";
  out += FormatIso8601(post.published_at);
  out += "\">";
  out += pages::FormatDisplayTime(post.published_at);
  out += "</time></a> · ";
  out += VisibilityLabel(post.visibility);
  if (post.edited_at != 0) out += " · edited";
  if (pinned) out += " · <strong>pinned</strong>";
  out += "</p>";
}

std::string PostActions(const store::StoredObject& post, bool pinned, const std::string& csrf,
                        bool with_edit_link) {
  const std::string base = "/dashboard/posts/" + std::to_string(post.id);
  std::string out = "<div class=\"actions\">";
  if (with_edit_link) out += "<a class=\"button\" href=\"" + base + "\">Edit · reach</a>";
  if (post.visibility != store::Visibility::kDirect) {
    out += pinned ? ButtonForm(base + "/unpin", csrf, "Unpin", "", "", "quiet")
                  : ButtonForm(base + "/pin", csrf, "Pin", "", "", "quiet");
  }
  out += ButtonForm(base + "/delete", csrf, "Delete", "", "", "danger");
  out += "</div>";
  return out;
}

// Where a post's deliveries went, from FederationStore::ReportDeliveries.
std::string ReachSection(const store::DeliveryReport& report) {
  std::string out =
      "<section class=\"card\" aria-labelledby=\"reach\">\n<h2 id=\"reach\">Reach</h2>\n";
  if (report.total == 0) {
    out +=
        "<p>Nothing was sent to other servers for this post (no remote followers or "
        "mentions yet).</p>\n</section>\n";
    return out;
  }
  out += "<dl class=\"figures\">";
  out += "<div><dt>Servers reached</dt><dd>" + std::to_string(report.hosts_done) + " of " +
         std::to_string(report.hosts_total) + "</dd></div>";
  out += "<div><dt>Inboxes reached</dt><dd>" + std::to_string(report.done) + " of " +
         std::to_string(report.total) + "</dd></div>";
  out += "<div><dt>Retrying</dt><dd>" + std::to_string(report.retrying.size()) + "</dd></div>";
  out += "<div><dt>Gave up</dt><dd>" + std::to_string(report.gave_up.size()) + "</dd></div>";
  out += "</dl>\n";
  const int64_t waiting = report.queued - static_cast<int64_t>(report.retrying.size());
  if (waiting > 0) {
    out += "<p>" + std::to_string(waiting) + " being sent now.</p>\n";
  }
  auto list = [&](const std::vector<store::DeliveryJob>& jobs, std::string_view title, bool next) {
    if (jobs.empty()) return;
    out += "<h3>";
    out += title;
    out += "</h3>\n<ul class=\"reach\">";
    for (const auto& job : jobs) {
      out += "<li><span class=\"host\">";
      AppendEscapedHtml(out, job.host);
      out += "</span> ";
      out += job.last_status != 0
                 ? "HTTP " + std::to_string(job.last_status)
                 : EscapeHtml(job.last_error.empty() ? "no answer" : job.last_error);
      out += " · " + std::to_string(job.attempts) + " attempts";
      if (next) out += " · next " + pages::FormatDisplayTime(job.next_attempt_at);
      out += "</li>";
    }
    out += "</ul>\n";
  };
  list(report.retrying, "Retrying", true);
  list(report.gave_up, "Gave up", false);
  out += "</section>\n";
  return out;
}

}  // namespace

std::string Dashboard::PostsBody(const Owner& owner) { return ComposeForm(owner.csrf, Draft{}); }

HttpResponse Dashboard::Home(const HttpRequest& request) {
  return AsOwner(request, [&](const Owner& owner) {
    store::PageRequest page;
    page.limit = kPostsPerPage;
    if (auto max_id = QueryParam(request.Query(), "max_id")) {
      page.max_id = std::strtoll(max_id->c_str(), nullptr, 10);
    }
    auto posts = services_.federation().ListAccountObjects(owner.account.id, {}, page);
    if (!posts.ok()) return FailurePage(owner, request, posts.error());
    std::set<int64_t> pinned;
    if (auto pins = services_.federation().ListPinned(owner.account.id); pins.ok()) {
      for (const auto& p : *pins) pinned.insert(p.id);
    }
    std::string body = PostsBody(owner);
    body += "<section aria-labelledby=\"posts\">\n<h2 id=\"posts\">Your posts</h2>\n";
    body += "<p class=\"hint\">Public profile: <a href=\"" +
            EscapeHtml(services_.uris().ProfilePage(owner.account.username)) + "\">" +
            EscapeHtml("@" + services_.uris().Acct(owner.account.username)) + "</a></p>\n";
    if (posts->empty()) body += "<p>No posts yet.</p>\n";
    for (const auto& post : *posts) {
      const bool is_pinned = pinned.count(post.id) > 0;
      body += "<article class=\"card post\">";
      AppendMeta(body, post, is_pinned);
      AppendPostText(body, post);
      body += PostActions(post, is_pinned, owner.csrf, true);
      body += "</article>\n";
    }
    if (static_cast<int>(posts->size()) == kPostsPerPage) {
      body += "<p><a href=\"/dashboard?max_id=" + std::to_string(posts->back().id) +
              "\">Older posts</a></p>\n";
    }
    body += "</section>";
    return Page(200, owner, request, "Posts", Section::kPosts, body);
  });
}

HttpResponse Dashboard::Compose(const HttpRequest& request) {
  return PostAsOwner(request, [&](const Owner& owner, const auth::RequestParams& form) {
    Draft draft{WithoutCarriageReturns(form.Get("text")), form.Get("content_warning"),
                form.Get("visibility"), form.Get("in_reply_to")};
    activitypub::PostRequest post;
    post.text = draft.text;
    post.content_warning = draft.content_warning;
    post.in_reply_to = draft.in_reply_to;
    auto visibility =
        store::ParseVisibility(draft.visibility.empty() ? "public" : draft.visibility);
    if (!visibility) {
      return Page(422, owner, request, "Posts", Section::kPosts, ComposeForm(owner.csrf, draft),
                  "Choose a visibility from the list.");
    }
    post.visibility = *visibility;
    auto published = services_.publish().Post(owner.account, post);
    if (!published.ok()) {
      const Error& e = published.error();
      if (e.code == ErrorCode::kInvalidInput || e.code == ErrorCode::kNotFound ||
          e.code == ErrorCode::kGone) {
        // The draft stays, with the reason, so nothing typed is lost.
        return Page(422, owner, request, "Posts", Section::kPosts, ComposeForm(owner.csrf, draft),
                    "Not published: " + e.message);
      }
      return FailurePage(owner, request, e);
    }
    log::Info("dashboard.posted", {{"account", owner.account.username}, {"uri", published->uri}});
    return SeeOther("/dashboard?done=posted");
  });
}

HttpResponse Dashboard::PostPage(const HttpRequest& request, const std::string& id) {
  return AsOwner(request, [&](const Owner& owner) {
    auto post = services_.publish().FindOwnPost(owner.account, id);
    if (!post.ok()) return FailurePage(owner, request, post.error());
    bool pinned = false;
    if (auto pins = services_.federation().ListPinned(owner.account.id); pins.ok()) {
      for (const auto& p : *pins) pinned = pinned || p.id == post->id;
    }
    const std::string base = "/dashboard/posts/" + std::to_string(post->id);
    std::string body =
        "<article class=\"card\" aria-labelledby=\"edit\">\n<h1 id=\"edit\">Edit post</h1>\n";
    AppendMeta(body, *post, pinned);
    body += "<form method=\"post\" action=\"" + base + "/edit\">\n" + CsrfField(owner.csrf);
    body +=
        "\n<p><label for=\"text\">Text</label><textarea id=\"text\" name=\"text\" rows=\"6\" "
        "required>";
    AppendEscapedHtml(body, post->content_source);
    body +=
        "</textarea></p>\n<p><label for=\"content_warning\">Content warning</label>"
        "<input id=\"content_warning\" name=\"content_warning\" value=\"";
    AppendEscapedHtml(body, post->summary);
    body += "\"></p>\n<p><button type=\"submit\">Save changes</button></p>\n</form>\n";
    body += PostActions(*post, pinned, owner.csrf, false);
    body += "</article>\n";
    auto report = services_.federation().ReportDeliveries(post->id);
    if (report.ok()) {
      body += ReachSection(*report);
    } else {
      log::Error("dashboard.reach_failed", {{"error", report.error().ToLogString()}});
    }
    body += "<p><a href=\"/dashboard\">Back to your posts</a></p>";
    return Page(200, owner, request, "Edit post", Section::kPosts, body);
  });
}

HttpResponse Dashboard::PostAction(const HttpRequest& request, const std::string& id,
                                   const std::string& action) {
  return PostAsOwner(request, [&](const Owner& owner, const auth::RequestParams& form) {
    const std::string post = std::to_string(PostIdOf(id));
    Status done = OkStatus();
    std::string next;
    if (action == "edit") {
      done = services_.publish().Edit(owner.account, post, WithoutCarriageReturns(form.Get("text")),
                                      form.Get("content_warning"));
      next = "/dashboard/posts/" + post + "?done=edited";
    } else if (action == "delete") {
      done = services_.publish().Delete(owner.account, post);
      next = "/dashboard?done=deleted";
    } else if (action == "pin") {
      done = services_.publish().Pin(owner.account, post);
      next = "/dashboard?done=pinned";
    } else {
      done = services_.publish().Unpin(owner.account, post);
      next = "/dashboard?done=unpinned";
    }
    if (!done.ok()) return FailurePage(owner, request, done.error());
    return SeeOther(next);
  });
}

}  // namespace cornerstore::server::dashboard
