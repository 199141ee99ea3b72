#include "compiler/interned.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace sqlmigrate::compiler {
namespace {

TEST(Interned, EqualTextsAreOneStringAndCompareWithPlainStrings) {
  const Interned a("varchar");
  const Interned b(std::string("var") + "char");
  EXPECT_EQ(&a.str(), &b.str());
  EXPECT_TRUE(a == b);
  EXPECT_FALSE(a == Interned("text"));
  EXPECT_TRUE(a == "varchar");
  EXPECT_TRUE(a == std::string("varchar"));
  EXPECT_FALSE(a == "varcha");
  const std::string& as_string = a;
  EXPECT_EQ(as_string, "varchar");

  Interned c;
  EXPECT_TRUE(c.empty());
  EXPECT_EQ(c.str(), "");
  EXPECT_TRUE(c == Interned(""));
  EXPECT_TRUE(c == "");
  c = std::string("public.mood");
  EXPECT_FALSE(c.empty());
  EXPECT_EQ(c.str(), "public.mood");
  c = "";
  EXPECT_TRUE(c.empty());
}

TEST(Interned, FindAnswersOnlyForTextsInternedBefore) {
  EXPECT_EQ(Interned::find("never_interned_anywhere_1f3a"), nullptr);
  EXPECT_EQ(Interned::find(""), nullptr);
  const Interned name("customer_email_address");
  EXPECT_EQ(Interned::find("customer_email_address"), name.id());
  EXPECT_EQ(Interned::find(std::string("customer_email_") + "address"), name.id());
  // Interned on another thread: found through the shared pool.
  const std::string* other = nullptr;
  std::thread([&] { other = Interned("made_on_another_thread_7c2e").id(); }).join();
  EXPECT_EQ(Interned::find("made_on_another_thread_7c2e"), other);
  // Conversions for string code: a view, and concatenation.
  const std::string_view view = name;
  EXPECT_EQ(view, "customer_email_address");
  EXPECT_EQ(std::string("t.") + name, "t.customer_email_address");
  EXPECT_EQ(name + '!', "customer_email_address!");
}

// Threads that intern the same texts at once get the same strings.
TEST(Interned, ThreadsShareOneStringPerText) {
  constexpr int k_texts = 200;
  std::vector<std::vector<const std::string*>> seen(4);
  std::vector<std::thread> threads;
  for (auto& out : seen) {
    threads.emplace_back([&out] {
      for (int i = 0; i < k_texts; ++i) out.push_back(&Interned("thread_type_" + std::to_string(i)).str());
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& out : seen) {
    ASSERT_EQ(out.size(), static_cast<std::size_t>(k_texts));
    EXPECT_EQ(out, seen.front());
  }
  for (int i = 0; i < k_texts; ++i) EXPECT_EQ(*seen.front()[i], "thread_type_" + std::to_string(i));
}

}  // namespace
}  // namespace sqlmigrate::compiler
