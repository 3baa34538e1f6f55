#ifndef fluxion_core_plots_h
#define fluxion_core_plots_h

#include <ostream>
#include <string>

namespace Fluxion
{
  /**
   * Run the plot script @p script (scripts/plot.sh) on the output folder
   * @p directory and copy everything it prints to @p out: the plots it made
   * and, for each plot that failed, its name and gnuplot's message.
   *
   * @return true if the script made every plot it tried.
   */
  bool
  run_plot_script(const std::string &script,
                  const std::string &directory,
                  std::ostream      &out);
} // namespace Fluxion

#endif
