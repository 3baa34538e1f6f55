#include <deal.II/base/exceptions.h>

#include <fluxion/core/statistics.h>
#include <fluxion/core/utilities.h>

#include <cmath>
#include <fstream>
#include <iomanip>
#include <sstream>

namespace Fluxion
{
  void
  Statistics::set(const std::string &column, const double value)
  {
    for (auto &c : current)
      if (c.first == column)
        {
          c.second = value;
          return;
        }
    current.emplace_back(column, value);
  }

  bool
  Statistics::has(const std::string &column) const
  {
    for (const auto &c : current)
      if (c.first == column)
        return true;
    return false;
  }

  double
  Statistics::get(const std::string &column) const
  {
    for (const auto &c : current)
      if (c.first == column)
        return c.second;
    AssertThrow(false,
                dealii::ExcMessage("The statistics have no column <" + column +
                                   ">."));
    return 0;
  }

  void
  Statistics::write_row(const std::string &filename)
  {
    const bool new_file = header.empty();
    if (new_file)
      for (const auto &c : current)
        header.push_back(c.first);
    std::ofstream out(filename, new_file ? std::ios::out : std::ios::app);
    if (!out)
      throw LocalError("Cannot write <" + filename + ">.");
    if (new_file)
      for (unsigned int i = 0; i < header.size(); ++i)
        out << (i ? "," : "") << header[i]
            << (i + 1 == header.size() ? "\n" : "");
    out << std::setprecision(12);
    // Columns follow the header; a column that is missing in this row is
    // left empty.
    for (unsigned int i = 0; i < header.size(); ++i)
      {
        if (i)
          out << ",";
        for (const auto &c : current)
          if (c.first == header[i])
            out << c.second;
      }
    out << "\n";
  }

  std::string
  Statistics::non_finite_problem() const
  {
    for (const auto &c : current)
      if (!std::isfinite(c.second))
        {
          std::ostringstream s;
          s << "The statistic <" << c.first << "> is not a finite number ("
            << (std::isnan(c.second) ? "nan" :
                c.second > 0         ? "inf" :
                                       "-inf")
            << ")";
          if (has("step") && has("time [s]"))
            s << " at step " << get("step") << ", t = " << get("time [s]")
              << " s";
          s << "; the row is not written to statistics.csv.";
          return s.str();
        }
    return "";
  }

  void
  Statistics::reset_file()
  {
    header.clear();
  }
} // namespace Fluxion
