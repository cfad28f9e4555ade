// Situations from JSON: a small strict JSON reader that keeps the span of every value (so each error points
// at its culprit) and the text of every number (so no value goes through a binary float).
#include "lexsim/rules/situation.hpp"

#include "lexsim/rules/calendar.hpp"

#include <memory>

namespace lexsim::rules {

namespace {

struct JsonValue {
    enum class Kind { Null, Bool, Number, String, Array, Object };
    Kind kind = Kind::Null;
    std::string text; //!< a string's value, a number's text, "true"/"false"
    Span span;
    std::vector<JsonValue> keys;   //!< Object: each key, as a String
    std::vector<JsonValue> values; //!< Object: the value of keys[i]
    std::vector<JsonValue> items;  //!< Array
};

struct JsonError {};

class JsonReader {
public:
    JsonReader(const SourceManager& sm, uint32_t file, Diagnostics& diags)
        : m_text(sm.text(file)), m_file(file), m_diags(diags) {}

    std::optional<JsonValue> document() {
        try {
            if (m_text.compare(0, 3, "\xEF\xBB\xBF") == 0)
                m_pos = 3; // a UTF-8 byte-order mark, as in rules files
            skip_space();
            JsonValue v = value(0);
            skip_space();
            if (m_pos < m_text.size())
                fail(m_pos, "invalid entity JSON: unexpected text after the end of the object");
            return v;
        } catch (const JsonError&) {
            return std::nullopt;
        }
    }

private:
    [[noreturn]] void fail(size_t at, std::string msg, size_t end = 0) {
        auto b = static_cast<uint32_t>(std::min(at, m_text.size()));
        auto e = static_cast<uint32_t>(std::min(std::max(end, at + 1), m_text.size()));
        m_diags.error(Span{m_file, b, std::max(b, e)}, std::move(msg));
        throw JsonError{};
    }
    void skip_space() {
        while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' ||
                                         m_text[m_pos] == '\n' || m_text[m_pos] == '\r'))
            ++m_pos;
    }
    bool at(char c) const { return m_pos < m_text.size() && m_text[m_pos] == c; }
    Span span_from(size_t b) const {
        return Span{m_file, static_cast<uint32_t>(b), static_cast<uint32_t>(m_pos)};
    }

    JsonValue value(int depth) {
        if (depth > max_json_depth)
            fail(m_pos,
                 "invalid entity JSON: nested more than " + std::to_string(max_json_depth) + " levels");
        if (m_pos >= m_text.size())
            fail(m_pos, "invalid entity JSON: unexpected end of input; expected a value");
        char c = m_text[m_pos];
        if (c == '{')
            return object(depth);
        if (c == '[')
            return array(depth);
        if (c == '"')
            return string();
        if (c == '-' || (c >= '0' && c <= '9'))
            return number();
        for (const char* word : {"true", "false", "null"}) {
            std::string_view w(word);
            if (m_text.compare(m_pos, w.size(), w) == 0) {
                JsonValue v;
                v.kind = w == "null" ? JsonValue::Kind::Null : JsonValue::Kind::Bool;
                v.text = std::string(w);
                size_t b = m_pos;
                m_pos += w.size();
                v.span = span_from(b);
                return v;
            }
        }
        fail(m_pos, "invalid entity JSON: expected a value (an object, a string, a number, true or false)");
    }

    JsonValue object(int depth) {
        JsonValue v;
        v.kind = JsonValue::Kind::Object;
        size_t b = m_pos++;
        skip_space();
        if (at('}')) {
            ++m_pos;
            v.span = span_from(b);
            return v;
        }
        while (true) {
            skip_space();
            if (!at('"'))
                fail(m_pos, "invalid entity JSON: expected a key in double quotes");
            JsonValue key = string();
            for (const auto& k : v.keys)
                if (k.text == key.text)
                    fail(key.span.begin, "key \"" + key.text + "\" is given twice in the entity JSON",
                         key.span.end);
            skip_space();
            if (!at(':'))
                fail(m_pos, "invalid entity JSON: expected ':' after a key");
            ++m_pos;
            skip_space();
            JsonValue member = value(depth + 1);
            v.keys.push_back(std::move(key));
            v.values.push_back(std::move(member));
            skip_space();
            if (at(',')) {
                ++m_pos;
                continue;
            }
            if (at('}')) {
                ++m_pos;
                v.span = span_from(b);
                return v;
            }
            fail(m_pos, "invalid entity JSON: expected ',' or '}'");
        }
    }

    JsonValue array(int depth) {
        JsonValue v;
        v.kind = JsonValue::Kind::Array;
        size_t b = m_pos++;
        skip_space();
        if (at(']')) {
            ++m_pos;
            v.span = span_from(b);
            return v;
        }
        while (true) {
            skip_space();
            v.items.push_back(value(depth + 1));
            skip_space();
            if (at(',')) {
                ++m_pos;
                continue;
            }
            if (at(']')) {
                ++m_pos;
                v.span = span_from(b);
                return v;
            }
            fail(m_pos, "invalid entity JSON: expected ',' or ']'");
        }
    }

    unsigned hex4(size_t at) {
        if (at + 4 > m_text.size())
            fail(at, "invalid entity JSON: \\u needs four hexadecimal digits");
        unsigned v = 0;
        for (size_t i = at; i < at + 4; ++i) {
            char c = m_text[i];
            unsigned d = c >= '0' && c <= '9'   ? unsigned(c - '0')
                         : c >= 'a' && c <= 'f' ? unsigned(c - 'a' + 10)
                         : c >= 'A' && c <= 'F' ? unsigned(c - 'A' + 10)
                                                : 16;
            if (d == 16)
                fail(i, "invalid entity JSON: \\u needs four hexadecimal digits");
            v = v * 16 + d;
        }
        return v;
    }

    static void append_utf8(std::string& out, char32_t cp) {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    void escape(std::string& out) {
        size_t at = m_pos++; // the backslash
        if (m_pos >= m_text.size())
            fail(at, "invalid entity JSON: unterminated string");
        char c = m_text[m_pos++];
        switch (c) {
        case '"':
        case '\\':
        case '/':
            out += c;
            return;
        case 'b':
            out += '\b';
            return;
        case 'f':
            out += '\f';
            return;
        case 'n':
            out += '\n';
            return;
        case 'r':
            out += '\r';
            return;
        case 't':
            out += '\t';
            return;
        case 'u':
            break;
        default:
            fail(at, "invalid entity JSON: unknown escape '\\" + std::string(1, c) + "'", m_pos);
        }
        char32_t cp = hex4(m_pos);
        m_pos += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (m_text.compare(m_pos, 2, "\\u") != 0)
                fail(at, "invalid entity JSON: a high surrogate must be followed by a low one", m_pos);
            char32_t lo = hex4(m_pos + 2);
            if (lo < 0xDC00 || lo > 0xDFFF)
                fail(at, "invalid entity JSON: a high surrogate must be followed by a low one", m_pos + 6);
            m_pos += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            fail(at, "invalid entity JSON: a lone low surrogate", m_pos);
        }
        append_utf8(out, cp);
    }

    JsonValue string() {
        JsonValue v;
        v.kind = JsonValue::Kind::String;
        size_t b = m_pos++;
        while (true) {
            if (m_pos >= m_text.size())
                fail(b, "invalid entity JSON: unterminated string");
            auto c = static_cast<unsigned char>(m_text[m_pos]);
            if (c == '"')
                break;
            if (c == '\\') {
                escape(v.text);
                continue;
            }
            if (c < 0x20)
                fail(m_pos, "invalid entity JSON: a control character in a string (write \\n, \\t, …)");
            char32_t cp = 0;
            int len = utf8_decode(m_text, m_pos, cp);
            if (len == 0)
                fail(m_pos, "invalid entity JSON: the text is not valid UTF-8");
            v.text.append(m_text, m_pos, static_cast<size_t>(len));
            m_pos += static_cast<size_t>(len);
        }
        ++m_pos;
        v.span = span_from(b);
        return v;
    }

    JsonValue number() {
        JsonValue v;
        v.kind = JsonValue::Kind::Number;
        size_t b = m_pos;
        auto digits = [&] {
            size_t d = m_pos;
            while (m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9')
                ++m_pos;
            return m_pos - d;
        };
        if (at('-'))
            ++m_pos;
        size_t int_begin = m_pos;
        if (digits() == 0)
            fail(b, "invalid entity JSON: a number needs digits");
        if (m_text[int_begin] == '0' && m_pos - int_begin > 1)
            fail(b, "invalid entity JSON: a number cannot start with 0", m_pos);
        if (at('.')) {
            ++m_pos;
            if (digits() == 0)
                fail(b, "invalid entity JSON: a number needs digits after '.'", m_pos);
        }
        if (at('e') || at('E')) {
            ++m_pos;
            if (at('+') || at('-'))
                ++m_pos;
            digits();
            fail(b,
                 "exponents are not accepted in entity values; write the number in full ('" +
                     m_text.substr(b, m_pos - b) + "')",
                 m_pos);
        }
        v.text = m_text.substr(b, m_pos - b);
        v.span = span_from(b);
        return v;
    }

    const std::string& m_text;
    uint32_t m_file;
    Diagnostics& m_diags;
    size_t m_pos = 0;
};

//! A JSON value as the text parse_value reads, or nothing with an error reported.
bool value_text(const JsonValue& v, const std::string& name, Diagnostics& diags, std::string& out) {
    if (v.kind == JsonValue::Kind::Bool || v.kind == JsonValue::Kind::Number ||
        v.kind == JsonValue::Kind::String) {
        out = v.text;
        return true;
    }
    diags.error(v.span, "value of '" + name +
                            "' must be a boolean, a number or a string such as \"300 万元\" or \"70%\"");
    return false;
}

//! The one loop over a JSON object of name → value: `find` gives a key's slot (or reports the key and
//! gives nothing), `parse` reads the value for a slot, `store` keeps it. False if anything was refused.
template <class Find, class Parse, class Store>
bool read_object(const JsonValue& object, Diagnostics& diags, Find find, Parse parse, Store store) {
    bool ok = true;
    for (size_t i = 0; i < object.keys.size(); ++i) {
        const JsonValue& key = object.keys[i];
        const JsonValue& v = object.values[i];
        std::optional<int32_t> slot = find(key);
        std::string text;
        if (!slot || !value_text(v, key.text, diags, text)) {
            ok = false;
            continue;
        }
        ParsedValue pv = parse(*slot, text);
        if (!pv.ok) {
            diags.error(v.span, "value of '" + key.text + "': " + pv.error);
            ok = false;
            continue;
        }
        store(*slot, pv.value);
    }
    return ok;
}

bool read_values(const RuleSet& rs, const JsonValue& values, Situation& s, Diagnostics& diags) {
    const Entity& ent = rs.entities[static_cast<size_t>(s.entity)];
    auto find = [&](const JsonValue& key) {
        auto slot = rs.find_attribute(s.entity, key.text);
        if (!slot)
            diags.error(key.span, "entity '" + ent.name + "' has no attribute '" + key.text + "'");
        return slot;
    };
    auto parse = [&](int32_t slot, const std::string& text) {
        return parse_value(rs, ent.attrs[static_cast<size_t>(slot)].type, text);
    };
    return read_object(values, diags, find, parse, [&](int32_t slot, int64_t v) { s.row.set(slot, v); });
}

bool read_params(const RuleSet& rs, const JsonValue& params, Situation& s, Diagnostics& diags) {
    auto find = [&](const JsonValue& key) {
        auto p = rs.find_param(key.text);
        if (!p)
            diags.error(key.span, "unknown parameter '" + key.text + "'");
        return p;
    };
    auto parse = [&](int32_t p, const std::string& text) { return parse_param_value(rs, p, text); };
    return read_object(params, diags, find, parse,
                       [&](int32_t p, int64_t v) { s.params.emplace_back(p, v); });
}

} // namespace

ParsedValue parse_param_value(const RuleSet& rs, int32_t param, std::string_view text) {
    const Param& p = rs.params[static_cast<size_t>(param)];
    ParsedValue pv = parse_value(rs, p.type, text);
    if (pv.ok && p.has_range && (pv.value < p.low || pv.value > p.high))
        return {false, 0,
                "'" + std::string(text) + "' is outside the declared range of " + p.name + " (" +
                    format_value(rs, p.type, p.low) + " .. " + format_value(rs, p.type, p.high) + ")"};
    return pv;
}

std::optional<Situation> parse_situation(const RuleSet& rs, const SourceManager& sm, uint32_t file,
                                         Diagnostics& diags) {
    JsonReader reader(sm, file, diags);
    std::optional<JsonValue> doc = reader.document();
    if (!doc)
        return std::nullopt;
    if (doc->kind != JsonValue::Kind::Object) {
        diags.error(doc->span, "entity JSON must be an object {\"entity\": KIND, \"values\": {…}}");
        return std::nullopt;
    }
    const JsonValue* kind = nullptr;
    const JsonValue* values = nullptr;
    const JsonValue* params = nullptr;
    const JsonValue* date = nullptr;
    // check's witness object reads as a situation too: "attributes" are the values, "date" the date, and
    // its "facts" and "amounts" (what the finding claims) are not input.
    for (size_t i = 0; i < doc->keys.size(); ++i) {
        const JsonValue& key = doc->keys[i];
        const JsonValue& v = doc->values[i];
        if (key.text == "entity")
            kind = &v;
        else if (key.text == "values" || key.text == "attributes")
            values = &v;
        else if (key.text == "params" || key.text == "parameters")
            params = &v;
        else if (key.text == "date")
            date = &v;
        else if (key.text != "facts" && key.text != "amounts") {
            diags.error(key.span, "unknown key \"" + key.text +
                                      "\" in the entity JSON (expected \"entity\", \"values\", \"params\", "
                                      "\"date\")");
            return std::nullopt;
        }
    }
    if (kind == nullptr || kind->kind != JsonValue::Kind::String) {
        diags.error(kind ? kind->span : Span{file, 0, 1}, "entity JSON needs \"entity\": the entity kind");
        return std::nullopt;
    }
    Situation s;
    auto found = rs.find_entity(kind->text);
    if (!found) {
        diags.error(kind->span, "unknown entity kind '" + kind->text + "'");
        return std::nullopt;
    }
    s.entity = *found;
    s.row = make_row(rs, s.entity);
    for (const auto& [what, v] : {std::pair{"values", values}, std::pair{"params", params}}) {
        if (v != nullptr && v->kind != JsonValue::Kind::Object) {
            diags.error(v->span, "\"" + std::string(what) + "\" must be an object");
            return std::nullopt;
        }
    }
    if (date != nullptr) {
        s.date = date->kind == JsonValue::Kind::String ? parse_date(date->text) : std::nullopt;
        if (!s.date) {
            diags.error(date->span, "\"date\" must be a date \"YYYY-MM-DD\" from 1900-01-01 to 2999-12-31");
            return std::nullopt;
        }
    }
    bool ok = true;
    if (values != nullptr)
        ok = read_values(rs, *values, s, diags) && ok;
    if (params != nullptr)
        ok = read_params(rs, *params, s, diags) && ok;
    if (!ok)
        return std::nullopt;
    return s;
}

} // namespace lexsim::rules
