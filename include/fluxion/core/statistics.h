#ifndef fluxion_core_statistics_h
#define fluxion_core_statistics_h

#include <string>
#include <utility>
#include <vector>

namespace Fluxion
{
  /**
   * One row of the statistics table per time step, written as CSV. Columns
   * keep the order in which they were first set. The column names carry
   * their units, e.g. "time [s]".
   */
  class Statistics
  {
  public:
    /**
     * Set a column of the current row.
     */
    void
    set(const std::string &column, const double value);

    /**
     * Value of a column of the current row; throws if it does not exist.
     */
    double
    get(const std::string &column) const;

    /**
     * Whether the current row has the column.
     */
    bool
    has(const std::string &column) const;

    /**
     * Append the current row to the CSV file (the header is written with
     * the first row) and start a new row. Only the writing rank calls this.
     */
    void
    write_row(const std::string &filename);

    /**
     * If a column of the current row is not a finite number: a message
     * that names the first such column, and the step and time of the row.
     * Empty otherwise.
     */
    std::string
    non_finite_problem() const;

    /**
     * The columns of the current row.
     */
    const std::vector<std::pair<std::string, double>> &
    row() const
    {
      return current;
    }

    /**
     * Continue an existing file whose header is @p columns.
     */
    void
    continue_file(const std::vector<std::string> &columns)
    {
      header = columns;
    }

    /**
     * Forget the header so that the next row writes a new file.
     */
    void
    reset_file();

  private:
    std::vector<std::pair<std::string, double>> current;
    std::vector<std::string>                    header;
  };
} // namespace Fluxion

#endif
