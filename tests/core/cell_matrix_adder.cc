// CellMatrixAdder against AffineConstraints::distribute_local_to_global():
// the same cell matrices and vectors (deterministic, non-symmetric values
// per cell) are added into two Trilinos matrices and vectors with the same
// sparsity pattern, on a distributed 2D and 3D mesh with hanging nodes and
// a Dirichlet boundary, for Q1 and Q2. Both paths must give the same
// entries bit for bit, and both must be used (direct: cells without
// constrained or foreign DoFs; through the constraints: all others).

#include <deal.II/base/mpi.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/grid/grid_generator.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/sparsity_tools.h>

#include <fluxion/solvers/cell_matrix_adder.h>

#include <Epetra_CrsMatrix.h>

#include <cmath>
#include <iostream>

using namespace Fluxion;

namespace
{
  double
  value(const double x)
  {
    const double v = std::sin(x) * 43758.5453;
    return v - std::floor(v) - 0.5;
  }

  template <int dim>
  void
  check(const unsigned int degree, const MPI_Comm comm)
  {
    parallel::distributed::Triangulation<dim> tria(comm);
    GridGenerator::hyper_cube(tria, 0, 1, true);
    tria.refine_global(dim == 2 ? 3 : 2);
    // Refine near one corner twice: hanging nodes.
    for (unsigned int round = 0; round < 2; ++round)
      {
        for (const auto &cell : tria.active_cell_iterators())
          if (cell->is_locally_owned() && cell->center().norm() < 0.4)
            cell->set_refine_flag();
        tria.execute_coarsening_and_refinement();
      }

    FE_Q<dim>       fe(degree);
    DoFHandler<dim> dof_handler(tria);
    dof_handler.distribute_dofs(fe);
    const IndexSet owned = dof_handler.locally_owned_dofs();
    IndexSet       relevant;
    DoFTools::extract_locally_relevant_dofs(dof_handler, relevant);

    AffineConstraints<double> constraints(relevant);
    DoFTools::make_hanging_node_constraints(dof_handler, constraints);
    DoFTools::make_zero_boundary_constraints(dof_handler, 1, constraints);
    constraints.close();

    DynamicSparsityPattern dsp(relevant);
    DoFTools::make_sparsity_pattern(dof_handler, dsp, constraints, false);
    SparsityTools::distribute_sparsity_pattern(dsp, owned, comm, relevant);
    TrilinosWrappers::SparseMatrix reference, direct, reference_only,
      direct_only;
    reference.reinit(owned, owned, dsp, comm);
    direct.reinit(owned, owned, dsp, comm);
    reference_only.reinit(owned, owned, dsp, comm);
    direct_only.reinit(owned, owned, dsp, comm);
    TrilinosWrappers::MPI::Vector reference_vector(owned, comm),
      direct_vector(owned, comm);

    const unsigned int                   n = fe.n_dofs_per_cell();
    FullMatrix<double>                   cell_matrix(n, n);
    Vector<double>                       cell_vector(n);
    std::vector<types::global_dof_index> dofs(n);
    CellMatrixAdder                      adder;
    unsigned int                         n_direct = 0, n_cells = 0;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          const Point<dim> c = cell->center();
          for (unsigned int i = 0; i < n; ++i)
            {
              cell_vector(i) = value(c[0] + 3.1 * c[1] + 7.3 * i);
              for (unsigned int j = 0; j < n; ++j)
                cell_matrix(i, j) =
                  value(1.7 * c[0] + 5.3 * c[dim - 1] + 11.1 * i + 0.37 * j);
            }
          cell->get_dof_indices(dofs);
          bool is_direct = true;
          for (const auto d : dofs)
            is_direct &= !constraints.is_constrained(d) && owned.is_element(d);
          n_direct += is_direct;
          ++n_cells;
          constraints.distribute_local_to_global(
            cell_matrix, cell_vector, dofs, reference, reference_vector);
          adder.add(
            constraints, cell_matrix, cell_vector, dofs, direct, direct_vector);
          constraints.distribute_local_to_global(cell_matrix,
                                                 dofs,
                                                 reference_only);
          adder.add(constraints, cell_matrix, dofs, direct_only);
        }
    for (auto *m : {&reference, &direct, &reference_only, &direct_only})
      m->compress(VectorOperation::add);
    reference_vector.compress(VectorOperation::add);
    direct_vector.compress(VectorOperation::add);

    // Largest difference of the stored entries, row by row.
    const auto difference = [&](const TrilinosWrappers::SparseMatrix &a,
                                const TrilinosWrappers::SparseMatrix &b) {
      double d = 0;
      for (int r = 0; r < a.trilinos_matrix().NumMyRows(); ++r)
        {
          int     la, lb;
          double *va, *vb;
          int    *ia, *ib;
          a.trilinos_matrix().ExtractMyRowView(r, la, va, ia);
          b.trilinos_matrix().ExtractMyRowView(r, lb, vb, ib);
          AssertThrow(la == lb, ExcInternalError());
          for (int k = 0; k < la; ++k)
            {
              AssertThrow(ia[k] == ib[k], ExcInternalError());
              d = std::max(d, std::abs(va[k] - vb[k]));
            }
        }
      return Utilities::MPI::max(d, comm);
    };
    TrilinosWrappers::MPI::Vector v_difference(direct_vector);
    v_difference -= reference_vector;

    n_direct = Utilities::MPI::sum(n_direct, comm);
    n_cells  = Utilities::MPI::sum(n_cells, comm);
    // Collective operations first: rank 0 prints.
    const double norm     = reference.frobenius_norm();
    const double d_both   = difference(reference, direct);
    const double d_vector = v_difference.linfty_norm();
    const double d_matrix = difference(reference_only, direct_only);
    if (Utilities::MPI::this_mpi_process(comm) == 0)
      std::cout << dim << "D Q" << degree << ": " << n_cells << " cells, "
                << (n_direct > 0 && n_direct < n_cells ? "both paths used" :
                                                         "ONE PATH ONLY")
                << "; Frobenius norm " << std::setprecision(10) << norm
                << "; largest difference: matrix + vector " << d_both
                << ", vector " << d_vector << ", matrix alone " << d_matrix
                << std::endl;
  }
} // namespace

int
main(int argc, char **argv)
{
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  for (const unsigned int degree : {1, 2})
    {
      check<2>(degree, MPI_COMM_WORLD);
      check<3>(degree, MPI_COMM_WORLD);
    }
}
