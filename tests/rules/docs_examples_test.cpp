// Every ```lexsim block of docs/rule-language.md parses, type-checks, passes its examples and is canonical.
#include "lexsim/rules/evaluator.hpp"
#include "lexsim/rules/format.hpp"
#include "lexsim/rules/loader.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <regex>
#include <sstream>

using namespace lexsim::rules;

TEST_CASE("the rule-language reference's examples hold", "[docs]") {
    std::ifstream in(std::string(LEXSIM_SOURCE_DIR) + "/docs/rule-language.md");
    REQUIRE(in);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string doc = ss.str();
    const std::string open = "```lexsim\n";
    size_t pos = 0;
    int blocks = 0, examples = 0;
    while ((pos = doc.find(open, pos)) != std::string::npos) {
        size_t begin = pos + open.size();
        size_t end = doc.find("```", begin);
        REQUIRE(end != std::string::npos);
        std::string block = doc.substr(begin, end - begin);
        size_t line =
            static_cast<size_t>(std::count(doc.begin(), doc.begin() + static_cast<long>(begin), '\n')) + 1;
        auto r = load_texts({{"rule-language.md:" + std::to_string(line), block}});
        std::ostringstream diags;
        r.diagnostics.render(r.sources, diags);
        INFO("block at docs/rule-language.md line " << line << "\n" << diags.str());
        REQUIRE(r.ok());
        auto failures = run_examples(*r.rules);
        for (const auto& f : failures)
            FAIL_CHECK(f.message);
        // What readers copy from the reference is already in `lexsim fmt`'s layout.
        SourceManager sm;
        Diagnostics fmt_diags;
        auto canonical = format_source(sm, sm.add("block.rules", block), fmt_diags);
        REQUIRE(canonical.has_value());
        CHECK(*canonical == block);
        examples += static_cast<int>(r.rules->examples.size());
        ++blocks;
        pos = end + 3;
    }
    CHECK(blocks >= 10);
    CHECK(examples >= 6);
}
