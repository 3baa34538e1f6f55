// Poisson-Nernst-Planck on 1 and on 2 ranks: two adaptive steady runs, each
// solved on one rank (MPI_COMM_SELF) and on both ranks, must agree to 1e-10
// in every final statistic (the fluxes of a field and their parts relative
// to the field's largest, the currents relative to the largest species flux
// as a current):
// - 2D: the microband electrode of prm/electrochemistry on its Gmsh mesh,
//   four solve-adapt cycles (hanging nodes next to the band's edges, where
//   an owned cell can touch the electrode with a corner only);
// - 3D: 0.1 M NaCl in a 20 x 2 x 2 nm box, Na+ discharged (held at 10 mM)
//   at an electrode at -50 mV on the left, a reservoir on the right, two
//   cycles (a current flows: an equilibrium's fluxes are differences of
//   large parts, known only to Newton's tolerance).
// A 3D electrode patch (phi = 50 mV exp(-r^2/(20 nm)^2) in 1 mM NaCl, 8^3
// cells) is solved with GMRES and the field-split preconditioner (the
// default in 3D) and with the direct solver, on both ranks: the two must
// agree to 1e-10 in the same sense. (GMRES once stopped at a fraction of the
// unpreconditioned residual, dominated by the species' rows, and Newton
// took phi's unsolved update as converged: 43 % off in phi's flux.)

#include <fluxion/core/parameters.h>
#include <fluxion/core/simulator.h>
#include <fluxion/physics/electrochemistry/constants.h>

#include <cmath>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

using namespace Fluxion;

namespace
{
  const std::string quiet = R"(
subsection Output
  set Write vtu     = false
  set Print timings = false
  set Print steps   = false
  set Plots         = false
end
subsection Time stepping
  set Mode = steady
end
)";

  const std::string electrolyte = R"(
subsection Poisson Nernst Planck
  set Species = Na, Cl
  subsection Na
    set Charge number      = 1
    set Diffusivity        = DNA
    set Bulk concentration = CB
  end
  subsection Cl
    set Charge number      = -1
    set Diffusivity        = DCL
    set Bulk concentration = CB
  end
end
subsection Initial conditions
  set Na = CB
  set Cl = CB
end
subsection Mesh refinement
  set Adaptive refinement          = true
  set Criteria                     = log concentration, kelly
  set Coarsen fraction             = 0
  subsection log concentration
    set Fields = Na, Cl
    set Floor  = 1e-3
  end
  subsection kelly
    set Fields = phi
    set Scales = 40
  end
end
)";

  std::string
  replace(std::string text, const std::map<std::string, std::string> &values)
  {
    for (const auto &v : values)
      for (auto p = text.find(v.first); p != std::string::npos;
           p      = text.find(v.first))
        text.replace(p, v.first.size(), v.second);
    return text;
  }

  const std::string microband_2d = R"(
set Dimension   = 2
set Physics     = poisson nernst planck
set Length unit = um
subsection Geometry
  set Model = gmsh
  subsection gmsh
    set Mesh file = microband_electrode_2d.msh
  end
end
subsection Mesh refinement
  set Initial adaptive refinements = 4
  set Refine fraction              = 0.2
end
subsection Boundary conditions
  subsection Na
    set Types = electrode: dirichlet, bulk: dirichlet
    subsection electrode
      set Concentration = 1e-3
    end
    subsection bulk
      set Concentration = 1
    end
  end
  subsection Cl
    set Types = bulk: dirichlet
    subsection bulk
      set Concentration = 1
    end
  end
  subsection phi
    set Types = electrode: dirichlet, bulk: dirichlet
    subsection electrode
      set Concentration = -0.2
    end
  end
end
subsection Postprocess
  set List = boundary fluxes, electrolyte
end
)" + replace(electrolyte, {{"DNA", "1648"}, {"DCL", "1902"}, {"CB", "1"}});

  const std::string discharge_3d = R"(
set Dimension   = 3
set Physics     = poisson nernst planck
set Length unit = nm
subsection Geometry
  set Model = box
  subsection box
    set Upper corner = 20, 2, 2
    set Subdivisions = 20, 2, 2
  end
end
subsection Mesh refinement
  set Initial adaptive refinements = 2
  set Refine fraction              = 0.3
end
subsection Boundary conditions
  subsection Na
    set Types = left: dirichlet, right: dirichlet
    subsection left
      set Concentration = 10
    end
    subsection right
      set Concentration = 100
    end
  end
  subsection Cl
    set Types = right: dirichlet
    subsection right
      set Concentration = 100
    end
  end
  subsection phi
    set Types = left: dirichlet, right: dirichlet
    subsection left
      set Concentration = -0.05
    end
  end
end
subsection Postprocess
  set List = boundary fluxes, point values, electrolyte
  subsection point values
    set Points = debye: 0.96137008, 1, 1
    set Fields = phi
  end
end
)" + replace(electrolyte,
             {{"DNA", "1.334e9"}, {"DCL", "2.032e9"}, {"CB", "100"}});

  const std::string electrode_3d = R"(
set Dimension   = 3
set Physics     = poisson nernst planck
set Length unit = nm
subsection Geometry
  set Model = box
  subsection box
    set Upper corner = 100, 100, 100
    set Subdivisions = 8, 8, 8
  end
end
subsection Boundary conditions
  subsection Na
    set Types = right: dirichlet
    subsection right
      set Concentration = 1
    end
  end
  subsection Cl
    set Types = right: dirichlet
    subsection right
      set Concentration = 1
    end
  end
  subsection phi
    set Types = left: dirichlet, right: dirichlet
    subsection left
      set Concentration = 0.05*exp(-((y-50)^2+(z-50)^2)/400)
    end
  end
end
subsection Postprocess
  set List = boundary fluxes, electrolyte
end
)" + replace(electrolyte,
             {{"DNA", "1.334e9"}, {"DCL", "2.032e9"}, {"CB", "1"}});

  template <int dim>
  Statistics
  run(const std::string &text, const std::string &directory, MPI_Comm comm)
  {
    ParameterHandler prm;
    read_parameters<dim>(prm,
                         text + quiet + "subsection Output\n set Directory = " +
                           directory + "\nend\n",
                         "rank agreement test");
    Simulator<dim> simulator(prm, RunOptions(), comm);
    simulator.run();
    return simulator.final_statistics();
  }

  // The scale of a column: the largest |value| of its group ("flux Na ...",
  // "current ..."), for the currents at least the largest species flux as a
  // current (F L^dim times it).
  double
  scale_of(const Statistics  &s,
           const std::string &column,
           const double       length_unit,
           const int          dim)
  {
    const auto group = [](const std::string &c) {
      if (c.rfind("current", 0) == 0)
        return std::string("current");
      if (c.rfind("flux ", 0) == 0)
        return c.substr(0, c.find(' ', 5));
      return c;
    };
    double scale = 0;
    for (const auto &c : s.row())
      {
        if (group(c.first) == group(column))
          scale = std::max(scale, std::abs(c.second));
        if (group(column) == "current" && c.first.rfind("flux ", 0) == 0 &&
            c.first.rfind("flux phi", 0) != 0)
          scale = std::max(scale,
                           Electrochemistry::faraday * std::abs(c.second) *
                             std::pow(length_unit, dim));
      }
    return scale;
  }

  // The largest relative difference of the final statistics @p b from
  // @p a, and the column where it is.
  double
  largest_difference(const Statistics &a,
                     const Statistics &b,
                     const double      length_unit,
                     const int         dim,
                     std::string      &where)
  {
    double worst = 0;
    for (const auto &c : a.row())
      if (c.first.find("iterations") == std::string::npos)
        {
          const double e = std::abs(c.second - b.get(c.first)) /
                           std::max({std::abs(c.second),
                                     scale_of(a, c.first, length_unit, dim),
                                     1e-300});
          if (e > worst)
            {
              worst = e;
              where = c.first;
            }
        }
    return worst;
  }

  // The 3D case with GMRES (field split) against the direct solver, both on
  // all ranks, with the runs' screen output left out.
  bool
  compare_solvers(const std::string &name,
                  const std::string &text,
                  const double       length_unit)
  {
    const auto with = [&](const std::string &solver) {
      std::ostringstream silent;
      auto              *screen = std::cout.rdbuf(silent.rdbuf());
      const Statistics   s =
        run<3>(text + "subsection Solver\n set Linear solver = " + solver +
                 (solver == "gmres" ? "\n set Preconditioner = field split" :
                                      "") +
                 "\nend\n",
               "out-" + name + "-" + solver,
               MPI_COMM_WORLD);
      std::cout.rdbuf(screen);
      return s;
    };
    const Statistics gmres = with("gmres"), direct = with("direct");
    std::string      where;
    const bool       ok =
      largest_difference(direct, gmres, length_unit, 3, where) < 1e-10;
    if (Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0)
      std::cout << name << ": GMRES with the field-split preconditioner "
                << "against the direct solver: largest relative difference "
                << (ok ? "< 1e-10: PASS" : ">= 1e-10: FAIL (" + where + ")")
                << std::endl;
    return ok;
  }

  template <int dim>
  bool
  compare(const std::string &name,
          const std::string &text,
          const double       length_unit,
          const std::string &shown)
  {
    const unsigned int rank = Utilities::MPI::this_mpi_process(MPI_COMM_WORLD);
    const unsigned int size = Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD);
    const Statistics   parallel = run<dim>(text, "out-" + name, MPI_COMM_WORLD);
    Statistics         serial;
    if (rank == 0)
      serial = run<dim>(text, "out-" + name + "-serial", MPI_COMM_SELF);
    MPI_Barrier(MPI_COMM_WORLD);
    bool ok = true;
    if (rank == 0)
      {
        std::string where;
        ok =
          largest_difference(serial, parallel, length_unit, dim, where) < 1e-10;
        std::cout << name << ": " << serial.get("cells") << " cells, " << shown
                  << " = " << std::setprecision(6) << serial.get(shown)
                  << "; 1 rank against " << size
                  << " ranks: largest relative difference "
                  << (ok ? "< 1e-10: PASS" : ">= 1e-10: FAIL (" + where + ")")
                  << std::endl;
      }
    return Utilities::MPI::min(ok ? 1 : 0, MPI_COMM_WORLD) == 1;
  }
} // namespace

int
main(int argc, char **argv)
{
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  bool ok = compare<2>("microband_2d", microband_2d, 1e-6, "flux Na electrode");
  ok &= compare<3>("discharge_3d", discharge_3d, 1e-9, "flux Na left");
  ok &= compare_solvers("electrode_3d", electrode_3d, 1e-9);
  return ok ? 0 : 1;
}
