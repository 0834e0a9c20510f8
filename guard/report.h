// The report on stderr: one line per provider, or one JSON object (docs/report.md).
#pragma once

#include <string>

#include "check.h"
#include "options.h"

namespace keyguard {

/// The text report: one line for a global error, one per warning about the environment, then
/// one per provider (and per model that did not pass), each ending in "\n".
std::string text_report(const CheckResult& result);

/// The version of the JSON report's schema, its first field (docs/report.schema.json): fields
/// are added within a version; a rename, a removal or a type change is the next version.
constexpr int kReportSchema = 1;

/// The JSON report: exactly one object on one line, ending in "\n".
std::string json_report(const CheckResult& result);

/// Whether anything is worth saying under --quiet: a warning, a fix or a failure.
bool needs_attention(const CheckResult& result);

/// The summary for /dev/termination-log: the failing lines, at most 4 KiB.
std::string termination_summary(const CheckResult& result);

}  // namespace keyguard
