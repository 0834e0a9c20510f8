// keyguard's help and manual page, written from the tables the code runs on (docs/command-line.md).
#pragma once

#include <string>

namespace keyguard {

/// The usage text for --help, ending in a newline.
std::string usage_text();

/// keyguard(1) in roff, from the tables --help is written from (options, variables, providers,
/// exit statuses) and those of outcomes and trust: the page and the code cannot drift.
std::string manual_page();

}  // namespace keyguard
