// Checkpoint/restart on every geometry with a manifold: the spherical shell
// (2D), the cylindrical shell (3D), the plate with a hole (2D, polar and
// transfinite manifolds, Q2 mapping) and the Gmsh sensor cell of the default
// example (a curved electrode, Q2 mapping), plus a 1D box, and a 2D and a 1D
// box with periodic boundaries (a pulse that crosses them). Each problem is run
// without interruption, then stopped after 7 steps and resumed from the
// checkpoint of step 6; the mesh is refined every 2 steps, also after the
// resume, so new vertices are placed on the curved boundaries by the resumed
// run. The whole statistics tables (every row, every column) of the two runs
// must agree. On one rank they are identical, digit for digit: the serial mesh
// is read back exactly as it was stored. On two ranks p4est rebuilds the mesh
// from the coarse cells, so deal.II stores the cells, and numbers the DoFs,
// in another order than the uninterrupted run, whose cells were refined and
// coarsened in place; sums then differ by round-off (measured: 4e-12 of a
// column's largest value), and a converged linear solve may take one
// iteration more or less. There the values must agree to 1e-9 of each
// column's largest value, the iteration counts within 1, and the step,
// time, cell and DoF columns exactly.
//
// A serial mesh read from a checkpoint lost its manifolds (deal.II's
// Triangulation::load() clears them): the resumed runs then refined the
// curved boundaries as straight lines.

#include <fluxion/core/parameters.h>
#include <fluxion/core/simulator.h>

#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

using namespace Fluxion;

namespace
{
  const std::string common = R"(
subsection Mesh refinement
  set Adaptive refinement       = true
  set Steps between refinements = 2
  set Refine fraction           = 0.3
  set Coarsen fraction          = 0.1
end
subsection Time stepping
  set Initial step  = 1e-3
  set Tolerance     = 1e-3
  set Maximum steps = 12
end
subsection Postprocess
  set List = integrals, boundary fluxes
end
subsection Output
  set Write vtu     = false
  set Print timings = false
  set Print steps   = false
  set Plots         = false
end
)";

  const std::string spherical_shell = R"(
set Dimension = 2
subsection Geometry
  set Model = spherical shell
end
subsection Mesh refinement
  set Initial global refinement = 1
  set Maximum level             = 3
end
subsection Boundary conditions
  set Types = inner: dirichlet, outer: mass transfer
  subsection inner
    set Concentration = 1
  end
  subsection outer
    set Transfer coefficient = 0.1
  end
end
subsection Time stepping
  set End time = 0.5
end
)";

  const std::string cylindrical_shell = R"(
set Dimension = 3
subsection Geometry
  set Model = cylindrical shell
  subsection cylindrical shell
    set Radial cells = 6
    set Axial cells  = 1
    set Length       = 0.5
  end
end
subsection Mesh refinement
  set Initial global refinement = 1
  set Maximum level             = 3
end
subsection Boundary conditions
  set Types = inner: dirichlet, outer: mass transfer
  subsection inner
    set Concentration = 1 + x
  end
  subsection outer
    set Transfer coefficient = 0.1
  end
end
subsection Time stepping
  set End time = 0.5
end
)";

  const std::string plate_with_hole = R"(
set Dimension = 2
subsection Geometry
  set Model = plate with hole
end
subsection Discretization
  set Mapping degree = 2
end
subsection Mesh refinement
  set Initial global refinement = 1
  set Maximum level             = 3
end
subsection Boundary conditions
  set Types = hole: dirichlet, right: mass transfer
  subsection hole
    set Concentration = 1
  end
  subsection right
    set Transfer coefficient = 0.1
  end
end
subsection Time stepping
  set End time = 0.5
end
)";

  // The default example's mesh and curved electrode; D is large enough that
  // the analyte reaches the electrode within the 12 steps.
  const std::string sensor_cell = R"(
set Dimension   = 2
set Length unit = mm
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
    set D = 1
  end
end
subsection Boundary conditions
  set Types = inlet: dirichlet, electrode: dirichlet, outlet: mass transfer, walls: no flux
  subsection inlet
    set Concentration = 1
  end
  subsection electrode
    set Concentration = 0
  end
  subsection outlet
    set Transfer coefficient = 1e-3
  end
end
subsection Discretization
  set Mapping degree = 2
end
subsection Mesh refinement
  set Maximum level = 3
end
subsection Time stepping
  set End time     = 100
  set Initial step = 0.05
end
)";

  const std::string box_1d = R"(
set Dimension = 1
subsection Geometry
  subsection box
    set Subdivisions = 8
  end
end
subsection Mesh refinement
  set Initial global refinement = 1
  set Maximum level             = 5
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
  set End time = 0.5
end
)";

  // Periodic boundaries: deal.II's load() forgets the periodic neighbours
  // (serial) or needs them on the coarse mesh before it (p4est); a resumed
  // run without them would treat the joined faces as two separate
  // boundaries. The 2D box loses some of its amount through the top, so
  // that no column holds round-off only (a closed box's amount change).
  const std::string periodic_box_2d = R"(
set Dimension = 2
subsection Geometry
  set Periodic boundaries = left: right
  subsection box
    set Subdivisions = 2, 2
  end
end
subsection Mesh refinement
  set Initial global refinement = 2
  set Maximum level             = 5
end
subsection Boundary conditions
  set Types = top: mass transfer
  subsection top
    set Transfer coefficient = 0.1
  end
end
subsection Initial conditions
  subsection function
    set Concentration = exp(-((x - 0.9)^2 + (y - 0.7)^2) / 0.01)
  end
end
subsection Time stepping
  set End time = 0.5
end
)";

  const std::string periodic_box_1d = R"(
set Dimension = 1
subsection Geometry
  set Periodic boundaries = left: right
  subsection box
    set Subdivisions = 8
  end
end
subsection Mesh refinement
  set Initial global refinement = 1
  set Maximum level             = 5
end
subsection Initial conditions
  subsection function
    set Concentration = exp(-(x - 0.9)^2 / 0.01)
  end
end
subsection Time stepping
  set End time = 0.5
end
)";

  template <int dim>
  void
  run(const std::string &text, const std::string &log)
  {
    // The runs' screen output goes to a log, only the verdicts to the test.
    std::ofstream    out(log);
    std::streambuf  *screen = std::cout.rdbuf(out.rdbuf());
    ParameterHandler prm;
    read_parameters<dim>(prm, text, "restart test");
    {
      Simulator<dim> simulator(prm, RunOptions());
      simulator.run();
    }
    std::cout.rdbuf(screen);
    // As between two launches of the program: 1D runs are serial on every
    // rank, and a rank must not resume before rank 0 wrote the checkpoint.
    MPI_Barrier(MPI_COMM_WORLD);
  }

  std::vector<std::vector<std::string>>
  read_table(const std::string &name)
  {
    std::vector<std::vector<std::string>> rows;
    std::ifstream                         in(name);
    std::string                           line;
    while (std::getline(in, line))
      rows.push_back(Utilities::split_string_list(line, ','));
    return rows;
  }

  // Compare two statistics tables (see the top of the file); returns an
  // empty string if they agree.
  std::string
  compare(const std::vector<std::vector<std::string>> &a,
          const std::vector<std::vector<std::string>> &b,
          const bool                                   identical)
  {
    if (a.empty() || a.size() != b.size())
      return "the tables have " + std::to_string(a.size()) + " and " +
             std::to_string(b.size()) + " lines";
    if (a[0] != b[0])
      return "the headers differ";
    const auto &header = a[0];
    for (unsigned int c = 0; c < header.size(); ++c)
      {
        double scale = 0;
        for (unsigned int r = 1; r < a.size(); ++r)
          scale = std::max(scale, std::abs(std::stod(a[r][c])));
        const bool exact = identical || header[c] == "step" ||
                           header[c] == "time [s]" || header[c] == "cells" ||
                           header[c] == "dofs";
        const bool iterations =
          header[c].find("iterations") != std::string::npos;
        for (unsigned int r = 1; r < a.size(); ++r)
          {
            const double x = std::stod(a[r][c]), y = std::stod(b[r][c]);
            const bool   same = exact      ? a[r][c] == b[r][c] :
                                iterations ? std::abs(x - y) <= 1 :
                                             std::abs(x - y) <= 1e-9 * scale;
            if (!same)
              {
                std::ostringstream s;
                s << std::setprecision(12) << "row " << r << ", column <"
                  << header[c] << ">: " << x << " (uninterrupted) vs " << y
                  << " (resumed)";
                return s.str();
              }
          }
      }
    return "";
  }

  template <int dim>
  bool
  check(const std::string &name, const std::string &problem)
  {
    const std::string text = common + problem;
    const std::string full = "out-" + name + "-full",
                      part = "out-" + name + "-restart";
    run<dim>(text + "subsection Output\n set Directory = " + full + "\nend\n",
             full + ".log");
    const std::string checkpoints =
      "subsection Output\n set Directory = " + part +
      "\nend\n"
      "subsection Checkpointing\n"
      " set Steps between checkpoints = 2\n";
    run<dim>(text + checkpoints + " set Stop after steps = 7\nend\n",
             part + "-stopped.log");
    run<dim>(text + checkpoints + " set Resume computation = true\nend\n",
             part + "-resumed.log");

    bool ok = true;
    if (Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0)
      {
        const auto a = read_table(full + "/statistics.csv");
        const auto b = read_table(part + "/statistics.csv");
        const bool identical =
          Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD) == 1;
        const std::string problem = compare(a, b, identical);
        ok                        = problem.empty();
        std::cout << name << ": " << a.size() - 1 << " rows x "
                  << (a.empty() ? 0 : a[0].size()) << " columns, "
                  << (!ok       ? "FAIL: " + problem :
                      identical ? "identical: PASS" :
                                  "equal: PASS")
                  << std::endl;
      }
    return Utilities::MPI::min(ok ? 1 : 0, MPI_COMM_WORLD) == 1;
  }
} // namespace

int
main(int argc, char **argv)
{
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  bool                             ok = true;
  ok &= check<2>("spherical_shell_2d", spherical_shell);
  ok &= check<3>("cylindrical_shell_3d", cylindrical_shell);
  ok &= check<2>("plate_with_hole_2d", plate_with_hole);
  ok &= check<2>("sensor_cell_2d", sensor_cell);
  ok &= check<1>("box_1d", box_1d);
  ok &= check<2>("periodic_box_2d", periodic_box_2d);
  ok &= check<1>("periodic_box_1d", periodic_box_1d);
  return ok ? 0 : 1;
}
