#pragma once
// How deep the walks of a parse tree go. Expressions nest as deep as the SQL is long: in
// `1 + 1 + ... + 1` each `+` is one level, and every walk of the tree recurses, one level per
// stack frame or two. So the walks stop at a fixed depth, or when they have used a quarter of
// their thread's stack, whichever comes first, and record that they did: a statement can never
// exhaust the stack. PostgreSQL, with its default max_stack_depth of 2 MB, refuses expressions
// about 4,500 levels deep ("stack depth limit exceeded").
// No Postgres headers here: the lint engine asks whether a walk stopped (see take_nesting_exceeded).

namespace sqlmigrate::compiler::pg {

inline constexpr int k_max_nesting = 10000;

// Whether a walk on this thread stopped short of the bottom of a tree since the last call; resets it.
bool take_nesting_exceeded();

}  // namespace sqlmigrate::compiler::pg
