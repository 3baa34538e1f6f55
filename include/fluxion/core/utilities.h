#ifndef fluxion_core_utilities_h
#define fluxion_core_utilities_h

#include <exception>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace Fluxion
{
  /**
   * An error that only one rank sees (for example a file that the writing
   * rank cannot write). The program then aborts all ranks, since the others
   * may be waiting in a collective operation.
   */
  struct LocalError : public std::runtime_error
  {
    using std::runtime_error::runtime_error;
  };

  /**
   * An error that every rank detects together during a run (for example a
   * negative diffusivity found by any rank and shared with all). The
   * program can then stop cleanly on all ranks.
   */
  struct CollectiveError : public std::runtime_error
  {
    using std::runtime_error::runtime_error;
  };

  /**
   * Parse a map written as "name: value, name: value" (the names may
   * contain spaces). Errors name @p parameter.
   */
  std::vector<std::pair<std::string, std::string>>
  parse_map(const std::string &text, const std::string &parameter);

  /**
   * Parse a number, or throw an error that names @p parameter.
   */
  double
  parse_double(const std::string &text, const std::string &parameter);

  /**
   * The plain message of an exception: for deal.II exceptions only the
   * text meant for the user, without file and line.
   */
  std::string
  exception_message(const std::exception &e);
  /**
   * The keys of a map, comma separated (for error messages).
   */
  template <typename Map>
  std::string
  join_names(const Map &map)
  {
    std::string s;
    for (const auto &n : map)
      s += (s.empty() ? "" : ", ") + n.first;
    return s;
  }
} // namespace Fluxion

#endif
