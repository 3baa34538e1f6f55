#ifndef fluxion_core_convergence_study_h
#define fluxion_core_convergence_study_h

#include <deal.II/base/parameter_handler.h>

#include <fluxion/core/statistics.h>

#include <string>
#include <vector>

namespace Fluxion
{
  using namespace dealii;

  /**
   * A run repeated <Convergence study/Cycles> times, with the mesh refined
   * once more (Refine = space) or the initial time step halved (Refine =
   * time) in each cycle. With more than one cycle, cycle c writes into
   * <Output/Directory>/cycle-c, and the study prints the columns <Columns>
   * of each cycle's final statistics with their observed rates: log2(e(c-1)
   * / e(c)) for errors, or from three cycles log2(|v(c-1) - v(c-2)| / |v(c)
   * - v(c-1)|) for quantities without an exact value (Rates from =
   * differences). One cycle is a plain run.
   */
  template <int dim>
  class ConvergenceStudy
  {
  public:
    /**
     * Read <Convergence study> and <Output/Directory> from @p prm, which
     * holds every parameter of the run; the simulations read the rest.
     */
    explicit ConvergenceStudy(ParameterHandler &prm);

    /**
     * Run every cycle and print the rates on rank 0. @p running is true
     * while a simulation runs (an error may then be seen by one rank only).
     */
    void
    run(bool &running);

    /**
     * The final statistics of the last cycle, with a column 'rate <column>'
     * for each column of the study (0 where no rate could be formed).
     */
    const Statistics &
    final_statistics() const;

    /**
     * The output folder of the last cycle.
     */
    std::string
    last_output_directory() const;

  private:
    /**
     * Print the table of the columns and their rates, and add the rates of
     * the last cycle to the final statistics.
     */
    void
    report_rates();

    ParameterHandler        &prm;
    unsigned int             cycles;
    std::vector<std::string> columns;
    bool                     space;
    bool                     differences;
    std::string              directory;
    std::vector<Statistics>  results;
    Statistics               final;
  };
} // namespace Fluxion

#endif
