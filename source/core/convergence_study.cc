#include <deal.II/base/mpi.h>
#include <deal.II/base/utilities.h>

#include <fluxion/core/convergence_study.h>
#include <fluxion/core/simulator.h>

#include <cmath>
#include <iomanip>
#include <iostream>

namespace Fluxion
{
  template <int dim>
  ConvergenceStudy<dim>::ConvergenceStudy(ParameterHandler &prm)
    : prm(prm)
  {
    prm.enter_subsection("Convergence study");
    cycles      = prm.get_integer("Cycles");
    columns     = Utilities::split_string_list(prm.get("Columns"), ',');
    space       = prm.get("Refine") == "space";
    differences = prm.get("Rates from") == "differences";
    prm.leave_subsection();
    directory = prm.get(std::vector<std::string>{"Output"}, "Directory");
  }

  template <int dim>
  void
  ConvergenceStudy<dim>::run(bool &running)
  {
    const bool writer = Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
    results.clear();
    for (unsigned int c = 0; c < cycles; ++c)
      {
        RunOptions options;
        options.cycle = c;
        if (cycles > 1)
          {
            options.output_suffix = "/cycle-" + std::to_string(c);
            if (writer)
              std::cout << "\n=== Convergence study: cycle " << c
                        << " ===" << std::endl;
          }
        Simulator<dim> simulator(prm, options);
        running = true;
        simulator.run();
        running = false;
        results.push_back(simulator.final_statistics());
      }
    final = results.back();
    if (cycles > 1)
      report_rates();
  }

  template <int dim>
  void
  ConvergenceStudy<dim>::report_rates()
  {
    const bool writer = Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
    if (writer)
      {
        std::cout << "\nConvergence study (" << (space ? "mesh" : "time step")
                  << " halved per cycle):\n"
                  << std::setw(6) << "cycle" << std::setw(10)
                  << (space ? "cells" : "steps");
        for (const auto &col : columns)
          std::cout << std::setw(16) << col << std::setw(8) << "rate";
        std::cout << "\n";
      }
    for (unsigned int c = 0; c < results.size(); ++c)
      {
        if (writer)
          std::cout << std::setw(6) << c << std::setw(10)
                    << static_cast<unsigned long>(
                         results[c].get(space ? "cells" : "step"));
        for (const auto &col : columns)
          {
            AssertThrow(results[c].has(col),
                        ExcMessage("Parameter <Convergence study/Columns>: "
                                   "the statistics have no column <" +
                                   col +
                                   "> (add the postprocessor that makes it)."));
            const double e     = results[c].get(col);
            double       rate  = 0;
            const bool   rated = differences ? c > 1 : c > 0;
            if (rated && !differences)
              rate = std::log(results[c - 1].get(col) / e) / std::log(2.0);
            else if (rated)
              rate = std::log(std::abs(results[c - 1].get(col) -
                                       results[c - 2].get(col)) /
                              std::abs(e - results[c - 1].get(col))) /
                     std::log(2.0);
            if (writer)
              {
                std::cout << std::setw(16) << std::scientific
                          << std::setprecision(4) << e << std::defaultfloat;
                if (rated)
                  std::cout << std::setw(8) << std::fixed
                            << std::setprecision(2) << rate
                            << std::defaultfloat;
                else
                  std::cout << std::setw(8) << "-";
              }
            if (c + 1 == results.size())
              final.set("rate " + col, rate);
          }
        if (writer)
          std::cout << "\n";
      }
  }

  template <int dim>
  const Statistics &
  ConvergenceStudy<dim>::final_statistics() const
  {
    return final;
  }

  template <int dim>
  std::string
  ConvergenceStudy<dim>::last_output_directory() const
  {
    return directory + (cycles > 1 ? "/cycle-" + std::to_string(cycles - 1) :
                                     std::string());
  }

  template class ConvergenceStudy<1>;
  template class ConvergenceStudy<2>;
  template class ConvergenceStudy<3>;
} // namespace Fluxion
