#pragma once
//! How serious a message is: one scale for load diagnostics (rules) and check findings (solver).
#include <cstdint>

namespace lexsim::rules {

enum class Severity : uint8_t { Error, Warning, Info };

//! "error", "warning", "info": the words of the text and JSON outputs.
constexpr const char* severity_name(Severity s) {
    switch (s) {
    case Severity::Error:
        return "error";
    case Severity::Warning:
        return "warning";
    case Severity::Info:
        return "info";
    }
    return "info";
}

} // namespace lexsim::rules
