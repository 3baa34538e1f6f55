// The same parameter file gives the same answer on 1 and on 2 ranks: an
// adaptive, transient 2D run on one rank (MPI_COMM_SELF) and on both ranks
// must agree to 1e-10 in every final statistic (amount, fluxes, extrema,
// L2 norm of the field).

#include <fluxion/core/parameters.h>
#include <fluxion/core/simulator.h>

#include <cmath>
#include <iostream>

using namespace Fluxion;

namespace
{
  const std::string base = R"(
set Dimension = 2
subsection Geometry
  set Model = gmsh
  subsection gmsh
    set Mesh file         = sensor_cell_2d.msh
    set Curved boundaries = electrode: sphere 2 1
  end
end
subsection Materials
  set Diffusivity laws = electrolyte: constant
  subsection electrolyte
    set D = 0.05
  end
end
subsection Boundary conditions
  set Types = inlet: dirichlet, electrode: dirichlet, outlet: mass transfer
  subsection inlet
    set Concentration = 1
  end
  subsection outlet
    set Transfer coefficient = 0.2
  end
end
subsection Mesh refinement
  set Adaptive refinement       = true
  set Steps between refinements = 2
  set Maximum level             = 2
end
subsection Time stepping
  set End time     = 2
  set Adaptive     = false
  set Initial step = 0.2
end
subsection Solver
  set Linear tolerance = 1e-13
end
subsection Postprocess
  set List = integrals, boundary fluxes, errors
  subsection errors
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
  run(const std::string &directory, MPI_Comm comm)
  {
    ParameterHandler prm;
    read_parameters<2>(prm,
                       base + "subsection Output\n set Directory = " +
                         directory + "\nend\n",
                       "rank agreement test");
    Simulator<2> simulator(prm, RunOptions(), comm);
    simulator.run();
    return simulator.final_statistics();
  }
} // namespace

int
main(int argc, char **argv)
{
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  const unsigned int rank = Utilities::MPI::this_mpi_process(MPI_COMM_WORLD);
  const unsigned int size = Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD);

  const Statistics parallel = run("out-parallel", MPI_COMM_WORLD);
  Statistics       serial;
  if (rank == 0)
    serial = run("out-serial", MPI_COMM_SELF);
  MPI_Barrier(MPI_COMM_WORLD);

  if (rank == 0)
    {
      double worst = 0;
      for (const auto &c : serial.row())
        if (c.first.find("iterations") == std::string::npos)
          {
            const double a = c.second, b = parallel.get(c.first);
            // Quantities that vanish are compared with the flux scale.
            worst = std::max(worst,
                             std::abs(a - b) /
                               std::max(std::abs(a),
                                        std::abs(serial.get("flux inlet"))));
          }
      std::cout << "\n1 rank against " << size
                << " ranks: largest relative difference "
                << (worst < 1e-10 ? "< 1e-10: PASS" : ">= 1e-10: FAIL")
                << std::endl;
      return worst < 1e-10 ? 0 : 1;
    }
  return 0;
}
