// FUZZ_CHECK: an invariant a fuzz target asserts. Unlike assert() it holds in every build type,
// and it aborts, which libFuzzer reports as a crash and saves the input for.
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition, message)                                                            \
  do {                                                                                            \
    if (!(condition)) {                                                                           \
      std::fprintf(stderr, "invariant violated at %s:%d: %s (%s)\n", __FILE__, __LINE__, message, \
                   #condition);                                                                   \
      std::abort();                                                                               \
    }                                                                                             \
  } while (false)
