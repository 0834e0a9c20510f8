// The environment snapshot.
#include "environment.h"

#include <gtest/gtest.h>

namespace keyguard {
namespace {

TEST(Environment, FindsTheFirstEntryOfANameAsGetenvDoes) {
  Environment env({"A=1", "AB=2", "A=3", "EMPTY=", "NOEQUALS"});
  EXPECT_EQ(env.get("A"), "1");
  EXPECT_EQ(env.get("AB"), "2");
  EXPECT_EQ(env.get("EMPTY"), "");
  EXPECT_FALSE(env.get("NOEQUALS"));
  EXPECT_FALSE(env.get("B"));
  EXPECT_FALSE(env.get_nonempty("EMPTY"));
  EXPECT_EQ(env.get_nonempty("A"), "1");
}

TEST(Environment, KeepsValuesByteForByte) {
  Environment env({"V=line1\nline2=x\xC3\xA9"});
  EXPECT_EQ(env.get("V"), "line1\nline2=x\xC3\xA9");
}

}  // namespace
}  // namespace keyguard
