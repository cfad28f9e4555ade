// The spreadsheet export: one sheet per table, numbers as numbers, money in yuan (#,##0.00), probabilities as
// percentages. Written to a unique temporary file beside the target and renamed, so a failed run leaves
// nothing.
#include "lexsim/report/report.hpp"

#include <cstdio>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

namespace lexsim::report {

using nlohmann::json;

namespace {

void write_cell(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const Column& col, const json& v,
                lxw_format* money, lxw_format* percent, lxw_format* wrap) {
    if (v.is_null())
        return;
    if (v.is_number()) {
        lxw_format* f = col.kind == ColumnKind::Money         ? money
                        : col.kind == ColumnKind::Probability ? percent
                                                              : nullptr;
        worksheet_write_number(ws, r, c, v.get<double>(), f);
    } else if (v.is_boolean()) {
        worksheet_write_boolean(ws, r, c, v.get<bool>() ? 1 : 0, nullptr);
    } else {
        std::string s = v.is_string() ? v.get<std::string>() : v.dump();
        worksheet_write_string(ws, r, c, s.c_str(), s.find('\n') != std::string::npos ? wrap : nullptr);
    }
}

} // namespace

bool write_xlsx(const std::string& path, const std::vector<Table>& tables, std::string& error) {
    namespace fs = std::filesystem;
    fs::path target(path);
    fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::string pattern = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
    int fd = mkstemp(pattern.data());
    if (fd < 0) {
        error = "cannot create a temporary file beside " + path;
        return false;
    }
    // mkstemp creates the file 0600; the workbook gets the permissions any new file of the user's gets.
    mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
    ::close(fd);
    const std::string temp = pattern;
    lxw_workbook_options options{LXW_FALSE, nullptr, LXW_FALSE};
    lxw_workbook* wb = workbook_new_opt(temp.c_str(), &options);
    if (!wb) {
        std::remove(temp.c_str());
        error = "cannot start the workbook " + path;
        return false;
    }
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format* money = workbook_add_format(wb);
    format_set_num_format(money, "#,##0.00");
    lxw_format* percent = workbook_add_format(wb);
    format_set_num_format(percent, "0.0%");
    lxw_format* wrap = workbook_add_format(wb);
    format_set_text_wrap(wrap);
    for (const Table& t : tables) {
        lxw_worksheet* ws = workbook_add_worksheet(wb, t.id.substr(0, 31).c_str());
        if (!ws)
            continue;
        for (size_t c = 0; c < t.columns.size(); ++c) {
            std::string head = t.columns[c].label;
            if (t.columns[c].kind == ColumnKind::Money)
                head += "（元）";
            worksheet_write_string(ws, 0, lxw_col_t(c), head.c_str(), bold);
            worksheet_set_column(ws, lxw_col_t(c), lxw_col_t(c),
                                 t.columns[c].kind == ColumnKind::Text ? 28 : 16, nullptr);
        }
        worksheet_freeze_panes(ws, 1, 0);
        for (size_t r = 0; r < t.rows.size(); ++r)
            for (size_t c = 0; c < t.columns.size() && c < t.rows[r].size(); ++c)
                write_cell(ws, lxw_row_t(r + 1), lxw_col_t(c), t.columns[c], t.rows[r][c], money, percent,
                           wrap);
    }
    lxw_error rc = workbook_close(wb);
    if (rc != LXW_NO_ERROR) {
        std::remove(temp.c_str());
        error = "cannot write the workbook " + path + ": " + lxw_strerror(rc);
        return false;
    }
    std::error_code ec;
    fs::rename(temp, target, ec);
    if (ec) {
        std::remove(temp.c_str());
        error = "cannot write " + path + ": " + ec.message();
        return false;
    }
    return true;
}

} // namespace lexsim::report
