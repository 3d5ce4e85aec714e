// The standard headers most files of ours include, precompiled once per library (CMake
// target_precompile_headers, CORNERSTORE_PCH): parsing them again in each of ~300 files was a
// third of the build. Nothing includes this file directly; only headers that never change belong
// here, so editing our code never rebuilds the header.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>
