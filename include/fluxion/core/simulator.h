#ifndef fluxion_core_simulator_h
#define fluxion_core_simulator_h

#include <deal.II/base/conditional_ostream.h>
#include <deal.II/base/timer.h>
#include <deal.II/fe/mapping_q.h>
#include <deal.II/grid/tria.h>

#include <fluxion/core/periodic_boundaries.h>
#include <fluxion/core/statistics.h>
#include <fluxion/core/time_stepping.h>
#include <fluxion/geometry/interface.h>
#include <fluxion/physics/interface.h>
#include <fluxion/postprocess/interface.h>
#include <fluxion/refinement/interface.h>

#include <memory>
#include <string>
#include <vector>

namespace Fluxion
{
  /**
   * Options that change how a run is carried out without changing the
   * parameter file: the cycle of a convergence study, and validation only.
   */
  struct RunOptions
  {
    unsigned int cycle         = 0;
    bool         validate_only = false;
    std::string  output_suffix;
  };

  /**
   * The simulator: it owns the mesh, the time loop, adaptive refinement,
   * output, postprocessing and checkpoints, and drives a physics module
   * chosen in the parameter file.
   */
  template <int dim>
  class Simulator
  {
  public:
    /**
     * Set up from a parameter handler that holds every declared and parsed
     * parameter. @p communicator is used for the mesh and the linear
     * algebra in 2D and 3D; 1D runs are serial on every rank.
     */
    Simulator(ParameterHandler &prm,
              const RunOptions &options,
              MPI_Comm          communicator = MPI_COMM_WORLD);

    ~Simulator();

    /**
     * Declare the parameters of the simulator and of its plugins (geometry,
     * refinement, postprocessors); the physics declares its own (see
     * read_parameters()).
     */
    static void
    declare_parameters(ParameterHandler &prm);

    /**
     * Run the simulation.
     */
    void
    run();

    /**
     * The last row of the statistics table.
     */
    const Statistics &
    final_statistics() const
    {
      return last_statistics;
    }

  private:
    void
    create_mesh();

    void
    postprocess(const bool write_files);

    void
    write_output();

    void
    refine_mesh();

    /**
     * Check the field names (and scales) that the postprocessors and
     * refinement criteria read against the fields of the physics.
     */
    void
    check_field_names() const;

    /**
     * Change the mesh as its flags ask and move the state of the physics
     * to it.
     */
    void
    execute_refinement();

    void
    save_checkpoint();

    bool
    load_checkpoint();

    void
    print_step_line(const StepResult &r, const double dt) const;

    ParameterHandler &prm;
    RunOptions        options;
    MPI_Comm          mpi_communicator;
    bool              writer;
    // A plain Triangulation (1D, or 2D/3D on one rank) instead of p4est.
    bool               serial_mesh = false;
    ConditionalOStream pcout;

    // The coarse mesh whose manifolds a mesh read from a serial checkpoint
    // uses (declared first, so that it outlives the mesh).
    std::unique_ptr<Triangulation<dim>>                    coarse_mesh;
    std::unique_ptr<Triangulation<dim>>                    triangulation;
    std::unique_ptr<Mapping<dim>>                          mapping;
    std::unique_ptr<Geometry<dim>>                         geometry;
    PeriodicBoundaries<dim>                                periodic_boundaries;
    std::unique_ptr<PhysicsInterface<dim>>                 physics;
    std::vector<std::unique_ptr<Postprocessor<dim>>>       postprocessors;
    std::vector<std::unique_ptr<RefinementCriterion<dim>>> criteria;
    std::vector<std::string>                               criterion_names;

    // Parameters
    std::string         output_directory;
    unsigned int        degree;
    unsigned int        mapping_degree;
    double              length_unit_in_m;
    unsigned int        initial_refinement;
    bool                adaptive_refinement;
    double              refine_fraction, coarsen_fraction;
    unsigned int        min_level, max_level, refinement_interval;
    unsigned long long  max_cells          = 0;
    bool                max_cells_reported = false;
    unsigned int        initial_adaptive_steps;
    bool                conserve_amount;
    bool                steady;
    bool                initialized = false;
    double              start_time, end_time;
    std::vector<double> breakpoints;
    bool                bdf2;
    bool                adaptive_time;
    double              initial_dt, min_dt, max_dt, time_tolerance;
    unsigned int        max_steps;
    unsigned int        output_interval;
    unsigned int        postprocess_interval;
    bool                write_vtu;
    bool                print_timings;
    bool                print_steps;
    bool                make_plots;
    std::string         resume;
    unsigned int        checkpoint_interval;
    unsigned int        stop_after;

    // State
    double                                      time         = 0;
    double                                      last_dt      = 0;
    unsigned int                                step         = 0;
    unsigned int                                rejected     = 0;
    unsigned int                                total_newton = 0;
    unsigned int                                total_linear = 0;
    TimeStepping                                time_stepping;
    unsigned int                                checkpoint_count       = 0;
    unsigned int                                steps_since_refinement = 2;
    std::vector<std::pair<double, std::string>> pvd_records;
    Statistics                                  statistics;
    Statistics                                  last_statistics;
    StepResult                                  last_result;
    TimerOutput                                 timer;

    // Whether the checkpoints in the output folder belong to this run
    // (written by it, or the one it resumed from).
    bool own_checkpoints = false;
  };
} // namespace Fluxion

#endif
