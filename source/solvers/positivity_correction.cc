#include <deal.II/base/mpi.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/sparsity_tools.h>

#include <fluxion/solvers/positivity_correction.h>

#include <Epetra_CrsMatrix.h>
#include <Epetra_Import.h>
#include <Epetra_Vector.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace Fluxion
{
  namespace
  {
    // The owned values @p rows on the columns (owned and ghost) of @p m.
    void
    to_columns(const Epetra_CrsMatrix   &m,
               const Epetra_MultiVector &rows,
               Epetra_MultiVector       &columns)
    {
      if (m.Importer() != nullptr)
        columns.Import(rows, *m.Importer(), Insert);
      else
        columns.Update(1.0, rows, 0.0);
    }
  } // namespace

  bool
  PositivityCorrection::has_positive_coupling(
    const FullMatrix<double> &cell_matrix)
  {
    for (unsigned int i = 0; i < cell_matrix.m(); ++i)
      for (unsigned int j = 0; j < i; ++j)
        if (cell_matrix(i, j) >
            1e-12 * std::max(cell_matrix(i, i), cell_matrix(j, j)))
          return true;
    return false;
  }

  template <int dim>
  void
  PositivityCorrection::reinit(
    const DoFHandler<dim>           &dof_handler,
    const IndexSet                  &locally_relevant_dofs,
    const AffineConstraints<double> &hanging_constraints,
    MPI_Comm                         communicator)
  {
    const IndexSet        &owned = dof_handler.locally_owned_dofs();
    DynamicSparsityPattern dsp(locally_relevant_dofs);
    DoFTools::make_sparsity_pattern(dof_handler,
                                    dsp,
                                    hanging_constraints,
                                    false);
    SparsityTools::distribute_sparsity_pattern(dsp,
                                               owned,
                                               communicator,
                                               locally_relevant_dofs);
    matrix.reinit(owned, owned, dsp, communicator);
    allocated                 = true;
    active                    = false;
    const Epetra_CrsMatrix &m = matrix.trilinos_matrix();
    selected_rows             = std::make_unique<Epetra_Vector>(m.RowMap());
    selected_columns          = std::make_unique<Epetra_Vector>(m.ColMap());
    selected_rows->PutScalar(1.0);
    selected_columns->PutScalar(1.0);
  }

  void
  PositivityCorrection::start()
  {
    matrix = 0;
  }

  void
  PositivityCorrection::add_cell(
    const FullMatrix<double>                   &cell_matrix,
    const std::vector<types::global_dof_index> &dofs,
    const AffineConstraints<double>            &hanging_constraints)
  {
    hanging_constraints.distribute_local_to_global(cell_matrix, dofs, matrix);
  }

  void
  PositivityCorrection::finish(const AffineConstraints<double> &skip_rows)
  {
    matrix.compress(VectorOperation::add);
    // A coupling counts as positive above the round-off of the larger of
    // its two diagonal entries: a threshold of the pair keeps D symmetric.
    const Epetra_CrsMatrix &m = matrix.trilinos_matrix();
    Epetra_Vector           diagonal_rows(m.RowMap());
    m.ExtractDiagonalCopy(diagonal_rows);
    Epetra_Vector diagonal_columns(m.ColMap());
    to_columns(m, diagonal_rows, diagonal_columns);
    // In place, through the row views of the Epetra matrix.
    bool any = false;
    for (int r = 0; r < m.NumMyRows(); ++r)
      {
        int     n_entries = 0;
        double *values    = nullptr;
        int    *columns   = nullptr;
        m.ExtractMyRowView(r, n_entries, values, columns);
        const auto row      = static_cast<types::global_dof_index>(m.GRID64(r));
        const bool skip     = skip_rows.is_constrained(row);
        double     sum      = 0;
        int        diagonal = -1;
        for (int k = 0; k < n_entries; ++k)
          if (static_cast<types::global_dof_index>(m.GCID64(columns[k])) == row)
            diagonal = k;
          else
            {
              const double threshold =
                1e-12 *
                std::max(diagonal_rows[r], diagonal_columns[columns[k]]);
              const bool positive = !skip && values[k] > threshold;
              sum += positive ? values[k] : 0.0;
              values[k] = positive ? -values[k] : 0.0;
              any |= positive;
            }
        if (diagonal >= 0)
          values[diagonal] = sum;
      }
    matrix.compress(VectorOperation::insert);
    active =
      Utilities::MPI::max(any ? 1 : 0, matrix.get_mpi_communicator()) > 0;
  }

  void
  PositivityCorrection::clear()
  {
    matrix.clear();
    selected_rows.reset();
    selected_columns.reset();
    allocated = false;
    active    = false;
  }

  bool
  PositivityCorrection::select_extrema(
    const TrilinosWrappers::MPI::Vector &u_owned,
    const AffineConstraints<double>     &skip_rows,
    const bool                           reset)
  {
    if (empty())
      return false;
    const Epetra_CrsMatrix &m = matrix.trilinos_matrix();
    Epetra_Vector           u(m.ColMap());
    to_columns(m, u_owned.trilinos_vector(), u);
    // Ties within round-off of the largest value count as extrema, so that
    // the selection does not depend on the order of sums (1 or N ranks, a
    // resumed run).
    const double tol     = 1e-11 * u_owned.linfty_norm();
    bool         changed = false;
    for (int r = 0; r < m.NumMyRows(); ++r)
      {
        int     n_entries = 0;
        double *values    = nullptr;
        int    *columns   = nullptr;
        m.ExtractMyRowView(r, n_entries, values, columns);
        const long long row      = m.GRID64(r);
        bool            positive = false;
        double          lo       = std::numeric_limits<double>::max();
        double          hi       = -lo;
        for (int e = 0; e < n_entries; ++e)
          if (m.GCID64(columns[e]) != row)
            {
              positive |= values[e] != 0;
              lo = std::min(lo, u[columns[e]]);
              hi = std::max(hi, u[columns[e]]);
            }
        const double ui       = u[m.ColMap().LID(row)];
        const bool   extremum = positive && !skip_rows.is_constrained(row) &&
                              (ui <= lo + tol || ui >= hi - tol);
        const double before = (*selected_rows)[r];
        const double after  = (extremum || (!reset && before != 0)) ? 1 : 0;
        changed |= after != before;
        (*selected_rows)[r] = after;
      }
    to_columns(m, *selected_rows, *selected_columns);
    return Utilities::MPI::max(changed ? 1 : 0, matrix.get_mpi_communicator()) >
           0;
  }

  void
  PositivityCorrection::add_to_residual(
    const TrilinosWrappers::MPI::Vector &u_owned,
    TrilinosWrappers::MPI::Vector       &r,
    const AffineConstraints<double>     &skip_rows) const
  {
    if (empty())
      return;
    const Epetra_CrsMatrix &m = matrix.trilinos_matrix();
    Epetra_Vector           u(m.ColMap());
    to_columns(m, u_owned.trilinos_vector(), u);
    for (int k = 0; k < m.NumMyRows(); ++k)
      {
        int     n_entries = 0;
        double *values    = nullptr;
        int    *columns   = nullptr;
        m.ExtractMyRowView(k, n_entries, values, columns);
        const long long row = m.GRID64(k);
        if (skip_rows.is_constrained(row))
          continue;
        const int    self = m.ColMap().LID(row);
        const double ui   = u[self];
        const bool   mine = (*selected_columns)[self] != 0;
        double       sum  = 0;
        for (int e = 0; e < n_entries; ++e)
          if (values[e] != 0 && columns[e] != self &&
              (mine || (*selected_columns)[columns[e]] != 0))
            sum -= values[e] * (ui - u[columns[e]]);
        if (sum != 0)
          r[row] += sum;
      }
  }

  void
  PositivityCorrection::add_to_jacobian(
    TrilinosWrappers::SparseMatrix  &jacobian,
    const AffineConstraints<double> &constraints) const
  {
    if (empty())
      return;
    const Epetra_CrsMatrix              &m = matrix.trilinos_matrix();
    std::vector<types::global_dof_index> cols;
    std::vector<double>                  vals;
    for (int k = 0; k < m.NumMyRows(); ++k)
      {
        const auto row = static_cast<types::global_dof_index>(m.GRID64(k));
        if (constraints.is_constrained(row))
          continue;
        int     n_entries = 0;
        double *values    = nullptr;
        int    *columns   = nullptr;
        m.ExtractMyRowView(k, n_entries, values, columns);
        const int  self = m.ColMap().LID(m.GRID64(k));
        const bool mine = (*selected_columns)[self] != 0;
        cols.assign(1, row);
        vals.assign(1, 0.0);
        for (int e = 0; e < n_entries; ++e)
          {
            const auto col =
              static_cast<types::global_dof_index>(m.GCID64(columns[e]));
            if (values[e] == 0 || col == row ||
                !(mine || (*selected_columns)[columns[e]] != 0))
              continue;
            // d_ii = -sum_j d_ij over the selected pairs.
            vals[0] -= values[e];
            if (!constraints.is_constrained(col))
              {
                cols.push_back(col);
                vals.push_back(values[e]);
              }
          }
        if (!cols.empty())
          jacobian.add(row, cols.size(), cols.data(), vals.data(), false, true);
      }
    jacobian.compress(VectorOperation::add);
  }

  template void
  PositivityCorrection::reinit(const DoFHandler<1> &,
                               const IndexSet &,
                               const AffineConstraints<double> &,
                               MPI_Comm);
  template void
  PositivityCorrection::reinit(const DoFHandler<2> &,
                               const IndexSet &,
                               const AffineConstraints<double> &,
                               MPI_Comm);
  template void
  PositivityCorrection::reinit(const DoFHandler<3> &,
                               const IndexSet &,
                               const AffineConstraints<double> &,
                               MPI_Comm);
} // namespace Fluxion
