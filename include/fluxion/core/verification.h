#ifndef fluxion_core_verification_h
#define fluxion_core_verification_h

#include <fluxion/core/statistics.h>

#include <string>
#include <vector>

namespace Fluxion
{
  /**
   * The checks of <Verification/Checks> on the final statistics of a run,
   * separated by ';': 'column = value +- tolerance' (absolute, or relative
   * with a % sign), or a bound 'column >= value' or 'column <= value'. The
   * column may be 'min(name)' or 'max(name)', the extreme of a column over
   * all rows of statistics.csv.
   */
  class Verification
  {
  public:
    /**
     * Parse the checks; a malformed one is an error that names the
     * parameter, found before the run starts.
     */
    explicit Verification(const std::string &checks);

    /**
     * Evaluate every check on @p final and the rows of @p statistics_file
     * (read by rank 0); rank 0 prints a table of the checks.
     *
     * @return whether every check passed (true when there are none).
     */
    bool
    check(const Statistics &final, const std::string &statistics_file) const;

  private:
    struct Check
    {
      std::string column;
      double      expected;
      double      tolerance = 0;
      bool        relative  = false;
      int         bound     = 0; // +1: >=, -1: <=, 0: equality
    };

    std::vector<Check> checks;
  };
} // namespace Fluxion

#endif
