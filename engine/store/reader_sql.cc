#include "store/reader_sql.h"

#include "core/workflow_table.h"

namespace madoguchi {

const std::string& OpenStatesSql() {
  static const std::string sql = [] {
    std::string in;
    for (State s : AllStates()) {
      if (IsOpen(s)) in += (in.empty() ? "'" : ", '") + std::string(Name(s)) + "'";
    }
    return "state IN (" + in + ")";
  }();
  return sql;
}

std::string RunningDueSql(const std::optional<Date>& from, const std::optional<Date>& until,
                          std::vector<std::string>* params) {
  std::string sql = OpenStatesSql() + " AND clock_stopped = 0";
  if (from) {
    sql += " AND due_date >= ?";
    params->push_back(from->ToIso());
  }
  if (until) {
    sql += " AND due_date <= ?";
    params->push_back(until->ToIso());
  }
  return sql;
}

void BindAll(SQLite::Statement& st, const std::vector<std::string>& params) {
  for (size_t i = 0; i < params.size(); ++i) st.bind(static_cast<int>(i + 1), params[i]);
}

}  // namespace madoguchi
