// Sample accounts and field-by-field comparisons shared by the store tests.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "store/store.h"

namespace cornerstore::testing::conformance {

// An account with every field set to something other than its default.
inline store::Account FullAccount(const std::string& username) {
  store::Account a;
  a.username = username;
  a.display_name = "Bäckerei Müller 🥐";
  a.summary = "Fresh bread daily.\nLine two with \"quotes\" and <tags>.";
  a.type = store::ActorType::kOrganization;
  a.fields = {{"Website", "https://bakery.example"}, {"Öffnungszeiten", "Mo–Fr 7–18"}};
  a.manually_approves_followers = true;
  a.discoverable = false;
  a.indexable = false;
  a.hide_collections = true;
  a.avatar_url = "https://cdn.example/avatar.png";
  a.header_url = "https://cdn.example/header.jpg";
  a.also_known_as = {"https://old.example/users/bakery", "https://other.example/@bakery"};
  a.moved_to = "https://new.example/users/bakery";
  a.public_key_pem = "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n";
  a.private_key_pem = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";
  return a;
}

inline store::Account MinimalAccount(const std::string& username) {
  store::Account a;
  a.username = username;
  a.public_key_pem = "pub";
  a.private_key_pem = "priv";
  return a;
}

// Compares every field but id, created_at and updated_at.
inline void CheckSameProfile(const store::Account& got, const store::Account& want) {
  CHECK(got.username == want.username);
  CHECK(got.display_name == want.display_name);
  CHECK(got.summary == want.summary);
  CHECK(got.type == want.type);
  REQUIRE(got.fields.size() == want.fields.size());
  for (size_t i = 0; i < want.fields.size(); ++i) {
    CHECK(got.fields[i].name == want.fields[i].name);
    CHECK(got.fields[i].value == want.fields[i].value);
  }
  CHECK(got.manually_approves_followers == want.manually_approves_followers);
  CHECK(got.discoverable == want.discoverable);
  CHECK(got.indexable == want.indexable);
  CHECK(got.hide_collections == want.hide_collections);
  CHECK(got.avatar_url == want.avatar_url);
  CHECK(got.header_url == want.header_url);
  CHECK(got.also_known_as == want.also_known_as);
  CHECK(got.moved_to == want.moved_to);
  CHECK(got.public_key_pem == want.public_key_pem);
  CHECK(got.private_key_pem == want.private_key_pem);
}

inline void CheckSameAccount(const store::Account& got, const store::Account& want) {
  CHECK(got.id == want.id);
  CHECK(got.created_at == want.created_at);
  CHECK(got.updated_at == want.updated_at);
  CheckSameProfile(got, want);
}

}  // namespace cornerstore::testing::conformance
