#ifndef fluxion_physics_interface_h
#define fluxion_physics_interface_h

#include <deal.II/base/mpi.h>
#include <deal.II/base/timer.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/mapping.h>
#include <deal.II/lac/trilinos_vector.h>
#include <deal.II/numerics/data_out.h>

#include <fluxion/core/input_checks.h>
#include <fluxion/core/plugin_registry.h>
#include <fluxion/core/statistics.h>
#include <fluxion/geometry/interface.h>
#include <fluxion/physics/boundary_flux_data.h>
#include <fluxion/physics/fields.h>

#include <map>
#include <memory>
#include <string>

namespace Fluxion
{
  using VectorType = TrilinosWrappers::MPI::Vector;

  /**
   * What the simulator hands a physics module when it starts.
   */
  template <int dim>
  struct SimulatorContext
  {
    MPI_Comm                                  mpi_communicator;
    Triangulation<dim>                       *triangulation;
    const Mapping<dim>                       *mapping;
    std::map<std::string, types::boundary_id> boundary_ids;
    std::map<std::string, types::material_id> region_ids;
    double                                    length_unit_in_m;
    /// The polynomial degree of the finite elements.
    unsigned int element_degree = 1;
    /// The polynomial degree of the mapping.
    unsigned int mapping_degree = 1;
    bool         steady         = false;
    bool         linear_mapping = true;
    double       start_time     = 0;
    TimerOutput *timer          = nullptr;
  };

  /**
   * Coefficients of one implicit step of a BDF method. The discrete time
   * derivative is alpha u^{n+1} - sum_k beta[k] u^{n-k}; the predictor is
   * sum_k gamma[k] u^{n-k}. A steady solve has alpha = 0 and no history.
   */
  struct TimeStepData
  {
    bool                steady = true;
    double              time   = 0;
    double              dt     = 0;
    double              alpha  = 0;
    std::vector<double> beta;
    std::vector<double> gamma;
    double              error_constant = 0;
  };

  /**
   * Why an attempted step failed. All of them make the time stepping cut
   * the step; a steady solve reports them.
   */
  enum class StepFailure
  {
    none,
    /// Newton's method did not converge in its iterations.
    not_converged,
    /// The linear solver did not converge.
    linear_solver,
    /// A material law is not valid at the iterate (e.g. D <= 0).
    invalid_state,
    /// The residual or the solution is not finite.
    not_finite
  };

  /**
   * Result of one attempted step.
   */
  struct StepResult
  {
    StepFailure  failure_type         = StepFailure::none;
    bool         converged            = false;
    unsigned int nonlinear_iterations = 0;
    unsigned int linear_iterations    = 0;
    /// Steps of continuation in the boundary data taken after Newton
    /// failed from the predictor (0: none needed).
    unsigned int continuation_steps = 0;
    double       error_estimate     = 0;
    std::string  failure;
  };

  /**
   * The interface of a physics module: the simulator owns the mesh, the time
   * loop, adaptivity, output and checkpoints, and calls these hooks.
   *
   * A physics class declares its parameters through two static functions:
   * `declare_parameters(ParameterHandler &)` declares its sections, and
   * `declare_named_parameters(ParameterHandler &, const NamedSections)`
   * the subsections named after what the parameter file lists (regions,
   * boundaries, process steps), once the file has been read without them.
   * Only the physics that <Physics> selects declares anything, so a file
   * cannot set the parameters of another physics. A physics joins the
   * registry through FLUXION_REGISTER_PHYSICS.
   */
  template <int dim>
  class PhysicsInterface : public PluginBase
  {
  public:
    static std::string
    kind()
    {
      return "physics";
    }

    /**
     * Create the plugins of the physics (materials, boundary conditions)
     * from the parameters, and check them against the mesh's names.
     */
    virtual void
    initialize(const SimulatorContext<dim> &context, ParameterHandler &prm) = 0;

    /**
     * The fields of the physics, in the order of the components of its
     * finite element. Postprocessors, refinement criteria and output
     * address them by name. The default is one conserved, non-negative
     * concentration "c".
     */
    virtual FieldDescriptions
    fields() const
    {
      FieldDescription c;
      c.name = "c";
      return FieldDescriptions({c});
    }

    /**
     * Distribute DoFs and size vectors and matrices for the current mesh.
     */
    virtual void
    setup_dofs() = 0;

    /**
     * Set the solution to the initial condition.
     */
    virtual void
    set_initial_condition() = 0;

    /**
     * Attempt one step to the time in @p data. Returns whether the solve
     * converged, the iteration counts and the local error estimate.
     */
    virtual StepResult
    solve_step(const TimeStepData &data) = 0;

    /**
     * Accept the last step: shift the history.
     */
    virtual void
    accept_step() = 0;

    /**
     * Reject the last step: restore the solution of the last accepted step.
     */
    virtual void
    reject_step() = 0;

    /**
     * The vectors that must move with the mesh on refinement and
     * checkpoints (solution and history), ghosted.
     */
    virtual std::vector<VectorType *>
    state_vectors() = 0;

    /**
     * Called after the refinement criteria flagged cells (no cell beyond
     * @p max_level) and before the mesh changes: a physics whose
     * discretisation needs certain cells to match in level changes the
     * flags here. The default keeps them.
     */
    virtual void
    adjust_refinement_flags(const unsigned int max_level)
    {
      (void)max_level;
    }

    /**
     * Called after a mesh change. A physics whose discretisation needs
     * cells refined that the flags before the change could not ensure (on a
     * distributed mesh, p4est's 2:1 balance has the last word) clears all
     * flags, flags those cells for refinement and returns true, on every
     * rank; the mesh then changes again. The default returns false.
     */
    virtual bool
    repair_refinement_flags()
    {
      return false;
    }

    /**
     * Called before the state vectors are transferred to a new mesh.
     */
    virtual void
    before_state_transfer() = 0;

    /**
     * Called after the state vectors were transferred to a new mesh (or
     * read from a checkpoint) and setup_dofs() ran.
     */
    virtual void
    after_state_transfer(const bool conserve_amount) = 0;

    /**
     * Add the fields of the physics to the graphical output.
     */
    virtual void
    add_output_fields(DataOut<dim> &data_out) const = 0;

    /**
     * The DoF handler of the solution.
     */
    virtual const DoFHandler<dim> &
    get_dof_handler() const = 0;

    /**
     * The ghosted solution vector (the solution variable, which may be
     * scaled per region, see concentration_scale()).
     */
    virtual const VectorType &
    get_solution() const = 0;

    /**
     * The mapping.
     */
    virtual const Mapping<dim> &
    get_mapping() const = 0;

    /**
     * The MPI communicator of the mesh and the vectors.
     */
    virtual MPI_Comm
    get_communicator() const = 0;

    /**
     * The factor that turns the solution variable into the concentration
     * on a cell (1 unless regions carry partition coefficients).
     */
    virtual double
    concentration_scale(const types::material_id region) const = 0;

    /**
     * The factor that turns the solution variable of field @p field into
     * its value on a cell of @p region. The default is
     * concentration_scale() for every field.
     */
    virtual double
    field_scale(const unsigned int field, const types::material_id region) const
    {
      (void)field;
      return concentration_scale(region);
    }

    /**
     * Per field and per named boundary, the total outward flux
     * [amount/s], computed consistently from the residual on essential
     * boundaries and from the prescribed flux on natural ones; with the
     * named parts of fluxes and the derived boundary quantities that the
     * physics adds (see BoundaryFluxData).
     */
    virtual BoundaryFluxData
    boundary_fluxes() const = 0;

    /**
     * Time of the current solution.
     */
    virtual double
    get_time() const = 0;

    /**
     * Names of the boundaries and their ids.
     */
    virtual const std::map<std::string, types::boundary_id> &
    get_boundary_ids() const = 0;

    /**
     * The end of a transient run when the physics defines it (e.g. the end
     * of a thermal process), or a negative value when <Time stepping/End
     * time> applies.
     */
    virtual double
    end_time() const
    {
      return -1;
    }

    /**
     * Times at which the data jump or kink (e.g. the boundaries of process
     * steps). Time steps end exactly on them, and the multistep history
     * restarts there with an implicit Euler step of <Time stepping/Initial
     * step>.
     */
    virtual std::vector<double>
    time_breakpoints() const
    {
      return {};
    }

    /**
     * The data of the physics that the simulator checks at the start of a
     * run and in --validate, before anything is solved (see
     * check_start_data()). Called after initialize(). The default has
     * nothing to check.
     */
    virtual StartData<dim>
    start_data() const
    {
      return {};
    }

    /**
     * Scalars the physics carries from step to step (running totals,
     * reference values), saved in checkpoints so that a resumed run
     * continues as the uninterrupted one. Every rank returns the same
     * numbers. The default carries nothing.
     */
    virtual std::vector<double>
    get_state() const
    {
      return {};
    }

    /**
     * Continue from numbers of get_state() read from a checkpoint.
     */
    virtual void
    set_state(const std::vector<double> &state)
    {
      (void)state;
    }

    /**
     * Whether the solver needs the multigrid level hierarchy of the mesh
     * (geometric multigrid). Asked before the mesh is created.
     */
    virtual bool
    needs_multigrid_hierarchy() const
    {
      return false;
    }
  };
} // namespace Fluxion

/**
 * Register the class template `classname<dim>` as a physics for dim = 1, 2,
 * 3 under the given name, with its static declare_parameters() and
 * declare_named_parameters(). Use it inside namespace Fluxion, with the
 * class's unqualified name.
 */
#define FLUXION_REGISTER_PHYSICS(classname, name, description) \
  FLUXION_REGISTER_PLUGIN_WITH_NAMED_SECTIONS(                 \
    PhysicsInterface,                                          \
    classname,                                                 \
    name,                                                      \
    description,                                               \
    &classname<dim>::declare_named_parameters)

#endif
