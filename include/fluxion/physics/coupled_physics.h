#ifndef fluxion_physics_coupled_physics_h
#define fluxion_physics_coupled_physics_h

#include <deal.II/fe/fe_system.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/trilinos_precondition.h>
#include <deal.II/lac/trilinos_sparse_matrix.h>

#include <fluxion/boundary/interface.h>
#include <fluxion/core/parsed_expression.h>
#include <fluxion/physics/physics_base.h>
#include <fluxion/solvers/field_split_preconditioner.h>
#include <fluxion/solvers/newton_solver.h>

#include <map>
#include <memory>
#include <set>
#include <vector>

namespace Fluxion
{
  /**
   * The fields of a coupled physics at the quadrature points of a cell:
   * values, gradients and discrete time derivatives, indexed [field][q].
   */
  template <int dim>
  struct FieldPointData
  {
    std::vector<std::vector<double>>         values;
    std::vector<std::vector<Tensor<1, dim>>> gradients;
    /// alpha u - sum_k beta_k u^{n-k} (zero for fields without a time
    /// derivative and in steady solves). For a logarithmic field it is the
    /// rate of its value, alpha exp(u) - sum_k beta_k exp(u^{n-k}), whose
    /// derivative is alpha exp(u).
    std::vector<std::vector<double>> rates;
    /// d(rate)/du: the BDF coefficient alpha (0 when steady).
    double alpha = 0;
    /// Time of the step.
    double time = 0;
  };

  /**
   * The shared core of a physics of several coupled scalar fields, all in
   * one FESystem of Lagrange elements. A physics derived from it writes
   * only its equations: its fields (fields()), and the residual and
   * Jacobian of a cell (cell_terms()). The core owns the DoFs and
   * constraints, the boundary conditions per field (essential ones as
   * constraints, natural ones from BoundaryCondition::coupled_flux(), which
   * may depend on every field), the initial state, the BDF history and the
   * predictor, Newton's method (NewtonSolver), the linear solver, the
   * time-error estimate over chosen fields, consistent boundary fluxes per
   * field, output and the state for mesh changes and checkpoints.
   *
   * Parameters (declare_system_parameters()): <Solver> (Newton and the
   * linear solver), <Initial conditions/FIELD> (an expression per field)
   * and <Boundary conditions/FIELD/Types> (a "boundary: type" map per
   * field, with a subsection per boundary for the condition's data).
   * GMRES is preconditioned by AMG on the whole system or by a
   * FieldSplitPreconditioner over the fields (<Solver/Preconditioner>).
   */
  template <int dim>
  class CoupledPhysics : public PhysicsBase<dim>
  {
  public:
    /**
     * The residual (and, when @p jacobian is not null, the Jacobian with
     * respect to the cell's DoFs) of the physics on one cell, without
     * boundary terms. The residual of test function i is
     * r_i = int (rate phi_i + fluxes . grad phi_i - sources phi_i).
     */
    virtual void
    cell_terms(const FEValues<dim>       &fe_values,
               const FieldPointData<dim> &u,
               Vector<double>            &residual,
               FullMatrix<double>        *jacobian) const = 0;

    /**
     * Add to @p shift (owned DoFs, zero on entry) what the field-split
     * preconditioner adds to the diagonal of each field's block: a lumped
     * approximation of the Schur complement -A_kj A_jj^{-1} A_jk that
     * field k sees of the fields j solved before it, at the current
     * iterate (the ghosted solution). Without it a block sees only its own
     * part of the Jacobian, and GMRES needs many more iterations when the
     * fields are strongly coupled. The default adds nothing.
     */
    virtual void
    add_schur_complement_diagonal(VectorType &shift) const
    {
      (void)shift;
    }

    /**
     * Whether every field's diagonal block is an operator that the field
     * split can precondition on its own (not so for a constraint without
     * its own unknown in it, such as electroneutrality). When not,
     * <Solver/Linear solver> = auto always takes the direct solver.
     */
    virtual bool
    field_split_applicable() const
    {
      return true;
    }

    /**
     * Declare the core's sections for the fields @p field_names; a
     * physics calls it from its declare_parameters().
     */
    static void
    declare_system_parameters(ParameterHandler               &prm,
                              const std::vector<std::string> &field_names);

    /**
     * Declare the subsections of the boundary conditions of each field
     * (those the file lists, or an example of each condition).
     */
    static void
    declare_named_system_parameters(
      ParameterHandler               &prm,
      const NamedSections             which,
      const std::vector<std::string> &field_names);

    void
    initialize(const SimulatorContext<dim> &context,
               ParameterHandler            &prm) override;

    void
    setup_dofs() override;

    void
    set_initial_condition() override;

    StepResult
    solve_step(const TimeStepData &data) override;

    void
    before_state_transfer() override
    {}

    void
    after_state_transfer(const bool conserve_amount) override;

    void
    add_output_fields(DataOut<dim> &data_out) const override;

    double
    concentration_scale(const types::material_id) const override
    {
      return 1.0;
    }

    /**
     * The outward flux of every field through each named boundary, from
     * the residual on essential boundaries and from the condition on
     * natural ones.
     */
    BoundaryFluxData
    boundary_fluxes() const override;

  protected:
    FLUXION_PHYSICS_BASE_MEMBERS

    /// The condition of field @p f on boundary @p id, or nullptr.
    const BoundaryCondition<dim> *
    condition(const unsigned int f, const types::boundary_id id) const
    {
      const auto bc = conditions[f].find(id);
      return bc == conditions[f].end() ? nullptr : bc->second.get();
    }

  private:
    /// Read the boundary conditions of each field.
    void
    create_boundary_conditions(ParameterHandler &prm);

    /**
     * Hanging-node and essential-boundary constraints at time t. With
     * @p from (ghosted), the essential values are blended as
     * from + s (value - from): a step of continuation in them.
     */
    void
    make_constraints(const double      t,
                     const VectorType *from = nullptr,
                     const double      s    = 1);

    /**
     * The DoFs of owned cells that belong to a field absent from every
     * cell around them (FieldDescription::absent_regions), hanging ones
     * left out: make_constraints() holds them at 0.
     */
    std::set<types::global_dof_index>
    absent_dofs(const FieldDescriptions &fields) const;

    /**
     * Newton's method for the step @p data set up on this physics.
     */
    NewtonSolver<VectorType>
    make_newton(const TimeStepData &data);

    /**
     * After Newton failed from the predictor @p predictor: continuation in
     * the essential boundary values, from those of continuation_base to
     * the step's, in steps that grow after successes and shrink after
     * failures; in a steady solve the natural boundary terms (surface
     * charges, fluxes) are scaled by the same factor, from 0 to 1. On
     * success @p u is the solution; the counts add to @p result.
     */
    void
    continue_in_boundary_values(const TimeStepData &data,
                                const VectorType   &predictor,
                                VectorType         &u,
                                StepResult         &result);

    /// The l2 norm of the last residual with each field's rows weighted
    /// by its FieldDescription::equation_scale.
    double
    weighted_residual_norm() const;

    /// The l2 norm of the last residual in each field, for messages.
    std::string
    residual_per_field() const;

    /**
     * Assemble the residual at the ghosted solution (and the Jacobian),
     * distributed with @p c. Natural boundary terms are included.
     */
    void
    assemble(const TimeStepData              &data,
             const bool                       with_jacobian,
             const AffineConstraints<double> &c,
             VectorType                      &r);

    /// The natural boundary terms of a cell.
    void
    add_boundary_terms(const typename DoFHandler<dim>::active_cell_iterator &,
                       FEFaceValues<dim>  &fe_face_values,
                       const double        t,
                       Vector<double>     &cell_residual,
                       FullMatrix<double> *cell_jacobian) const;

    /// The values of the fields at a point from the unknowns @p u: exp(u)
    /// for logarithmic fields (in place).
    static void
    to_values(const FieldDescriptions &fields, std::vector<double> &u);

    /// The unknowns of the logarithmic fields from their values in the
    /// owned vector @p u; @p what names the source of the values in the
    /// error when one is not positive.
    void
    take_logarithms(VectorType &u, const std::string &what) const;

    /// Solve J du = -r.
    unsigned int
    solve_linearized(VectorType &du);

    /// The relative time error of @p u against @p predictor.
    double
    time_error(const VectorType &predictor, const VectorType &u) const;

    std::unique_ptr<FESystem<dim>> fe;

    /// The ghosted states u^{n-k} of the step, for the rates of
    /// logarithmic fields.
    std::vector<const VectorType *> past_states;
    /// The state whose essential values continuation starts from (the
    /// initial state, then the last converged one; ghosted).
    VectorType continuation_base;
    /// The factor on the natural boundary terms: below 1 only during
    /// continuation in a steady solve.
    double natural_scale = 1;
    /// The values of the fields for output (exp of logarithmic ones).
    mutable VectorType output_values;

    NewtonSettings            newton;
    std::string               linear_solver;
    double                    linear_tolerance      = 1e-10;
    unsigned int              max_linear_iterations = 1000;
    std::vector<unsigned int> time_error_fields;

    /// <Solver/Preconditioner> of GMRES: "amg" or "field split".
    std::string preconditioner;
    /// The block solvers and the variant of "field split".
    FieldSplitPreconditioner::AdditionalData field_split;

    std::vector<std::unique_ptr<ParsedExpression<dim>>> initial_values;
    /// The condition of each field on each boundary id that has one.
    std::vector<
      std::map<types::boundary_id, std::unique_ptr<BoundaryCondition<dim>>>>
      conditions;
    /// The essential boundary each constrained DoF reports its flux to.
    std::map<types::global_dof_index, types::boundary_id> essential_owner;
  };
} // namespace Fluxion

#endif
