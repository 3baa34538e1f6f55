#ifndef fluxion_physics_physics_base_h
#define fluxion_physics_physics_base_h

#include <deal.II/base/quadrature.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/fe.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/trilinos_sparse_matrix.h>

#include <fluxion/physics/interface.h>
#include <fluxion/physics/solution_history.h>

#include <functional>
#include <vector>

namespace Fluxion
{
  /**
   * What every implicit physics on one DoF handler shares: the context of
   * the run, the DoFs and their hanging-node and periodicity constraints,
   * the Jacobian's sparsity, the solution with its BDF history, and the
   * bookkeeping of a step (predictor, accept, reject, the state that moves
   * with the mesh). A physics derives from it and adds its equations; the
   * Fickian, the dopant and the coupled physics all do.
   */
  template <int dim>
  class PhysicsBase : public PhysicsInterface<dim>
  {
  public:
    /// The current solution becomes the last accepted one.
    void
    accept_step() override;

    /// Back to the last accepted solution and its time.
    void
    reject_step() override;

    /// The ghosted solution, then the past solutions.
    std::vector<VectorType *>
    state_vectors() override;

    const DoFHandler<dim> &
    get_dof_handler() const override
    {
      return dof_handler;
    }

    const VectorType &
    get_solution() const override
    {
      return solution;
    }

    const Mapping<dim> &
    get_mapping() const override
    {
      return *context.mapping;
    }

    MPI_Comm
    get_communicator() const override
    {
      return context.mpi_communicator;
    }

    double
    get_time() const override
    {
      return time;
    }

    const std::map<std::string, types::boundary_id> &
    get_boundary_ids() const override
    {
      return context.boundary_ids;
    }

  protected:
    /**
     * Keep the context, take the element degree and the start time from
     * it, and attach the DoF handler to its mesh.
     */
    void
    store_context(const SimulatorContext<dim> &ctx);

    /**
     * Distribute the DoFs of @p fe on the current mesh, find the owned and
     * relevant ones and the owned ones of each field (field_dofs), and make
     * the hanging-node and periodicity constraints.
     */
    void
    distribute_dofs(const FiniteElement<dim> &fe);

    /**
     * Size the solution, the history and the residual for the current
     * DoFs, with @p n_old past solutions (0 for a steady run).
     */
    void
    reinit_vectors(const unsigned int n_old);

    /**
     * Size the Jacobian for the couplings of the cells, condensed with
     * @p c (keeping the entries of constrained DoFs when
     * @p keep_constrained), plus the couplings @p add_couplings adds to the
     * local pattern.
     */
    void
    reinit_jacobian(
      const AffineConstraints<double>                     &c,
      const bool                                           keep_constrained,
      const std::function<void(DynamicSparsityPattern &)> &add_couplings = {});

    /**
     * Start `constraints` and `zero_constraints` anew from the hanging-node
     * and periodicity constraints; the physics adds its essential values.
     */
    void
    reset_constraints();

    /**
     * Start from @p owned: put in the values of `constraints`, and make it
     * the solution and every past solution.
     */
    void
    start_from(VectorType &owned);

    /**
     * The diagonal (lumped) mass of the DoFs into @p mass (owned):
     * m_j = sum over the owned cells of w(cell, component of j) int phi_j,
     * integrated with @p quadrature (Gauss-Lobatto points at the nodes give
     * the nodal mass, Gauss points the row sums of the consistent mass).
     * Condensing a hanging node hands its mass to its masters with the
     * constraint weights, so the matrix stays diagonal (the consistent
     * condensation would couple the masters positively) and sum_j m_j u_j
     * is the same amount as before condensation.
     */
    void
    assemble_lumped_mass(
      const Quadrature<dim> &quadrature,
      const std::function<
        double(const typename DoFHandler<dim>::active_cell_iterator &,
               const unsigned int component)> &weight,
      VectorType                              &mass) const;

    /**
     * The first guess of a step in @p u (owned): the BDF predictor, or the
     * last solution for a steady solve or a first-order start; the values
     * of `constraints` put in.
     */
    void
    predict(const TimeStepData &data, VectorType &u) const;

    /**
     * Start a step: remember its data and time; for a transient step, form
     * the history term sum_k beta_k u^{n-k}: into @p history_owned (owned)
     * if given, else into the ghosted `history` (through `residual`).
     */
    void
    begin_step(const TimeStepData &data, VectorType *history_owned = nullptr);

    /**
     * End an attempted step at @p u (owned): it becomes the current and
     * the ghosted solution.
     */
    void
    end_step(const VectorType &u);

    /// The context of the run (mesh, mapping, names, communicator).
    SimulatorContext<dim> context;

    /// The polynomial degree of the elements.
    unsigned int degree = 1;

    DoFHandler<dim> dof_handler;
    IndexSet        locally_owned_dofs;
    IndexSet        locally_relevant_dofs;
    /// The locally owned DoFs of each field of fields(), per mesh.
    std::vector<IndexSet> field_dofs;

    /// Hanging-node and periodicity constraints.
    AffineConstraints<double> hanging_constraints;
    /// With the essential values of the step.
    AffineConstraints<double> constraints;
    /// With homogeneous essential values (for updates).
    AffineConstraints<double> zero_constraints;

    TrilinosWrappers::SparseMatrix jacobian;

    /// The ghosted solution.
    VectorType solution;
    /// The ghosted history term of the step (a physics may refresh it
    /// lazily from an owned copy).
    mutable VectorType history;
    /// The residual (owned).
    VectorType residual;
    /// The current and past solutions (owned).
    SolutionHistory states;

    /// The data of the last attempted step.
    TimeStepData last_step;
    /// Time of the current solution.
    double time = 0;
  };
} // namespace Fluxion

/**
 * Name the members of PhysicsBase<dim> in a class template derived from it
 * (members of a dependent base are otherwise only found through this->).
 * Use it once in the class body; the members keep the access of the section
 * it stands in.
 */
#define FLUXION_PHYSICS_BASE_MEMBERS             \
  using PhysicsBase<dim>::constraints;           \
  using PhysicsBase<dim>::context;               \
  using PhysicsBase<dim>::degree;                \
  using PhysicsBase<dim>::dof_handler;           \
  using PhysicsBase<dim>::field_dofs;            \
  using PhysicsBase<dim>::hanging_constraints;   \
  using PhysicsBase<dim>::history;               \
  using PhysicsBase<dim>::jacobian;              \
  using PhysicsBase<dim>::last_step;             \
  using PhysicsBase<dim>::locally_owned_dofs;    \
  using PhysicsBase<dim>::locally_relevant_dofs; \
  using PhysicsBase<dim>::residual;              \
  using PhysicsBase<dim>::solution;              \
  using PhysicsBase<dim>::states;                \
  using PhysicsBase<dim>::time;                  \
  using PhysicsBase<dim>::zero_constraints;

#endif
