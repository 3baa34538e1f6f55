// Checkpoint/restart: a run that is interrupted after 10 steps and resumed
// from its last checkpoint (step 9, where the mesh is also refined) must end
// with the same solution as an
// uninterrupted run, to 1e-10 (the
// linear solver tolerance is 1e-10; the resumed run rebuilds its
// preconditioner at other steps). Adaptive time steps and adaptive mesh
// refinement make the state that the checkpoint has to carry complete: mesh,
// solution, BDF2 history, step sizes, and what the postprocessors carry
// from step to step (the amount at the start, for "amount change").

#include <fluxion/core/parameters.h>
#include <fluxion/core/simulator.h>

#include <cmath>
#include <fstream>
#include <iostream>

using namespace Fluxion;

namespace
{
  const std::string base = R"(
set Dimension = 2
subsection Geometry
  subsection box
    set Subdivisions = 4, 4
  end
end
subsection Mesh refinement
  set Initial global refinement = 2
  set Adaptive refinement       = true
  set Steps between refinements = 3
  set Maximum level             = 4
end
subsection Materials
  subsection domain
    set D = 0.01
  end
end
subsection Boundary conditions
  set Types = left: dirichlet, right: mass transfer
  subsection left
    set Concentration = 1
  end
  subsection right
    set Transfer coefficient = 0.1
  end
end
subsection Time stepping
  set End time     = 1
  set Initial step = 1e-3
  set Tolerance    = 1e-3
end
subsection Postprocess
  set List = integrals, boundary fluxes, errors
  subsection errors
    # The L2 "error" against 0 is the L2 norm of the whole field.
    set Exact solution = 0
  end
end
subsection Output
  set Write vtu     = false
  set Print timings = false
  set Print steps   = false
  set Plots         = false
end
)";

  Statistics
  run(const std::string &extra)
  {
    ParameterHandler prm;
    read_parameters<2>(prm, base + extra, "restart test");
    Simulator<2> simulator(prm, RunOptions());
    simulator.run();
    return simulator.final_statistics();
  }
} // namespace

int
main(int argc, char **argv)
{
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  const bool writer = Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;

  const Statistics full = run(R"(
subsection Output
  set Directory = out-full
end)");

  run(R"(
subsection Output
  set Directory = out-restart
end
subsection Checkpointing
  set Steps between checkpoints = 3
  set Stop after steps          = 10
end)");

  const Statistics resumed = run(R"(
subsection Output
  set Directory = out-restart
end
subsection Checkpointing
  set Resume computation        = auto
  set Steps between checkpoints = 3
end)");

  // The resumed statistics file has each step exactly once.
  unsigned int rows = 0;
  if (writer)
    {
      std::ifstream in("out-restart/statistics.csv");
      std::string   line;
      while (std::getline(in, line))
        ++rows;
    }

  double worst = 0;
  // "amount change" too: the checkpoint carries the amount at the start.
  for (const auto &c : full.row())
    if (c.first.find("iterations") == std::string::npos)
      {
        // Quantities that vanish are compared with the flux scale.
        const double a = c.second, b = resumed.get(c.first);
        worst =
          std::max(worst,
                   std::abs(a - b) /
                     std::max(std::abs(a), std::abs(full.get("flux left"))));
      }
  if (writer)
    {
      std::cout << "\nsteps: " << full.get("step") << " (full), "
                << resumed.get("step") << " (resumed)\n"
                << "statistics rows in the resumed file: " << rows - 1
                << " (steps 0.." << resumed.get("step") << ")\n"
                << "largest relative difference of the final statistics "
                << (worst < 1e-10 ? "< 1e-10: PASS" : ">= 1e-10: FAIL")
                << std::endl;
    }
  return (worst < 1e-10 && (!writer || rows - 1 == resumed.get("step") + 1)) ?
           0 :
           1;
}
