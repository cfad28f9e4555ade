// libFuzzer target: the situation (entity JSON) reader. Even first byte: the rest is the JSON text as is.
// Odd first byte: the rest decides a generated situation with extreme numbers, deep nesting, escapes and
// duplicate keys, so the fuzzer reaches the value checks rather than stopping at the first brace. Either way
// the reader must answer with a situation or diagnostics — never crash, hang or wrap a number.
#include "arith_case.hpp"
#include "lexsim/rules/situation.hpp"

#include <sstream>

namespace {

const char* const rules_text = R"(document d {
  number "通政发〔2024〕1号"
  issued 2024-01-01
}
enum level { none, municipal, national }
entity firm {
  a : money
  n : number
  r : rate
  k : int
  since : date
  flag : bool
  lv : level = none
  wait : days
}
param cap : money in 0 CNY .. 1000 万元
benefit award "奖励"
clause c {
  article "（一）"
  applies to firm when flag and lv == municipal
  grant award (a * r) / k
}
)";

const lexsim::rules::RuleSet& rule_set() {
    static auto loaded = lexsim::rules::load_texts({{"entity.rules", rules_text}});
    if (!loaded.ok())
        std::abort();
    return *loaded.rules;
}

std::string generated_value(lexsim::fuzz::Decisions& d, int depth) {
    static const char* const numbers[] = {"1e400",
                                          "18446744073709551615",
                                          "9223372036854775808",
                                          "-9223372036854775809",
                                          "0.1",
                                          "-0",
                                          "1.5",
                                          "00",
                                          "1E5",
                                          "123456789012345678901234567890",
                                          "92233720368547758.07"};
    static const char* const strings[] = {"\"300 万元\"",  "\"70%\"",      "\"2024-02-30\"", "\"9999-12-31\"",
                                          "\"municipal\"", "\"\\ud800\"",  "\"\\u0000\"",    "\"5 days\"",
                                          "\"\xff\xfe\"",  "\"1e400 元\"", "\"true\""};
    switch (d.pick(depth > 8 ? 4 : 6)) {
    case 0:
        return numbers[d.pick(std::size(numbers))];
    case 1:
        return strings[d.pick(std::size(strings))];
    case 2:
        return d.pick(2) ? "true" : "null";
    case 3:
        return std::to_string(static_cast<int64_t>(d.u64()));
    case 4:
        return "[" + generated_value(d, depth + 1) + "]";
    default:
        return "{\"a\": " + generated_value(d, depth + 1) + "}";
    }
}

std::string generated_situation(lexsim::fuzz::Decisions& d) {
    // One decision per statement: the same bytes give the same text whichever compiler built the fuzzer.
    static const char* const keys[] = {"a", "n", "r", "k", "since", "flag", "lv", "wait", "zz", "a"};
    std::string values;
    for (size_t i = 0, n = d.pick(9); i < n; ++i) {
        values += std::string(i ? ", " : "") + "\"" + keys[d.pick(std::size(keys))] + "\": ";
        values += generated_value(d, 0);
    }
    std::string params;
    if (d.pick(2))
        params = ", \"params\": {\"cap\": " + generated_value(d, 0) + "}";
    std::string kind = d.pick(8) ? "firm" : "nobody";
    return "{\"entity\": \"" + kind + "\", \"values\": {" + values + "}" + params + "}";
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace lexsim::rules;
    const RuleSet& rs = rule_set();
    std::string text;
    if (size > 0 && (data[0] & 1)) {
        lexsim::fuzz::Decisions d(data + 1, size - 1);
        text = generated_situation(d);
    } else {
        text.assign(reinterpret_cast<const char*>(data), size);
    }
    SourceManager sm;
    Diagnostics diags;
    uint32_t file = sm.add("entity.json", text);
    auto s = parse_situation(rs, sm, file, diags);
    std::ostringstream sink;
    diags.render(sm, sink);
    if (s.has_value() == diags.has_errors())
        std::abort(); // a situation comes with no error, and no situation without one
    if (s) {
        ParamRow params = resolve_params(rs, 19'800);
        for (auto [p, v] : s->params) {
            params.values[static_cast<size_t>(p)] = v;
            params.present[static_cast<size_t>(p)] = 1;
        }
        (void)evaluate(rs, s->row, 19'800, params);
    }
    return 0;
}
