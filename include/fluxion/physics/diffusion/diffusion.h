#ifndef fluxion_physics_diffusion_diffusion_h
#define fluxion_physics_diffusion_diffusion_h

#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/trilinos_precondition.h>
#include <deal.II/lac/trilinos_sparse_matrix.h>
#include <deal.II/numerics/data_postprocessor.h>

#include <fluxion/boundary/interface.h>
#include <fluxion/core/parsed_expression.h>
#include <fluxion/initial/interface.h>
#include <fluxion/materials/diffusivity_law.h>
#include <fluxion/physics/advection_field.h>
#include <fluxion/physics/physics_base.h>
#include <fluxion/solvers/multigrid_diffusion_solver.h>
#include <fluxion/solvers/newton_solver.h>
#include <fluxion/solvers/positivity_correction.h>

namespace Fluxion
{
  /**
   * Fickian diffusion, dc/dt = div(D grad c) + s, with J = -D grad c.
   *
   * Each material region has a diffusivity law and a partition coefficient
   * K (relative to a reference phase): across an interface between regions
   * a and b, c_b / c_a = K_b / K_a. The unknown is the continuous variable
   * u = c / K, so that c = K u jumps by the partition ratio at interfaces
   * and the flux -D K grad u is continuous.
   *
   * The solve is Newton's method with an exact Jacobian (the laws give
   * dD/dc, the boundary conditions dq/dc). A linear problem takes a single
   * Newton step and reuses its matrices and preconditioner between steps.
   *
   * With Q1 elements the discretisation keeps non-negative data
   * non-negative (Discretization/Positivity preserving): the mass is
   * lumped (row sums, diagonal also at hanging nodes), mass-transfer
   * boundaries use the nodal face rule, and a PositivityCorrection cancels
   * the positive couplings of the diffusion operator.
   *
   * A given velocity u (<Advection>) adds c u to the flux, with SUPG
   * stabilisation (see AdvectionField); conditions on natural boundaries
   * then give the diffusive part of the flux, and c u.n is added there.
   */
  template <int dim>
  class Diffusion : public PhysicsBase<dim>
  {
  public:
    Diffusion();

    /**
     * Parameters that do not depend on the names of the mesh.
     */
    static void
    declare_parameters(ParameterHandler &prm);

    /**
     * Parameters whose subsections are named after the regions of
     * <Materials/Diffusivity laws> and the boundaries of <Boundary
     * conditions/Types> (already parsed once), or with
     * NamedSections::every_plugin an example per law and condition.
     */
    static void
    declare_named_parameters(ParameterHandler &prm, const NamedSections which);

    void
    parse_parameters(ParameterHandler &prm) override;

    bool
    needs_multigrid_hierarchy() const override
    {
      return matrix_free;
    }

    void
    initialize(const SimulatorContext<dim> &context,
               ParameterHandler            &prm) override;

    void
    setup_dofs() override;

    /**
     * The initial concentration, the temperature, the source, the boundary
     * data and the diffusivity laws, named by their parameters.
     */
    StartData<dim>
    start_data() const override;

    void
    set_initial_condition() override;

    StepResult
    solve_step(const TimeStepData &data) override;

    void
    before_state_transfer() override;

    void
    after_state_transfer(const bool conserve_amount) override;

    void
    add_output_fields(DataOut<dim> &data_out) const override;

    double
    concentration_scale(const types::material_id region) const override;

    /**
     * The one field "c": its outward flux through each named boundary.
     */
    BoundaryFluxData
    boundary_fluxes() const override;

    /**
     * Total amount of substance, the integral of c over the domain.
     */
    double
    total_amount(const VectorType &u) const;

  private:
    FLUXION_PHYSICS_BASE_MEMBERS

    /**
     * The diffusivity law and partition coefficient of each region, from
     * <Materials>; every region of the mesh needs a law.
     */
    void
    parse_materials(ParameterHandler &prm);

    /**
     * The condition of each boundary, from <Boundary conditions>;
     * unlisted boundaries have no flux.
     */
    void
    parse_boundary_conditions(ParameterHandler &prm);

    /**
     * The source, the temperature and the initial condition.
     */
    void
    parse_data(ParameterHandler &prm);

    /**
     * The settings of <Solver>.
     */
    void
    parse_solver_parameters(ParameterHandler &prm);

    /**
     * Which parts of the problem are nonlinear or change in time, and
     * whether the natural boundaries give a load.
     */
    void
    classify_problem();

    /**
     * Throw if the matrix-free operator is chosen for a problem it does not
     * cover, or advection with a solver that does not support it.
     */
    void
    check_matrix_free_support() const;

    /**
     * Whether the positivity-preserving discretisation is used, from
     * <Discretization/Positivity preserving>.
     */
    void
    parse_positivity(ParameterHandler &prm);

    /**
     * Put the prescribed concentrations at time t into the constraints.
     */
    void
    make_constraints(const double t);

    /**
     * Assemble the residual of the step (and the Jacobian if asked) at the
     * current solution, condensed with the homogeneous constraints.
     */
    void
    assemble_newton_system(const TimeStepData &data, const bool with_matrix);

    /**
     * Work space and settings of one assembly of the Newton system (defined
     * where the system is assembled).
     */
    struct NewtonScratch;

    /**
     * The cell terms of a cell with a uniform law and a constant source,
     * from the matrices of the last cell that was not a translate of its
     * predecessor.
     */
    void
    assemble_translated_cell(
      const typename DoFHandler<dim>::active_cell_iterator &cell,
      const TimeStepData                                   &data,
      NewtonScratch                                        &scratch) const;

    /**
     * The cell terms by quadrature, with the law at each point.
     */
    void
    assemble_cell(const typename DoFHandler<dim>::active_cell_iterator &cell,
                  const TimeStepData                                   &data,
                  NewtonScratch &scratch) const;

    /**
     * Add the terms of a cell to the Jacobian, the residual and the linear
     * operators.
     */
    void
    distribute_cell_terms(NewtonScratch &scratch);

    /**
     * Exchange the sums of the cell loop and add the lumped mass and the
     * positivity correction.
     */
    void
    finish_newton_system(const TimeStepData  &data,
                         const NewtonScratch &scratch);

    /**
     * The residual and Jacobian of a Newton iterate at @p u_owned, through
     * the fastest path that applies (matrix-free, stored operators of a
     * linear problem, or assembly), and the linear solver's target.
     */
    void
    assemble_iterate(const TimeStepData &data, const VectorType &u_owned);

    /**
     * The l2 norm of the condensed right-hand side of a linear step (0
     * where it is not available).
     */
    double
    rhs_norm(const TimeStepData &data);

    /**
     * Newton's method (one step for a linear problem) from @p u_owned; the
     * iteration counts add to @p result.
     */
    void
    newton_iterations(const TimeStepData &data,
                      VectorType         &u_owned,
                      StepResult         &result);

    /**
     * Add the terms of natural boundary conditions of a boundary cell.
     */
    void
    add_natural_terms(
      const typename DoFHandler<dim>::active_cell_iterator &cell,
      FEFaceValues<dim>                                    &fe_face_values,
      const double                                          t,
      const bool                                            with_matrix,
      const bool                                            build_raw,
      FullMatrix<double>                                   &cell_matrix,
      Vector<double>                                       &cell_residual,
      FullMatrix<double>                                   &cell_stiffness,
      Vector<double>                                       &cell_load) const;

    /**
     * Work space of the advection terms (defined with them).
     */
    struct AdvectionScratch;

    /**
     * The work space of the advection terms, or null without advection.
     */
    std::shared_ptr<AdvectionScratch>
    make_advection_scratch() const;

    /**
     * Add the Galerkin and SUPG terms of advection on a cell (and their
     * derivatives if @p with_matrix).
     */
    void
    add_advection_cell_terms(
      const typename DoFHandler<dim>::active_cell_iterator &cell,
      const TimeStepData                                   &data,
      AdvectionScratch                                     &scratch,
      const bool                                            with_matrix,
      FullMatrix<double>                                   &cell_matrix,
      Vector<double> &cell_residual) const;

    /**
     * Add the advective flux c u.n through the natural boundary faces of a
     * cell.
     */
    void
    add_advection_face_terms(
      const typename DoFHandler<dim>::active_cell_iterator &cell,
      const double                                          t,
      AdvectionScratch                                     &scratch,
      const bool                                            with_matrix,
      FullMatrix<double>                                   &cell_matrix,
      Vector<double> &cell_residual) const;

    /**
     * Whether a face of a cell lies on a boundary with a natural condition
     * (not periodic, not essential).
     */
    bool
    is_natural_face(const typename DoFHandler<dim>::active_cell_iterator &cell,
                    const unsigned int face) const;

    /**
     * The integral of c u.n over a natural boundary face at the time of the
     * last step.
     */
    double
    advective_outflow(
      const typename DoFHandler<dim>::active_cell_iterator &cell,
      const unsigned int                                    face,
      AdvectionScratch                                     &scratch) const;

    /**
     * Throw if advection is asked of a solver that does not support it.
     */
    void
    check_advection_support() const;

    /**
     * Whether a transient linear problem keeps its mass and stiffness
     * matrices and load between steps (not with advection).
     */
    bool
    stores_operators() const;

    /**
     * Re-assemble the load vector of a linear problem whose sources or
     * boundary data change in time (the matrices stay).
     */
    void
    assemble_load(const double t, const bool with_source = true);

    /**
     * The condensed residual of a linear problem from stored operators.
     */
    void
    linear_residual(const TimeStepData &data, const VectorType &u_owned);

    /**
     * The condensed residual of a linear step from the matrix-free
     * operator and the load of the natural boundary conditions.
     */
    void
    matrix_free_residual(const TimeStepData &data, const VectorType &u_owned);

    /**
     * The coefficients D K and K of the matrix-free operator on a cell.
     */
    void
    cell_coefficients(const typename Triangulation<dim>::cell_iterator &cell,
                      const std::vector<Point<dim>>                    &points,
                      std::vector<double> &conductance,
                      double              &capacity,
                      bool                &uniform) const;

    /**
     * Make the ghosted history vector current.
     */
    void
    refresh_history() const;

    /**
     * Condense a raw residual with the homogeneous constraints into
     * residual.
     */
    void
    condense_residual(const VectorType &r);

    /**
     * out = C^T r with the constrained entries zeroed (homogeneous
     * constraints).
     */
    void
    condense_vector(const VectorType &r, VectorType &out) const;

    /**
     * Solve J du = -r; returns the number of iterations.
     */
    unsigned int
    solve_linear_system(VectorType &update);

    /**
     * Assemble the raw residual (without constraints except hanging nodes)
     * at the current solution, for the consistent boundary fluxes.
     */
    void
    assemble_flux_residual(VectorType &residual) const;

    /**
     * The quadrature of boundary faces: the nodal (Gauss-Lobatto) rule with
     * positivity, so that mass transfer couples no two nodes.
     */
    Quadrature<dim - 1>
    face_quadrature() const;

    /**
     * The lumped mass m_j = K int phi_j, condensed on hanging nodes by
     * handing their mass to the masters (positivity only).
     */
    void
    compute_lumped_mass();

    /**
     * Rebuild the positivity correction from the diffusion operator at the
     * current solution and time t.
     */
    void
    update_positivity_correction(const double t);

    /**
     * The lumped time derivative m_i (alpha u_i - hist_i) and the
     * correction sum_j d_ij (u_i - u_j) at @p u_owned, added to @p r on
     * the owned rows that @p skip leaves free.
     */
    void
    add_positivity_residual(const TimeStepData              &data,
                            const VectorType                &u_owned,
                            VectorType                      &r,
                            const AffineConstraints<double> &skip) const;

    /**
     * Their derivatives added to the Jacobian.
     */
    void
    add_positivity_jacobian(const TimeStepData &data);

    /**
     * Throw on all ranks if any rank met a negative diffusivity or a
     * non-finite value: a CollectiveError, or with @p recoverable a
     * std::runtime_error that fails the iterate or the step.
     */
    void
    check_assembly_error(const std::string &message,
                         const bool         recoverable = false) const;

    // Materials
    std::map<std::string, std::string> law_names;
    std::map<types::material_id, std::unique_ptr<DiffusivityLaw<dim>>> laws;
    std::map<types::material_id, double>      partition;
    std::map<types::material_id, std::string> region_name_of;

    // Boundary conditions
    std::map<std::string, std::string> bc_names;
    std::map<types::boundary_id, std::unique_ptr<BoundaryCondition<dim>>> bcs;

    std::unique_ptr<InitialCondition<dim>> initial_condition;
    std::string                            initial_model;
    ParsedExpression<dim>                  source_expression;
    ParsedExpression<dim>                  temperature_expression;
    bool                                   source_depends_on_time = false;
    bool                                   source_is_zero         = true;
    AdvectionField<dim>                    advection;

    // Solver settings
    bool                                           matrix_free        = false;
    unsigned int                                   mg_smoother_degree = 5;
    std::unique_ptr<MultigridDiffusionSolver<dim>> mg_solver;
    bool                                           natural_load = false;
    mutable std::string                            coefficient_error;
    std::string                                    linear_solver;
    std::string                                    preconditioner_type;
    unsigned int                                   amg_smoother_sweeps = 1;
    double                                         amg_threshold       = 0;
    double                                         linear_tolerance;
    bool                                           tolerance_to_rhs = false;
    double                                         linear_absolute_target = 0;
    unsigned int                                   max_linear_iterations;
    NewtonSettings                                 newton;

    // Positivity (Q1): lumped mass, nodal face rule and correction
    bool                 positivity = false;
    VectorType           lumped_mass;
    PositivityCorrection correction;
    bool                 correction_current = false;
    // An owned copy of the solution for the correction.
    mutable VectorType solution_owned;

    // Discretisation
    std::unique_ptr<FE_Q<dim>> fe;

    TrilinosWrappers::SparseMatrix raw_mass;
    TrilinosWrappers::SparseMatrix raw_stiffness;
    VectorType                     raw_load;
    // Matrix-free operator: the boundary load condensed with the
    // constraints.
    VectorType                                          condensed_load;
    std::unique_ptr<TrilinosWrappers::PreconditionBase> preconditioner;

    mutable bool            history_stale = false;
    VectorType              history_owned;
    std::vector<VectorType> scratch;
    VectorType              work;
    mutable VectorType      masters_buffer;

    std::vector<double> amounts_before_transfer;
    std::map<types::global_dof_index, types::boundary_id> essential_dof_owner;

    // Graphical output helpers, kept alive until the output is written.
    mutable std::unique_ptr<DataPostprocessor<dim>> output_postprocessor;
    mutable Vector<float>                           output_region;
    mutable Vector<float>                           output_level;
    mutable Vector<float>                           output_subdomain;


    // State of the reusable linear operators
    bool   nonlinear                  = false;
    bool   matrix_time_dependent      = false;
    bool   load_time_dependent        = false;
    bool   operators_valid            = false;
    bool   jacobian_valid             = false;
    double jacobian_alpha             = -1;
    double load_time                  = -1;
    bool   constraints_depend_on_time = false;
  };
} // namespace Fluxion

#endif
