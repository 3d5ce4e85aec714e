// The test targets' precompiled header: the library one plus the test framework and the
// threads most tests start (see src/common/precompiled.h).
#pragma once

#include <doctest/doctest.h>

#include <thread>

#include "src/common/precompiled.h"
