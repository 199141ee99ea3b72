#pragma once
// Checksums of migration files, as recorded in the history table.
//
// Algorithm 1: SHA-256 (hex, lower case) of the text with a leading UTF-8 BOM removed and CRLF / CR
// line endings turned into LF, so a checkout with other line endings does not look edited.

#include <string>
#include <string_view>

namespace sqlmigrate::compiler {

inline constexpr int k_checksum_algorithm = 1;

// SHA-256 of bytes, as 64 lower-case hex digits.
std::string sha256_hex(std::string_view bytes);

// The text a checksum is taken over (algorithm 1).
std::string normalize_for_checksum(std::string_view text);

// sha256_hex(normalize_for_checksum(text)).
std::string checksum(std::string_view text);

}  // namespace sqlmigrate::compiler
