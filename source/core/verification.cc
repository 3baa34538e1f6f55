#include <deal.II/base/exceptions.h>
#include <deal.II/base/mpi.h>
#include <deal.II/base/utilities.h>

#include <fluxion/core/utilities.h>
#include <fluxion/core/verification.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <limits>
#include <sstream>

namespace Fluxion
{
  using namespace dealii;

  namespace
  {
    // The smallest or largest value of a column over all rows of a
    // statistics file, read by rank 0 and shared; NaN if any row is not a
    // number.
    double
    column_extreme(const std::string &filename,
                   const std::string &column,
                   const bool         largest)
    {
      double      result = std::numeric_limits<double>::quiet_NaN();
      std::string problem;
      if (Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0)
        {
          std::ifstream in(filename);
          std::string   line;
          std::getline(in, line);
          const auto names = Utilities::split_string_list(line, ',');
          const auto it    = std::find(names.begin(), names.end(), column);
          if (!in || it == names.end())
            problem = "Parameter <Verification/Checks>: the statistics (" +
                      filename + ") have no column <" + column + ">.";
          else
            {
              const auto index   = it - names.begin();
              bool       any_nan = false, have = false;
              double     extreme = 0;
              while (std::getline(in, line))
                {
                  const auto   values = Utilities::split_string_list(line, ',');
                  const double v =
                    index < static_cast<long>(values.size()) ?
                      std::strtod(values[index].c_str(), nullptr) :
                      std::numeric_limits<double>::quiet_NaN();
                  if (std::isnan(v))
                    any_nan = true;
                  else if (!have || (largest ? v > extreme : v < extreme))
                    extreme = v;
                  have |= !std::isnan(v);
                }
              if (have && !any_nan)
                result = extreme;
            }
        }
      problem = Utilities::MPI::broadcast(MPI_COMM_WORLD, problem, 0);
      AssertThrow(problem.empty(), ExcMessage(problem));
      return Utilities::MPI::broadcast(MPI_COMM_WORLD, result, 0);
    }
  } // namespace

  Verification::Verification(const std::string &text)
  {
    for (const auto &item : Utilities::split_string_list(text, ';'))
      {
        Check      c;
        const auto ge = item.find(">=");
        const auto le = item.find("<=");
        if (ge != std::string::npos || le != std::string::npos)
          {
            const auto op = std::min(ge, le);
            c.bound       = op == ge ? 1 : -1;
            c.column      = Utilities::trim(item.substr(0, op));
            c.expected =
              parse_double(item.substr(op + 2), "Verification/Checks");
            checks.push_back(c);
            continue;
          }
        const auto eq = item.rfind('=');
        const auto pm = item.find("+-");
        AssertThrow(eq != std::string::npos && pm != std::string::npos &&
                      pm > eq,
                    ExcMessage("Parameter <Verification/Checks>: expected "
                               "'column = value +- tolerance', 'column >= "
                               "value' or 'column <= value', got <" +
                               item + ">."));
        c.column = Utilities::trim(item.substr(0, eq));
        c.expected =
          parse_double(item.substr(eq + 1, pm - eq - 1), "Verification/Checks");
        std::string tol = Utilities::trim(item.substr(pm + 2));
        c.relative      = !tol.empty() && tol.back() == '%';
        if (c.relative)
          tol.pop_back();
        c.tolerance =
          parse_double(tol, "Verification/Checks") / (c.relative ? 100.0 : 1.0);
        checks.push_back(c);
      }
  }


  bool
  Verification::check(const Statistics  &final,
                      const std::string &statistics_file) const
  {
    const bool writer = Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
    bool       all_passed = true;
    if (!checks.empty() && writer)
      std::cout << "\nVerification:\n"
                << std::left << std::setw(28) << "  check" << std::right
                << std::setw(16) << "expected" << std::setw(16) << "computed"
                << std::setw(12) << "error" << std::setw(12) << "tolerance"
                << "  result\n";
    for (const auto &c : checks)
      {
        const bool over_rows =
          c.column.size() > 5 && c.column.back() == ')' &&
          (c.column.substr(0, 4) == "min(" || c.column.substr(0, 4) == "max(");
        AssertThrow(over_rows || final.has(c.column),
                    ExcMessage("Parameter <Verification/Checks>: the final "
                               "statistics have no column <" +
                               c.column + ">."));
        const double v =
          over_rows ? column_extreme(statistics_file,
                                     c.column.substr(4, c.column.size() - 5),
                                     c.column[1] == 'a') :
                      final.get(c.column);
        // A bound reports by how much it is violated.
        const double error =
          c.bound != 0 ?
            std::max(0.0, c.bound * (c.expected - v)) :
          c.relative ?
            std::abs(v - c.expected) / std::max(std::abs(c.expected), 1e-300) :
            std::abs(v - c.expected);
        const bool pass = std::isfinite(v) && error <= c.tolerance;
        all_passed &= pass;
        if (writer)
          {
            std::ostringstream expected;
            expected << std::setprecision(8)
                     << (c.bound > 0 ? ">= " :
                         c.bound < 0 ? "<= " :
                                       "")
                     << c.expected;
            std::cout << "  " << std::left << std::setw(26) << c.column
                      << std::right << std::setw(16) << expected.str()
                      << std::setw(16) << std::setprecision(8) << v
                      << std::setw(12) << std::setprecision(2) << error
                      << std::setw(11) << c.tolerance
                      << (c.relative ? "r" : " ") << "  "
                      << (pass ? "PASS" : "FAIL") << "\n";
          }
      }
    return all_passed;
  }
} // namespace Fluxion
