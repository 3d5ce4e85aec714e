#include "store/store.h"

#include "src/common/http_message.h"

namespace cornerstore::store {

std::string_view ActorTypeName(ActorType type) {
  switch (type) {
    case ActorType::kPerson:
      return "Person";
    case ActorType::kOrganization:
      return "Organization";
    case ActorType::kService:
      return "Service";
  }
  return "Person";
}

std::optional<ActorType> ParseActorType(std::string_view name) {
  std::string lower = ToLower(name);
  if (lower == "person") return ActorType::kPerson;
  if (lower == "organization") return ActorType::kOrganization;
  if (lower == "service") return ActorType::kService;
  return std::nullopt;
}

}  // namespace cornerstore::store
