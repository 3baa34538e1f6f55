#include <fluxion/solvers/conforming_sparsity.h>

#include <Epetra_CrsGraph.h>
#include <Epetra_CrsMatrix.h>
#include <Epetra_Map.h>

#include <algorithm>

namespace Fluxion
{
  static_assert(sizeof(types::global_dof_index) == sizeof(int),
                "The direct Epetra paths use 32-bit global indices.");

  bool
  has_only_fixed_dofs(const AffineConstraints<double> &constraints,
                      const MPI_Comm                   comm)
  {
    bool fixed_only = true;
    for (const auto &line : constraints.get_lines())
      fixed_only &= line.entries.empty();
    return Utilities::MPI::min(fixed_only ? 1 : 0, comm) == 1;
  }

  template <int dim>
  void
  reinit_conforming_matrix(const DoFHandler<dim>           &dof_handler,
                           const IndexSet                  &relevant,
                           const AffineConstraints<double> &constraints,
                           const MPI_Comm                   comm,
                           TrilinosWrappers::SparseMatrix  &matrix)
  {
    const IndexSet owned = dof_handler.locally_owned_dofs();
    // Every rank must agree before the collective map constructors below.
    AssertThrow(Utilities::MPI::min(owned.is_contiguous() ? 1 : 0, comm) == 1,
                ExcMessage("reinit_conforming_matrix: the locally owned DoFs "
                           "must be one contiguous range on every rank."));

    // Columns: the owned DoFs first, in the order of the rows (as AMG
    // expects of a column map), then the ghost DoFs.
    const types::global_dof_index first_owned =
      owned.n_elements() > 0 ? *owned.begin() : 0;
    const types::global_dof_index n_owned = owned.n_elements();
    IndexSet                      ghosts  = relevant;
    ghosts.subtract_set(owned);
    const auto column_of = [&](const types::global_dof_index g) -> int {
      return (g >= first_owned && g - first_owned < n_owned) ?
               static_cast<int>(g - first_owned) :
               static_cast<int>(n_owned + ghosts.index_within_set(g));
    };

    // The DoFs of the owned and ghost cells as columns, the DoFs that the
    // constraints fix, and for each owned row the cells it belongs to.
    const unsigned int n = dof_handler.get_fe().n_dofs_per_cell();
    std::vector<int>   cell_columns;
    std::vector<int>   cells_of_row_start(n_owned + 1, 0);
    std::vector<types::global_dof_index> dofs(n);
    std::vector<bool>                    fixed(relevant.n_elements(), false);
    for (const auto &line : constraints.get_lines())
      if (relevant.is_element(line.index))
        fixed[column_of(line.index)] = true;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (!cell->is_artificial())
        {
          cell->get_dof_indices(dofs);
          for (const auto g : dofs)
            {
              const int c = column_of(g);
              cell_columns.push_back(c);
              if (g >= first_owned && g - first_owned < n_owned)
                ++cells_of_row_start[g - first_owned + 1];
            }
        }
    const unsigned int n_cells = cell_columns.size() / n;
    for (types::global_dof_index r = 0; r < n_owned; ++r)
      cells_of_row_start[r + 1] += cells_of_row_start[r];
    std::vector<int> cells_of_row(cells_of_row_start.back());
    {
      std::vector<int> next(cells_of_row_start.begin(),
                            cells_of_row_start.end() - 1);
      for (unsigned int c = 0; c < n_cells; ++c)
        for (unsigned int i = 0; i < n; ++i)
          {
            // An owned DoF's column is its row.
            const int row = cell_columns[c * n + i];
            if (static_cast<types::global_dof_index>(row) < n_owned)
              cells_of_row[next[row]++] = c;
          }
    }

    // Row by row: the union of the columns of its cells (a marker per
    // column avoids duplicates), sorted.
    std::vector<int> row_start(n_owned + 1, 0);
    std::vector<int> columns;
    columns.reserve(cells_of_row.size() * 4);
    std::vector<int> marker(relevant.n_elements(), -1);
    for (types::global_dof_index r = 0; r < n_owned; ++r)
      {
        if (fixed[r])
          columns.push_back(r);
        else
          for (int k = cells_of_row_start[r]; k < cells_of_row_start[r + 1];
               ++k)
            {
              const int *c = &cell_columns[cells_of_row[k] * n];
              for (unsigned int i = 0; i < n; ++i)
                if (marker[c[i]] != static_cast<int>(r) && !fixed[c[i]])
                  {
                    marker[c[i]] = r;
                    columns.push_back(c[i]);
                  }
            }
        std::sort(columns.begin() + row_start[r], columns.end());
        row_start[r + 1] = columns.size();
      }

    // The Trilinos graph in local indices, then the matrix on it.
    std::vector<TrilinosWrappers::types::int_type> gids;
    gids.reserve(relevant.n_elements());
    for (const auto g : owned)
      gids.push_back(g);
    for (const auto g : ghosts)
      gids.push_back(g);
    const Epetra_Map row_map = owned.make_trilinos_map(comm, false);
    const Epetra_Map column_map(
      -1, static_cast<int>(gids.size()), gids.data(), 0, row_map.Comm());
    std::vector<int> lengths(n_owned);
    for (types::global_dof_index r = 0; r < n_owned; ++r)
      lengths[r] = row_start[r + 1] - row_start[r];
    Epetra_CrsGraph graph(Copy, row_map, column_map, lengths.data(), true);
    for (types::global_dof_index r = 0; r < n_owned; ++r)
      graph.InsertMyIndices(r, lengths[r], columns.data() + row_start[r]);
    graph.FillComplete(row_map, row_map);
    graph.OptimizeStorage();
    const Epetra_CrsMatrix pattern(View, graph);
    matrix.reinit(pattern, false);
  }

  template void
  reinit_conforming_matrix(const DoFHandler<1> &,
                           const IndexSet &,
                           const AffineConstraints<double> &,
                           const MPI_Comm,
                           TrilinosWrappers::SparseMatrix &);
  template void
  reinit_conforming_matrix(const DoFHandler<2> &,
                           const IndexSet &,
                           const AffineConstraints<double> &,
                           const MPI_Comm,
                           TrilinosWrappers::SparseMatrix &);
  template void
  reinit_conforming_matrix(const DoFHandler<3> &,
                           const IndexSet &,
                           const AffineConstraints<double> &,
                           const MPI_Comm,
                           TrilinosWrappers::SparseMatrix &);
} // namespace Fluxion
