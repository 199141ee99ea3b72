// The catalog's open-addressing map: every operation the catalog uses, checked against
// std::unordered_map over long random sequences, with tables small enough that probe runs wrap
// around the end of the slot array and erasures have to move entries back.

#include "compiler/name_map.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace sqlmigrate::compiler {
namespace {

std::map<std::string, int> contents(const NameMap<int>& m) {
  std::map<std::string, int> out;
  for (const auto& [k, v] : m) EXPECT_TRUE(out.emplace(k, v).second) << "key listed twice: " << k;
  return out;
}

std::map<std::string, int> contents(const std::unordered_map<std::string, int>& m) { return {m.begin(), m.end()}; }

TEST(NameMap, AgreesWithUnorderedMapOverRandomOperations) {
  std::mt19937 rng(20261122);
  for (const int key_space : {8, 40, 1000}) {
    NameMap<int> m;
    std::unordered_map<std::string, int> ref;
    // Long keys live outside the string object: both kinds are compared.
    auto key = [&](int i) { return (i % 3 == 0 ? "public.a_rather_long_relation_name_" : "s.") + std::to_string(i); };
    for (int step = 0; step < 20000; ++step) {
      const std::string k = key(static_cast<int>(rng() % static_cast<unsigned>(key_space)));
      const int v = static_cast<int>(rng() % 1000);
      switch (rng() % 7) {
        case 0: {
          const bool inserted = m.try_emplace(k, v).second;
          EXPECT_EQ(inserted, ref.try_emplace(k, v).second) << k;
          break;
        }
        case 1:
          m.insert_or_assign(k, v);
          ref.insert_or_assign(k, v);
          break;
        case 2:
          EXPECT_EQ(m.erase(k), ref.erase(k)) << k;
          break;
        case 3: {
          const auto it = m.find(k);
          if (it != m.end()) m.erase(it);
          ref.erase(k);
          break;
        }
        case 4: {  // extract, then put back under another key (a rename)
          auto node = m.extract(k);
          const auto rit = ref.find(k);
          ASSERT_EQ(node.empty(), rit == ref.end()) << k;
          if (node.empty()) break;
          EXPECT_EQ(node.mapped(), rit->second);
          const std::string to = key(static_cast<int>(rng() % static_cast<unsigned>(key_space)));
          const int value = rit->second;
          ref.erase(rit);
          node.key() = to;
          const auto r = m.insert(std::move(node));
          EXPECT_EQ(r.inserted, ref.try_emplace(to, value).second) << to;
          EXPECT_EQ(r.position->first, to);
          EXPECT_EQ(r.inserted, r.node.empty());
          break;
        }
        case 5:
          m[k] += v;
          ref[k] += v;
          break;
        default: {
          const auto it = m.find(k);
          const auto rit = ref.find(k);
          ASSERT_EQ(it == m.end(), rit == ref.end()) << k;
          EXPECT_EQ(m.contains(k), ref.contains(k));
          if (it != m.end()) {
            EXPECT_EQ(it->first, k);
            EXPECT_EQ(it->second, rit->second);
            EXPECT_EQ(m.at(k), rit->second);
          }
          break;
        }
      }
      ASSERT_EQ(m.size(), ref.size()) << "after step " << step;
      if (step % 997 == 0) {
        ASSERT_EQ(contents(m), contents(ref)) << "after step " << step;
      }
    }
    EXPECT_EQ(contents(m), contents(ref));
    // Every key the reference holds is found, and no other key of the key space is.
    for (int i = 0; i < key_space; ++i) EXPECT_EQ(m.contains(key(i)), ref.contains(key(i))) << key(i);
  }
}

// Keys chosen by their home slot in a table of 16 slots, so that a probe run wraps from the last
// slot to the first and erasing inside it must move the right entries back.
TEST(NameMap, ErasingInARunThatWrapsAroundKeepsEveryKeyFindable) {
  auto home = [](const std::string& k) { return std::hash<std::string_view>{}(k) & 15U; };
  std::vector<std::string> at_last, at_first;  // keys whose home is slot 15 / slot 0
  for (int i = 0; at_last.size() < 3 || at_first.size() < 2; ++i) {
    const std::string k = "public.k" + std::to_string(i);
    if (home(k) == 15 && at_last.size() < 3) at_last.push_back(k);
    if (home(k) == 0 && at_first.size() < 2) at_first.push_back(k);
  }
  // Two insertion orders. Slots 15, 0, 1, 2, 3 then hold: last[0], last[1], first[0], last[2],
  // first[1]; or last[0], first[0], last[1], first[1], last[2] (an entry at home right after the wrap).
  const std::vector<std::vector<std::string>> orders = {
      {at_last[0], at_last[1], at_first[0], at_last[2], at_first[1]},
      {at_last[0], at_first[0], at_last[1], at_first[1], at_last[2]}};
  for (const auto& order : orders) {
    for (std::size_t victim = 0; victim < order.size(); ++victim) {
      NameMap<int> m;
      m.reserve(8);  // 16 slots, and no growth below 8 entries
      for (std::size_t i = 0; i < order.size(); ++i) m.try_emplace(order[i], static_cast<int>(i));
      ASSERT_EQ(m.erase(order[victim]), 1U);
      for (std::size_t i = 0; i < order.size(); ++i) {
        if (i == victim) {
          EXPECT_FALSE(m.contains(order[i])) << order[i];
        } else {
          ASSERT_TRUE(m.contains(order[i])) << "lost " << order[i] << " after erasing " << order[victim];
          EXPECT_EQ(m.at(order[i]), static_cast<int>(i));
        }
      }
    }
  }
}

TEST(NameMap, ReferencesStayValidWhileTheTableGrowsAndShrinks) {
  NameMap<std::string> m;
  std::string& first = m.try_emplace("public.first", "value").first->second;
  const std::string* address = &first;
  for (int i = 0; i < 5000; ++i) m.try_emplace("public.t" + std::to_string(i), std::to_string(i));
  for (int i = 0; i < 5000; i += 2) m.erase("public.t" + std::to_string(i));
  EXPECT_EQ(&m.at("public.first"), address);
  EXPECT_EQ(*address, "value");
  EXPECT_EQ(m.size(), 2501U);
}

TEST(NameMap, EraseIfAtAndEmptyCases) {
  NameMap<int> m;
  EXPECT_FALSE(m.contains("x"));
  EXPECT_EQ(m.find("x"), m.end());
  EXPECT_TRUE(m.extract("x").empty());
  EXPECT_THROW((void)m.at("x"), std::out_of_range);
  m.reserve(100);
  for (int i = 0; i < 100; ++i) m.try_emplace((i % 2 == 0 ? "old." : "new.") + std::to_string(i), i);
  EXPECT_EQ(m.erase_if([](const auto& kv) { return kv.first.starts_with("old."); }), 50U);
  EXPECT_EQ(m.size(), 50U);
  for (const auto& [k, v] : m) EXPECT_TRUE(k.starts_with("new.")) << k;
  m.clear();
  EXPECT_TRUE(m.empty());
  EXPECT_EQ(m.begin(), m.end());
}

}  // namespace
}  // namespace sqlmigrate::compiler
