// The environment snapshot.
#include "environment.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

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

TEST(Environment, MarksEveryCopyGetenvNeverReads) {
  struct Row {
    std::vector<std::string_view> entries;
    std::vector<bool> later;
  };
  const Row rows[] = {
      {{}, {}},
      {{"A=1", "B=2"}, {false, false}},
      {{"A=1", "A=2"}, {false, true}},
      {{"A=", "A=x", "A=y"}, {false, true, true}},
      {{"B=1", "A=1", "B=2", "AB=3", "A=2"}, {false, false, true, false, true}},
      {{"NOEQUALS", "NOEQUALS", "NOEQUALS=1"}, {false, false, false}},  // no name, nothing to read
      {{"=x", "=y"}, {false, true}},
  };
  for (const Row& row : rows) EXPECT_EQ(Environment(row.entries).later_copies(), row.later) << ::testing::PrintToString(row.entries);
}

TEST(Environment, ListsEveryNameSetMoreThanOnceInOrderOfItsFirstCopy) {
  Environment env({"B=1", "A=", "C=1", "A=set", "B=", "B=2", "A="});
  std::vector<DuplicateName> found = env.duplicates();
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].name, "B");
  EXPECT_EQ(found[0].copies, 3u);
  EXPECT_FALSE(found[0].first_empty);
  EXPECT_TRUE(found[0].later_set);
  EXPECT_EQ(found[1].name, "A");
  EXPECT_EQ(found[1].copies, 3u);
  EXPECT_TRUE(found[1].first_empty);
  EXPECT_TRUE(found[1].later_set);
  found = Environment({"A=", "A="}).duplicates();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(found[0].first_empty);
  EXPECT_FALSE(found[0].later_set);
  EXPECT_TRUE(Environment({"A=1", "AB=1", "B=1"}).duplicates().empty());
}

TEST(Environment, FindsDuplicatesAmongAHundredThousandEntriesQuickly) {
  // A raw execve may pass that many; comparing every pair would take minutes.
  std::vector<std::string> storage;
  for (int i = 0; i < 100000; ++i) storage.push_back("V" + std::to_string(i % 50000) + "=x");
  std::vector<std::string_view> entries(storage.begin(), storage.end());
  Environment env(entries);
  EXPECT_EQ(env.duplicates().size(), 50000u);
  std::vector<bool> later = env.later_copies();
  EXPECT_EQ(std::count(later.begin(), later.end(), true), 50000);
}

}  // namespace
}  // namespace keyguard
