#ifndef fluxion_solvers_multigrid_diffusion_solver_h
#define fluxion_solvers_multigrid_diffusion_solver_h

#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/mapping.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/solver_control.h>
#include <deal.II/lac/trilinos_vector.h>

#include <fluxion/solvers/diffusion_operator.h>

#include <functional>
#include <memory>
#include <set>

namespace Fluxion
{
  /**
   * Matrix-free solver for one implicit step of linear diffusion,
   * alpha K u - div(D K grad u) = f: conjugate gradients preconditioned by
   * one geometric multigrid V-cycle (as in deal.II's step-37 and step-50).
   *
   * - The operator is applied cell by cell with sum factorization in double
   *   precision; the multigrid levels work in single precision.
   * - Each level is smoothed by a Chebyshev iteration on the inverse
   *   diagonal (Jacobi); the coarse mesh is solved by conjugate gradients
   *   with an algebraic multigrid preconditioner (Trilinos ML) on its
   *   assembled matrix.
   * - Hanging nodes of adaptive meshes are handled by local smoothing (the
   *   mesh needs the level hierarchy: limit_level_difference_at_vertices,
   *   and construct_multigrid_hierarchy for p4est).
   *
   * Vectors cross the interface as Trilinos vectors on the locally owned
   * DoFs, which must be one contiguous range per rank.
   */
  template <int dim>
  class MultigridDiffusionSolver
  {
  public:
    /**
     * Settings of the multigrid cycle.
     */
    struct Settings
    {
      /// Degree of the Chebyshev smoother (matrix-vector products per sweep).
      unsigned int smoother_degree = 5;
      /// Range of eigenvalues [lambda_max / range, lambda_max] it damps.
      double smoothing_range = 15;
    };

    MultigridDiffusionSolver();
    ~MultigridDiffusionSolver();

    /**
     * Set up the matrix-free data on the active mesh and on every level,
     * for a finite element of degree 1, 2 or 3. @p zero_constraints holds
     * the hanging nodes and the homogeneous Dirichlet conditions on
     * @p dirichlet_boundaries.
     */
    void
    reinit(const Mapping<dim>                 &mapping,
           const DoFHandler<dim>              &dof_handler,
           const AffineConstraints<double>    &zero_constraints,
           const std::set<types::boundary_id> &dirichlet_boundaries,
           const CellCoefficientFunction<dim> &coefficient,
           const Settings                     &settings,
           MPI_Comm                            mpi_communicator);

    /**
     * Evaluate the coefficients and build the smoothers and the coarse
     * solver for the time-derivative factor alpha (0 when steady).
     */
    void
    set_alpha(const double alpha);

    /**
     * The residual of the step, condensed (zero on constrained DoFs):
     * r = A u - K M h - (f, v), with u holding the prescribed values and
     * hanging-node values (u and h are owned vectors). @p h may be null
     * (steady). The source is @p source_constant when @p source is empty.
     */
    void
    residual(const TrilinosWrappers::MPI::Vector             &u,
             const TrilinosWrappers::MPI::Vector             *h,
             const std::function<double(const Point<dim> &)> &source,
             const double                                     source_constant,
             TrilinosWrappers::MPI::Vector                   &r) const;

    /**
     * Solve A x = b by preconditioned CG; x satisfies the homogeneous
     * constraints on return. Throws SolverControl::NoConvergence.
     */
    unsigned int
    solve(const TrilinosWrappers::MPI::Vector &b,
          TrilinosWrappers::MPI::Vector       &x,
          SolverControl                       &control) const;

    /**
     * Number of levels of the multigrid hierarchy.
     */
    unsigned int
    n_levels() const;

    class ImplementationBase;

  private:
    std::unique_ptr<ImplementationBase> implementation;
  };
} // namespace Fluxion

#endif
