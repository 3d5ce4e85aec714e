#include "src/common/log.h"

#include <doctest/doctest.h>

#include <string>

using namespace cornerstore;

TEST_CASE("log: plain values stay as they are") {
  CHECK(log::QuoteValue("https://a.example/users/alice") == "https://a.example/users/alice");
  CHECK(log::QuoteValue("42") == "42");
  CHECK(log::QuoteValue("caf\xc3\xa9") == "caf\xc3\xa9");
}

TEST_CASE("log: values that could break the line are quoted and escaped") {
  CHECK(log::QuoteValue("") == "\"\"");
  CHECK(log::QuoteValue("two words") == "\"two words\"");
  CHECK(log::QuoteValue("a=b") == "\"a=b\"");
  CHECK(log::QuoteValue("say \"hi\"") == "\"say \\\"hi\\\"\"");
  CHECK(log::QuoteValue("back\\slash") == "\"back\\\\slash\"");
  CHECK(log::QuoteValue("tab\there") == "\"tab\\there\"");
  CHECK(log::QuoteValue(std::string_view("nul\0bell\a", 9)) == "\"nul\\x00bell\\x07\"");
  CHECK(log::QuoteValue("del\x7f") == "\"del\\x7f\"");
  CHECK(log::QuoteValue("\x1b[31mred") == "\"\\x1b[31mred\"");
}

TEST_CASE("log: a hostile value cannot forge a second line or a field") {
  std::string forged = "x\r\n2026-11-28T15:00:00Z INFO login user=admin ok=\"true\"";
  std::string quoted = log::QuoteValue(forged);
  CHECK(quoted == "\"x\\r\\n2026-11-28T15:00:00Z INFO login user=admin ok=\\\"true\\\"\"");
  CHECK(quoted.find('\n') == std::string::npos);
  CHECK(quoted.find('\r') == std::string::npos);
  // Inside the quotes, every '"' is escaped: the value ends only at the last character.
  for (size_t i = 1; i + 1 < quoted.size(); ++i) {
    if (quoted[i] == '"') CHECK(quoted[i - 1] == '\\');
  }
  // A value ending in a backslash cannot escape the closing quote.
  CHECK(log::QuoteValue("end\\") == "\"end\\\\\"");
}

TEST_CASE("log: level names") {
  log::Level level = log::Level::kError;
  CHECK(log::ParseLevel("debug", &level));
  CHECK(level == log::Level::kDebug);
  CHECK(log::ParseLevel("warn", &level));
  CHECK(level == log::Level::kWarn);
  CHECK_FALSE(log::ParseLevel("WARN", &level));
  CHECK_FALSE(log::ParseLevel("warning", &level));
  CHECK_FALSE(log::ParseLevel("", &level));
  CHECK(level == log::Level::kWarn);
}

TEST_CASE("log: SetLevel and GetLevel") {
  log::Level saved = log::GetLevel();
  log::SetLevel(log::Level::kError);
  CHECK(log::GetLevel() == log::Level::kError);
  log::Info("test.suppressed", {{"k", "v"}});  // below the level: writes nothing
  log::SetLevel(saved);
}
