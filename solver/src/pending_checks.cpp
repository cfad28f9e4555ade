// TEMPORARY (not committed): placeholders until check_schedules/temporal/targets land.
#include "checker.hpp"
namespace lexsim::solver::detail {
void check_schedules(Checker&) {}
void check_temporal(Checker&) {}
void check_targets(Checker&) {}
}
