#include <deal.II/base/utilities.h>
#include <deal.II/distributed/grid_refinement.h>
#include <deal.II/distributed/solution_transfer.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/fe/mapping_q1.h>
#include <deal.II/grid/grid_refinement.h>
#include <deal.II/numerics/data_out.h>
#include <deal.II/numerics/solution_transfer.h>

#include <fluxion/core/input_checks.h>
#include <fluxion/core/mesh_size_limits.h>
#include <fluxion/core/parameters.h>
#include <fluxion/core/periodic_boundaries.h>
#include <fluxion/core/plots.h>
#include <fluxion/core/simulator.h>
#include <fluxion/core/time_stepping.h>
#include <fluxion/core/utilities.h>
#include <fluxion/refinement/marking.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iomanip>
#include <sstream>
#include <sys/stat.h>

namespace Fluxion
{
  namespace
  {
    // Enters a parameter subsection and leaves it again at the end of the
    // scope, also when an error unwinds it.
    class Subsection
    {
    public:
      Subsection(ParameterHandler &prm, const std::string &name)
        : prm(prm)
      {
        prm.enter_subsection(name);
      }
      ~Subsection()
      {
        prm.leave_subsection();
      }

    private:
      ParameterHandler &prm;
    };

    void
    make_directory(const std::string &name)
    {
      mkdir(name.c_str(), 0755);
    }

    template <int dim, typename Interface>
    void
    declare_plugin_sections(ParameterHandler &prm)
    {
      for (const auto &p : PluginRegistry<Interface>::instance().all())
        {
          prm.enter_subsection(p.first);
          p.second.declare_parameters(prm);
          prm.leave_subsection();
        }
    }
  } // namespace

  template <int dim>
  void
  Simulator<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.declare_entry("Dimension",
                      "2",
                      Patterns::Integer(1, 3),
                      "Space dimension of the run: 1, 2 or 3.");
    prm.declare_entry(
      "Physics",
      default_physics,
      Patterns::Selection(
        PluginRegistry<PhysicsInterface<dim>>::instance().names()),
      "The physics module. Only its sections can be set (they are listed "
      "under its name in this reference)." +
        PluginRegistry<PhysicsInterface<dim>>::instance().descriptions());
    prm.declare_entry("Length unit",
                      "m",
                      Patterns::Selection("m|cm|mm|um|nm"),
                      "The unit of all lengths in the mesh and the "
                      "parameters. Laws with absolute units (Stokes-Einstein) "
                      "convert to it; time is always in s.");
    prm.declare_entry("Additional shared libraries",
                      "",
                      Patterns::List(Patterns::FileName()),
                      "Shared libraries with user plugins, loaded before the "
                      "parameters are read.");

    prm.enter_subsection("Discretization");
    {
      prm.declare_entry("Polynomial degree",
                        "1",
                        Patterns::Integer(1, 4),
                        "Degree of the Lagrange (Q) elements.");
      prm.declare_entry("Mapping degree",
                        "0",
                        Patterns::Integer(0, 4),
                        "Degree of the geometric mapping; 0 means the "
                        "polynomial degree.");
    }
    prm.leave_subsection();

    prm.enter_subsection("Geometry");
    {
      prm.declare_entry(
        "Model",
        "box",
        Patterns::Selection(PluginRegistry<Geometry<dim>>::instance().names()),
        "The shape of the domain." +
          PluginRegistry<Geometry<dim>>::instance().descriptions());
      declare_plugin_sections<dim, Geometry<dim>>(prm);
      PeriodicBoundaries<dim>::declare_parameters(prm);
      prm.declare_entry(
        "Mesh partitioning",
        "auto",
        Patterns::Selection("auto|distributed"),
        "How the mesh is held in 2D and 3D. 'distributed': p4est's "
        "distributed triangulation, each rank holds its part. 'auto': the "
        "same on several ranks, but a plain serial triangulation on one "
        "rank, which builds and refines large meshes several times faster "
        "(p4est's 2:1 balance across many coarse cells dominates otherwise). "
        "Both give the same mesh and results; a checkpoint can only be "
        "resumed with the same kind of mesh. 1D meshes are always serial.");
    }
    prm.leave_subsection();

    prm.enter_subsection("Mesh refinement");
    {
      prm.declare_entry("Initial global refinement",
                        "0",
                        Patterns::Integer(0),
                        "Uniform refinements of the coarse mesh.");
      prm.declare_entry("Adaptive refinement",
                        "false",
                        Patterns::Bool(),
                        "Refine and coarsen the mesh during the run.");
      prm.declare_entry(
        "Criteria",
        "kelly",
        Patterns::List(Patterns::Selection(
          PluginRegistry<RefinementCriterion<dim>>::instance().names())),
        "Refinement criteria; with several, each indicator is normalised by "
        "its maximum and the largest one counts." +
          PluginRegistry<RefinementCriterion<dim>>::instance().descriptions());
      prm.declare_entry("Refine fraction",
                        "0.3",
                        Patterns::Double(0, 1),
                        "Fraction of cells refined at each adaptation.");
      prm.declare_entry("Coarsen fraction",
                        "0.05",
                        Patterns::Double(0, 1),
                        "Fraction of cells coarsened at each adaptation.");
      prm.declare_entry("Minimum level",
                        "0",
                        Patterns::Integer(0),
                        "Cells are not coarsened below this level.");
      prm.declare_entry("Maximum level",
                        "8",
                        Patterns::Integer(0),
                        "Cells are not refined beyond this level.");
      prm.declare_entry(
        "Maximum cells",
        "0",
        Patterns::Integer(0),
        "Upper bound of the number of active cells. An initial global "
        "refinement beyond it is refused before refining; an adaptation that "
        "would exceed it refines fewer cells (with a note). 0: automatic, "
        "the cells that fit into the physical memory of the machines of the "
        "run (a rough estimate per cell).");
      prm.declare_entry("Steps between refinements",
                        "5",
                        Patterns::Integer(1),
                        "Adapt the mesh every this many time steps (steady "
                        "runs: between adaptive cycles).");
      prm.declare_entry("Initial adaptive refinements",
                        "0",
                        Patterns::Integer(0),
                        "Adaptive cycles on the initial condition before the "
                        "first step (transient), or solve-adapt cycles "
                        "(steady).");
      prm.declare_entry("Conserve amount",
                        "true",
                        Patterns::Bool(),
                        "After transferring the solution to a new mesh, scale "
                        "it so that the total amount is unchanged (only "
                        "without prescribed-concentration boundaries).");
      declare_plugin_sections<dim, RefinementCriterion<dim>>(prm);
    }
    prm.leave_subsection();

    prm.enter_subsection("Time stepping");
    {
      prm.declare_entry("Mode",
                        "transient",
                        Patterns::Selection("transient|steady"),
                        "Transient or steady solve.");
      prm.declare_entry("Start time", "0", Patterns::Double(), "[s]");
      prm.declare_entry("End time", "1", Patterns::Double(), "[s]");
      prm.declare_entry("Scheme",
                        "bdf2",
                        Patterns::Selection("bdf2|implicit euler"),
                        "Implicit time integrator: variable-step BDF2 "
                        "(second order; the first step is implicit Euler) or "
                        "implicit Euler.");
      prm.declare_entry("Adaptive",
                        "true",
                        Patterns::Bool(),
                        "Choose the step from an estimate of the local "
                        "truncation error; otherwise fixed steps of "
                        "<Initial step>.");
      prm.declare_entry("Initial step",
                        "1e-3",
                        Patterns::Double(0),
                        "[s] First (or fixed) time step.");
      prm.declare_entry("Minimum step",
                        "1e-12",
                        Patterns::Double(0),
                        "[s] The run stops with an error if the step must be "
                        "cut below this.");
      prm.declare_entry("Maximum step",
                        "1e300",
                        Patterns::Double(0),
                        "[s] Upper bound of adaptive steps.");
      prm.declare_entry("Tolerance",
                        "1e-4",
                        Patterns::Double(0),
                        "[-] Local truncation error allowed per step, "
                        "relative to the max norm of the solution (diffusion) "
                        "or to each node's concentration down to <Dopant "
                        "diffusion/Time error floor> (dopant diffusion).");
      prm.declare_entry("Maximum steps",
                        "1000000",
                        Patterns::Integer(1),
                        "Stop after this many steps.");
    }
    prm.leave_subsection();

    prm.enter_subsection("Output");
    {
      prm.declare_entry("Directory",
                        "",
                        Patterns::Anything(),
                        "Folder for all output, relative to the working "
                        "directory. Empty: output-<name of the parameter "
                        "file>.");
      prm.declare_entry("Steps between output",
                        "1",
                        Patterns::Integer(0),
                        "Write graphical output and profiles every this many "
                        "steps (0: only the first and last).");
      prm.declare_entry("Write vtu",
                        "true",
                        Patterns::Bool(),
                        "Write ParaView files (pvtu/vtu and solution.pvd).");
      prm.declare_entry("Print timings",
                        "true",
                        Patterns::Bool(),
                        "Print wall times at the end (switch off for "
                        "reproducible screen output).");
      prm.declare_entry("Plots",
                        "true",
                        Patterns::Bool(),
                        "At the end, make PNG plots of the profiles, fluxes "
                        "and amount with scripts/plot.sh (needs gnuplot).");
      prm.declare_entry("Print steps",
                        "true",
                        Patterns::Bool(),
                        "Print one progress line per time step.");
    }
    prm.leave_subsection();

    prm.enter_subsection("Postprocess");
    {
      prm.declare_entry(
        "List",
        "integrals, boundary fluxes",
        Patterns::List(Patterns::Selection(
          PluginRegistry<Postprocessor<dim>>::instance().names())),
        "Postprocessors run after every step; their columns go into "
        "statistics.csv." +
          PluginRegistry<Postprocessor<dim>>::instance().descriptions());
      prm.declare_entry("Steps between postprocessing",
                        "1",
                        Patterns::Integer(0),
                        "Run the postprocessors (and add a statistics row) "
                        "every this many steps; 0: only at the first and "
                        "last step and on output steps.");
      declare_plugin_sections<dim, Postprocessor<dim>>(prm);
    }
    prm.leave_subsection();

    prm.enter_subsection("Checkpointing");
    {
      prm.declare_entry("Resume computation",
                        "false",
                        Patterns::Selection("true|false|auto"),
                        "Resume from the last good checkpoint in the output "
                        "folder: true (it must exist), false, or auto (if one "
                        "exists).");
      prm.declare_entry("Steps between checkpoints",
                        "0",
                        Patterns::Integer(0),
                        "Write a checkpoint every this many steps (0: "
                        "never). Two slots alternate, so the last good one "
                        "is never overwritten.");
      prm.declare_entry("Stop after steps",
                        "0",
                        Patterns::Integer(0),
                        "Stop (as if interrupted) after this many steps of "
                        "this run (0: run to the end).");
    }
    prm.leave_subsection();

    prm.enter_subsection("Convergence study");
    {
      prm.declare_entry("Cycles",
                        "1",
                        Patterns::Integer(1, 10),
                        "Run the problem this many times, each with the mesh "
                        "refined once more (or the time step halved), and "
                        "report observed convergence rates.");
      prm.declare_entry("Refine",
                        "space",
                        Patterns::Selection("space|time"),
                        "What each cycle refines.");
      prm.declare_entry("Columns",
                        "L2 error, H1 error",
                        Patterns::List(Patterns::Anything()),
                        "Statistics columns whose rates are reported.");
      prm.declare_entry(
        "Rates from",
        "values",
        Patterns::Selection("values|differences"),
        "values: the columns are errors, and the rate of cycle c is "
        "log2(e(c-1)/e(c)). differences: the columns are quantities without "
        "an exact value (e.g. a junction depth), and the rate is "
        "log2(|v(c-1) - v(c-2)| / |v(c) - v(c-1)|) from cycle 2 on "
        "(self-convergence).");
    }
    prm.leave_subsection();

    prm.enter_subsection("Verification");
    {
      prm.declare_entry(
        "Checks",
        "",
        Patterns::Anything(),
        "Checks of the final statistics against expected values, separated "
        "by ';': 'column = value +- tolerance' (tolerance absolute, or "
        "relative with a % sign), or a bound 'column >= value' or 'column <= "
        "value'. Convergence rates are columns named "
        "'rate <column>'; 'min(<column>)' and 'max(<column>)' are the "
        "extremes of a column over all rows of statistics.csv (e.g. "
        "'min(c min) >= 0'). A failed check makes the run exit with code 2.");
    }
    prm.leave_subsection();
  }

  template <int dim>
  Simulator<dim>::Simulator(ParameterHandler &prm,
                            const RunOptions &options,
                            MPI_Comm          communicator)
    : prm(prm)
    , options(options)
    , mpi_communicator(dim == 1 ? MPI_COMM_SELF : communicator)
    , writer(Utilities::MPI::this_mpi_process(communicator) == 0)
    , pcout(std::cout, writer)
    , timer(pcout, TimerOutput::never, TimerOutput::wall_times)
  {
    const std::map<std::string, double> units = {
      {"m", 1.0}, {"cm", 1e-2}, {"mm", 1e-3}, {"um", 1e-6}, {"nm", 1e-9}};
    length_unit_in_m = units.at(prm.get("Length unit"));

    // Each stage reads one part of the parameters. With --validate, a
    // failing stage is recorded and the others still run, so that every
    // problem is reported at once.
    std::vector<std::string> problems;
    const auto               stage = [&](const std::function<void()> &f) {
      try
        {
          f();
        }
      catch (const std::exception &e)
        {
          if (!options.validate_only)
            throw;
          problems.push_back(exception_message(e));
        }
    };

    stage([&]() {
      Subsection s(prm, "Discretization");
      degree         = prm.get_integer("Polynomial degree");
      mapping_degree = prm.get_integer("Mapping degree");
      if (mapping_degree == 0)
        mapping_degree = degree;
    });

    stage([&]() {
      Subsection s(prm, "Mesh refinement");
      initial_refinement     = prm.get_integer("Initial global refinement");
      max_cells              = prm.get_integer("Maximum cells");
      adaptive_refinement    = prm.get_bool("Adaptive refinement");
      refine_fraction        = prm.get_double("Refine fraction");
      coarsen_fraction       = prm.get_double("Coarsen fraction");
      min_level              = prm.get_integer("Minimum level");
      max_level              = prm.get_integer("Maximum level");
      refinement_interval    = prm.get_integer("Steps between refinements");
      initial_adaptive_steps = prm.get_integer("Initial adaptive refinements");
      conserve_amount        = prm.get_bool("Conserve amount");
      AssertThrow(refine_fraction + coarsen_fraction <= 1,
                  ExcMessage(
                    "Parameters <Mesh refinement/Refine fraction> and "
                    "<Coarsen fraction>: their sum must not exceed 1."));
      AssertThrow(min_level <= max_level,
                  ExcMessage("Parameter <Mesh refinement/Minimum level> must "
                             "not exceed <Maximum level>."));
      criterion_names = Utilities::split_string_list(prm.get("Criteria"), ',');
      for (const auto &name : criterion_names)
        {
          Subsection s(prm, name);
          criteria.push_back(
            PluginRegistry<RefinementCriterion<dim>>::instance().create(
              name, "Mesh refinement/Criteria", prm));
        }
    });

    stage([&]() {
      Subsection s(prm, "Time stepping");
      steady         = prm.get("Mode") == "steady";
      start_time     = prm.get_double("Start time");
      end_time       = prm.get_double("End time");
      bdf2           = prm.get("Scheme") == "bdf2";
      adaptive_time  = prm.get_bool("Adaptive");
      initial_dt     = prm.get_double("Initial step");
      min_dt         = prm.get_double("Minimum step");
      max_dt         = prm.get_double("Maximum step");
      time_tolerance = prm.get_double("Tolerance");
      max_steps      = prm.get_integer("Maximum steps");
      AssertThrow(steady || end_time > start_time,
                  ExcMessage("Parameter <Time stepping/End time> (" +
                             prm.get("End time") +
                             ") must be after <Start time> (" +
                             prm.get("Start time") + ")."));
      AssertThrow(steady || initial_dt > 0,
                  ExcMessage("Parameter <Time stepping/Initial step> must be "
                             "positive."));
      if (!steady)
        check_time_stepping(
          adaptive_time, initial_dt, min_dt, max_dt, time_tolerance);
    });

    {
      Subsection s(prm, "Convergence study");
      if (prm.get("Refine") == "space")
        initial_refinement += options.cycle;
      else
        initial_dt /= std::pow(2.0, options.cycle);
    }

    {
      Subsection s(prm, "Output");
      output_directory = prm.get("Directory") + options.output_suffix;
      output_interval  = prm.get_integer("Steps between output");
      write_vtu        = prm.get_bool("Write vtu");
      print_timings    = prm.get_bool("Print timings");
      print_steps      = prm.get_bool("Print steps");
      make_plots       = prm.get_bool("Plots");
    }

    {
      Subsection s(prm, "Checkpointing");
      resume              = prm.get("Resume computation");
      checkpoint_interval = prm.get_integer("Steps between checkpoints");
      stop_after          = prm.get_integer("Stop after steps");
    }

    stage([&]() {
      Subsection s(prm, "Postprocess");
      postprocess_interval = prm.get_integer("Steps between postprocessing");
      for (const auto &name :
           Utilities::split_string_list(prm.get("List"), ','))
        {
          Subsection s(prm, name);
          postprocessors.push_back(
            PluginRegistry<Postprocessor<dim>>::instance().create(
              name, "Postprocess/List", prm));
        }
    });

    // Geometry and mesh, then the physics on them.
    stage([&]() {
      {
        Subsection s(prm, "Geometry");
        serial_mesh = (dim == 1) ||
                      (prm.get("Mesh partitioning") == "auto" &&
                       Utilities::MPI::n_mpi_processes(mpi_communicator) == 1);
        const std::string model = prm.get("Model");
        {
          Subsection m(prm, model);
          geometry =
            PluginRegistry<Geometry<dim>>::instance().create(model,
                                                             "Geometry/Model",
                                                             prm);
        }
        periodic_boundaries.parse(prm.get("Periodic boundaries"),
                                  geometry->boundary_names());
      }
      periodic_boundaries.check_parameters(prm);
      physics = PluginRegistry<PhysicsInterface<dim>>::instance().create(
        prm.get("Physics"), "Physics", prm);
      {
        TimerOutput::Scope t(timer, "mesh");
        create_mesh();
      }

      SimulatorContext<dim> context;
      context.mpi_communicator = mpi_communicator;
      context.triangulation    = triangulation.get();
      context.mapping          = mapping.get();
      context.boundary_ids     = geometry->boundary_names();
      context.region_ids       = geometry->region_names();
      context.length_unit_in_m = length_unit_in_m;
      context.element_degree   = degree;
      context.mapping_degree   = mapping_degree;
      context.steady           = steady;
      context.linear_mapping   = (mapping_degree == 1);
      context.start_time       = start_time;
      context.timer            = &timer;
      physics->initialize(context, prm);
      if (physics->end_time() > start_time)
        end_time = physics->end_time();
      breakpoints = physics->time_breakpoints();
      initialized = true;
    });

    // The data of the physics on the mesh, before anything is solved.
    if (initialized)
      stage([&]() {
        TimerOutput::Scope t(timer, "input checks");
        check_field_names();
        check_start_data(*triangulation,
                         physics->start_data(),
                         start_time,
                         steady ? 0.0 : std::min(initial_dt, max_dt),
                         mpi_communicator);
      });

    if (!problems.empty())
      {
        std::string list;
        for (const auto &p : problems)
          list += "\n  - " + p;
        AssertThrow(false,
                    ExcMessage(std::to_string(problems.size()) +
                               " problem(s) in the parameters:" + list));
      }
  }

  template <int dim>
  Simulator<dim>::~Simulator() = default;

  template <int dim>
  void
  Simulator<dim>::create_mesh()
  {
    if (serial_mesh)
      triangulation = std::make_unique<Triangulation<dim>>(
        Triangulation<dim>::limit_level_difference_at_vertices);
    else if constexpr (dim > 1)
      triangulation =
        std::make_unique<parallel::distributed::Triangulation<dim>>(
          mpi_communicator,
          Triangulation<dim>::limit_level_difference_at_vertices,
          physics->needs_multigrid_hierarchy() ?
            parallel::distributed::Triangulation<
              dim>::construct_multigrid_hierarchy :
            parallel::distributed::Triangulation<dim>::default_setting);
    geometry->create_coarse_mesh(*triangulation);
    const bool automatic = (max_cells == 0);
    max_cells =
      maximum_number_of_cells(max_cells, dim, degree, mpi_communicator);
    check_initial_mesh_size(triangulation->n_global_active_cells(),
                            dim,
                            degree,
                            initial_refinement,
                            max_cells,
                            automatic,
                            mpi_communicator);

    // Every region of the mesh must be named by the geometry.
    const auto regions = geometry->region_names();
    for (const auto &cell : triangulation->active_cell_iterators())
      {
        bool found = false;
        for (const auto &r : regions)
          found |= (r.second == cell->material_id());
        AssertThrow(found,
                    ExcMessage("The mesh has cells with material id " +
                               std::to_string(cell->material_id()) +
                               " that no region name refers to."));
      }
    // Periodic neighbours are joined on the coarse mesh.
    periodic_boundaries.add_to(*triangulation);
    triangulation->refine_global(initial_refinement);
    if (mapping_degree > 1)
      mapping = std::make_unique<MappingQ<dim>>(mapping_degree);
    else
      mapping = std::make_unique<MappingQ1<dim>>();
  }

  template <int dim>
  void
  Simulator<dim>::postprocess(const bool write_files)
  {
    TimerOutput::Scope t(timer, "postprocess");
    statistics.set("step", step);
    statistics.set("time [s]", time);
    statistics.set("dt [s]", steady ? 0.0 : last_dt);
    statistics.set("cells", triangulation->n_global_active_cells());
    statistics.set("dofs", physics->get_dof_handler().n_dofs());
    statistics.set("newton iterations", last_result.nonlinear_iterations);
    statistics.set("linear iterations", last_result.linear_iterations);
    for (auto &p : postprocessors)
      p->execute(*physics, statistics, write_files && writer, output_directory);
    // statistics.csv never holds a value that is not a number.
    throw_if_any_rank(statistics.non_finite_problem(), mpi_communicator);
    if (writer)
      statistics.write_row(output_directory + "/statistics.csv");
    last_statistics = statistics;
  }

  template <int dim>
  void
  Simulator<dim>::write_output()
  {
    if (!write_vtu)
      return;
    TimerOutput::Scope t(timer, "output");
    DataOut<dim>       data_out;
    data_out.attach_dof_handler(physics->get_dof_handler());
    physics->add_output_fields(data_out);
    data_out.build_patches(*mapping, degree, DataOut<dim>::curved_inner_cells);
    const unsigned int index = pvd_records.size();
    std::string        name;
    if (dim == 1)
      {
        // Serial: only the writing rank writes.
        name = "solution_" + Utilities::int_to_string(index, 5) + ".vtu";
        if (writer)
          {
            std::ofstream out(output_directory + "/" + name);
            data_out.write_vtu(out);
          }
      }
    else
      name = data_out.write_vtu_with_pvtu_record(
        output_directory + "/", "solution", index, mpi_communicator, 5);
    pvd_records.emplace_back(time, name);
    if (writer)
      {
        std::ofstream pvd(output_directory + "/solution.pvd");
        DataOutBase::write_pvd_record(pvd, pvd_records);
      }
  }

  template <int dim>
  void
  Simulator<dim>::print_step_line(const StepResult &r, const double h) const
  {
    if (!print_steps)
      return;
    if (steady)
      pcout << "cycle " << std::setw(3) << step << "  cells " << std::setw(8)
            << triangulation->n_global_active_cells() << "  dofs "
            << std::setw(9) << physics->get_dof_handler().n_dofs()
            << "  newton " << r.nonlinear_iterations;
    else
      pcout << "step " << std::setw(5) << step << "  t = " << std::scientific
            << std::setprecision(4) << time << "  dt = " << std::setprecision(3)
            << h << std::defaultfloat << "  cells " << std::setw(7)
            << triangulation->n_global_active_cells() << "  dofs "
            << std::setw(8) << physics->get_dof_handler().n_dofs()
            << "  newton " << r.nonlinear_iterations;
    if (print_timings)
      pcout << "  linear " << r.linear_iterations;
    pcout << std::endl;
  }

  template <int dim>
  void
  Simulator<dim>::run()
  {
    if (writer)
      make_directory(output_directory);
    MPI_Barrier(mpi_communicator);
    Timer wall;

    time = start_time;
    TimeStepping::Settings settings;
    settings.start_time   = start_time;
    settings.end_time     = end_time;
    settings.bdf2         = bdf2;
    settings.adaptive     = adaptive_time;
    settings.initial_step = initial_dt;
    settings.minimum_step = min_dt;
    settings.maximum_step = max_dt;
    settings.tolerance    = time_tolerance;
    settings.breakpoints  = breakpoints;
    time_stepping         = TimeStepping(settings);
    const bool resumed    = [&]() {
      TimerOutput::Scope t(timer, "setup");
      physics->setup_dofs();
      return load_checkpoint();
    }();
    if (!resumed)
      {
        TimerOutput::Scope t(timer, "initial condition");
        physics->set_initial_condition();
        if (!steady && adaptive_refinement)
          for (unsigned int k = 0; k < initial_adaptive_steps; ++k)
            {
              refine_mesh();
              physics->set_initial_condition();
            }
      }
    else
      pcout << "Resumed from the checkpoint at step " << step
            << ", t = " << time << " s." << std::endl;

    pcout << "Fluxion: " << dim << "D " << (steady ? "steady" : "transient")
          << " run, " << triangulation->n_global_active_cells() << " cells, "
          << physics->get_dof_handler().n_dofs() << " DoFs, output in "
          << output_directory << "/" << std::endl;

    if (steady)
      {
        const unsigned int cycles =
          adaptive_refinement ? initial_adaptive_steps + 1 : 1;
        for (unsigned int c = 0; c < cycles; ++c)
          {
            if (c > 0)
              refine_mesh();
            TimeStepData data;
            data.steady = true;
            data.time   = start_time;
            {
              TimerOutput::Scope t(timer, "time steps");
              last_result = physics->solve_step(data);
            }
            if (!last_result.converged)
              throw CollectiveError(
                "The steady solve failed: " + last_result.failure + ".");
            total_newton += last_result.nonlinear_iterations;
            total_linear += last_result.linear_iterations;
            step = c;
            print_step_line(last_result, 0);
          }
        postprocess(true);
        write_output();
      }
    else
      {
        if (!resumed)
          {
            time_stepping.start(time);
            last_result = StepResult();
            postprocess(true);
            write_output();
          }
        unsigned int steps_this_run = 0;
        if (!resumed)
          steps_since_refinement = 2;
        while (time_stepping.before_end(time) && step < max_steps)
          {
            const double       h = time_stepping.next_step_size(time);
            const TimeStepData data =
              time_stepping.step_data(time, h, steps_since_refinement >= 2);

            StepResult r;
            {
              TimerOutput::Scope t(timer, "time steps");
              r = physics->solve_step(data);
            }
            if (!r.converged)
              {
                physics->reject_step();
                ++rejected;
                time_stepping.cut_after_failure(time, h, r.failure, pcout);
                continue;
              }
            if (!time_stepping.error_acceptable(data, r, time, h))
              {
                physics->reject_step();
                ++rejected;
                continue;
              }

            physics->accept_step();
            time = data.time;
            ++step;
            ++steps_this_run;
            total_newton += r.nonlinear_iterations;
            total_linear += r.linear_iterations;
            last_result = r;
            last_dt     = h;
            time_stepping.accept(time, h);

            const bool at_end =
              !time_stepping.before_end(time) || step >= max_steps;
            const bool stopping =
              stop_after > 0 && steps_this_run >= stop_after;
            print_step_line(r, h);
            const bool output_due =
              at_end || stopping ||
              (output_interval > 0 && step % output_interval == 0);
            if (output_due ||
                (postprocess_interval > 0 && step % postprocess_interval == 0))
              postprocess(output_due);
            if (output_due)
              write_output();
            // Refine before the checkpoint, so that a resumed run continues
            // exactly like an uninterrupted one.
            ++steps_since_refinement;
            if (adaptive_refinement && !at_end &&
                step % refinement_interval == 0)
              {
                refine_mesh();
                steps_since_refinement = 0;
              }
            if (checkpoint_interval > 0 && step % checkpoint_interval == 0)
              save_checkpoint();
            if (stopping)
              {
                pcout << "Stopping after " << stop_after
                      << " steps as asked (Checkpointing/Stop after steps)."
                      << std::endl;
                break;
              }
          }
      }

    // Summary.
    pcout << "\nSummary: " << step << " steps";
    if (!steady)
      pcout << " (" << rejected << " rejected)";
    pcout << ", t = " << time << " s, "
          << triangulation->n_global_active_cells() << " cells, "
          << physics->get_dof_handler().n_dofs() << " DoFs, " << total_newton
          << " Newton iterations";
    if (print_timings)
      pcout << ", " << total_linear << " linear iterations, wall time "
            << wall.wall_time() << " s";
    pcout << std::endl;
    for (const auto &c : last_statistics.row())
      if (c.first.find("iterations") == std::string::npos &&
          c.first != "step" && c.first != "cells" && c.first != "dofs")
        pcout << "  " << std::left << std::setw(28) << c.first << std::right
              << std::setprecision(10) << c.second << std::endl;
    if (print_timings)
      {
        timer.print_wall_time_statistics(mpi_communicator);
        // One machine-readable line for benchmarks (maximum over ranks).
        const auto times = timer.get_summary_data(TimerOutput::total_wall_time);
        Utilities::System::MemoryStats mem;
        Utilities::System::get_memory_stats(mem);
        pcout << "TIMINGS";
        for (const auto &t : times)
          {
            std::string key = t.first;
            std::replace(key.begin(), key.end(), ' ', '_');
            pcout << ' ' << key << '='
                  << Utilities::MPI::max(t.second, mpi_communicator);
          }
        pcout << " total="
              << Utilities::MPI::max(wall.wall_time(), mpi_communicator)
              << " linear_iterations=" << total_linear << " steps=" << step
              << " dofs=" << physics->get_dof_handler().n_dofs()
              << " peak_rss_mb_max="
              << Utilities::MPI::max(mem.VmHWM / 1024.0, mpi_communicator)
              << std::endl;
      }
    // The script says which plots it made and why any failed.
    if (make_plots && writer)
      run_plot_script(std::string(FLUXION_SOURCE_DIR) + "/scripts/plot.sh",
                      output_directory,
                      std::cout);
  }

  template class Simulator<1>;
  template class Simulator<2>;
  template class Simulator<3>;
} // namespace Fluxion
