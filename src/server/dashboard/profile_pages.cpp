// The dashboard's profile form: display name, bio, fields, manual approval of followers and
// hidden collections. Saving goes through UpdateProfileAndFederate, the path of the client API's
// update_credentials: the actor document changes and followers receive an Update.
#include "activitypub/accounts.h"
#include "activitypub/publish/profile_update.h"
#include "src/common/html_escape.h"
#include "src/server/dashboard/dashboard.h"

namespace cornerstore::server::dashboard {
namespace {

void Checkbox(std::string& out, std::string_view name, bool checked, std::string_view label,
              std::string_view hint) {
  out += "<p class=\"check\"><input type=\"checkbox\" id=\"";
  out += name;
  out += "\" name=\"";
  out += name;
  out += "\" value=\"1\"";
  if (checked) out += " checked";
  out += "><label for=\"";
  out += name;
  out += "\">";
  out += label;
  out += " <span class=\"hint\">";
  out += hint;
  out += "</span></label></p>\n";
}

std::string ProfileForm(const store::Account& account, const std::string& csrf,
                        const std::string& profile_url) {
  std::string out =
      "<section class=\"card\" aria-labelledby=\"profile\">\n<h1 id=\"profile\">Profile</h1>\n"
      "<p class=\"hint\">What other servers show about you. Saving sends the change to your "
      "followers. <a href=\"";
  AppendEscapedHtml(out, profile_url);
  out +=
      "\">See your public profile</a></p>\n<form method=\"post\" action=\"/dashboard/profile\">\n";
  out += CsrfField(csrf);
  out +=
      "\n<p><label for=\"display_name\">Display name</label><input id=\"display_name\" "
      "name=\"display_name\" maxlength=\"" +
      std::to_string(activitypub::kMaxDisplayNameLength) + "\" value=\"";
  AppendEscapedHtml(out, account.display_name);
  out +=
      "\"></p>\n<p><label for=\"summary\">Bio</label><textarea id=\"summary\" name=\"summary\" "
      "rows=\"5\">";
  AppendEscapedHtml(out, account.summary);
  out +=
      "</textarea></p>\n<fieldset>\n<legend>Fields <span class=\"hint\">(opening hours, "
      "address, website…)</span></legend>\n";
  for (size_t i = 0; i < activitypub::kMaxProfileFields; ++i) {
    const std::string n = std::to_string(i);
    const store::ProfileField empty;
    const store::ProfileField& f = i < account.fields.size() ? account.fields[i] : empty;
    out += "<div class=\"field-row\"><input name=\"field_name_" + n + "\" aria-label=\"Field " +
           std::to_string(i + 1) + " name\" placeholder=\"Name\" value=\"";
    AppendEscapedHtml(out, f.name);
    out += "\"><input name=\"field_value_" + n + "\" aria-label=\"Field " + std::to_string(i + 1) +
           " value\" placeholder=\"Value\" value=\"";
    AppendEscapedHtml(out, f.value);
    out += "\"></div>\n";
  }
  out += "</fieldset>\n";
  Checkbox(out, "locked", account.manually_approves_followers, "Approve followers manually",
           "(follow requests wait for you under People)");
  Checkbox(out, "hide_collections", account.hide_collections,
           "Hide who you follow and who "
           "follows you",
           "(only the totals are shown)");
  out += "<p><button type=\"submit\">Save profile</button></p>\n</form>\n</section>";
  return out;
}

}  // namespace

HttpResponse Dashboard::ProfilePage(const HttpRequest& request) {
  return AsOwner(request, [&](const Owner& owner) {
    return Page(200, owner, request, "Profile", Section::kProfile,
                ProfileForm(owner.account, owner.csrf,
                            services_.uris().ProfilePage(owner.account.username)));
  });
}

HttpResponse Dashboard::SaveProfile(const HttpRequest& request) {
  return PostAsOwner(request, [&](const Owner& owner, const auth::RequestParams& form) {
    store::Account edited = owner.account;
    edited.display_name = form.Get("display_name");
    edited.summary = WithoutCarriageReturns(form.Get("summary"));
    edited.manually_approves_followers = form.Has("locked");
    edited.hide_collections = form.Has("hide_collections");
    edited.fields.clear();
    for (size_t i = 0; i < activitypub::kMaxProfileFields; ++i) {
      store::ProfileField field{form.Get("field_name_" + std::to_string(i)),
                                form.Get("field_value_" + std::to_string(i))};
      // Rows left blank on both sides are unused, as in Mastodon's form.
      if (field.name.empty() && field.value.empty()) continue;
      edited.fields.push_back(std::move(field));
    }
    auto saved = activitypub::UpdateProfileAndFederate(services_.store(), services_.federation(),
                                                       edited, services_.uris(), services_.clock());
    if (!saved.ok()) {
      if (saved.error().code == ErrorCode::kInvalidInput) {
        return Page(
            422, owner, request, "Profile", Section::kProfile,
            ProfileForm(edited, owner.csrf, services_.uris().ProfilePage(owner.account.username)),
            "Not saved: " + saved.error().message);
      }
      return FailurePage(owner, request, saved.error());
    }
    return SeeOther("/dashboard/profile?done=profile");
  });
}

}  // namespace cornerstore::server::dashboard
