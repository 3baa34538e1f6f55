#ifndef fluxion_solvers_positivity_correction_h
#define fluxion_solvers_positivity_correction_h

#include <deal.II/dofs/dof_handler.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/trilinos_sparse_matrix.h>
#include <deal.II/lac/trilinos_vector.h>

#include <Epetra_Vector.h>

#include <memory>
#include <vector>

namespace Fluxion
{
  using namespace dealii;

  /**
   * Discrete upwinding of a symmetric diffusion operator A (the low-order
   * part of algebraic flux correction): the matrix D with
   * d_ij = -max(a_ij, 0) for i != j and d_ii = -sum_{j != i} d_ij.
   * A + D has no positive off-diagonal entry, so with a lumped (diagonal)
   * mass the implicit step is an M-matrix and keeps non-negative data
   * non-negative. D is symmetric with zero row and column sums: it moves
   * no substance, and adds diffusion only where A couples two nodes with a
   * positive entry (obtuse or distorted cells, curved boundaries).
   *
   * The cells add their diffusion matrices (add_cell()) condensed on the
   * hanging nodes only, so that couplings to nodes with a prescribed value
   * are corrected too. When no cell has a positive off-diagonal entry, A
   * has none either, and the correction is empty without a matrix.
   *
   * Applied everywhere, D changes the converged solution on skewed cells
   * (it adds diffusion along their diagonals: the flux of a linear profile
   * on a distorted mesh stays 6e-5 off under refinement). Positivity needs
   * it only at the local extrema of the solution (the row of the smallest
   * value must have no positive coupling), so the correction acts on the
   * pairs i-j of which one node is selected (select_extrema()): a
   * conservative, local extremum diminishing scheme that leaves smooth
   * monotone regions to the Galerkin operator.
   */
  class PositivityCorrection
  {
  public:
    /**
     * Whether a cell matrix has a positive coupling above round-off; only
     * then the global operator may have one.
     */
    static bool
    has_positive_coupling(const FullMatrix<double> &cell_matrix);

    /**
     * Allocate the matrix with the couplings of the cells, condensed on the
     * hanging nodes.
     */
    template <int dim>
    void
    reinit(const DoFHandler<dim>           &dof_handler,
           const IndexSet                  &locally_relevant_dofs,
           const AffineConstraints<double> &hanging_constraints,
           MPI_Comm                         communicator);

    /**
     * Zero the operator before the cells add to it.
     */
    void
    start();

    /**
     * Add a cell's symmetric diffusion matrix.
     */
    void
    add_cell(const FullMatrix<double>                   &cell_matrix,
             const std::vector<types::global_dof_index> &dofs,
             const AffineConstraints<double>            &hanging_constraints);

    /**
     * Turn the assembled operator into the correction. Rows of constrained
     * DoFs of @p skip_rows get none.
     */
    void
    finish(const AffineConstraints<double> &skip_rows);

    /**
     * Drop the matrix (a new mesh, or no cell has a positive coupling).
     */
    void
    clear();

    /**
     * Whether the matrix is allocated.
     */
    bool
    is_allocated() const
    {
      return allocated;
    }

    /**
     * Whether there is a correction to apply.
     */
    bool
    empty() const
    {
      return !allocated || !active;
    }

    /**
     * Select the free rows with a positive coupling at which @p u_owned has
     * a local extremum (not above or not below all its neighbours). With
     * @p reset the selection starts anew, otherwise it only grows. Returns
     * whether it changed (on all ranks alike). Until the first call every
     * row is selected.
     */
    bool
    select_extrema(const TrilinosWrappers::MPI::Vector &u_owned,
                   const AffineConstraints<double>     &skip_rows,
                   const bool                           reset);

    /**
     * r_i += sum_j d_ij (u_i - u_j) over the selected pairs, on the owned
     * rows that @p skip_rows does not constrain (from differences, so that
     * the round-off of the row sums times u does not move substance).
     */
    void
    add_to_residual(const TrilinosWrappers::MPI::Vector &u_owned,
                    TrilinosWrappers::MPI::Vector       &r,
                    const AffineConstraints<double>     &skip_rows) const;

    /**
     * J += D (selected pairs) on the rows and columns that @p constraints
     * leaves free.
     */
    void
    add_to_jacobian(TrilinosWrappers::SparseMatrix  &jacobian,
                    const AffineConstraints<double> &constraints) const;

  private:
    TrilinosWrappers::SparseMatrix matrix;
    // Selected rows (1) by owned row and by column (owned and ghost).
    std::unique_ptr<Epetra_Vector> selected_rows;
    std::unique_ptr<Epetra_Vector> selected_columns;
    bool                           allocated = false;
    // Whether some owned or other row has a correction (same on all ranks).
    bool active = false;
  };
} // namespace Fluxion

#endif
