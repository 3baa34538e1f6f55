// reinit_conforming_matrix() against DoFTools::make_sparsity_pattern() with
// a DynamicSparsityPattern: on conforming distributed 2D and 3D meshes
// (uniform, and a deformed subdivided box), for Q1 and Q2, with zero
// Dirichlet constraints on two boundaries and without constraints, every
// owned row must hold the same global columns. Also: the matrices assemble
// to the same values through CellMatrixAdder, and has_only_fixed_dofs()
// tells Dirichlet from hanging-node constraints. The column map starts
// with the owned rows in order, which the AMG needs on several ranks.

#include <deal.II/base/mpi.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/grid/grid_generator.h>
#include <deal.II/grid/grid_tools.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/sparsity_tools.h>

#include <fluxion/solvers/cell_matrix_adder.h>
#include <fluxion/solvers/conforming_sparsity.h>

#include <Epetra_CrsMatrix.h>

#include <cmath>
#include <iostream>

using namespace Fluxion;

namespace
{
  // Global columns of each owned row, sorted.
  std::vector<std::vector<long long>>
  rows_of(const TrilinosWrappers::SparseMatrix &m)
  {
    const Epetra_CrsMatrix             &e = m.trilinos_matrix();
    std::vector<std::vector<long long>> rows(e.NumMyRows());
    for (int r = 0; r < e.NumMyRows(); ++r)
      {
        int     length;
        double *values;
        int    *indices;
        e.ExtractMyRowView(r, length, values, indices);
        for (int k = 0; k < length; ++k)
          rows[r].push_back(e.ColMap().GID(indices[k]));
        std::sort(rows[r].begin(), rows[r].end());
      }
    return rows;
  }

  template <int dim>
  void
  check(const unsigned int degree,
        const bool         deformed,
        const bool         dirichlet,
        const MPI_Comm     comm)
  {
    parallel::distributed::Triangulation<dim> tria(comm);
    if (deformed)
      {
        std::vector<unsigned int> subdivisions(dim, 3);
        subdivisions[0] = 5;
        Point<dim> upper;
        for (unsigned int d = 0; d < dim; ++d)
          upper[d] = 1 + d;
        GridGenerator::subdivided_hyper_rectangle(
          tria, subdivisions, Point<dim>(), upper, true);
        tria.refine_global(1);
        GridTools::distort_random(0.2, tria, false, 7);
      }
    else
      {
        GridGenerator::hyper_cube(tria, 0, 1, true);
        tria.refine_global(dim == 2 ? 4 : 3);
      }

    FE_Q<dim>       fe(degree);
    DoFHandler<dim> dof_handler(tria);
    dof_handler.distribute_dofs(fe);
    const IndexSet owned = dof_handler.locally_owned_dofs();
    IndexSet       relevant;
    DoFTools::extract_locally_relevant_dofs(dof_handler, relevant);
    AffineConstraints<double> constraints(relevant);
    if (dirichlet)
      {
        DoFTools::make_zero_boundary_constraints(dof_handler, 0, constraints);
        DoFTools::make_zero_boundary_constraints(dof_handler, 3, constraints);
      }
    constraints.close();
    AssertThrow(has_only_fixed_dofs(constraints, comm), ExcInternalError());

    DynamicSparsityPattern dsp(relevant);
    DoFTools::make_sparsity_pattern(dof_handler, dsp, constraints, false);
    SparsityTools::distribute_sparsity_pattern(dsp, owned, comm, relevant);
    TrilinosWrappers::SparseMatrix reference, conforming;
    reference.reinit(owned, owned, dsp, comm);
    reinit_conforming_matrix(
      dof_handler, relevant, constraints, comm, conforming);

    const auto a        = rows_of(reference);
    const auto b        = rows_of(conforming);
    unsigned   mismatch = (a.size() != b.size());
    for (unsigned int r = 0; r < std::min(a.size(), b.size()); ++r)
      mismatch += (a[r] != b[r]);
    mismatch = Utilities::MPI::sum(mismatch, comm);

    // The AMG expects the owned columns first, in the order of the rows.
    const Epetra_CrsMatrix &e           = conforming.trilinos_matrix();
    unsigned int            owned_first = 1;
    for (int r = 0; r < e.NumMyRows(); ++r)
      owned_first &= (e.ColMap().GID(r) == e.RowMap().GID(r));
    owned_first = Utilities::MPI::min(owned_first, comm);

    // Assemble the same non-symmetric cell matrices into both.
    const unsigned int                   n = fe.n_dofs_per_cell();
    FullMatrix<double>                   cell_matrix(n, n);
    std::vector<types::global_dof_index> dofs(n);
    CellMatrixAdder                      adder;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          const Point<dim> c = cell->center();
          for (unsigned int i = 0; i < n; ++i)
            for (unsigned int j = 0; j < n; ++j)
              cell_matrix(i, j) = std::sin(3 * c[0] + 7 * c[1] + i - 0.3 * j);
          cell->get_dof_indices(dofs);
          constraints.distribute_local_to_global(cell_matrix, dofs, reference);
          adder.add(constraints, cell_matrix, dofs, conforming);
        }
    reference.compress(VectorOperation::add);
    conforming.compress(VectorOperation::add);
    TrilinosWrappers::MPI::Vector x(owned, comm), y(owned, comm),
      z(owned, comm);
    for (const auto i : owned)
      x(i) = std::cos(0.1 * i);
    x.compress(VectorOperation::insert);
    reference.vmult(y, x);
    conforming.vmult(z, x);
    z -= y;

    const double n_nonzero  = reference.n_nonzero_elements();
    const double n_nonzero2 = conforming.n_nonzero_elements();
    const double difference = z.linfty_norm() / y.linfty_norm();
    if (Utilities::MPI::this_mpi_process(comm) == 0)
      std::cout << dim << "D Q" << degree
                << (deformed ? " deformed box" : " cube")
                << (dirichlet ? ", Dirichlet" : ", no constraints") << ": "
                << dof_handler.n_dofs() << " DoFs, nonzeros " << n_nonzero
                << " / " << n_nonzero2 << ", rows that differ " << mismatch
                << ", relative difference of A x "
                << (difference < 1e-14 ? "< 1e-14" : "LARGE")
                << ", owned columns first: " << (owned_first ? "yes" : "no")
                << std::endl;
  }

  // Hanging nodes: has_only_fixed_dofs() must say no.
  void
  check_hanging(const MPI_Comm comm)
  {
    parallel::distributed::Triangulation<2> tria(comm);
    GridGenerator::hyper_cube(tria);
    tria.refine_global(2);
    for (const auto &cell : tria.active_cell_iterators())
      if (cell->is_locally_owned() && cell->center()[0] < 0.25)
        cell->set_refine_flag();
    tria.execute_coarsening_and_refinement();
    FE_Q<2>       fe(1);
    DoFHandler<2> dof_handler(tria);
    dof_handler.distribute_dofs(fe);
    IndexSet relevant;
    DoFTools::extract_locally_relevant_dofs(dof_handler, relevant);
    AffineConstraints<double> constraints(relevant);
    DoFTools::make_hanging_node_constraints(dof_handler, constraints);
    constraints.close();
    const bool fixed = has_only_fixed_dofs(constraints, comm);
    if (Utilities::MPI::this_mpi_process(comm) == 0)
      std::cout << "hanging nodes: only fixed DoFs = "
                << (fixed ? "true" : "false") << std::endl;
  }
} // namespace

int
main(int argc, char **argv)
{
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  for (const unsigned int degree : {1, 2})
    for (const bool deformed : {false, true})
      for (const bool dirichlet : {true, false})
        {
          check<2>(degree, deformed, dirichlet, MPI_COMM_WORLD);
          check<3>(degree, deformed, dirichlet, MPI_COMM_WORLD);
        }
  check_hanging(MPI_COMM_WORLD);
}
