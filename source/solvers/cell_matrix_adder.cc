#include <fluxion/solvers/cell_matrix_adder.h>

#include <Epetra_CrsMatrix.h>
#include <Epetra_FEVector.h>

#include <algorithm>

namespace Fluxion
{
  static_assert(sizeof(types::global_dof_index) == sizeof(int),
                "The direct Epetra paths use 32-bit global indices.");

  bool
  CellMatrixAdder::local_indices(
    const AffineConstraints<double>            &constraints,
    const std::vector<types::global_dof_index> &dofs,
    const TrilinosWrappers::SparseMatrix       &matrix)
  {
    const Epetra_CrsMatrix &m = matrix.trilinos_matrix();
    rows.resize(dofs.size());
    columns.resize(dofs.size());
    for (unsigned int i = 0; i < dofs.size(); ++i)
      {
        if (constraints.is_constrained(dofs[i]))
          return false;
        const int gid = static_cast<int>(dofs[i]);
        rows[i]       = m.RowMap().LID(gid);
        columns[i]    = m.ColMap().LID(gid);
        if (rows[i] < 0 || columns[i] < 0)
          return false;
      }
    return true;
  }

  void
  CellMatrixAdder::add_rows(const FullMatrix<double>             &cell_matrix,
                            const TrilinosWrappers::SparseMatrix &matrix) const
  {
    // The matrix is filled: its rows hold sorted local column indices, and
    // the row view points into its value storage.
    const Epetra_CrsMatrix &m = matrix.trilinos_matrix();
    const unsigned int      n = rows.size();
    for (unsigned int i = 0; i < n; ++i)
      {
        int     length  = 0;
        double *values  = nullptr;
        int    *indices = nullptr;
        m.ExtractMyRowView(rows[i], length, values, indices);
        for (unsigned int j = 0; j < n; ++j)
          {
            const int *p =
              std::lower_bound(indices, indices + length, columns[j]);
            AssertThrow(p != indices + length && *p == columns[j],
                        ExcMessage("CellMatrixAdder: the sparsity pattern "
                                   "has no entry for a cell coupling."));
            values[p - indices] += cell_matrix(i, j);
          }
      }
  }

  void
  CellMatrixAdder::add(const AffineConstraints<double>            &constraints,
                       const FullMatrix<double>                   &cell_matrix,
                       const std::vector<types::global_dof_index> &dofs,
                       TrilinosWrappers::SparseMatrix             &matrix)
  {
    if (local_indices(constraints, dofs, matrix))
      add_rows(cell_matrix, matrix);
    else
      constraints.distribute_local_to_global(cell_matrix, dofs, matrix);
  }

  void
  CellMatrixAdder::add(const AffineConstraints<double>            &constraints,
                       const FullMatrix<double>                   &cell_matrix,
                       const Vector<double>                       &cell_vector,
                       const std::vector<types::global_dof_index> &dofs,
                       TrilinosWrappers::SparseMatrix             &matrix,
                       TrilinosWrappers::MPI::Vector              &vector)
  {
    Epetra_FEVector &v      = vector.trilinos_vector();
    bool             direct = local_indices(constraints, dofs, matrix);
    vector_entries.resize(dofs.size());
    for (unsigned int i = 0; direct && i < dofs.size(); ++i)
      {
        vector_entries[i] = v.Map().LID(static_cast<int>(dofs[i]));
        direct            = vector_entries[i] >= 0;
      }
    if (direct)
      {
        add_rows(cell_matrix, matrix);
        double *values = v[0];
        for (unsigned int i = 0; i < dofs.size(); ++i)
          values[vector_entries[i]] += cell_vector(i);
      }
    else
      constraints.distribute_local_to_global(
        cell_matrix, cell_vector, dofs, matrix, vector);
  }
} // namespace Fluxion
